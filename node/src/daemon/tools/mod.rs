//! Remote tool invocation: `/lango/tools/1.0.0` (a call) and `/lango/tools-list/1.0.0`
//! (which tools a peer may call).
//!
//! - [`registry`]: the configured tools and the sandbox back ends that run them;
//! - [`serve`]: the callee's stream handling (frames, deadlines, caller going away),
//!   which runs [`crate::daemon::pipeline`];
//! - [`call`]: the caller's side;
//! - [`listing`]: the tool list, both sides.

pub mod backends;
pub mod call;
pub mod listing;
pub mod registry;
pub mod serve;

use libp2p::StreamProtocol;

/// The call protocol id.
pub const PROTOCOL: StreamProtocol = StreamProtocol::new(lango_protocol::tools::TOOLS_PROTOCOL);
/// The listing protocol id.
pub const LIST_PROTOCOL: StreamProtocol = StreamProtocol::new("/lango/tools-list/1.0.0");
