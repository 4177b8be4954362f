//! Wall-clock time as the protocol sees it: milliseconds since the Unix epoch.
//!
//! The crate never reads a clock; callers pass `now` into every state transition.

use serde::{Deserialize, Serialize};

/// Milliseconds since 1970-01-01T00:00:00Z (UTC), as carried on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UnixMillis(pub u64);

impl UnixMillis {
    /// `self + ms`, saturating at the end of time rather than wrapping.
    pub fn plus(self, ms: u64) -> Self {
        Self(self.0.saturating_add(ms))
    }

    /// `self - ms`, saturating at the epoch.
    pub fn minus(self, ms: u64) -> Self {
        Self(self.0.saturating_sub(ms))
    }
}
