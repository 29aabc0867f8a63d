//! Inline content of one paragraph: the text of adjacent text nodes and inline elements after
//! CSS white-space processing, split into spans that each carry one text node's style.
//!
//! It does not decide which nodes share a paragraph (`build.rs`) or shape (`text.rs`).

use fc_style::{Color, ComputedStyle, Visibility, WhiteSpace};
use fc_view::NodeId;

/// Text decorations in force on a span, with the colour of the element that set each
/// (CSS draws an element's decoration across its inline descendants and in-flow blocks).
/// Shared, and nothing when no line is drawn, as for nearly all text: every element's
/// layout entry and every span keeps the set it was built with.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decor(Option<std::rc::Rc<DecorLines>>);

/// The colour of each decoration line drawn (see [`Decor`]).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DecorLines {
    pub underline: Option<[f32; 4]>,
    pub overline: Option<[f32; 4]>,
    pub line_through: Option<[f32; 4]>,
}

impl Decor {
    /// Adds an element's own `text-decoration` to what its ancestors propagate.
    pub fn with(&self, d: &fc_style::TextDecoration) -> Decor {
        if !(d.line.underline || d.line.overline || d.line.line_through) {
            return self.clone();
        }
        let c = rgba(d.color);
        let mut lines = self.lines();
        if d.line.underline {
            lines.underline = Some(c);
        }
        if d.line.overline {
            lines.overline = Some(c);
        }
        if d.line.line_through {
            lines.line_through = Some(c);
        }
        Decor(Some(std::rc::Rc::new(lines)))
    }

    /// The lines drawn, with their colours.
    pub fn lines(&self) -> DecorLines {
        self.0.as_deref().copied().unwrap_or_default()
    }

    pub fn any(&self) -> bool {
        self.0.is_some()
    }
}

pub fn rgba(c: Color) -> [f32; 4] {
    [c.r, c.g, c.b, c.a]
}

/// What shaping a span depends on; a change means reshaping the paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanAttrs {
    pub font_size: f32,
    pub line_height: f32,
    pub weight: u16,
    pub italic: bool,
    /// A family the font system has; `None` = the default sans-serif.
    pub family: Option<String>,
    /// px.
    pub letter_spacing: f32,
    /// Which lines to ask cosmic-text for (it reports their font metrics per glyph run).
    pub underline: bool,
    pub overline: bool,
    pub line_through: bool,
}

/// What painting a span depends on; a change needs no reshaping.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanPaint {
    /// The text node the span shows.
    pub node: NodeId,
    pub color: [f32; 4],
    pub visible: bool,
    pub decor: Decor,
}

/// One text node's part of a paragraph.
#[derive(Debug, Clone)]
pub struct Span {
    pub text: String,
    pub attrs: SpanAttrs,
    pub paint: SpanPaint,
}

/// Collects one paragraph's spans, collapsing white space across span boundaries.
/// One per paragraph under construction, owned by the tree builder.
/// A paragraph's spans: nearly every paragraph has one, kept inline.
pub type Spans = smallvec::SmallVec<[Span; 1]>;

/// A paragraph's text nodes: inline up to two.
pub type Members = smallvec::SmallVec<[NodeId; 2]>;

pub struct Collector {
    /// Inline for the usual one span (see `Spans`).
    pub spans: Spans,
    /// Every text node pushed, in order, whether or not any of its text survived.
    pub members: Members,
    /// The previous character is collapsible white space, or nothing precedes on the line:
    /// a collapsible space here is dropped.
    space_before: bool,
    /// The last character kept is a collapsible space (dropped at a line's end).
    trailing_space: bool,
}

impl Collector {
    /// `at_start`: the paragraph starts here (leading spaces are trimmed); false after an
    /// atomic inline box, whose neighbouring spaces CSS keeps.
    pub fn new(at_start: bool) -> Collector {
        Collector {
            spans: Spans::new(),
            members: Members::new(),
            space_before: at_start,
            trailing_space: false,
        }
    }

