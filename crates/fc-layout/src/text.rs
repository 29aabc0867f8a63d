//! One paragraph's shaped text: a cosmic-text `Buffer` holding every span of the paragraph
//! (one span per text node), what it was shaped from, and where each span ended up.

use crate::inline::{Span, SpanAttrs, SpanPaint};
use cosmic_text::{
    Align, Attrs, Buffer, Ellipsize, EllipsizeHeightLimit, Family, FontSystem, Metrics, Shaping,
    Style, UnderlineStyle, Weight, Wrap,
};
use fc_style::{ComputedStyle, LineHeight, TextAlign};
use fc_view::NodeId;

/// `line-height: normal` for the bundled Noto Sans: its ascender plus descender
/// (1.069 + 0.293 em), which is what browsers use for `normal`.
const NORMAL_LINE_HEIGHT: f32 = 1.362;
/// The bundled Noto Sans's ascender, em: where a span's content area starts above the
/// baseline (other fonts are measured as if they had Noto's metrics).
const ASCENT: f32 = 1.069;

/// Put before the first span to make `text-indent`: a default-ignorable character that
/// shapes to a zero-width glyph and forbids a line break after it; letter spacing gives it
/// the indent's width.
const INDENT_CHAR: &str = "\u{2060}";

pub fn line_height_px(style: &ComputedStyle) -> f32 {
    match style.line_height {
        LineHeight::Normal => style.font_size * NORMAL_LINE_HEIGHT,
        LineHeight::Number(n) => style.font_size * n,
        LineHeight::Px(px) => px,
    }
}

/// Properties of the block that holds the paragraph (the container's style).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BlockProps {
    /// The strut: every line is at least this tall.
    pub font_size: f32,
    pub line_height: f32,
    pub align: TextAlign,
    pub wrap: bool,
    /// `word-break: break-all`: break between any two characters.
    pub break_all: bool,
    /// `overflow-wrap: break-word`/`anywhere`: break a word only when it fits no line.
    pub break_word: bool,
    /// Show at most this many lines, the last ending in "…" when text was cut.
    pub ellipsis_lines: Option<usize>,
    /// `text-indent`: px plus percent of the paragraph's width.
    pub indent_px: f32,
    pub indent_percent: f32,
}

/// One decoration line of one span on one line, in window logical px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecorationLine {
    /// Index of the span (text node) it belongs to.
    pub span: usize,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub thickness: f32,
    pub color: [f32; 4],
}

/// The shaped text of one paragraph. One per paragraph, owned by the `Layouter`, keyed by
/// the paragraph's first text node; kept across layouts and reshaped only when its spans'
/// text or shaping attributes, its block properties or its width change.
#[derive(Default)]
pub struct TextBox {
    key: (Vec<(String, SpanAttrs)>, BlockProps),
    paint: Vec<SpanPaint>,
    pending: bool,
    buffer: Option<Buffer>,
    width: Option<f32>,
    /// Indent applied at the last shaping, px; NaN when none was.
    indent: f32,
    /// Bytes of line 0 taken by the indent character (0 when there is no indent).
    indent_bytes: usize,
    /// Window position of the buffer's origin (the paragraph box's top-left), logical px.
    origin: [f32; 2],
    /// Per span: glyph bounding box relative to the origin, `None` when nothing shows.
    span_rects: Vec<Option<[f32; 4]>>,
    /// Relative to the origin.
    decorations: Vec<DecorationLine>,
    /// How many times the text was (re)shaped: tests check reshaping stays incremental.
    shapes: u32,
    /// `span_rects` and `decorations` describe the buffer as it is: `finish` at the same
    /// width only moves the origin.
    fresh: bool,
}

impl TextBox {
    /// Records what to show; shaping happens at the next measure. True when the text or
    /// its shaping changed (its measurements are stale); a change of paint alone is false.
    pub fn set(&mut self, spans: Vec<Span>, block: BlockProps) -> bool {
        let mut key = Vec::with_capacity(spans.len());
        let mut paint = Vec::with_capacity(spans.len());
        for s in spans {
            key.push((s.text, s.attrs));
            paint.push(s.paint);
        }
        let key = (key, block);
        let reshape = key != self.key || self.buffer.is_none();
        if reshape {
            self.key = key;
            self.pending = true;
            self.fresh = false;
        }
        if paint != self.paint {
            self.fresh = false;
            self.paint = paint;
        }
        reshape
    }

