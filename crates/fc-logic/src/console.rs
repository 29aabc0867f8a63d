//! `console.log/info/warn/error/debug`: one line per call, in the format player-cli.md fixes
//! (arguments joined by one space; strings as they are; numbers, booleans, null and undefined
//! as JS prints them; objects and arrays as compact JSON).

use crate::convert::stringify;
use crate::host::Host;
use boa_engine::object::ObjectInitializer;
use boa_engine::value::JsVariant;
use boa_engine::{js_string, Context, JsObject, JsResult, JsValue, NativeFunction};
use fc_protocol::ConsoleLevel;

/// Formats one argument.
pub(crate) fn format_value(value: &JsValue, context: &mut Context) -> String {
    match value.variant() {
        JsVariant::String(s) => s.to_std_string_escaped(),
        // `display` prints a symbol as `Symbol(desc)`, which `String(sym)` also gives;
        // `ToString` would throw on it.
        JsVariant::Symbol(_) => value.display().to_string(),
        JsVariant::Object(obj) => format_object(&obj, value, context),
        _ => match value.to_string(context) {
            Ok(s) => s.to_std_string_escaped(),
            Err(_) => value.display().to_string(),
        },
    }
}

/// Objects print as compact JSON. Functions, cyclic values and anything else `JSON.stringify`
/// cannot write fall back to `String(v)`. Error objects print as `String(err)`
/// (`Error: boom`), which says more than their JSON (`{}`).
fn format_object(obj: &JsObject, value: &JsValue, context: &mut Context) -> String {
    let is_error = obj.is::<boa_engine::builtins::error::Error>();
    if !obj.is_callable() && !is_error {
        if let Ok(Some(json)) = stringify(value, context) {
            return json;
        }
    }
    match value.to_string(context) {
        Ok(s) => s.to_std_string_escaped(),
        // `Object.create(null)` has no `toString`; neither JSON nor String() can print it.
        Err(_) => "[object Object]".to_string(),
    }
}

/// Formats a whole call: arguments joined by one space.
pub(crate) fn format_args(args: &[JsValue], context: &mut Context) -> String {
    let parts: Vec<String> = args.iter().map(|a| format_value(a, context)).collect();
    parts.join(" ")
}

fn emit(level: ConsoleLevel, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let line = format_args(args, context);
    Host::of(context)?.console(level, &line);
    Ok(JsValue::undefined())
}

/// Builds the `console` object.
pub(crate) fn create_console(context: &mut Context) -> JsObject {
    macro_rules! method {
        ($level:expr) => {
            NativeFunction::from_fn_ptr(|_this, args, context| emit($level, args, context))
        };
    }
    ObjectInitializer::new(context)
        .function(method!(ConsoleLevel::Log), js_string!("log"), 0)
        .function(method!(ConsoleLevel::Info), js_string!("info"), 0)
        .function(method!(ConsoleLevel::Warn), js_string!("warn"), 0)
        .function(method!(ConsoleLevel::Error), js_string!("error"), 0)
        .function(method!(ConsoleLevel::Debug), js_string!("debug"), 0)
        .build()
}
