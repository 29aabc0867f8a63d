//! A stored value with its JS type, its on-disk entry, and its size as the limits count it.

use serde_json::{json, Map, Value};

/// One stored value, typed the way JS will get it back.
#[derive(Debug, Clone, PartialEq)]
pub enum StoredValue {
    /// `undefined` (also what a function or symbol becomes: `JSON.stringify` gives nothing).
    Undefined,
    /// A top-level `Date`: its time value in ms since the epoch; NaN for an invalid date.
    Date(f64),
    /// Anything else, as `JSON.stringify` writes it (strings, numbers, booleans, null,
    /// objects, arrays; nested dates already ISO strings).
    Json(Value),
}

/// The earliest and latest time values whose ISO string has a 4-digit year
/// (0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z); outside, JS writes `±YYYYYY`.
const FOUR_DIGIT_YEARS_MS: std::ops::RangeInclusive<f64> =
    -62_167_219_200_000.0..=253_402_300_799_999.0;

impl StoredValue {
    /// The type tag written to disk.
    pub fn type_name(&self) -> &'static str {
        match self {
            StoredValue::Undefined => "undefined",
            StoredValue::Date(_) => "date",
            StoredValue::Json(Value::String(_)) => "string",
            StoredValue::Json(Value::Number(_)) => "number",
            StoredValue::Json(Value::Bool(_)) => "boolean",
            StoredValue::Json(Value::Null) => "null",
            StoredValue::Json(Value::Object(_)) => "object",
            StoredValue::Json(Value::Array(_)) => "array",
        }
    }

    /// Length in bytes of the JSON text `JSON.stringify` would give for this value: what
    /// the size limits count (plus the key).
    pub fn json_len(&self) -> usize {
        match self {
            StoredValue::Undefined => 0,
            // `"2023-11-14T22:13:20.000Z"`, or `"+012345-..."` outside 4-digit years.
            StoredValue::Date(ms) if ms.is_nan() => "null".len(),
            StoredValue::Date(ms) if FOUR_DIGIT_YEARS_MS.contains(ms) => 26,
            StoredValue::Date(_) => 29,
            StoredValue::Json(value) => json_text_len(value),
        }
    }

    /// The entry written under the key in `storage.json`.
    pub(crate) fn to_entry(&self) -> Value {
        let mut entry = Map::new();
        entry.insert("type".into(), Value::from(self.type_name()));
        match self {
            StoredValue::Undefined => {}
            StoredValue::Date(ms) => {
                // Time values are integral (or NaN); serde keeps an integral f64 as `1.0e12`,
                // so write integers as such.
                let data = if ms.is_nan() {
                    Value::Null
                } else if ms.fract() == 0.0 && ms.abs() < 9.0e15 {
                    json!(*ms as i64)
                } else {
                    json!(ms)
                };
                entry.insert("data".into(), data);
            }
            StoredValue::Json(value) => {
                entry.insert("data".into(), value.clone());
            }
        }
        Value::Object(entry)
    }

    /// Reads an entry back; `Err` says what is wrong with it.
    pub(crate) fn from_entry(entry: &Value) -> Result<StoredValue, String> {
        let Value::Object(entry) = entry else {
            return Err("an item is not an object".into());
        };
        let Some(kind) = entry.get("type").and_then(Value::as_str) else {
            return Err("an item has no type".into());
        };
        let data = entry.get("data");
        let value = match (kind, data) {
            ("undefined", None) => StoredValue::Undefined,
            ("date", Some(Value::Null)) => StoredValue::Date(f64::NAN),
            ("date", Some(Value::Number(n))) => StoredValue::Date(n.as_f64().unwrap_or(f64::NAN)),
            (_, Some(data)) => StoredValue::Json(data.clone()),
            (_, None) => return Err(format!("an item of type {kind} has no data")),
        };
        if value.type_name() != kind {
            return Err(format!(
                "an item's type is {kind} but its data is {}",
                value.type_name()
            ));
        }
        Ok(value)
    }
}

/// Length of `value`'s compact JSON text, without building the string.
fn json_text_len(value: &Value) -> usize {
    struct Counter(usize);
    impl std::io::Write for Counter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    // Writing a `Value` to a sink that never fails cannot fail.
    let _ = serde_json::to_writer(&mut counter, value);
    counter.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_with_their_types() {
        let values = [
            StoredValue::Undefined,
            StoredValue::Date(1_700_000_000_123.0),
            StoredValue::Json(json!("text")),
            StoredValue::Json(json!(1.5)),
            StoredValue::Json(json!(false)),
            StoredValue::Json(Value::Null),
            StoredValue::Json(json!({"a": [1, {"b": null}]})),
            StoredValue::Json(json!([1, "2"])),
        ];
        for value in values {
            let entry = value.to_entry();
            assert_eq!(entry["type"], value.type_name());
            assert_eq!(StoredValue::from_entry(&entry), Ok(value));
        }
        // NaN != NaN, so check the invalid date on its own.
        let entry = StoredValue::Date(f64::NAN).to_entry();
        assert_eq!(entry, json!({"type": "date", "data": null}));
        assert!(
            matches!(StoredValue::from_entry(&entry), Ok(StoredValue::Date(ms)) if ms.is_nan())
        );
        assert_eq!(
            StoredValue::Date(1e12).to_entry().to_string(),
            r#"{"type":"date","data":1000000000000}"#
        );
    }

    #[test]
    fn bad_entries_are_refused() {
        for bad in [
            json!(3),
            json!({"data": 1}),
            json!({"type": "number"}),
            json!({"type": "number", "data": "1"}),
            json!({"type": "date", "data": "2020"}),
            json!({"type": "blob", "data": 1}),
        ] {
            assert!(StoredValue::from_entry(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sizes_are_json_text_lengths() {
        assert_eq!(StoredValue::Json(json!("abc")).json_len(), 5);
        assert_eq!(
            StoredValue::Json(json!({"a": [1, 2]})).json_len(),
            r#"{"a":[1,2]}"#.len()
        );
        assert_eq!(StoredValue::Json(json!("é")).json_len(), 4, "UTF-8 bytes");
        assert_eq!(StoredValue::Undefined.json_len(), 0);
        assert_eq!(
            StoredValue::Date(0.0).json_len(),
            r#""1970-01-01T00:00:00.000Z""#.len()
        );
        assert_eq!(StoredValue::Date(f64::NAN).json_len(), 4);
        // Year 11476: `"+011476-10-15T00:00:00.000Z"`.
        assert_eq!(StoredValue::Date(3e14).json_len(), 29);
    }
}
