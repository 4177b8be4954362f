//! Waiting for background work (pool refills, teardowns) to be done.

use tokio::sync::Notify;

/// Returns once `done()` holds, re-checking it each time `changed` is notified (with
/// `notify_waiters`). The waiter is registered before each check, so a notification
/// between the check and the wait is not lost.
pub(crate) async fn until(changed: &Notify, done: impl Fn() -> bool) {
    loop {
        let notified = changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        if done() {
            return;
        }
        notified.await;
    }
}