    /// The `text-indent` for a paragraph `width` wide, px.
    fn indent_at(&self, width: Option<f32>) -> f32 {
        let block = &self.key.1;
        block.indent_px + block.indent_percent / 100.0 * width.unwrap_or(0.0)
    }

    fn ensure(&mut self, fonts: &mut FontSystem, width: Option<f32>) -> &mut Buffer {
        let block = &self.key.1;
        let strut = Metrics::new(block.font_size.max(0.1), block.line_height.max(0.1));
        let indent = self.indent_at(width);
        // Empty: `Buffer::new` would shape an empty line first; a new buffer is always given
        // its text below.
        if self.buffer.is_none() {
            self.pending = true;
        }
        let buffer = self.buffer.get_or_insert_with(|| Buffer::new_empty(strut));
        if self.pending || indent != self.indent {
            self.fresh = false;
            buffer.set_metrics(strut);
            buffer.set_wrap(if !block.wrap {
                Wrap::None
            } else if block.break_all {
                Wrap::Glyph
            } else if block.break_word {
                Wrap::WordOrGlyph
            } else {
                Wrap::Word
            });
            buffer.set_ellipsize(match block.ellipsis_lines {
                Some(n) => Ellipsize::End(EllipsizeHeightLimit::Lines(n)),
                None => Ellipsize::None,
            });
            let mut rich: Vec<(&str, Attrs)> = Vec::with_capacity(self.key.0.len() + 1);
            self.indent_bytes = 0;
            if indent != 0.0 {
                if let Some((_, first)) = self.key.0.first() {
                    let size = first.font_size.max(0.1);
                    let attrs = attrs_of(first, 0, block).letter_spacing(indent / size);
                    rich.push((INDENT_CHAR, attrs));
                    self.indent_bytes = INDENT_CHAR.len();
                }
            }
            for (i, (text, a)) in self.key.0.iter().enumerate() {
                rich.push((text.as_str(), attrs_of(a, i, block)));
            }
            let align = match block.align {
                TextAlign::Center => Align::Center,
                TextAlign::Right | TextAlign::End => Align::Right,
                TextAlign::Justify => Align::Justified,
                TextAlign::Left | TextAlign::Start => Align::Left,
            };
            buffer.set_rich_text(rich, &Attrs::new(), Shaping::Advanced, Some(align));
            self.shapes += 1;
            self.pending = false;
            self.indent = indent;
            self.width = Some(f32::NAN);
        }
        if self.width != Some(width.unwrap_or(f32::INFINITY)) {
            self.fresh = false;
            buffer.set_size(width, None);
            self.width = Some(width.unwrap_or(f32::INFINITY));
        }
        buffer.shape_until_scroll(fonts, false);
        buffer
    }

    /// Size of the text wrapped at `width` (None: no wrapping).
    pub fn measure(&mut self, fonts: &mut FontSystem, width: Option<f32>) -> (f32, f32) {
        let buffer = self.ensure(fonts, width);
        let mut w: f32 = 0.0;
        let mut h: f32 = 0.0;
        for run in buffer.layout_runs() {
            w = w.max(run.line_w);
            h += run.line_height;
        }
        (w.ceil(), h)
    }

    /// Lays the text out at its final box width and records where each span landed. False
    /// when nothing changed since the last call (same text, paint, width and origin).
    pub fn finish(&mut self, fonts: &mut FontSystem, width: f32, origin: [f32; 2]) -> bool {
        // A hair of slack: the width came from measuring this very text.
        self.finish_at(fonts, Some(width + 0.01), origin)
    }

    /// `finish` again at the last width and origin, for a change of paint only (the text
    /// and its box are what they were).
    pub fn refinish(&mut self, fonts: &mut FontSystem) -> bool {
        match self.width {
            Some(w) if w.is_finite() => self.finish_at(fonts, Some(w), self.origin),
            _ => false,
        }
    }

