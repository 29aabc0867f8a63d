//! Positions out of boa's error text, shared by the two crates that run JS (fc-logic on the
//! logic thread, fc-wxs on the render thread); it is plain text parsing, no engine.
//!
//! boa 0.22 keeps positions where only text reaches them:
//! - a syntax error's message ends in `at line L, col C` (`abrupt end` has no position);
//! - a runtime error's backtrace is crate-private; `JsError`'s `Display` prints it as one
//!   `\n    at name (path:line:col)` line per frame, innermost first (native frames print
//!   `(native)`, frames without a file `(unknown at :1:1)`).
//!
//! Both crates run each file inside a wrapper function whose header shares the file's first
//! line ([`Wrapper`]), so columns on line 1 move back by the header's length.

/// A place in a bundle file; `line`/`col` 1-based, 0 when unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsLocation {
    pub file: String,
    pub line: u32,
    pub col: u32,
}

/// The header code is wrapped in, on the same line as the code's first line.
#[derive(Debug, Clone, Copy)]
pub struct Wrapper {
    prefix_chars: u32,
}

impl Wrapper {
    pub fn new(prefix: &str) -> Wrapper {
        Wrapper {
            prefix_chars: prefix.chars().count() as u32,
        }
    }

    /// Maps a position in the wrapped source back to the file.
    pub fn unwrap(self, line: u32, col: u32) -> (u32, u32) {
        if line == 1 && col > self.prefix_chars {
            (line, col - self.prefix_chars)
        } else if line == 1 && col > 0 {
            (line, 1)
        } else {
            (line, col)
        }
    }

    /// One backtrace line, `    at name (path:line:col)`; `None` for native frames and
    /// frames without a file.
    pub fn frame(self, line: &str) -> Option<JsLocation> {
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
        let (line, col) = self.unwrap(line_no, col);
        Some(JsLocation {
            file: file.to_string(),
            line,
            col,
        })
    }

    /// The innermost frame in a file of an error's `Display` text.
    pub fn top_frame(self, display: &str) -> Option<JsLocation> {
        display
            .lines()
            .filter(|l| l.starts_with("    at "))
            .find_map(|l| self.frame(l))
    }

    /// A syntax error's message and place from the parser's text. `last` is the code's end
    /// (line, col after the last character): errors with no position (`abrupt end`) and
    /// errors in the wrapper's closing line (a missing `}`) go there.
    pub fn syntax_position(self, raw: &str, last: (u32, u32)) -> (String, u32, u32) {
        let (message, position) = split_position(raw);
        let (line, col) = match position {
            Some((line, col)) => {
                let (line, col) = self.unwrap(line, col);
                if line > last.0 {
                    last
                } else {
                    (line, col)
                }
            }
            None => last,
        };
        let message = if message == "abrupt end" {
            "unexpected end of input"
        } else {
            message
        };
        (message.to_string(), line, col)
    }
}

/// Splits `... at line L, col C` into the message and (L, C).
pub fn split_position(text: &str) -> (&str, Option<(u32, u32)>) {
    let Some(at) = text.rfind(" at line ") else {
        return (text, None);
    };
    let tail = &text[at + " at line ".len()..];
    let Some((line, col)) = tail.split_once(", col ") else {
        return (text, None);
    };
    match (line.trim().parse(), col.trim().parse()) {
        (Ok(line), Ok(col)) => (&text[..at], Some((line, col))),
        _ => (text, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIX: &str = "(function (module, exports, require) {";

    #[test]
    fn parses_backtrace_frames() {
        let w = Wrapper::new(PREFIX);
        let loc = w.frame("    at onTap (pages/x/x.js:12:7)").expect("frame");
        assert_eq!(
            (loc.file.as_str(), loc.line, loc.col),
            ("pages/x/x.js", 12, 7)
        );
        assert_eq!(w.frame("    at setData (native)"), None);
        assert_eq!(w.frame("    at <main> (unknown at :1:1)"), None);
        let first = w.frame("    at <main> (app.js:1:50)").expect("frame");
        assert_eq!((first.line, first.col), (1, 50 - PREFIX.len() as u32));
        let text = "TypeError: x\n    at f (native)\n    at g (a.js:3:4)";
        assert_eq!(w.top_frame(text).map(|l| l.line), Some(3));
    }

    #[test]
    fn splits_parser_positions() {
        let (msg, pos) = split_position("expected token ';', got 'x' at line 3, col 9");
        assert_eq!(msg, "expected token ';', got 'x'");
        assert_eq!(pos, Some((3, 9)));
        assert_eq!(split_position("abrupt end"), ("abrupt end", None));
        let w = Wrapper::new(PREFIX);
        assert_eq!(
            w.syntax_position("abrupt end", (4, 2)),
            ("unexpected end of input".to_string(), 4, 2)
        );
        assert_eq!(
            w.syntax_position("unexpected '}' at line 9, col 1", (4, 2)),
            ("unexpected '}'".to_string(), 4, 2),
            "the wrapper's closing line is the code's end"
        );
    }
}
