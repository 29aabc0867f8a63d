//! Script errors -> located diagnostics (file:line:col in the markup or `.wxs` file).
//!
//! boa 0.22 puts a syntax error's place at the end of its message (`… at line L, col C`)
//! and a runtime error's frames in `JsError`'s `Display` (`    at f (path:line:col)`), the
//! only public way to read its backtrace (fc-logic reads them the same way). Module code
//! runs inside a wrapper function whose header shares the code's first line, so columns on
//! line 1 move back by the header's length; see `module.rs` for how inline code is padded
//! so its lines are the markup file's own.

use crate::module::WRAP_PREFIX;
use boa_engine::JsError;
use fc_protocol::Diagnostic;

/// Maps a position in the wrapped source back to the file.
fn unwrap_position(line: u32, col: u32) -> (u32, u32) {
    let prefix = WRAP_PREFIX.chars().count() as u32;
    if line == 1 && col > prefix {
        (line, col - prefix)
    } else if line == 1 && col > 0 {
        (line, 1)
    } else {
        (line, col)
    }
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

/// `    at name (path:line:col)` → (path, line, col); native and unnamed frames give `None`.
fn parse_frame(line: &str) -> Option<(String, u32, u32)> {
    let rest = line.trim_start().strip_prefix("at ")?;
    let inner = rest.strip_suffix(')')?;
    let inner = &inner[inner.rfind(" (")? + 2..];
    let mut parts = inner.rsplitn(3, ':');
    let col: u32 = parts.next()?.parse().ok()?;
    let line_no: u32 = parts.next()?.parse().ok()?;
    let file = parts.next()?;
    if file.is_empty() || file.contains(" at ") || file.starts_with("unknown at") {
        return None;
    }
    let (line_no, col) = unwrap_position(line_no, col);
    Some((file.to_string(), line_no, col))
}

/// A thrown error as a diagnostic at its innermost frame in a file; `fallback` names the
/// file when no frame has one (position 0:0).
pub(crate) fn diagnostic_of(err: &JsError, fallback: &str) -> Diagnostic {
    let msg = format!("wxs: {}", message(err));
    let text = err.to_string();
    match text
        .lines()
        .filter(|l| l.starts_with("    at "))
        .find_map(parse_frame)
    {
        Some((file, line, col)) => Diagnostic::error(file, line, col, msg),
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
    let (msg, position) = match raw.rfind(" at line ") {
        Some(at) => {
            let tail = &raw[at + " at line ".len()..];
            let pos = tail.split_once(", col ").and_then(|(l, c)| {
                Some((l.trim().parse::<u32>().ok()?, c.trim().parse::<u32>().ok()?))
            });
            match pos {
                Some(p) => (&raw[..at], Some(p)),
                None => (raw.as_str(), None),
            }
        }
        None => (raw.as_str(), None),
    };
    let (line, col) = match position {
        Some((l, c)) => {
            let (l, c) = unwrap_position(l, c);
            // The wrapper's closing line (a missing `}`) belongs to the code's end.
            if l > last.0 {
                last
            } else {
                (l, c)
            }
        }
        None => last,
    };
    let msg = if msg == "abrupt end" {
        "unexpected end of input"
    } else {
        msg
    };
    Diagnostic::error(file, line, col, format!("wxs: SyntaxError: {msg}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_and_positions() {
        assert_eq!(
            parse_frame("    at f (pages/a/a.wxml:12:7)"),
            Some(("pages/a/a.wxml".into(), 12, 7))
        );
        assert_eq!(parse_frame("    at g (native)"), None);
        let prefix = WRAP_PREFIX.chars().count() as u32;
        assert_eq!(unwrap_position(1, prefix + 3), (1, 3));
        assert_eq!(unwrap_position(2, 3), (2, 3));
    }
}
