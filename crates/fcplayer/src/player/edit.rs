//! The text of one `input`/`textarea` and its caret: pure editing, no events or drawing.
//!
//! The caret is a byte offset into `value` that always sits on a grapheme-cluster boundary,
//! so a key never splits an emoji sequence or a letter from its combining mark. Lengths
//! (`maxlength`, the `cursor` of events) count UTF-16 code units, as the JS side's
//! `value.length` does.

use unicode_segmentation::UnicodeSegmentation;

/// What characters a field takes from the keyboard (`type`): a desktop keyboard can type
/// anything, so the restricted types filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Accept {
    #[default]
    Any,
    /// `type="number"`: digits.
    Number,
    /// `type="digit"`: digits and the decimal point.
    Digit,
    /// `type="idcard"`: digits and `X`.
    IdCard,
}

impl Accept {
    pub fn of_type(ty: &str) -> Accept {
        match ty.trim() {
            "number" => Accept::Number,
            "digit" => Accept::Digit,
            "idcard" => Accept::IdCard,
            _ => Accept::Any,
        }
    }

    fn allows(self, c: char) -> bool {
        match self {
            Accept::Any => true,
            Accept::Number => c.is_ascii_digit(),
            Accept::Digit => c.is_ascii_digit() || c == '.',
            Accept::IdCard => c.is_ascii_digit() || c == 'X' || c == 'x',
        }
    }
}

/// A field's text and caret.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Editor {
    value: String,
    /// Byte offset into `value`, on a grapheme boundary.
    caret: usize,
}

/// UTF-16 length, what JS calls `length`.
pub fn js_len(s: &str) -> usize {
    s.encode_utf16().count()
}