    /// Appends a text node. `forced_breaks`: the node is inside a `<text>` component, where
    /// `\n` always breaks the line (components.md), whatever `white-space` says.
    pub fn push_text(
        &mut self,
        node: NodeId,
        raw: &str,
        style: &ComputedStyle,
        forced_breaks: bool,
        attrs: SpanAttrs,
        decor: &Decor,
    ) {
        self.members.push(node);
        let (collapse, keep_newlines) = match style.white_space {
            WhiteSpace::Normal | WhiteSpace::NoWrap => (true, forced_breaks),
            WhiteSpace::PreLine => (true, true),
            WhiteSpace::Pre | WhiteSpace::PreWrap => (false, true),
        };
        let mut out = String::with_capacity(raw.len());
        for ch in raw.chars() {
            if ch == '\r' {
                continue;
            }
            if ch == '\n' && keep_newlines {
                if collapse {
                    self.pop_trailing_space(&mut out);
                }
                out.push('\n');
                self.space_before = collapse;
                self.trailing_space = false;
            } else if collapse && matches!(ch, ' ' | '\t' | '\n') {
                if !self.space_before {
                    out.push(' ');
                    self.space_before = true;
                    self.trailing_space = true;
                }
            } else {
                out.push(ch);
                self.space_before = false;
                self.trailing_space = false;
            }
        }
        self.spans.push(Span {
            text: out,
            attrs,
            paint: SpanPaint {
                node,
                color: rgba(style.color),
                visible: style.visibility == Visibility::Visible,
                decor: decor.clone(),
            },
        });
    }

    /// Removes the collapsible space that ends the text so far (from `out`, the span being
    /// built, or from earlier spans).
    fn pop_trailing_space(&mut self, out: &mut String) {
        if !self.trailing_space {
            return;
        }
        self.trailing_space = false;
        if out.ends_with(' ') {
            out.pop();
            return;
        }
        if !out.is_empty() {
            return;
        }
        for s in self.spans.iter_mut().rev() {
            if s.text.is_empty() {
                continue;
            }
            if s.text.ends_with(' ') {
                s.text.pop();
            }
            return;
        }
    }

    /// Ends the paragraph: `trim_end` drops a final collapsible space (not before an atomic
    /// inline box). Returns the members and the non-empty spans.
    pub fn finish(mut self, trim_end: bool) -> (Members, Spans) {
        if trim_end {
            let mut none = String::new();
            self.pop_trailing_space(&mut none);
        }
        let mut spans = self.spans;
        spans.retain(|s| !s.text.is_empty());
        (self.members, spans)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs() -> SpanAttrs {
        SpanAttrs {
            font_size: 16.0,
            line_height: 20.0,
            weight: 400,
            italic: false,
            family: None,
            letter_spacing: 0.0,
            underline: false,
            overline: false,
            line_through: false,
        }
    }

    fn collect(parts: &[(&str, WhiteSpace, bool)]) -> Vec<String> {
        let mut c = Collector::new(true);
        let tree = fc_view::Tree::new();
        let id = tree.root();
        for (text, ws, forced) in parts {
            let style = ComputedStyle {
                white_space: *ws,
                ..Default::default()
            };
            c.push_text(id, text, &style, *forced, attrs(), &Decor::default());
        }
        c.finish(true).1.into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn spaces_collapse_across_spans_and_trim_at_the_ends() {
        let n = WhiteSpace::Normal;
        assert_eq!(
            collect(&[("  Hello ", n, false), ("  world  ", n, false)]),
            ["Hello ", "world"]
        );
        assert_eq!(collect(&[("a\n\t b", n, false)]), ["a b"]);
    }

    #[test]
    fn newlines_per_white_space_mode() {
        assert_eq!(
            collect(&[(" a  \n  b ", WhiteSpace::PreLine, false)]),
            ["a\nb"]
        );
        assert_eq!(
            collect(&[(" a  \n b", WhiteSpace::Pre, false)]),
            [" a  \n b"]
        );
        assert_eq!(collect(&[("a \n b", WhiteSpace::Normal, true)]), ["a\nb"]);
    }
}
