//! When the logic thread's current turn began, readable from the render thread: its
//! watchdog (fcplayer `player/watchdog.rs`) marks the page as not responding when one turn
//! runs too long. Set and cleared around every turn by the thread's loop (`thread.rs`).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone, Default)]
pub(crate) struct TurnClock(Arc<Mutex<Option<Instant>>>);

impl TurnClock {
    fn set(&self, value: Option<Instant>) {
        if let Ok(mut started) = self.0.lock() {
            *started = value;
        }
    }

    /// A turn starts now.
    pub fn begin(&self) {
        self.set(Some(Instant::now()));
    }

    /// The turn is over.
    pub fn end(&self) {
        self.set(None);
    }

    /// How long the current turn has been running; `None` between turns.
    pub fn busy_for(&self) -> Option<Duration> {
        self.0.lock().ok()?.map(|started| started.elapsed())
    }
}
