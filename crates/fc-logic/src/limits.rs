//! The engine's runtime limits: how a runaway script on the logic thread ends.
//!
//! boa 0.22 cannot be interrupted from another thread, so a handler stuck in `while
//! (true) {}` or endless recursion can only stop itself. boa's limits do that: past them it
//! throws a `RuntimeLimitError`, an engine error JS cannot catch, which unwinds to our call
//! and is reported like any uncaught error (file:line:col, `App.onError`). The render
//! side's watchdog (fcplayer `player/watchdog.rs`) is what the user sees first: it marks the
//! page as not responding long before these limits end the loop, and its reload abandons
//! the thread, which then exits at the end of its turn (when a limit stops the loop).

use boa_engine::error::{EngineError, RuntimeLimitError};
use boa_engine::vm::RuntimeLimits;
use boa_engine::{Context, JsError};

/// Loop iterations one call frame may run (boa counts every iteration of every loop in a
/// frame, all loops together; default: unlimited). Measured with `measure_loop_speed` below
/// on the development machine (2 cores shared with other builds; dependencies at
/// opt-level 2 as in the workspace's dev profile): the fastest loop there is, `while (true)
/// {}`, reaches 5×10^7 in 3.5 s (10^8 took 7.8 s), and a loop with a `let` counter and a
/// little arithmetic takes 21.5 s. So no loop is cut before it has run longer than the
/// render side's 3 s watchdog threshold: whatever this stops, the watchdog had already
/// flagged. A reload does not wait for it (the abandoned thread ends here).
pub(crate) const LOOP_ITERATION_LIMIT: u64 = 50_000_000;
/// Deep enough for recursive tree code in real apps; the thread's stack is sized for it.
pub(crate) const RECURSION_LIMIT: usize = 2048;
/// boa's value stack, in values (default 10 240, too small for the recursion limit above).
pub(crate) const STACK_SIZE_LIMIT: usize = 1024 * 1024;

/// Sets the limits on a fresh context.
pub(crate) fn apply(context: &mut Context) {
    let mut limits = RuntimeLimits::default();
    limits.set_loop_iteration_limit(LOOP_ITERATION_LIMIT);
    limits.set_recursion_limit(RECURSION_LIMIT);
    limits.set_stack_size_limit(STACK_SIZE_LIMIT);
    context.set_runtime_limits(limits);
}

/// A clear message for an error that is a runtime limit, `None` for any other error.
pub(crate) fn limit_message(err: &JsError) -> Option<String> {
    let Some(EngineError::RuntimeLimit(limit)) = err.as_engine() else {
        return None;
    };
    Some(match limit {
        RuntimeLimitError::LoopIteration => format!(
            "the script ran too long and was stopped: a loop ran more than \
             {LOOP_ITERATION_LIMIT} times in one call (RuntimeLimitError)"
        ),
        RuntimeLimitError::Recursion => format!(
            "the script was stopped: more than {RECURSION_LIMIT} nested calls (endless \
             recursion?) (RuntimeLimitError)"
        ),
        RuntimeLimitError::StackSize => "the script was stopped: it used too much stack \
             (endless recursion?) (RuntimeLimitError)"
            .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use boa_engine::Source;
    use std::time::Instant;

    #[test]
    fn a_runaway_loop_throws_an_uncatchable_limit_error() {
        let mut context = Context::default();
        let mut limits = RuntimeLimits::default();
        limits.set_loop_iteration_limit(1000);
        context.set_runtime_limits(limits);
        // `catch` does not see it: the error reaches the caller.
        let err = context
            .eval(Source::from_bytes("try { while (true) {} } catch (e) {}"))
            .expect_err("the loop is stopped");
        let message = limit_message(&err).expect("a runtime limit");
        assert!(message.contains("ran too long"), "{message}");
        assert!(limit_message(&JsError::from_opaque(1.into())).is_none());
    }

    /// Prints how long boa takes to reach `LOOP_ITERATION_LIMIT` on this machine (the
    /// figures in the constant's comment): `cargo test -p fc-logic --release -- --ignored
    /// --nocapture measure_loop_speed`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn measure_loop_speed() {
        for body in [
            "while (true) {}",
            "let s = 0; for (let i = 0; ; i++) { s += i % 7; }",
        ] {
            let mut context = Context::default();
            apply(&mut context);
            let start = Instant::now();
            let err = context.eval(Source::from_bytes(body)).expect_err("stopped");
            assert!(limit_message(&err).is_some());
            println!("{body}: {:.2} s", start.elapsed().as_secs_f64());
        }
    }
}
