//! Script errors -> located diagnostics (file:line:col in the markup or `.wxs` file).
//!
//! boa 0.22 puts a syntax error's place at the end of its message (`… at line L, col C`)
//! and a runtime error's frames in `JsError`'s `Display` (`    at f (path:line:col)`), the
//! only public way to read its backtrace (`fc_protocol::js_error` parses both, for fc-logic too). Module code
//! runs inside a wrapper function whose header shares the code's first line, so columns on
//! line 1 move back by the header's length; see `module.rs` for how inline code is padded
//! so its lines are the markup file's own.

use crate::module::WRAP_PREFIX;
use boa_engine::JsError;
use fc_protocol::js_error::Wrapper;
use fc_protocol::Diagnostic;

/// Module code runs inside `module.rs`'s wrapper, whose header shares the code's line 1.
fn wrapper() -> Wrapper {
    Wrapper::new(WRAP_PREFIX)
}

/// The error's message the way JS shows it (`TypeError: x is not a function`).
fn message(err: &JsError) -> String {
    if let Some(native) = err.as_native() {
        let m = native.message().trim();
        return if m.is_empty() {
            native.kind().to_string()
        } else {
            format!("{}: {m}", native.kind())
        };
    }
    let text = err.to_string();
    let first = text.lines().next().unwrap_or("error");
    match err.as_opaque() {
        Some(_) => format!("Uncaught {first}"),
        None => first.to_string(),
    }
}

/// A thrown error as a diagnostic at its innermost frame in a file; `fallback` names the
/// file when no frame has one (position 0:0).
pub(crate) fn diagnostic_of(err: &JsError, fallback: &str) -> Diagnostic {
    let msg = format!("wxs: {}", message(err));
    match wrapper().top_frame(&err.to_string()) {
        Some(loc) => Diagnostic::error(loc.file, loc.line, loc.col, msg),
        None => Diagnostic::error(fallback, 0, 0, msg),
    }
}

/// A syntax error in `file`, located from the parser's `at line L, col C`. `last` is the
/// position of the code's end, for errors with no position (`abrupt end`).
pub(crate) fn syntax_diagnostic(file: &str, err: &JsError, last: (u32, u32)) -> Diagnostic {
    let raw = match err.as_native() {
        Some(native) => native.message().to_string(),
        None => err.to_string(),
    };
    let (msg, line, col) = wrapper().syntax_position(&raw, last);
    Diagnostic::error(file, line, col, format!("wxs: SyntaxError: {msg}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_read_through_the_wrapper() {
        let prefix = WRAP_PREFIX.chars().count() as u32;
        let text = format!("Error: x\n    at f (a.wxml:1:{})", prefix + 3);
        let loc = wrapper().top_frame(&text).expect("frame");
        assert_eq!((loc.file.as_str(), loc.line, loc.col), ("a.wxml", 1, 3));
    }
}