    fn finish_at(&mut self, fonts: &mut FontSystem, width: Option<f32>, origin: [f32; 2]) -> bool {
        let laid_out = self.fresh
            && self.buffer.is_some()
            && !self.pending
            && self.indent_at(width) == self.indent
            && self.width == width;
        if laid_out {
            let moved = self.origin != origin;
            self.origin = origin;
            return moved;
        }
        self.ensure(fonts, width);
        self.fresh = true;
        self.origin = origin;
        self.span_rects = vec![None; self.paint.len()];
        self.decorations.clear();
        let Some(buffer) = &self.buffer else {
            return true;
        };
        for run in buffer.layout_runs() {
            for g in run.glyphs {
                if run.line_i == 0 && g.start < self.indent_bytes {
                    continue;
                }
                let Some(slot) = self.span_rects.get_mut(g.metadata) else {
                    continue;
                };
                // An inline box's extent is its content area (ascent + descent around the
                // baseline), not the line box, as browsers report it.
                let r = [
                    g.x,
                    run.line_y - ASCENT * g.font_size,
                    g.w,
                    NORMAL_LINE_HEIGHT * g.font_size,
                ];
                *slot = Some(match *slot {
                    None => r,
                    Some(u) => union(u, r),
                });
            }
            for d in run.decorations {
                let glyphs = &run.glyphs[d.glyph_range.clone()];
                // Split cosmic-text's span (same decoration) by text node, so each line is
                // painted with its own node.
                let mut start = 0;
                while start < glyphs.len() {
                    let span = glyphs[start].metadata;
                    let mut end = start;
                    while end < glyphs.len() && glyphs[end].metadata == span {
                        end += 1;
                    }
                    let part = &glyphs[start..end];
                    let x0 = part.iter().map(|g| g.x).fold(f32::INFINITY, f32::min);
                    let x1 = part
                        .iter()
                        .map(|g| g.x + g.w)
                        .fold(f32::NEG_INFINITY, f32::max);
                    if let Some(p) = self.paint.get(span) {
                        let fs = d.font_size;
                        let data = &d.data;
                        let ul = (data.underline_metrics.thickness * fs).max(1.0);
                        let st = (data.strikethrough_metrics.thickness * fs).max(1.0);
                        let lines = [
                            (
                                p.decor.underline,
                                run.line_y - data.underline_metrics.offset * fs,
                                ul,
                            ),
                            (
                                p.decor.line_through,
                                run.line_y - data.strikethrough_metrics.offset * fs,
                                st,
                            ),
                            (
                                p.decor.overline,
                                (run.line_y - data.ascent * fs).max(run.line_top),
                                ul,
                            ),
                        ];
                        for (color, y, thickness) in lines {
                            if let Some(color) = color {
                                self.decorations.push(DecorationLine {
                                    span,
                                    x: x0,
                                    y,
                                    w: x1 - x0,
                                    thickness,
                                    color,
                                });
                            }
                        }
                    }
                    start = end;
                }
            }
        }
        true
    }

    pub fn buffer(&self) -> Option<&Buffer> {
        self.buffer.as_ref()
    }

    /// Where the buffer's (0, 0) is in the window, logical px.
    pub fn origin(&self) -> [f32; 2] {
        self.origin
    }

    /// The text node each span shows, in span order.
    pub fn span_nodes(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.paint.iter().map(|p| p.node)
    }

    /// The colour of span `span`'s glyphs.
    pub fn span_color(&self, span: usize) -> [f32; 4] {
        self.paint.get(span).map(|p| p.color).unwrap_or([0.0; 4])
    }

