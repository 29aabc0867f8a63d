//! JS values <-> JSON values. Values cross threads as `serde_json::Value`.
//!
//! JS -> JSON follows `JSON.stringify`'s rules (`to_json` below) rather than boa's
//! `JsValue::to_json`: the platform's data are JSON semantics (enumerable own keys only,
//! `toJSON` honoured so a `Date` becomes its string, functions and `undefined` dropped from
//! objects and `null` in arrays, NaN -> null), while boa's also copies non-enumerable
//! keys (a function becomes `{"length":0,"name":..}`) and ignores `toJSON`.

use crate::host::Host;
use boa_engine::object::builtins::JsArray;
use boa_engine::{js_string, Context, JsNativeError, JsObject, JsResult, JsString, JsValue};

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

/// The JSON value `JSON.stringify(value)` would write, made directly (no JSON text on the
/// way: building and reparsing the text was a third of a `setData` of 1,000 rows); `None`
/// where JSON has no value for it. Follows the spec's SerializeJSONProperty: `toJSON` is
/// called, boxed primitives unwrap, non-finite numbers become `null`, functions, symbols
/// and `undefined` are left out of objects and become `null` in arrays, and a cycle or a
/// BigInt throws a TypeError.
pub(crate) fn to_json(
    value: &JsValue,
    context: &mut Context,
) -> JsResult<Option<serde_json::Value>> {
    let mut stack = Vec::new();
    serialize_property(
        value.clone(),
        Key::Name(js_string!("")),
        &mut stack,
        context,
    )
}

/// The key a value is serialized under, which `toJSON` is given: an array's index is
/// made a string only when there is a `toJSON` to call.
enum Key {
    Name(JsString),
    Index(u64),
}

fn serialize_property(
    mut value: JsValue,
    key: Key,
    stack: &mut Vec<JsObject>,
    context: &mut Context,
) -> JsResult<Option<serde_json::Value>> {
    use boa_engine::JsVariant;
    // (A BigInt primitive's `toJSON` is not looked up: it throws below either way unless
    // a script gave BigInt.prototype one.)
    if let Some(obj) = value.as_object() {
        let to_json = obj.get(js_string!("toJSON"), context)?;
        if let Some(f) = to_json.as_callable() {
            let key: JsValue = match key {
                Key::Name(s) => s.into(),
                Key::Index(i) => js_string!(i.to_string()).into(),
            };
            value = f.call(&value, std::slice::from_ref(&key), context)?;
        }
    }
    if let Some(obj) = value.as_object() {
        if obj.is::<f64>() {
            value = value.to_number(context)?.into();
        } else if obj.is::<JsString>() {
            value = value.to_string(context)?.into();
        } else if let Some(b) = obj.downcast_ref::<bool>() {
            value = (*b).into();
        } else if obj.is::<boa_engine::JsBigInt>() {
            return Err(JsNativeError::typ()
                .with_message("BigInt value can't be serialized in JSON")
                .into());
        }
    }
    Ok(match value.variant() {
        JsVariant::Null => Some(serde_json::Value::Null),
        JsVariant::Boolean(b) => Some(b.into()),
        JsVariant::String(s) => Some(std_string(&s).into()),
        JsVariant::Integer32(i) => Some(i.into()),
        JsVariant::Float64(f) => Some(json_number(f)),
        JsVariant::BigInt(_) => {
            return Err(JsNativeError::typ()
                .with_message("BigInt value can't be serialized in JSON")
                .into())
        }
        JsVariant::Undefined | JsVariant::Symbol(_) => None,
        JsVariant::Object(obj) if obj.is_callable() => None,
        JsVariant::Object(obj) => {
            if stack.iter().any(|o| JsObject::equals(o, &obj)) {
                return Err(JsNativeError::typ()
                    .with_message("cyclic object value")
                    .into());
            }
            stack.push(obj.clone());
            let out = if obj.is_array() || is_proxied_array(&obj, context)? {
                let len = obj.get(js_string!("length"), context)?.to_length(context)?;
                let mut arr = Vec::with_capacity(len.min(1 << 20) as usize);
                for i in 0..len {
                    let item = obj.get(i, context)?;
                    arr.push(
                        serialize_property(item, Key::Index(i), stack, context)?
                            .unwrap_or(serde_json::Value::Null),
                    );
                }
                serde_json::Value::Array(arr)
            } else {
                let keys = match ordinary_keys(&obj, context)? {
                    Some(keys) => keys,
                    None => object_key_strings(&obj, context)?,
                };
                let mut map = serde_json::Map::with_capacity(keys.len());
                for k in keys {
                    let item = obj.get(k.clone(), context)?;
                    let name = std_string(&k);
                    if let Some(v) = serialize_property(item, Key::Name(k), stack, context)? {
                        map.insert(name, v);
                    }
                }
                serde_json::Value::Object(map)
            };
            stack.pop();
            Some(out)
        }
    })
}

