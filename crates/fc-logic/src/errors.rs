//! JS errors -> located `Diagnostic`s (file:line:col in the bundle file).
//!
//! Where boa 0.22 keeps positions:
//! - Syntax errors come from `Script::parse` as a native `SyntaxError` whose message is the
//!   parser error's text, which ends in `at line L, col C` (every located variant of
//!   `boa_parser::Error` prints that; `abrupt end` has no position: we use the end of file).
//! - Runtime errors: the VM attaches a backtrace (its shadow stack, innermost frame first)
//!   to every `JsError` it throws or propagates. The backtrace is crate-private; the public
//!   ways to read it are `JsError`'s `Display` (`\n    at f (path:line:col)` per frame) and
//!   `Error.prototype.stack`. We parse the `Display` text and take the first frame that names
//!   a file (native frames print `(native)`).
//! - Errors we raise ourselves without throwing (a bad `setData` key) use
//!   `Context::stack_trace()`, whose `CallFrame::position()` is public and structured.
//!
//! Every file runs wrapped in a function (see `module.rs`) whose header sits on line 1, so
//! columns on line 1 are shifted back by the header's length.

use crate::console::format_value;
use crate::host::Host;
use crate::module::WRAP_PREFIX;
use boa_engine::vm::SourcePath;
use boa_engine::{Context, JsError, JsValue};
use fc_protocol::js_error::Wrapper;
use fc_protocol::Diagnostic;

/// A place in a bundle file; `line`/`col` 1-based, 0 when unknown.
pub(crate) use fc_protocol::js_error::JsLocation as Location;

/// Every file runs inside `module.rs`'s wrapper, whose header shares the file's line 1.
fn wrapper() -> Wrapper {
    Wrapper::new(WRAP_PREFIX)
}

/// Maps a position in the wrapped source back to the file: only line 1 carries the wrapper.
fn unwrap_position(line: u32, col: u32) -> (u32, u32) {
    wrapper().unwrap(line, col)
}

/// Parses one backtrace line of `JsError`'s `Display`: `    at name (path:line:col)`.
/// Native frames (`(native)`) and frames without a file (`(unknown at :1:1)`) give `None`.
pub(crate) fn parse_frame(line: &str) -> Option<Location> {
    wrapper().frame(line)
}

/// The innermost frame of `err` that is in a file.
pub(crate) fn top_frame(err: &JsError) -> Option<Location> {
    wrapper().top_frame(&err.to_string())
}

/// The innermost JS frame of the running code, for errors raised without throwing.
pub(crate) fn caller_location(context: &Context) -> Option<Location> {
    context.stack_trace().find_map(|frame| {
        let loc = frame.position();
        let SourcePath::Path(path) = &loc.path else {
            return None;
        };
        let (line, col) = match loc.position {
            Some(p) => unwrap_position(p.line_number(), p.column_number()),
            None => (0, 0),
        };
        Some(Location {
            file: path.display().to_string(),
            line,
            col,
        })
    })
}

/// The error's message the way JS shows it: `TypeError: x is not a function`.
pub(crate) fn error_message(err: &JsError, context: &mut Context) -> String {
    if let Some(native) = err.as_native() {
        let message = native.message().trim();
        return if message.is_empty() {
            native.kind().to_string()
        } else {
            format!("{}: {message}", native.kind())
        };
    }
    if let Some(value) = err.as_opaque() {
        let value = value.clone();
        let is_error = value
            .as_object()
            .is_some_and(|o| o.is::<boa_engine::builtins::error::Error>());
        if is_error {
            if let Ok(text) = value.to_string(context) {
                return text.to_std_string_escaped();
            }
        }
        return format!("Uncaught {}", format_value(&value, context));
    }
    if let Some(message) = crate::limits::limit_message(err) {
        return message;
    }
    // Other engine errors: their `Display` is the message, then the backtrace.
    err.to_string()
        .lines()
        .next()
        .unwrap_or("error")
        .to_string()
}

/// A syntax error found while parsing `file` (whose text is `text`), located from the
/// parser's `at line L, col C` suffix.
pub(crate) fn syntax_diagnostic(file: &str, text: &str, err: &JsError) -> Diagnostic {
    let raw = match err.as_native() {
        Some(native) => native.message().to_string(),
        None => err.to_string(),
    };
    let last_line = text.lines().count().max(1) as u32;
    let last_col = text.lines().last().map_or(0, |l| l.chars().count()) as u32 + 1;
    let (message, line, col) = wrapper().syntax_position(&raw, (last_line, last_col));
    Diagnostic::error(file, line, col, format!("SyntaxError: {message}"))
}

