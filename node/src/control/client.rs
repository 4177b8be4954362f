//! CLI side of the control socket.

use std::path::Path;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixStream;

use super::{Request, Response};

/// Why the daemon could not be asked.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// No daemon listens on the socket.
    #[error("lango-node is not running (no control socket at {0})")]
    NotRunning(String),
    /// The exchange failed.
    #[error("control socket: {0}")]
    Io(#[from] std::io::Error),
    /// The daemon's answer did not parse.
    #[error("control socket: bad response: {0}")]
    Bad(String),
}

/// The socket to use: `--control-socket` / `LANGO_CONTROL_SOCKET` (an operators' group
/// socket), else the one in the data dir.
fn socket_path(data_dir: &Path) -> std::path::PathBuf {
    match std::env::var_os(SOCKET_ENV) {
        Some(p) if !p.is_empty() => p.into(),
        _ => lango_storage::DataDir::control_socket_in(data_dir),
    }
}

/// The environment variable naming the control socket to use.
pub const SOCKET_ENV: &str = "LANGO_CONTROL_SOCKET";

async fn connect(data_dir: &Path) -> Result<UnixStream, ClientError> {
    let path = socket_path(data_dir);
    UnixStream::connect(&path)
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused => {
                ClientError::NotRunning(path.display().to_string())
            }
            _ => ClientError::Io(e),
        })
}

/// Connects and writes `req` as one line.
async fn send(data_dir: &Path, req: &Request) -> Result<UnixStream, ClientError> {
    let mut s = connect(data_dir).await?;
    let mut line = serde_json::to_vec(req).map_err(|e| ClientError::Bad(e.to_string()))?;
    line.push(b'\n');
    s.write_all(&line).await?;
    Ok(s)
}

/// Sends one request and reads one response.
pub async fn call(data_dir: &Path, req: &Request) -> Result<Response, ClientError> {
    let mut r = BufReader::new(send(data_dir, req).await?);
    let mut resp = String::new();
    r.read_line(&mut resp).await?;
    if resp.is_empty() {
        return Err(ClientError::Bad("daemon closed the connection".into()));
    }
    serde_json::from_str(&resp).map_err(|e| ClientError::Bad(e.to_string()))
}

/// Sends one request and reads its answer; lines before it whose payload is
/// `{"interim": …}` are handed to `interim` (the call waits for approval).
pub async fn call_with_interim(
    data_dir: &Path,
    req: &Request,
    mut interim: impl FnMut(&serde_json::Value),
) -> Result<Response, ClientError> {
    let mut answer = None;
    stream(data_dir, req, |r| match r.data.get("interim") {
        Some(v) if r.ok => {
            interim(v);
            true
        }
        _ => {
            answer = Some(r);
            false
        }
    })
    .await?;
    answer.ok_or_else(|| ClientError::Bad("daemon closed the connection".into()))
}

/// Sends one request and hands every response line to `each` until the daemon closes.
pub async fn stream(
    data_dir: &Path,
    req: &Request,
    mut each: impl FnMut(Response) -> bool,
) -> Result<(), ClientError> {
    let mut lines = BufReader::new(send(data_dir, req).await?).lines();
    while let Some(l) = lines.next_line().await? {
        let r: Response = serde_json::from_str(&l).map_err(|e| ClientError::Bad(e.to_string()))?;
        if !each(r) {
            break;
        }
    }
    Ok(())
}
