//! `setTimeout`/`setInterval`/`clearTimeout`/`clearInterval` (globals) and `wx.nextTick`
//! (api.md §7). The timers live in the host's `Timers`; the thread's loop runs them
//! (`Runtime::run_timer`), each as its own turn.

use crate::host::Host;
use boa_engine::job::{Job, PromiseJob};
use boa_engine::{Context, JsNativeError, JsResult, JsValue, NativeFunction};
use std::time::Duration;

/// The global timer functions: name, `length`, function.
pub(crate) fn timer_globals() -> Vec<(&'static str, usize, NativeFunction)> {
    vec![
        (
            "setTimeout",
            2,
            NativeFunction::from_fn_ptr(|_, args, cx| set_timer(args, false, cx)),
        ),
        (
            "setInterval",
            2,
            NativeFunction::from_fn_ptr(|_, args, cx| set_timer(args, true, cx)),
        ),
        ("clearTimeout", 1, NativeFunction::from_fn_ptr(clear_timer)),
        ("clearInterval", 1, NativeFunction::from_fn_ptr(clear_timer)),
    ]
}

/// The delay argument in ms: missing, negative or NaN count as 0 (HTML's rule).
fn delay_of(value: Option<&JsValue>, context: &mut Context) -> JsResult<Duration> {
    let ms = match value {
        Some(v) => v.to_number(context)?,
        None => 0.0,
    };
    let ms = if ms.is_finite() && ms > 0.0 {
        ms.min(i32::MAX as f64)
    } else {
        0.0
    };
    Ok(Duration::from_micros((ms * 1000.0) as u64))
}

fn set_timer(args: &[JsValue], repeat: bool, context: &mut Context) -> JsResult<JsValue> {
    let name = if repeat { "setInterval" } else { "setTimeout" };
    // A string body (`setTimeout("code")`) is not supported: mini-programs forbid eval.
    let Some(callback) = args.first().and_then(JsValue::as_callable) else {
        return Err(JsNativeError::typ()
            .with_message(format!("{name}: the first argument must be a function"))
            .into());
    };
    let delay = delay_of(args.get(1), context)?;
    let extra = args.get(2..).unwrap_or_default().to_vec();
    let host = Host::of(context)?;
    let id = host.timers.borrow_mut().add(callback, extra, delay, repeat);
    Ok(JsValue::from(id))
}

fn clear_timer(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    // Anything that is not a live timer id is ignored, as on the web.
    if let Some(id) = args.first().and_then(JsValue::as_number) {
        if id.fract() == 0.0 && id >= 1.0 && id <= u32::MAX as f64 {
            Host::of(context)?.timers.borrow_mut().clear(id as u32);
        }
    }
    Ok(JsValue::undefined())
}

/// `wx.nextTick(fn)`: `fn` runs as a promise job, after the current synchronous code and
/// before the next macrotask (timer or message); never inside the call.
pub(crate) fn next_tick(
    _this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let Some(callback) = args.first().and_then(JsValue::as_callable) else {
        return Err(JsNativeError::typ()
            .with_message("nextTick: the argument must be a function")
            .into());
    };
    let realm = context.realm().clone();
    let job = PromiseJob::with_realm(
        move |context| {
            if let Err(err) = callback.call(&JsValue::undefined(), &[], context) {
                crate::errors::report_js_error(context, &err, "app.js");
            }
            Ok(JsValue::undefined())
        },
        realm,
    );
    context.enqueue_job(Job::PromiseJob(job));
    Ok(JsValue::undefined())
}
