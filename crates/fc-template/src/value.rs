//! The value type expressions compute with. JSON has no `undefined`, `NaN` or `Infinity`, but a
//! template expression can produce all three (`{{a.missing}}`, `{{0/0}}`), and `undefined`
//! behaves differently from `null` (`undefined + 1` is NaN, `null + 1` is 1). So evaluation
//! works on [`Val`] and converts to `serde_json::Value` only at the public API.

use crate::number::{number_to_string, string_to_number};
use serde_json::Value;

/// A JavaScript value, as far as templates can make one. Arrays and objects are copies:
/// there is no reference identity (see [`strict_equals`](crate::eval)).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Val>),
    /// Keys in insertion order, no duplicates.
    Obj(Vec<(String, Val)>),
}

impl Val {
    pub(crate) fn from_json(v: &Value) -> Val {
        match v {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(n) => Val::Num(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Val::Str(s.clone()),
            Value::Array(a) => Val::Arr(a.iter().map(Val::from_json).collect()),
            Value::Object(m) => Val::Obj(
                m.iter()
                    .map(|(k, v)| (k.clone(), Val::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Converts to JSON the way `JSON.stringify` would see it: `undefined` and non-finite
    /// numbers become `null`, object keys holding `undefined` are left out, and integral
    /// numbers are stored as integers so they print without `.0`.
    pub(crate) fn into_json(self) -> Value {
        match self {
            Val::Undefined | Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(b),
            Val::Num(n) => number_to_json(n),
            Val::Str(s) => Value::String(s),
            Val::Arr(a) => Value::Array(a.into_iter().map(Val::into_json).collect()),
            Val::Obj(m) => Value::Object(
                m.into_iter()
                    .filter(|(_, v)| *v != Val::Undefined)
                    .map(|(k, v)| (k, v.into_json()))
                    .collect(),
            ),
        }
    }

    pub(crate) fn is_nullish(&self) -> bool {
        matches!(self, Val::Undefined | Val::Null)
    }

    /// JS ToBoolean.
    pub(crate) fn truthy(&self) -> bool {
        match self {
            Val::Undefined | Val::Null => false,
            Val::Bool(b) => *b,
            Val::Num(n) => !(*n == 0.0 || n.is_nan()),
            Val::Str(s) => !s.is_empty(),
            Val::Arr(_) | Val::Obj(_) => true,
        }
    }

    /// JS ToString (`String(v)`): `undefined` is "undefined", `null` is "null".
    pub(crate) fn to_js_string(&self) -> String {
        match self {
            Val::Undefined => "undefined".to_string(),
            Val::Null => "null".to_string(),
            Val::Bool(b) => b.to_string(),
            Val::Num(n) => number_to_string(*n),
            Val::Str(s) => s.clone(),
            Val::Arr(a) => join_array(a),
            Val::Obj(_) => "[object Object]".to_string(),
        }
    }

    /// The template's text rule: like `String(v)`, except `undefined` and `null` print nothing.
    pub(crate) fn to_text(&self) -> String {
        if self.is_nullish() {
            String::new()
        } else {
            self.to_js_string()
        }
    }

    /// JS ToPrimitive: arrays and objects become their string form (they have no `valueOf`
    /// that returns a primitive); primitives are unchanged.
    pub(crate) fn to_primitive(&self) -> Val {
        match self {
            Val::Arr(_) | Val::Obj(_) => Val::Str(self.to_js_string()),
            other => other.clone(),
        }
    }

    /// JS ToNumber.
    pub(crate) fn to_number(&self) -> f64 {
        match self {
            Val::Undefined => f64::NAN,
            Val::Null => 0.0,
            Val::Bool(b) => f64::from(u8::from(*b)),
            Val::Num(n) => *n,
            Val::Str(s) => string_to_number(s),
            Val::Arr(_) | Val::Obj(_) => self.to_primitive().to_number(),
        }
    }

    pub(crate) fn type_of(&self) -> &'static str {
        match self {
            Val::Undefined => "undefined",
            Val::Null | Val::Arr(_) | Val::Obj(_) => "object",
            Val::Bool(_) => "boolean",
            Val::Num(_) => "number",
            Val::Str(_) => "string",
        }
    }
}

/// `Array.prototype.join(",")`: `null` and `undefined` elements print as empty.
fn join_array(items: &[Val]) -> String {
    let parts: Vec<String> = items.iter().map(Val::to_text).collect();
    parts.join(",")
}

fn number_to_json(n: f64) -> Value {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE {
        // In range and integral, so the cast is exact; -0 becomes 0 as in JSON.stringify.
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// The template's text rule on JSON: `null` prints nothing, numbers as JS prints them, arrays
/// joined by `,` (null elements empty), objects as `[object Object]`.
pub fn js_to_string(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number_to_string(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(js_to_string).collect::<Vec<_>>().join(","),
        Value::Object(_) => "[object Object]".to_string(),
    }
}

/// JS truthiness of a JSON value: `null`, `false`, `0` and `""` are false, everything else
/// (including `[]` and `{}`) is true.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_rule() {
        assert_eq!(js_to_string(&json!(null)), "");
        assert_eq!(js_to_string(&json!(1)), "1");
        assert_eq!(js_to_string(&json!(1.0)), "1");
        assert_eq!(js_to_string(&json!(1.5)), "1.5");
        assert_eq!(js_to_string(&json!(1e21)), "1e+21");
        assert_eq!(js_to_string(&json!([1, [2, 3], null, "a"])), "1,2,3,,a");
        assert_eq!(js_to_string(&json!({"a": 1})), "[object Object]");
        assert_eq!(js_to_string(&json!(true)), "true");
    }

    #[test]
    fn truthiness() {
        for v in [json!(null), json!(false), json!(0), json!(0.0), json!("")] {
            assert!(!truthy(&v), "{v} should be falsy");
        }
        for v in [
            json!(true),
            json!(1),
            json!(-0.5),
            json!("0"),
            json!("false"),
            json!([]),
            json!({}),
        ] {
            assert!(truthy(&v), "{v} should be truthy");
        }
    }

    #[test]
    fn json_round_trip() {
        let v = json!({"a": [1, 2.5, "x", null, true], "b": {"c": -3}});
        assert_eq!(Val::from_json(&v).into_json(), v);
        let undef = Val::Obj(vec![
            ("a".into(), Val::Undefined),
            ("b".into(), Val::Num(2.0)),
        ]);
        assert_eq!(undef.into_json(), json!({"b": 2}));
        assert_eq!(Val::Num(f64::NAN).into_json(), json!(null));
        assert_eq!(Val::Num(-0.0).into_json(), json!(0));
        assert_eq!(Val::Arr(vec![Val::Undefined]).into_json(), json!([null]));
    }
}