impl Editor {
    /// A field showing `value`, caret at its end.
    pub fn new(value: &str) -> Editor {
        Editor {
            value: value.to_string(),
            caret: value.len(),
        }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    /// The caret as a byte offset into `value`.
    pub fn caret(&self) -> usize {
        self.caret
    }

    /// The caret in UTF-16 units (the `cursor` of events).
    pub fn cursor(&self) -> usize {
        js_len(&self.value[..self.caret])
    }

    /// Replaces the text (a `setData` of the bound `value`); the caret goes to the end.
    pub fn set_value(&mut self, value: &str) {
        self.value = value.to_string();
        self.caret = self.value.len();
    }

    /// Puts the caret at byte `at`, moved back to the grapheme boundary at or before it.
    pub fn set_caret(&mut self, at: usize) {
        let at = at.min(self.value.len());
        self.caret = self
            .value
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .take_while(|i| *i <= at)
            .last()
            .unwrap_or(0);
        if at == self.value.len() {
            self.caret = at;
        }
    }

    /// Puts the caret `units` UTF-16 units in (the `cursor` attribute), at most the end.
    pub fn set_cursor(&mut self, units: usize) {
        let mut n = 0;
        for (i, c) in self.value.char_indices() {
            if n >= units {
                self.set_caret(i);
                return;
            }
            n += c.len_utf16();
        }
        self.caret = self.value.len();
    }

    /// Inserts typed text at the caret. Characters `accept` refuses and, unless
    /// `multiline`, line breaks are dropped; what would pass `maxlength` (UTF-16 units,
    /// `None` = unlimited) is cut at a grapheme boundary. Returns whether anything changed.
    pub fn insert(
        &mut self,
        text: &str,
        accept: Accept,
        multiline: bool,
        max: Option<usize>,
    ) -> bool {
        let filtered: String = text
            .chars()
            .filter(|c| {
                if *c == '\n' {
                    multiline
                } else {
                    !c.is_control()
                }
            })
            .filter(|c| *c == '\n' || accept.allows(*c))
            .collect();
        let room = max.map(|m| m.saturating_sub(js_len(&self.value)));
        let mut take = String::new();
        for g in filtered.graphemes(true) {
            if room.is_some_and(|r| js_len(&take) + js_len(g) > r) {
                break;
            }
            take.push_str(g);
        }
        if take.is_empty() {
            return false;
        }
        self.value.insert_str(self.caret, &take);
        self.caret += take.len();
        true
    }

    /// Backspace: removes the grapheme before the caret.
    pub fn backspace(&mut self) -> bool {
        let Some(start) = self.prev_boundary() else {
            return false;
        };
        self.value.replace_range(start..self.caret, "");
        self.caret = start;
        true
    }

    /// Delete: removes the grapheme after the caret.
    pub fn delete(&mut self) -> bool {
        let Some(end) = self.next_boundary() else {
            return false;
        };
        self.value.replace_range(self.caret..end, "");
        true
    }

    pub fn left(&mut self) -> bool {
        self.prev_boundary().map(|p| self.caret = p).is_some()
    }

    pub fn right(&mut self) -> bool {
        self.next_boundary().map(|n| self.caret = n).is_some()
    }

    /// Home: the start of the caret's line.
    pub fn home(&mut self) -> bool {
        let start = self.value[..self.caret].rfind('\n').map_or(0, |i| i + 1);
        let moved = start != self.caret;
        self.caret = start;
        moved
    }

    /// End: the end of the caret's line.
    pub fn end(&mut self) -> bool {
        let end = self.value[self.caret..]
            .find('\n')
            .map_or(self.value.len(), |i| self.caret + i);
        let moved = end != self.caret;
        self.caret = end;
        moved
    }

    fn prev_boundary(&self) -> Option<usize> {
        self.value[..self.caret]
            .grapheme_indices(true)
            .next_back()
            .map(|(i, _)| i)
    }

    fn next_boundary(&self) -> Option<usize> {
        self.value[self.caret..]
            .graphemes(true)
            .next()
            .map(|g| self.caret + g.len())
    }
}

/// The `maxlength` attribute: 140 by default, a negative number for unlimited.
pub fn max_length(attr: Option<&str>) -> Option<usize> {
    match attr.map(str::trim).and_then(|s| s.parse::<f64>().ok()) {
        Some(n) if n < 0.0 => None,
        Some(n) => Some(n as usize),
        None => Some(140),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> Editor {
        let mut e = Editor::new("");
        e.insert(s, Accept::Any, false, None);
        e
    }

    #[test]
    fn inserts_at_the_caret() {
        let mut e = typed("held");
        e.left();
        e.left();
        assert!(e.insert("l", Accept::Any, false, None));
        assert_eq!(e.value(), "helld");
        e.set_value("hello");
        assert_eq!(e.caret(), 5);
        e.home();
        e.insert(">", Accept::Any, false, None);
        assert_eq!((e.value(), e.cursor()), (">hello", 1));
    }

    #[test]
    fn backspace_and_delete_take_whole_graphemes() {
        // e + combining acute, a flag (two code points), a family emoji (ZWJ sequence).
        let mut e = typed("ae\u{301}🇫🇷👨‍👩‍👧");
        assert!(e.backspace());
        assert_eq!(e.value(), "ae\u{301}🇫🇷");
        assert!(e.backspace());
        assert_eq!(e.value(), "ae\u{301}");
        e.home();
        e.right();
        assert!(e.delete());
        assert_eq!(e.value(), "a");
        assert!(!e.delete());
        e.home();
        assert!(!e.backspace());
    }

    #[test]
    fn caret_moves_stop_at_the_ends_and_lines() {
        let mut e = Editor::new("ab\ncd");
        assert!(!e.right());
        assert!(e.home());
        assert_eq!(e.caret(), 3);
        assert!(e.left());
        assert!(e.home());
        assert_eq!(e.caret(), 0);
        assert!(!e.left());
        assert!(e.end());
        assert_eq!(e.caret(), 2);
    }

    #[test]
    fn maxlength_cuts_in_utf16_units() {
        let mut e = Editor::new("");
        assert!(e.insert("abcdef", Accept::Any, false, Some(4)));
        assert_eq!(e.value(), "abcd");
        assert!(!e.insert("x", Accept::Any, false, Some(4)));
        // An astral character is two units: it does not fit in one.
        let mut e = Editor::new("abc");
        assert!(!e.insert("😀", Accept::Any, false, Some(4)));
        assert!(e.insert("😀", Accept::Any, false, Some(5)));
        assert_eq!(e.cursor(), 5);
        assert_eq!(max_length(None), Some(140));
        assert_eq!(max_length(Some("-1")), None);
        assert_eq!(max_length(Some("10")), Some(10));
        assert_eq!(max_length(Some("x")), Some(140));
    }

    #[test]
    fn types_filter_characters_and_newlines() {
        let mut e = Editor::new("");
        e.insert("1a2.3-", Accept::Number, false, None);
        assert_eq!(e.value(), "123");
        let mut e = Editor::new("");
        e.insert("1a2.3", Accept::Digit, false, None);
        assert_eq!(e.value(), "12.3");
        let mut e = Editor::new("");
        e.insert("11x0X9z", Accept::IdCard, false, None);
        assert_eq!(e.value(), "11x0X9");
        let mut e = Editor::new("");
        e.insert("a\nb\tc", Accept::Any, false, None);
        assert_eq!(e.value(), "abc");
        let mut e = Editor::new("");
        e.insert("a\nb", Accept::Any, true, None);
        assert_eq!(e.value(), "a\nb");
    }

    #[test]
    fn set_cursor_counts_utf16_units() {
        let mut e = Editor::new("😀ab");
        e.set_cursor(2);
        assert_eq!(e.caret(), 4);
        e.set_cursor(3);
        assert_eq!((e.caret(), e.cursor()), (5, 3));
        e.set_cursor(99);
        assert_eq!(e.caret(), e.value().len());
    }

    #[test]
    fn set_caret_snaps_to_a_grapheme_boundary() {
        let mut e = Editor::new("e\u{301}x");
        e.set_caret(2); // inside "e\u{301}"
        assert_eq!(e.caret(), 0);
        e.set_caret(99);
        assert_eq!(e.caret(), e.value().len());
    }
}
