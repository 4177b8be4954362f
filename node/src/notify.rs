//! systemd's readiness protocol (`sd_notify(3)`): with `Type=notify`, the service
//! manager passes a datagram socket in `NOTIFY_SOCKET` and waits for `READY=1` before it
//! starts units ordered after this one. The node sends it once its listeners and its
//! control socket are up, and `STOPPING=1` when it begins to stop. Without
//! `NOTIFY_SOCKET` (not run by systemd) nothing is sent.

use std::os::unix::net::{SocketAddr, UnixDatagram};

/// Sends one notification (`READY=1`, `STOPPING=1`, `STATUS=…`) if `NOTIFY_SOCKET` is
/// set. Returns whether it was sent; a failure is logged, never fatal (a service manager
/// that cannot hear us times the start out, which is loud enough).
pub fn notify(state: &str) -> bool {
    let Some(path) = std::env::var_os("NOTIFY_SOCKET") else {
        return false;
    };
    let sent = (|| -> std::io::Result<()> {
        let addr = match path.as_encoded_bytes().strip_prefix(b"@") {
            // An abstract-namespace socket (`@name`).
            Some(name) => {
                use std::os::linux::net::SocketAddrExt;
                SocketAddr::from_abstract_name(name)?
            }
            None => SocketAddr::from_pathname(&path)?,
        };
        let sock = UnixDatagram::unbound()?;
        sock.send_to_addr(format!("{state}\n").as_bytes(), &addr)?;
        Ok(())
    })();
    match sent {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(
                "cannot notify the service manager at {} ({state}): {e}",
                path.to_string_lossy()
            );
            false
        }
    }
}
