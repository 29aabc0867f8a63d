//! The calls a desktop player cannot honour but apps make early (api.md §9), app-level
//! event listeners (`wx.onAppShow`/`onAppHide`/`onError`/`onThemeChange` and their `off`
//! forms), `wx.canIUse`, and the async answer machinery every async API shares
//! ([`deliver`]: callbacks or a Promise, always from a promise job, never inside the call).

use crate::convert::from_json;
use crate::host::Host;
use crate::storage::{callbacks_of, options_of, Callbacks};
use boa_engine::job::{Job, PromiseJob};
use boa_engine::object::builtins::JsPromise;
use boa_engine::{js_string, Context, JsObject, JsResult, JsString, JsValue, NativeFunction};
use serde_json::{json, Value};

/// Reports `result` from a promise job: `success`/`fail` then `complete`, or the returned
/// Promise (resolved or rejected with `result`) when no callback was given (api.md §1).
pub(crate) fn deliver(
    result: JsObject,
    ok: bool,
    callbacks: Callbacks,
    context: &mut Context,
) -> JsResult<JsValue> {
    let realm = context.realm().clone();
    if callbacks.success.is_none() && callbacks.fail.is_none() && callbacks.complete.is_none() {
        let (promise, resolvers) = JsPromise::new_pending(context);
        let job = PromiseJob::with_realm(
            move |context| {
                let settle = if ok {
                    &resolvers.resolve
                } else {
                    &resolvers.reject
                };
                settle.call(&JsValue::undefined(), &[result.into()], context)
            },
            realm,
        );
        context.enqueue_job(Job::PromiseJob(job));
        return Ok(promise.into());
    }
    let job = PromiseJob::with_realm(
        move |context| {
            let first = if ok {
                callbacks.success
            } else {
                callbacks.fail
            };
            let arg: JsValue = result.into();
            for callback in [first, callbacks.complete].into_iter().flatten() {
                // A throwing callback goes to App.onError; `complete` still runs.
                if let Err(err) =
                    callback.call(&JsValue::undefined(), std::slice::from_ref(&arg), context)
                {
                    crate::errors::report_js_error(context, &err, "app.js");
                }
            }
            Ok(JsValue::undefined())
        },
        realm,
    );
    context.enqueue_job(Job::PromiseJob(job));
    Ok(JsValue::undefined())
}

/// An async API's answer from JSON: `Ok(fields)` succeeds with `errMsg: "<api>:ok"` plus the
/// fields (an object's keys), `Err(reason)` fails with `errMsg: "<api>:fail <reason>"`.
pub(crate) fn answer_async(
    api: &str,
    args: &[JsValue],
    outcome: Result<Value, String>,
    context: &mut Context,
) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let callbacks = callbacks_of(&options, context)?;
    let ok = outcome.is_ok();
    let mut fields = serde_json::Map::new();
    match outcome {
        Ok(Value::Object(map)) => {
            fields.insert("errMsg".into(), json!(format!("{api}:ok")));
            fields.extend(map);
        }
        Ok(_) => {
            fields.insert("errMsg".into(), json!(format!("{api}:ok")));
        }
        Err(reason) => {
            fields.insert("errMsg".into(), json!(format!("{api}:fail {reason}")));
        }
    }
    let result = from_json(&Value::Object(fields), context);
    let result = match result.as_object() {
        Some(object) => object,
        None => JsObject::with_object_proto(context.intrinsics()),
    };
    deliver(result, ok, callbacks, context)
}

/// Host-account and device features: they fail, saying why.
const UNSUPPORTED: &[&str] = &[
    "login",
    "checkSession",
    "getUserInfo",
    "getUserProfile",
    "authorize",
    "requestPayment",
    "getLocation",
    "chooseLocation",
    "scanCode",
    "chooseImage",
    "chooseMedia",
    "makePhoneCall",
    "requestSubscribeMessage",
];

/// Calls that succeed with nothing to say (or a fixed answer).
fn fixed_answer(api: &str, context: &Context) -> Value {
    match api {
        "getSetting" => json!({"authSetting": {}}),
        "getNetworkType" => json!({"networkType": "wifi"}),
        "getClipboardData" => {
            let data = Host::of(context)
                .ok()
                .map(|h| h.clipboard.borrow().clone())
                .unwrap_or_default();
            json!({ "data": data })
        }
        _ => json!({}),
    }
}

const SUCCEEDING: &[&str] = &[
    "getSetting",
    "getNetworkType",
    "vibrateShort",
    "vibrateLong",
    "setKeepScreenOn",
    "getClipboardData",
    "openSetting",
];

