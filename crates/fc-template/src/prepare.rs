//! Makes WXML acceptable to an XML tokenizer without moving anything.
//!
//! WXML is not XML: attributes may have no value (`<scroll-view scroll-y>`), expressions
//! contain `<` (`wx:if="{{a < b}}"`, `{{a<b ? x : y}}` in text), and `<wxs>` holds JavaScript.
//! `xmlparser` rejects all three. This pass rewrites a copy of the source so it accepts them:
//!
//! - a `<` inside a quoted attribute value, inside `{{ }}` in text, or inside a `<wxs>` body
//!   becomes a space (same length, so every offset is unchanged; the parser reads values back
//!   from the original source by range);
//! - dashes inside a comment become spaces (XML forbids `--` there, pages do not care);
//! - a valueless attribute gets `=""` inserted after its name; each insertion is recorded so
//!   offsets map back and the attribute can be told apart from a written `attr=""`.
//!
//! The scanner understands only as much as it must (comments, CDATA, quotes in tags); real
//! syntax errors are left in place for `xmlparser` to report.

use crate::binding::find_mustache_end;
use crate::tree::Pos;

/// The rewritten text and how to map its offsets back to the source.
pub(crate) struct Prepared {
    pub text: String,
    /// Offsets in `text` where an inserted `=""` starts, ascending.
    inserts: Vec<usize>,
}

const INSERT: &[u8] = b"=\"\"";

impl Prepared {
    /// Maps an offset in `text` to the source offset (inside an insertion: where it was made).
    pub fn to_source(&self, t: usize) -> usize {
        let before = self.inserts.partition_point(|&s| s <= t);
        if before == 0 {
            return t;
        }
        let last = self.inserts[before - 1];
        if t < last + INSERT.len() {
            last - (before - 1) * INSERT.len()
        } else {
            t - before * INSERT.len()
        }
    }

    /// True when the attribute value starting at `value_start` (in `text`) was inserted here,
    /// i.e. the attribute was written without a value.
    pub fn is_inserted_value(&self, value_start: usize) -> bool {
        value_start >= 2 && self.inserts.binary_search(&(value_start - 2)).is_ok()
    }
}

/// `module_tags`: elements whose content is script, not markup (`wxs`, `fxs`, …).
pub(crate) fn prepare(source: &str, module_tags: &[String]) -> Prepared {
    let b = source.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + 64);
    let mut inserts = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            // XML forbids `--` inside a comment; pages use `<!-- ---- section ---- -->`
            // freely, so the body's dashes are blanked (the body is never read).
            match find(b, i + 4, b"-->") {
                Some(close) => {
                    out.extend_from_slice(b"<!--");
                    out.extend(
                        b[i + 4..close]
                            .iter()
                            .map(|&c| if c == b'-' { b' ' } else { c }),
                    );
                    out.extend_from_slice(b"-->");
                    i = close + 3;
                }
                None => {
                    out.extend_from_slice(&b[i..]);
                    i = b.len();
                }
            }
        } else if rest.starts_with(b"<![CDATA[") {
            let end = find(b, i + 9, b"]]>").map_or(b.len(), |p| p + 3);
            out.extend_from_slice(&b[i..end]);
            i = end;
        } else if rest.starts_with(b"</") {
            let end = b[i..]
                .iter()
                .position(|&c| c == b'>')
                .map_or(b.len(), |p| i + p + 1);
            out.extend_from_slice(&b[i..end]);
            i = end;
        } else if rest[0] == b'<' && rest.get(1).is_some_and(|&c| is_name_start(c)) {
            let tag = scan_tag(b, i, &mut out, &mut inserts);
            i = tag.end;
            if !tag.self_closing && module_tags.iter().any(|m| m.as_bytes() == tag.name) {
                // Script body: up to the matching close tag, `<` masked.
                let mut close = b"</".to_vec();
                close.extend_from_slice(tag.name);
                let end = find(b, i, &close).unwrap_or(b.len());
                mask(&b[i..end], &mut out);
                i = end;
            }
        } else if rest.starts_with(b"{{") {
            match find_mustache_end(b, i + 2) {
                Some(close) => {
                    mask(&b[i..close + 2], &mut out);
                    i = close + 2;
                }
                None => {
                    out.extend_from_slice(b"{{");
                    i += 2;
                }
            }
        } else {
            out.push(rest[0]);
            i += 1;
        }
    }
    // Only ASCII bytes were replaced by ASCII or inserted, so the bytes stay UTF-8.
    let text = String::from_utf8(out).expect("prepare only swaps and inserts ASCII bytes");
    Prepared { text, inserts }
}

struct TagScan<'a> {
    name: &'a [u8],
    end: usize,
    self_closing: bool,
}

