//! Security events: `events [--follow]`.

use super::Ops;
use crate::daemon::events::EventRecord;

impl Ops {
    /// Security events kept in memory, oldest first.
    pub fn events(&self) -> Vec<EventRecord> {
        self.node.events()
    }

    /// The events so far and a subscription to the next ones (none missed or doubled
    /// between the two). A subscriber that falls behind is told how many it lost.
    pub fn follow_events(
        &self,
    ) -> (
        Vec<EventRecord>,
        tokio::sync::broadcast::Receiver<EventRecord>,
    ) {
        self.node.follow_events()
    }
}