/// App-level events whose listeners `onXxx`/`offXxx` keep.
const EVENTS: &[(&str, &str, &str)] = &[
    ("onAppShow", "offAppShow", "appShow"),
    ("onAppHide", "offAppHide", "appHide"),
    ("onError", "offError", "error"),
    ("onThemeChange", "offThemeChange", "themeChange"),
    (
        "onUnhandledRejection",
        "offUnhandledRejection",
        "unhandledRejection",
    ),
    ("onPageNotFound", "offPageNotFound", "pageNotFound"),
];

fn event_of(name: &str) -> &'static str {
    EVENTS
        .iter()
        .find(|(on, off, _)| *on == name || *off == name)
        .map_or("", |(_, _, event)| event)
}

fn listen(name: &str, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let event = event_of(name);
    let on = name.starts_with("on");
    let callback = args.first().and_then(JsValue::as_callable);
    let mut listeners = host.listeners.borrow_mut();
    let list = listeners.entry(event).or_default();
    match (on, callback) {
        (true, Some(callback)) => list.push(callback),
        (false, Some(callback)) => list.retain(|c| !JsObject::equals(c, &callback)),
        // `offXxx()` with no argument removes them all.
        (false, None) => list.clear(),
        (true, None) => {}
    }
    Ok(JsValue::undefined())
}

/// Every method of this module, by name, each calling `dispatch(name, ...)`.
pub(crate) fn stub_functions() -> Vec<(&'static str, usize, NativeFunction)> {
    let mut out: Vec<(&'static str, usize, NativeFunction)> = Vec::new();
    let names = UNSUPPORTED
        .iter()
        .chain(SUCCEEDING)
        .copied()
        .chain([
            "setClipboardData",
            "reportAnalytics",
            "getLaunchOptionsSync",
        ])
        .chain(["getEnterOptionsSync", "canIUse"])
        .chain(EVENTS.iter().flat_map(|(on, off, _)| [*on, *off]));
    for name in names {
        let function = NativeFunction::from_copy_closure(move |_this, args, context| {
            dispatch(name, args, context)
        });
        out.push((name, 1, function));
    }
    out
}

fn dispatch(name: &'static str, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    if UNSUPPORTED.contains(&name) {
        let reason = Err("not supported in fcplayer".to_string());
        return answer_async(name, args, reason, context);
    }
    if SUCCEEDING.contains(&name) {
        let fields = fixed_answer(name, context);
        return answer_async(name, args, Ok(fields), context);
    }
    match name {
        // In-process clipboard: what an app copies it can paste back.
        "setClipboardData" => {
            let options = options_of(args, context);
            let data = options.get(js_string!("data"), context)?;
            let data = data.to_string(context)?.to_std_string_escaped();
            *Host::of(context)?.clipboard.borrow_mut() = data;
            answer_async(name, args, Ok(json!({})), context)
        }
        "getLaunchOptionsSync" | "getEnterOptionsSync" => {
            let options = Host::of(context)?.launch_options.borrow().clone();
            Ok(from_json(&options.unwrap_or_else(|| json!({})), context))
        }
        "canIUse" => can_i_use(args, context),
        "reportAnalytics" => Ok(JsValue::undefined()),
        _ => listen(name, args, context),
    }
}

/// Segments of a `canIUse` schema that name parts of an API's call, not properties.
const CALL_PARTS: &[&str] = &[
    "object", "success", "fail", "complete", "return", "callback",
];

/// `wx.canIUse('api')`, `'api.object.param'`, `'api.success.field'`, `'obj.property'`:
/// true when the first name exists on `wx` and each further property (up to a call part,
/// whose details fcplayer cannot list) exists too. Component schemas (`button.open-type`)
/// are answered for what the render side implements: not known here, so false.
fn can_i_use(args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let Some(schema) = args.first().and_then(JsValue::as_string) else {
        return Ok(JsValue::from(false));
    };
    let schema = schema.to_std_string_escaped();
    let schema = schema.strip_prefix("wx.").unwrap_or(&schema);
    let global = context.global_object();
    let mut current = global.get(js_string!("wx"), context)?;
    for (i, segment) in schema.split('.').enumerate() {
        if i > 0 && CALL_PARTS.contains(&segment) {
            return Ok(JsValue::from(true));
        }
        let Some(object) = current.as_object() else {
            return Ok(JsValue::from(false));
        };
        let key = JsString::from(segment);
        if segment.is_empty() || !object.has_property(key.clone(), context)? {
            return Ok(JsValue::from(false));
        }
        current = object.get(key, context)?;
    }
    Ok(JsValue::from(!current.is_undefined()))
}

/// The listeners of an app event (`"error"`, ...), copied out so JS may change the list.
pub(crate) fn listeners_of(host: &Host, event: &str) -> Vec<JsObject> {
    host.listeners
        .borrow()
        .get(event)
        .cloned()
        .unwrap_or_default()
}
