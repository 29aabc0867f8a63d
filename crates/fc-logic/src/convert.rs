//! JS values <-> JSON values. Values cross threads as `serde_json::Value`.
//!
//! JS -> JSON goes through the engine's own `JSON.stringify` rather than boa's
//! `JsValue::to_json`: the platform's data are JSON semantics (enumerable own keys only,
//! `toJSON` honoured so a `Date` becomes its string, functions and `undefined` dropped from
//! objects and `null` in arrays, NaN -> null), while `to_json` also copies non-enumerable
//! keys (a function becomes `{"length":0,"name":..}`) and ignores `toJSON`.

use crate::host::Host;
use boa_engine::object::builtins::JsArray;
use boa_engine::{Context, JsObject, JsResult, JsValue};

/// `JSON.stringify(value)`: `None` where JS gives `undefined` (a function, a symbol,
/// `undefined` itself). Throws what JS throws (a cyclic value, a BigInt).
pub(crate) fn stringify(value: &JsValue, context: &mut Context) -> JsResult<Option<String>> {
    let host = Host::of(context)?;
    let result =
        host.helpers
            .stringify
            .call(&JsValue::undefined(), std::slice::from_ref(value), context)?;
    Ok(result.as_string().map(|s| s.to_std_string_escaped()))
}

/// The JSON a value would send to the render thread; `None` where JSON has no value for it.
pub(crate) fn to_json(
    value: &JsValue,
    context: &mut Context,
) -> JsResult<Option<serde_json::Value>> {
    let Some(text) = stringify(value, context)? else {
        return Ok(None);
    };
    match serde_json::from_str(&text) {
        Ok(json) => Ok(Some(json)),
        Err(err) => {
            // JSON.stringify output is always valid JSON; this is a guard, not a path.
            tracing::warn!("JSON.stringify gave text serde_json cannot read: {err}");
            Ok(None)
        }
    }
}

/// A JSON value as a fresh JS value.
pub(crate) fn from_json(json: &serde_json::Value, context: &mut Context) -> JsValue {
    match JsValue::from_json(json, context) {
        Ok(v) => v,
        Err(err) => {
            // Only numbers serde cannot give as f64 fail, and serde always can.
            tracing::warn!("cannot convert JSON to JS: {err}");
            JsValue::undefined()
        }
    }
}

/// `Object.keys(obj)` as Rust strings, in the engine's order (integer keys first, then
/// insertion order).
pub(crate) fn object_keys(obj: &JsObject, context: &mut Context) -> JsResult<Vec<String>> {
    let host = Host::of(context)?;
    let keys =
        host.helpers
            .object_keys
            .call(&JsValue::undefined(), &[obj.clone().into()], context)?;
    let Some(keys) = keys.as_object() else {
        return Ok(Vec::new());
    };
    let keys = JsArray::from_object(keys)?;
    let len = keys.length(context)?;
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        let key = keys.at(i as i64, context)?;
        if let Some(key) = key.as_string() {
            out.push(key.to_std_string_escaped());
        }
    }
    Ok(out)
}