/// Turns a thrown error into a diagnostic. `fallback` names the file whose code was running
/// when the error has no frame in any file (position 0:0: boa gave nothing).
pub(crate) fn diagnostic_of(err: &JsError, context: &mut Context, fallback: &str) -> Diagnostic {
    let message = error_message(err, context);
    let Some(mut loc) = top_frame(err) else {
        return Diagnostic::error(fallback, 0, 0, message);
    };
    if let Some(name) = unbound_name(err) {
        let text = Host::of(context)
            .ok()
            .and_then(|h| h.bundle.read_text(&loc.file).ok());
        if let Some((line, col)) = text.and_then(|t| find_name_after(&t, loc.line, loc.col, name)) {
            loc.line = line;
            loc.col = col;
        }
    }
    Diagnostic::error(loc.file, loc.line, loc.col, message)
}

/// `x` of a `ReferenceError: x is not defined`.
fn unbound_name(err: &JsError) -> Option<&str> {
    let native = err.as_native()?;
    if !matches!(native.kind(), boa_engine::JsNativeErrorKind::Reference) {
        return None;
    }
    native.message().strip_suffix(" is not defined")
}

/// boa records no source position for a global name lookup, so a `ReferenceError` on an
/// unbound name points at the last position recorded before it — the start of the
/// statement or, for `undefinedFn();`, of the enclosing function. The name's real place is
/// its first use at or after that point: the first whole-word `name` not preceded by `.`.
/// (It can be fooled by the same word in a string or comment in between; the result is
/// still never before the position boa gave.)
fn find_name_after(text: &str, line: u32, col: u32, name: &str) -> Option<(u32, u32)> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let (mut cur_line, mut cur_col) = (1u32, 1u32);
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let started = cur_line > line || (cur_line == line && cur_col >= col);
        if started
            && text[i..].starts_with(name)
            && !prev.is_some_and(|p| is_ident(p) || p == '.')
            && !text[i + name.len()..].chars().next().is_some_and(is_ident)
        {
            return Some((cur_line, cur_col));
        }
        if c == '\n' {
            cur_line += 1;
            cur_col = 1;
        } else {
            cur_col += 1;
        }
        prev = Some(c);
    }
    None
}

/// Reports an uncaught error: a `ScriptError` to the render side, then `App.onError(msg)`
/// (the platform passes the message and stack as one string).
pub(crate) fn report_js_error(context: &mut Context, err: &JsError, fallback: &str) {
    let diagnostic = diagnostic_of(err, context, fallback);
    let Ok(host) = Host::of(context) else { return };
    let text = format!(
        "{}\n    at {}:{}:{}",
        diagnostic.message, diagnostic.file, diagnostic.line, diagnostic.col
    );
    host.report(diagnostic);
    call_on_error(context, &host, &text);
}

/// Reports an error at the JS code that is running now, without throwing (the call that
/// caused it goes on). `fallback` is used when no JS frame is in a file.
pub(crate) fn report_here(context: &mut Context, message: &str, fallback: &str) {
    let Ok(host) = Host::of(context) else { return };
    let diagnostic = match caller_location(context) {
        Some(loc) => Diagnostic::error(loc.file, loc.line, loc.col, message),
        None => Diagnostic::error(fallback, 0, 0, message),
    };
    host.report(diagnostic);
}

/// `App.onError(text)`, then every `wx.onError` listener with the same text.
pub(crate) fn call_on_error(context: &mut Context, host: &Host, text: &str) {
    if host.in_on_error.get() {
        return;
    }
    let app = host.state.borrow().app.clone();
    let mut handlers: Vec<(JsValue, boa_engine::JsObject)> = Vec::new();
    if let Some(app) = app {
        if let Ok(handler) = app.get(boa_engine::js_string!("onError"), context) {
            if let Some(handler) = handler.as_callable() {
                handlers.push((app.into(), handler));
            }
        }
    }
    for listener in crate::stubs::listeners_of(host, "error") {
        handlers.push((JsValue::undefined(), listener));
    }
    host.in_on_error.set(true);
    let arg = JsValue::from(boa_engine::JsString::from(text));
    for (this, handler) in handlers {
        let result = handler.call(&this, std::slice::from_ref(&arg), context);
        if let Err(err) = result {
            // Reported, but not fed back into onError.
            let diagnostic = diagnostic_of(&err, context, "app.js");
            host.report(diagnostic);
        }
    }
    host.in_on_error.set(false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_read_through_the_wrapper() {
        let first = parse_frame("    at <main> (app.js:1:50)").expect("frame");
        assert_eq!((first.line, first.col), (1, 50 - WRAP_PREFIX.len() as u32));
    }

    #[test]
    fn finds_an_unbound_name_after_the_reported_position() {
        let text = "Page({\n  a: function () { x.y(); foo(); },\n});\n";
        // boa reports the function body start (2:18); the name is at 2:27.
        assert_eq!(find_name_after(text, 2, 18, "foo"), Some((2, 27)));
        assert_eq!(
            find_name_after(text, 2, 18, "y"),
            None,
            "a property is not a name"
        );
        assert_eq!(find_name_after(text, 3, 1, "foo"), None);
    }
}
