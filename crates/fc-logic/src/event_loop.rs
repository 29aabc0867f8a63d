//! The logic thread's own event loop state: the timer heap behind `setTimeout`/`setInterval`,
//! and the promises rejected with no handler yet.
//!
//! Macrotasks are the render side's messages and due timers; each is one turn (run it, run
//! the promise jobs it queued, flush its `setData` batches, say the turn ended). Promise jobs
//! are boa's own job queue, drained by `Context::run_jobs` at the end of every turn, so
//! `setTimeout(a, 0); Promise.resolve().then(b)` runs `b` (same turn) before `a` (a later
//! turn) without a custom executor.

use boa_engine::builtins::promise::OperationType;
use boa_engine::builtins::promise::Promise;
use boa_engine::context::HostHooks;
use boa_engine::{Context, JsObject, JsValue};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

/// One pending timer.
pub(crate) struct Timer {
    pub callback: JsObject,
    pub args: Vec<JsValue>,
    /// `Some` for `setInterval`: the period it is rescheduled with after each run.
    pub interval: Option<Duration>,
    /// Its key in the heap, so clearing removes it there too.
    key: (Instant, u64),
}

/// Timers ordered by due time, then by creation order (`seq`), as browsers run them.
#[derive(Default)]
pub(crate) struct Timers {
    queue: BTreeMap<(Instant, u64), u32>,
    timers: HashMap<u32, Timer>,
    next_id: u32,
    next_seq: u64,
}

impl Timers {
    /// Adds a timer due after `delay`; returns its id (1, 2, ...; never 0, so `if (id)` works).
    pub fn add(
        &mut self,
        callback: JsObject,
        args: Vec<JsValue>,
        delay: Duration,
        repeat: bool,
    ) -> u32 {
        self.next_id = self.next_id.wrapping_add(1).max(1);
        let id = self.next_id;
        let interval = repeat.then_some(delay);
        let key = self.schedule(id, delay);
        self.timers.insert(
            id,
            Timer {
                callback,
                args,
                interval,
                key,
            },
        );
        id
    }

    fn schedule(&mut self, id: u32, delay: Duration) -> (Instant, u64) {
        self.next_seq += 1;
        let key = (Instant::now() + delay, self.next_seq);
        self.queue.insert(key, id);
        key
    }

    /// `clearTimeout`/`clearInterval` (the two are interchangeable, as on the web).
    pub fn clear(&mut self, id: u32) {
        if let Some(timer) = self.timers.remove(&id) {
            self.queue.remove(&timer.key);
        }
    }

    /// When the earliest timer is due.
    pub fn next_due(&self) -> Option<Instant> {
        self.queue.keys().next().map(|(due, _)| *due)
    }

    /// Takes the earliest timer if it is due. An interval is rescheduled before it runs (so a
    /// `clearInterval` inside its own callback stops it); a timeout is removed.
    pub fn take_due(&mut self, now: Instant) -> Option<(JsObject, Vec<JsValue>)> {
        let (&key, &id) = self.queue.iter().next()?;
        if key.0 > now {
            return None;
        }
        self.queue.remove(&key);
        let interval = self.timers.get(&id)?.interval;
        match interval {
            Some(period) => {
                let key = self.schedule(id, period);
                let timer = self.timers.get_mut(&id)?;
                timer.key = key;
                Some((timer.callback.clone(), timer.args.clone()))
            }
            None => {
                let timer = self.timers.remove(&id)?;
                Some((timer.callback, timer.args))
            }
        }
    }

    /// Drops every JS handle (before the context goes away).
    pub fn clear_all(&mut self) {
        self.queue.clear();
        self.timers.clear();
    }
}

/// Tracks promises rejected without a handler (HostPromiseRejectionTracker): a rejection is
/// noted, a handler attached later (same turn) un-notes it, and what is left at the end of a
/// turn is reported as an uncaught error (see `Runtime::end_turn`).
pub(crate) struct Hooks;

impl HostHooks for Hooks {
    fn promise_rejection_tracker(
        &self,
        promise: &JsObject<Promise>,
        operation: OperationType,
        context: &mut Context,
    ) {
        let Ok(host) = crate::host::Host::of(context) else {
            return;
        };
        let promise = promise.clone().upcast();
        let mut list = host.rejections.borrow_mut();
        match operation {
            OperationType::Reject => list.push(promise),
            OperationType::Handle => list.retain(|p| !JsObject::equals(p, &promise)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timers_run_by_due_time_then_creation_order() {
        let context = Context::default();
        let f = || JsObject::with_object_proto(context.intrinsics());
        let mut timers = Timers::default();
        let a = timers.add(f(), vec![], Duration::ZERO, false);
        let b = timers.add(f(), vec![], Duration::ZERO, false);
        let c = timers.add(f(), vec![], Duration::from_secs(60), false);
        assert!(a != 0 && a < b && b < c);
        timers.clear(b);
        let later = Instant::now() + Duration::from_millis(1);
        assert!(timers.take_due(later).is_some());
        assert!(timers.take_due(later).is_none(), "b was cleared, c not due");
        assert!(timers.next_due().is_some());
        timers.clear(c);
        assert!(timers.next_due().is_none());
    }
}