    /// The glyphs of span `span` with their line's baseline (relative to the origin); none
    /// when the span is `visibility: hidden`. Glyph metadata is the span index.
    pub fn span_glyphs(
        &self,
        span: usize,
    ) -> impl Iterator<Item = (&cosmic_text::LayoutGlyph, f32)> + '_ {
        let visible = self.paint.get(span).is_some_and(|p| p.visible);
        self.buffer
            .iter()
            .filter(move |_| visible)
            .flat_map(|b| b.layout_runs())
            .flat_map(move |run| {
                let y = run.line_y;
                run.glyphs
                    .iter()
                    .filter(move |g| g.metadata == span)
                    .map(move |g| (g, y))
            })
    }

    /// Decoration lines of span `span`, in window logical px.
    pub fn span_decorations(&self, span: usize) -> impl Iterator<Item = DecorationLine> + '_ {
        let [ox, oy] = self.origin;
        let visible = self.paint.get(span).is_some_and(|p| p.visible);
        self.decorations
            .iter()
            .filter(move |d| visible && d.span == span)
            .map(move |d| DecorationLine {
                x: d.x + ox,
                y: d.y + oy,
                ..*d
            })
    }

    /// Every decoration line, in window logical px.
    pub fn decorations(&self) -> impl Iterator<Item = DecorationLine> + '_ {
        (0..self.paint.len()).flat_map(|s| self.span_decorations(s))
    }

    /// Span `span`'s glyph bounding box (union over its lines, content areas tall) in window
    /// logical px, rounded to whole px as taffy rounds boxes.
    pub fn span_rect(&self, span: usize) -> Option<[f32; 4]> {
        let [x, y, w, h] = (*self.span_rects.get(span)?)?;
        let (x0, y0) = ((self.origin[0] + x).round(), (self.origin[1] + y).round());
        let (x1, y1) = (
            (self.origin[0] + x + w).round(),
            (self.origin[1] + y + h).round(),
        );
        Some([x0, y0, x1 - x0, y1 - y0])
    }

    /// How many times this paragraph's text was set and shaped.
    pub fn shape_count(&self) -> u32 {
        self.shapes
    }

    /// Number of laid-out lines.
    pub fn line_count(&self) -> usize {
        self.buffer.as_ref().map_or(0, |b| b.layout_runs().count())
    }

    /// The text as laid out, lines joined by `\n` (an ellipsis shows as "…").
    pub fn laid_out_text(&self) -> String {
        let Some(b) = &self.buffer else {
            return String::new();
        };
        let mut lines = Vec::new();
        for run in b.layout_runs() {
            let mut s = String::new();
            for g in run.glyphs {
                if run.line_i == 0 && g.start < self.indent_bytes {
                    continue;
                }
                match run.text.get(g.start..g.end) {
                    Some(t) if !is_ellipsis(g) => s.push_str(t),
                    _ => s.push('…'),
                }
            }
            lines.push(s);
        }
        lines.join("\n")
    }
}

/// cosmic-text marks nothing on the "…" glyph it inserts, but gives it an empty cluster
/// (at the cut).
fn is_ellipsis(g: &cosmic_text::LayoutGlyph) -> bool {
    g.start == g.end
}

fn union(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    let x0 = a[0].min(b[0]);
    let y0 = a[1].min(b[1]);
    let x1 = (a[0] + a[2]).max(b[0] + b[2]);
    let y1 = (a[1] + a[3]).max(b[1] + b[3]);
    [x0, y0, x1 - x0, y1 - y0]
}

fn attrs_of<'a>(a: &'a SpanAttrs, metadata: usize, block: &BlockProps) -> Attrs<'a> {
    let family = match &a.family {
        Some(name) => Family::Name(name),
        None => Family::SansSerif,
    };
    let mut attrs = Attrs::new()
        .family(family)
        .weight(Weight(a.weight))
        .style(if a.italic {
            Style::Italic
        } else {
            Style::Normal
        })
        .metadata(metadata);
    if a.font_size != block.font_size || a.line_height > block.line_height {
        // The line box is at least the strut's height (CSS); cosmic-text takes a line's
        // height from its tallest glyph metrics.
        attrs = attrs.metrics(Metrics::new(
            a.font_size.max(0.1),
            a.line_height.max(block.line_height).max(0.1),
        ));
    }
    if a.letter_spacing != 0.0 {
        attrs = attrs.letter_spacing(a.letter_spacing / a.font_size.max(0.1));
    }
    if a.underline || a.overline || a.line_through {
        let mut d = cosmic_text::TextDecoration::new();
        if a.underline {
            d.underline = UnderlineStyle::Single;
        }
        d.overline = a.overline;
        d.strikethrough = a.line_through;
        attrs.text_decoration = d;
    }
    attrs
}