/// Copies a start tag beginning at `b[start] == '<'`, adding values to valueless attributes
/// and masking `<` in quoted values.
fn scan_tag<'a>(
    b: &'a [u8],
    start: usize,
    out: &mut Vec<u8>,
    inserts: &mut Vec<usize>,
) -> TagScan<'a> {
    let mut i = start + 1;
    while i < b.len() && is_name_char(b[i]) {
        i += 1;
    }
    let name = &b[start + 1..i];
    out.extend_from_slice(&b[start..i]);
    while i < b.len() {
        let c = b[i];
        if c == b'>' {
            out.push(c);
            return TagScan {
                name,
                end: i + 1,
                self_closing: false,
            };
        }
        if c == b'/' && b.get(i + 1) == Some(&b'>') {
            out.extend_from_slice(b"/>");
            return TagScan {
                name,
                end: i + 2,
                self_closing: true,
            };
        }
        if !is_name_start(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let name_start = i;
        while i < b.len() && is_name_char(b[i]) {
            i += 1;
        }
        out.extend_from_slice(&b[name_start..i]);
        let mut k = i;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        if b.get(k) != Some(&b'=') {
            inserts.push(out.len());
            out.extend_from_slice(INSERT);
            continue;
        }
        k += 1;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        out.extend_from_slice(&b[i..k]);
        i = k;
        if let Some(&q) = b.get(i).filter(|&&q| q == b'"' || q == b'\'') {
            let end = b[i + 1..]
                .iter()
                .position(|&c| c == q)
                .map_or(b.len(), |p| i + 1 + p + 1);
            mask(&b[i..end], out);
            i = end;
        }
    }
    TagScan {
        name,
        end: b.len(),
        self_closing: false,
    }
}

fn mask(bytes: &[u8], out: &mut Vec<u8>) {
    out.extend(bytes.iter().map(|&c| if c == b'<' { b' ' } else { c }));
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// XML name start, ASCII part; any non-ASCII byte is accepted and left to the tokenizer.
fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b':' || c >= 0x80
}

fn is_name_char(c: u8) -> bool {
    is_name_start(c) || c.is_ascii_digit() || c == b'-' || c == b'.'
}

/// Turns byte offsets of a text into 1-based line and character column.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last answer (offset, position). Queries come mostly in source order, and a
    /// minified page is one long line: counting from here keeps that linear.
    last: std::cell::Cell<(usize, Pos)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, c)| *c == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self {
            text,
            starts,
            last: std::cell::Cell::new((0, Pos { line: 1, col: 1 })),
        }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let (last_offset, last_pos) = self.last.get();
        let (from, base) = if last_pos.line as usize == line && last_offset <= offset {
            (last_offset, last_pos.col - 1)
        } else {
            (start, 0)
        };
        let counted = self
            .text
            .get(from..offset)
            .map_or(offset - from, |s| s.chars().count());
        let pos = Pos {
            line: line as u32,
            col: base + counted as u32 + 1,
        };
        self.last.set((offset, pos));
        pos
    }

    /// The byte offset of a 1-based line and character column (clamped to the text).
    pub fn offset(&self, line: u32, col: u32) -> usize {
        let line = (line.max(1) as usize).min(self.starts.len());
        let start = self.starts[line - 1];
        let rest = &self.text[start..];
        rest.char_indices()
            .nth(col.max(1) as usize - 1)
            .map_or(self.text.len(), |(i, _)| start + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prep(s: &str) -> Prepared {
        prepare(s, &["wxs".to_string()])
    }

    #[test]
    fn valueless_attributes_get_a_value() {
        let p = prep("<button disabled type=\"x\" plain/>");
        assert_eq!(p.text, "<button disabled=\"\" type=\"x\" plain=\"\"/>");
        assert!(p.is_inserted_value(18));
        assert!(!p.is_inserted_value(27));
        // Offsets after the first insertion shift back by its length.
        assert_eq!(p.to_source(20), 17);
        assert_eq!(p.to_source(16), 16);
        assert_eq!(p.to_source(17), 16);
        assert_eq!(p.to_source(p.text.len()), 33);
    }

    #[test]
    fn masks_angle_brackets_in_expressions() {
        assert_eq!(
            prep("<a b=\"{{x < 1}}\">{{y<2}}</a>").text,
            "<a b=\"{{x   1}}\">{{y 2}}</a>"
        );
        assert_eq!(prep("<a b = 'x<y' c>").text, "<a b = 'x y' c=\"\">");
        assert_eq!(
            prep("<wxs module=\"m\">for (i=0;i<n;i++){}</wxs><b/>").text,
            "<wxs module=\"m\">for (i=0;i n;i++){}</wxs><b/>"
        );
        // Close tags and comments keep their shape; dashes in comments are blanked.
        assert_eq!(prep("<!-- <a x> --></a >").text, "<!-- <a x> --></a >");
        assert_eq!(prep("<!-- -- a --->").text, "<!--    a  -->");
    }

    #[test]
    fn line_index() {
        let text = "ab\n中文x\n";
        let li = LineIndex::new(text);
        assert_eq!(li.pos(0), Pos { line: 1, col: 1 });
        assert_eq!(li.pos(3), Pos { line: 2, col: 1 });
        assert_eq!(li.pos(9), Pos { line: 2, col: 3 });
        assert_eq!(li.pos(6), Pos { line: 2, col: 2 });
        assert_eq!(li.pos(10), Pos { line: 2, col: 4 });
        assert_eq!(li.pos(1), Pos { line: 1, col: 2 });
        assert_eq!(li.offset(2, 3), 9);
        assert_eq!(li.pos(text.len()), Pos { line: 3, col: 1 });
    }
}
