//! Promises rejected with no handler by the end of a turn (an `async` handler that threw, a
//! `Promise.reject()` nobody caught) are uncaught errors: a `ScriptError` at the place the
//! error was made, then `App.onError` and the `wx.onError` listeners (api.md §7: exceptions
//! go to `App.onError`), plus `wx.onUnhandledRejection` listeners with `{reason, promise}`.

use crate::errors::{call_on_error, error_message, parse_frame};
use crate::host::Host;
use boa_engine::builtins::promise::PromiseState;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{js_string, Context, JsError, JsObject, JsValue};
use fc_protocol::Diagnostic;

/// Reports every promise still rejected and unhandled, in rejection order.
pub(crate) fn report_unhandled(context: &mut Context) {
    let Ok(host) = Host::of(context) else { return };
    let promises: Vec<JsObject> = std::mem::take(&mut *host.rejections.borrow_mut());
    for promise in promises {
        let Ok(js_promise) = JsPromise::from_object(promise.clone()) else {
            continue;
        };
        let PromiseState::Rejected(reason) = js_promise.state() else {
            continue;
        };
        report(context, &host, promise, reason);
    }
}

fn report(context: &mut Context, host: &Host, promise: JsObject, reason: JsValue) {
    let err = JsError::from_opaque(reason.clone());
    let message = format!("Uncaught (in promise) {}", error_message(&err, context));
    let location = reason
        .as_object()
        .and_then(|o| o.get(js_string!("stack"), context).ok())
        .and_then(|stack| stack.as_string().map(|s| s.to_std_string_escaped()))
        .and_then(|stack| stack.lines().find_map(parse_frame));
    let diagnostic = match location {
        Some(loc) => Diagnostic::error(loc.file, loc.line, loc.col, message),
        None => Diagnostic::error("app.js", 0, 0, message),
    };
    let text = format!(
        "{}\n    at {}:{}:{}",
        diagnostic.message, diagnostic.file, diagnostic.line, diagnostic.col
    );
    host.report(diagnostic);
    call_on_error(context, host, &text);
    let listeners = crate::stubs::listeners_of(host, "unhandledRejection");
    if listeners.is_empty() {
        return;
    }
    let event = JsObject::with_object_proto(context.intrinsics());
    let _ = event.set(js_string!("reason"), reason, true, context);
    let _ = event.set(js_string!("promise"), promise, true, context);
    for listener in listeners {
        if let Err(err) = listener.call(&JsValue::undefined(), &[event.clone().into()], context) {
            let diagnostic = crate::errors::diagnostic_of(&err, context, "app.js");
            host.report(diagnostic);
        }
    }
}
