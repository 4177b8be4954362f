//! Where the agent key signs: inline when the signer is in-process (about 20 µs of
//! arithmetic, less than a hand-off), on a blocking thread otherwise (a TPM, an HSM, a
//! cloud KMS or ssh-agent may take milliseconds to seconds, and must not hold an async
//! worker). No lock is held while a signer runs: the handshake's trust and replay
//! lookups take the state lock for themselves.

use std::sync::Arc;

use lango_protocol::Signer;

use super::state::Shared;

impl Shared {
    /// Runs `f`, which signs with the agent key and may read the node's state, off the
    /// async workers unless the signer is in-process. `None` if the task panicked.
    pub(super) async fn off_worker<R: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Shared) -> R + Send + 'static,
    ) -> Option<R> {
        if self.signer.in_process() {
            return Some(f(self));
        }
        let me = self.clone();
        match tokio::task::spawn_blocking(move || f(&me)).await {
            Ok(r) => Some(r),
            Err(e) => {
                tracing::error!("signing task failed: {e}");
                None
            }
        }
    }

    /// Signs with `f` off the async workers unless the signer is in-process.
    pub(super) async fn sign_off_worker<R: Send + 'static, E: std::fmt::Display>(
        &self,
        f: impl FnOnce(&dyn Signer) -> Result<R, E> + Send + 'static,
    ) -> Result<R, String> {
        let signer = self.signer.clone();
        if signer.in_process() {
            return f(signer.as_ref()).map_err(|e| e.to_string());
        }
        match tokio::task::spawn_blocking(move || f(signer.as_ref()).map_err(|e| e.to_string()))
            .await
        {
            Ok(r) => r,
            Err(e) => Err(format!("signing task failed: {e}")),
        }
    }
}