/// A JS string as a Rust one. ASCII (most keys and labels) is copied as it is; anything
/// else is decoded with unpaired surrogates escaped (`to_std_string_escaped`, which goes
/// through a formatter one character at a time).
fn std_string(s: &JsString) -> String {
    if let Some(bytes) = s.as_str().as_latin1().filter(|b| b.is_ascii()) {
        if let Ok(text) = String::from_utf8(bytes.to_vec()) {
            return text;
        }
    }
    s.to_std_string_escaped()
}

/// A number as JSON writes it: an integer when it is one (as `JSON.stringify` prints
/// `1`, not `1.0`), `null` when not finite.
fn json_number(f: f64) -> serde_json::Value {
    if !f.is_finite() {
        return serde_json::Value::Null;
    }
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
        // Exact: the magnitude is below 2^53. `-0` prints as `0`.
        return serde_json::Value::from(f as i64);
    }
    serde_json::Value::from(f)
}

/// `IsArray` sees through proxies: a proxy of an array serializes as an array.
fn is_proxied_array(obj: &JsObject, context: &mut Context) -> JsResult<bool> {
    if !obj.is::<boa_engine::builtins::proxy::Proxy>() {
        return Ok(false);
    }
    let is_array = context
        .intrinsics()
        .constructors()
        .array()
        .constructor()
        .get(js_string!("isArray"), context)?;
    let Some(f) = is_array.as_callable() else {
        return Ok(false);
    };
    Ok(
        f.call(&JsValue::undefined(), &[obj.clone().into()], context)?
            .to_boolean(),
    )
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
    Ok(object_key_strings(obj, context)?
        .iter()
        .map(JsString::to_std_string_escaped)
        .collect())
}

/// `Object.keys(obj)` read from a plain object's own properties, without calling into
/// JavaScript (`None` for any other kind of object: arrays, proxies, exotic objects). The
/// engine gives integer keys first, then strings in insertion order, as `Object.keys`.
fn ordinary_keys(obj: &JsObject, context: &mut Context) -> JsResult<Option<Vec<JsString>>> {
    use boa_engine::property::PropertyKey;
    if !obj.is::<boa_engine::builtins::object::OrdinaryObject>() {
        return Ok(None);
    }
    let keys = obj.own_property_keys(context)?;
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        let enumerable = obj
            .borrow()
            .properties()
            .get(&key)
            .is_some_and(|d| d.enumerable() == Some(true));
        if !enumerable {
            continue;
        }
        match key {
            PropertyKey::String(s) => out.push(s),
            PropertyKey::Index(i) => out.push(JsString::from(i.get().to_string())),
            PropertyKey::Symbol(_) => {}
        }
    }
    Ok(Some(out))
}

/// `Object.keys(obj)`, as the engine's strings.
fn object_key_strings(obj: &JsObject, context: &mut Context) -> JsResult<Vec<JsString>> {
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
            out.push(key);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use boa_engine::Source;

    fn json_of(script: &str) -> Option<serde_json::Value> {
        let mut context = Context::default();
        let value = context
            .eval(Source::from_bytes(script))
            .expect("script runs");
        to_json(&value, &mut context).expect("converts")
    }

    #[test]
    fn strings_keep_their_text_ascii_or_not() {
        let v = json_of(
            r#"({ id: 1, label: "pretty red table", "café": "naïve", "表": "中文 😀", lone: "a\uD800b" })"#,
        );
        let v = v.expect("a value");
        assert_eq!(v["label"], "pretty red table");
        assert_eq!(v["café"], "naïve");
        assert_eq!(v["表"], "中文 😀");
        // An unpaired surrogate is written as its escape, as before.
        assert_eq!(v["lone"], "a\\uD800b");
        assert_eq!(v["id"], 1);
    }
}
