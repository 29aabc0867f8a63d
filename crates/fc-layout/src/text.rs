//! One paragraph's shaped text: a cosmic-text `Buffer` holding every span of the paragraph
//! (one span per text node), what it was shaped from, and where each span ended up.

use crate::inline::{SpanAttrs, SpanPaint, Spans};
use cosmic_text::{
    Align, Attrs, Buffer, Ellipsize, EllipsizeHeightLimit, Family, FontSystem, LayoutGlyph,
    Metrics, Shaping, Style, UnderlineStyle, Weight, Wrap,
};
use fc_style::{ComputedStyle, LineHeight, TextAlign};
use fc_view::NodeId;
use smallvec::SmallVec;
use std::ops::Range;

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

/// Which of a span's decoration lines a [`DecorationLine`] is: its colour is read from the
/// span's paint when asked for, so a colour change needs no new layout.
#[derive(Debug, Clone, Copy, PartialEq)]
enum DecorKind {
    Underline,
    LineThrough,
    Overline,
}

/// One line of a paragraph as laid out.
#[derive(Debug, Clone)]
struct LaidLine {
    /// The buffer line (text between hard breaks) it belongs to.
    line_i: usize,
    line_y: f32,
    glyphs: Range<usize>,
}

/// What a paragraph's last layout produced, kept after its cosmic-text buffer is let go: a
/// shaped buffer holds ten times as much (shaping results and scratch space), and a page
/// of 10,000 rows holds 30,000 paragraphs. Shared (see [`TextCache`]) by paragraphs of the
/// same text and attributes laid out the same way.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shaped {
    /// Inline for the usual one line (as `span_rects` for one span).
    lines: SmallVec<[LaidLine; 1]>,
    glyphs: Vec<LayoutGlyph>,
    /// Bytes of line 0 taken by the indent character.
    indent_bytes: usize,
    /// Per span: glyph bounding box relative to the origin, `None` when nothing shows.
    span_rects: SmallVec<[Option<[f32; 4]>; 1]>,
    /// Relative to the origin; colours are filled in from the paint when read.
    decorations: Vec<(DecorationLine, DecorKind)>,
    /// The width it was laid out at (`None`: unwrapped).
    width: Option<f32>,
    /// Every hard line stayed on one line, left-aligned, the widest this wide: any width at
    /// least this wide lays the text out the same way.
    single: Option<f32>,
    /// The size `measure` gives at any width it fits (with `single`).
    size: (f32, f32),
}

impl Shaped {
    /// Whether laying the text out at `width` gives this.
    fn fits(&self, width: Option<f32>) -> bool {
        self.width == width
            || self
                .single
                .is_some_and(|w| width.is_none_or(|width| width >= w))
    }
}

/// A one-line layout with its max-content and min-content sizes (see `ahead.rs`).
pub(crate) type OneLine = (std::sync::Arc<Shaped>, [(f32, f32); 2]);

/// The width a paragraph is laid out at for its min-content size (taffy's
/// `AvailableSpace::MinContent`): every break taken.
pub(crate) const MIN_CONTENT_WIDTH: f32 = 0.0;

/// A size measured at a width: (width as bits, `None` = unwrapped; width and height).
type Measured = (Option<u32>, (f32, f32));

/// The paragraph key: the spans' text and shaping attributes, and the block's properties.
/// One span inline: nearly every paragraph has one.
pub(crate) type TextKey = (SmallVec<[(String, SpanAttrs); 1]>, BlockProps);

/// Paragraphs' sizes and one-line layouts by their text and attributes, shared between
/// paragraphs that have the same: the labels, prices and buttons of a long list repeat,
/// and one shaping serves them all. One per `Layouter`; entries not used in the last two
/// layouts go once there are many.
#[derive(Default)]
pub(crate) struct TextCache {
    /// By key hash; a hash is nearly always one key's, kept inline.
    entries: std::collections::HashMap<u64, SmallVec<[CacheEntry; 1]>, rustc_hash::FxBuildHasher>,
    len: usize,
    frame: u64,
}

struct CacheEntry {
    key: std::sync::Arc<TextKey>,
    /// (width as bits, `None` = unwrapped) -> measured size.
    sizes: SmallVec<[Measured; 2]>,
    /// A one-line layout (`Shaped::single`).
    single: Option<std::sync::Arc<Shaped>>,
    used: u64,
}

impl CacheEntry {
    fn is_for(&self, key: &std::sync::Arc<TextKey>) -> bool {
        std::sync::Arc::ptr_eq(&self.key, key) || *self.key == **key
    }
}

/// Entries past which a layout drops the ones the last two did not use.
const CACHE_TRIM_AT: usize = 4096;

impl TextCache {
    /// Called once per layout.
    pub(crate) fn next_frame(&mut self) {
        self.frame += 1;
        if self.len > CACHE_TRIM_AT {
            let keep_from = self.frame.saturating_sub(2);
            let mut len = 0;
            self.entries.retain(|_, list| {
                list.retain(|e| e.used >= keep_from);
                len += list.len();
                !list.is_empty()
            });
            self.len = len;
        }
    }

    /// The entry for `key`; `key` becomes the entry's own (shared) key, so that the
    /// paragraph holds one copy of a repeated text and its next lookups compare pointers.
    fn get(&mut self, hash: u64, key: &mut std::sync::Arc<TextKey>) -> Option<&mut CacheEntry> {
        let frame = self.frame;
        let e = self
            .entries
            .get_mut(&hash)?
            .iter_mut()
            .find(|e| e.is_for(key))?;
        e.used = frame;
        if !std::sync::Arc::ptr_eq(&e.key, key) {
            *key = e.key.clone();
        }
        Some(e)
    }

    /// Whether it has an entry for `key`.
    pub(crate) fn has(&self, hash: u64, key: &std::sync::Arc<TextKey>) -> bool {
        self.entries
            .get(&hash)
            .is_some_and(|list| list.iter().any(|e| e.is_for(key)))
    }

    /// Records a one-line layout of `key` made elsewhere (see `ahead.rs`), with its
    /// max-content and min-content sizes, as `TextBox::measure` records its own.
    pub(crate) fn put_single(
        &mut self,
        hash: u64,
        key: &std::sync::Arc<TextKey>,
        shaped: std::sync::Arc<Shaped>,
        [max, min]: [(f32, f32); 2],
    ) {
        let e = self.entry(hash, key);
        for (bits, size) in [(Some(MIN_CONTENT_WIDTH.to_bits()), min), (None, max)] {
            if !e.sizes.iter().any(|(w, _)| *w == bits) {
                e.sizes.truncate(MEASURES_KEPT - 1);
                e.sizes.insert(0, (bits, size));
            }
        }
        if e.single.is_none() {
            e.single = Some(shaped);
        }
    }

    fn entry(&mut self, hash: u64, key: &std::sync::Arc<TextKey>) -> &mut CacheEntry {
        let frame = self.frame;
        let list = self.entries.entry(hash).or_default();
        let i = match list.iter().position(|e| e.is_for(key)) {
            Some(i) => i,
            None => {
                list.push(CacheEntry {
                    key: key.clone(),
                    sizes: SmallVec::new(),
                    single: None,
                    used: frame,
                });
                self.len += 1;
                list.len() - 1
            }
        };
        let e = &mut list[i];
        e.used = frame;
        e
    }
}

/// The size of a buffer's text as laid out: its widest line (rounded up to whole px, as a
/// box must hold it) and its lines' heights.
fn laid_out_size(buffer: &Buffer) -> (f32, f32) {
    let mut w: f32 = 0.0;
    let mut h: f32 = 0.0;
    for run in buffer.layout_runs() {
        w = w.max(run.line_w);
        h += run.line_height;
    }
    (w.ceil(), h)
}

/// A hash of a paragraph key (FxHash over its text and the bits of its numbers).
fn key_hash(key: &TextKey) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for (text, a) in &key.0 {
        text.hash(&mut h);
        (
            a.font_size.to_bits(),
            a.line_height.to_bits(),
            a.weight,
            a.italic,
        )
            .hash(&mut h);
        (&a.family, a.letter_spacing.to_bits()).hash(&mut h);
        (a.underline, a.overline, a.line_through).hash(&mut h);
    }
    let b = &key.1;
    (
        b.font_size.to_bits(),
        b.line_height.to_bits(),
        b.wrap,
        b.break_all,
    )
        .hash(&mut h);
    (b.break_word, b.ellipsis_lines, b.indent_px.to_bits()).hash(&mut h);
    (b.indent_percent.to_bits(), b.align as u8).hash(&mut h);
    h.finish()
}

/// A paragraph's key, shared with the text cache and the paragraphs of equal text.
struct SharedKey {
    arc: std::sync::Arc<TextKey>,
}

/// The key of a paragraph not given text yet, one for all: a paragraph is made and given
/// its text at once, and a key of its own would be an allocation thrown away.
static NO_TEXT: std::sync::LazyLock<std::sync::Arc<TextKey>> =
    std::sync::LazyLock::new(Default::default);

impl Default for SharedKey {
    fn default() -> Self {
        SharedKey {
            arc: NO_TEXT.clone(),
        }
    }
}

impl std::ops::Deref for SharedKey {
    type Target = std::sync::Arc<TextKey>;
    fn deref(&self) -> &Self::Target {
        &self.arc
    }
}

impl std::ops::DerefMut for SharedKey {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.arc
    }
}

/// How many measurements a paragraph remembers: taffy asks for max-content, min-content and
/// the final width, and asks again when it lays an ancestor out afresh.
const MEASURES_KEPT: usize = 4;

/// The shaped text of one paragraph. One per paragraph, owned by the `Layouter`, keyed by
/// the paragraph's first text node; kept across layouts and reshaped only when its spans'
/// text or shaping attributes, its block properties or its width change.
///
/// A paragraph keeps its cosmic-text `Buffer` only while it is among the last laid out
/// (see [`TextBox::release_buffer`]); what paint, hit tests and dumps read is kept in
/// `shaped`, and the sizes taffy asked for in `measures`, so a box laid out again at a
/// width it was measured at is not shaped again.
#[derive(Default)]
pub struct TextBox {
    key: SharedKey,
    /// `key_hash(&key)`.
    hash: u64,
    paint: SmallVec<[SpanPaint; 1]>,
    pending: bool,
    /// Boxed: most paragraphs have none (see `release_buffer`), and buffers move between
    /// paragraphs.
    buffer: Option<Box<Buffer>>,
    /// `buffer` came from another paragraph (see [`TextBox::lend_buffer`]): its text is
    /// set again before use, reusing its allocations.
    buffer_lent: bool,
    /// What the last layout produced (maybe shared with other paragraphs).
    shaped: Option<std::sync::Arc<Shaped>>,
    /// (width as bits, `None` = unwrapped) -> measured size, newest last.
    measures: SmallVec<[Measured; MEASURES_KEPT]>,
    /// The paint changed since the last `finish`: the text must be drawn again.
    repaint: bool,
    /// When the buffer was last kept (the `Layouter`'s count; see `Layouter::keep_buffers`).
    pub(crate) kept_at: u64,
    width: Option<f32>,
    /// Indent applied at the last shaping, px; NaN when none was.
    indent: f32,
    /// Bytes of the buffer's line 0 taken by the indent character (0 when no indent).
    indent_bytes: usize,
    /// Window position of the buffer's origin (the paragraph box's top-left), logical px.
    origin: [f32; 2],
    /// How many times the text was (re)shaped: tests check reshaping stays incremental.
    shapes: u32,
    /// The key was set at least once.
    keyed: bool,
    /// The layout (the `Layouter`'s count) that last made or measured it: its text is laid
    /// out again at its final width at the end of that layout.
    pub(crate) redo_at: u64,
    /// The build (`Layouter` frame) that last made it: a paragraph made again elsewhere in
    /// the same build is not forgotten with its old place.
    pub(crate) made_at: u64,
}

impl TextBox {
    /// Records what to show; shaping happens at the next measure. True when the text or
    /// its shaping changed (its measurements are stale); a change of paint alone is false.
    pub fn set(&mut self, spans: Spans, block: BlockProps) -> bool {
        let mut key = SmallVec::with_capacity(spans.len());
        let mut paint = SmallVec::with_capacity(spans.len());
        for s in spans {
            key.push((s.text, s.attrs));
            paint.push(s.paint);
        }
        let key = (key, block);
        let reshape = **self.key != key || !self.keyed;
        if reshape {
            self.hash = key_hash(&key);
            self.key.arc = std::sync::Arc::new(key);
            self.keyed = true;
            self.pending = true;
            self.shaped = None;
            self.measures.clear();
        }
        if paint != self.paint {
            self.repaint = true;
            self.paint = paint;
        }
        reshape
    }

    /// Its key, shared with the text cache, and the key's hash.
    pub(crate) fn shared_key(&self) -> (&std::sync::Arc<TextKey>, u64) {
        (&self.key, self.hash)
    }

    /// Shapes `key` alone, as a paragraph of node `node` with no decorations, unwrapped,
    /// reusing this paragraph's buffer (see `ahead.rs`). Returns the one-line layout and
    /// its max-content and min-content sizes, `None` when the text is not on one line.
    pub(crate) fn shape_alone(
        &mut self,
        fonts: &mut FontSystem,
        node: NodeId,
        key: std::sync::Arc<TextKey>,
        hash: u64,
    ) -> Option<OneLine> {
        let spans = key.0.len();
        self.key.arc = key;
        self.hash = hash;
        self.keyed = true;
        self.pending = true;
        self.shaped = None;
        self.measures.clear();
        self.paint.clear();
        self.paint.extend((0..spans).map(|_| SpanPaint {
            node,
            color: [0.0; 4],
            visible: true,
            decor: Default::default(),
        }));
        let size = self.measure(fonts, None, None);
        let shaped = self.shaped.clone().filter(|s| s.single.is_some())?;
        // taffy asks for the min-content size too (flex items' automatic minimum size):
        // laid out again, not shaped again.
        let min = self.measure(fonts, Some(MIN_CONTENT_WIDTH), None);
        Some((shaped, [size, min]))
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
        if self.buffer.is_none() || self.buffer_lent {
            self.pending = true;
            self.buffer_lent = false;
        }
        let buffer = self
            .buffer
            .get_or_insert_with(|| Box::new(Buffer::new_empty(strut)));
        if self.pending || indent != self.indent {
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
            // Inline: a paragraph has a span or two, and every new text is shaped here.
            let mut rich: SmallVec<[(&str, Attrs); 2]> = SmallVec::new();
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
            buffer.set_size(width, None);
            self.width = Some(width.unwrap_or(f32::INFINITY));
        }
        buffer.shape_until_scroll(fonts, false);
        buffer
    }

    /// Size of the text wrapped at `width` (None: no wrapping).
    pub(crate) fn measure(
        &mut self,
        fonts: &mut FontSystem,
        width: Option<f32>,
        mut cache: Option<&mut TextCache>,
    ) -> (f32, f32) {
        let bits = width.map(f32::to_bits);
        if let Some((_, size)) = self.measures.iter().find(|(w, _)| *w == bits) {
            return *size;
        }
        // Laid out on one line (here, or by a paragraph of the same text): the same at any
        // width at least as wide. Answered without the shared cache, whose lookups were a
        // tenth of laying out new rows.
        if let Some(size) = self
            .shaped
            .as_ref()
            .filter(|s| s.single.is_some() && s.fits(width))
            .map(|s| s.size)
        {
            self.remember(bits, size);
            return size;
        }
        // Another paragraph of the same text measured it.
        if let Some(e) = cache
            .as_deref_mut()
            .and_then(|c| c.get(self.hash, &mut self.key))
        {
            // Its one-line layout is this paragraph's too (`finish_at` would take it): kept,
            // so that the next widths asked for, and the final one, need no lookup.
            if self.shaped.is_none() {
                self.shaped.clone_from(&e.single);
            }
            let single = e.single.as_ref().filter(|s| s.fits(width)).map(|s| s.size);
            let known = e.sizes.iter().find(|(w, _)| *w == bits).map(|(_, s)| *s);
            if let Some(size) = known.or(single) {
                self.remember(bits, size);
                return size;
            }
        }
        self.ensure(fonts, width);
        let Some(buffer) = &self.buffer else {
            return (0.0, 0.0);
        };
        let size = laid_out_size(buffer);
        let single = self.single_line(buffer);
        self.remember(bits, size);
        // Text on one line is laid out the same at any wider width: keep this layout, so
        // that `finish` at the box's final width need not lay the text out again (nor hold
        // the buffer until then).
        if single {
            self.capture(width);
        }
        if let Some(c) = cache {
            let e = c.entry(self.hash, &self.key);
            if !e.sizes.iter().any(|(w, _)| *w == bits) {
                e.sizes.truncate(MEASURES_KEPT - 1);
                e.sizes.insert(0, (bits, size));
            }
            if let Some(s) = self.shaped.as_ref().filter(|s| s.single.is_some()) {
                e.single = Some(s.clone());
            }
        }
        size
    }

    fn remember(&mut self, bits: Option<u32>, size: (f32, f32)) {
        if self.measures.len() == MEASURES_KEPT {
            self.measures.remove(0);
        }
        self.measures.push((bits, size));
    }

    /// Its last layout kept every line whole (see `single_line`): any width at least that
    /// wide lays it out the same way.
    pub(crate) fn on_one_line(&self) -> bool {
        self.shaped.as_ref().is_some_and(|s| s.single.is_some())
    }

    /// Lets the shaped buffer go; what was laid out stays. The next layout at a width not
    /// measured before (and not covered by a one-line layout) shapes the text again.
    /// Fields keep theirs (caret and selection read it).
    pub fn release_buffer(&mut self) -> Option<Box<Buffer>> {
        if self.pending {
            return None;
        }
        self.buffer_lent = false;
        self.buffer.take()
    }

    /// Gives the paragraph a buffer another one let go, to shape its text in (if it needs
    /// one): shaping into it reuses its lines' allocations.
    pub(crate) fn lend_buffer(&mut self, buffer: Box<Buffer>) -> Option<Box<Buffer>> {
        if self.buffer.is_some() {
            return Some(buffer);
        }
        self.buffer = Some(buffer);
        self.buffer_lent = true;
        None
    }

    /// Takes back a lent buffer the paragraph did not shape in (its measurement was
    /// remembered).
    pub(crate) fn unused_lent_buffer(&mut self) -> Option<Box<Buffer>> {
        if !self.buffer_lent {
            return None;
        }
        self.buffer_lent = false;
        self.buffer.take()
    }

    /// Holds a buffer shaped with its own text.
    pub(crate) fn has_buffer(&self) -> bool {
        self.buffer.is_some() && !self.buffer_lent
    }

    /// Lays the text out at its final box width and records where each span landed. False
    /// when nothing changed since the last call (same text, paint, width and origin).
    pub(crate) fn finish(
        &mut self,
        fonts: &mut FontSystem,
        width: f32,
        origin: [f32; 2],
        cache: Option<&mut TextCache>,
    ) -> bool {
        // A hair of slack: the width came from measuring this very text.
        self.finish_at(fonts, Some(width + 0.01), origin, cache)
    }

    /// `finish` again at the last width and origin, for a change of paint only (the text
    /// and its box are what they were).
    pub fn refinish(&mut self, fonts: &mut FontSystem) -> bool {
        match self.shaped.as_ref().map(|s| s.width) {
            Some(w) => self.finish_at(fonts, w, self.origin, None),
            None => std::mem::take(&mut self.repaint),
        }
    }

    /// Whether the buffer, as laid out, keeps every hard line on one line, left-aligned,
    /// so that any width at least as wide lays it out the same way.
    fn single_line(&self, buffer: &Buffer) -> bool {
        let block = &self.key.1;
        if !matches!(block.align, TextAlign::Left | TextAlign::Start) || block.indent_percent != 0.0
        {
            return false;
        }
        let mut runs = 0;
        for run in buffer.layout_runs() {
            runs += 1;
            if run.rtl
                || run
                    .glyphs
                    .iter()
                    .any(|g| is_ellipsis(g) || g.level.is_rtl())
            {
                return false;
            }
        }
        runs == buffer.lines.len()
    }

    fn finish_at(
        &mut self,
        fonts: &mut FontSystem,
        width: Option<f32>,
        origin: [f32; 2],
        mut cache: Option<&mut TextCache>,
    ) -> bool {
        let repaint = std::mem::take(&mut self.repaint);
        if self.shaped.as_ref().is_some_and(|s| s.fits(width)) {
            let moved = self.origin != origin;
            self.origin = origin;
            return moved || repaint;
        }
        self.origin = origin;
        // Another paragraph of the same text laid it out on one line.
        let shared = cache
            .as_deref_mut()
            .and_then(|c| c.get(self.hash, &mut self.key))
            .and_then(|e| e.single.clone())
            .filter(|s| s.fits(width));
        if let Some(s) = shared {
            self.shaped = Some(s);
            return true;
        }
        self.ensure(fonts, width);
        self.capture(width);
        if let (Some(c), Some(s)) = (cache, self.shaped.as_ref()) {
            if s.single.is_some() {
                c.entry(self.hash, &self.key).single = Some(s.clone());
            }
        }
        true
    }

    /// Records the buffer's layout (at `width`) as `shaped`, with each span's box and
    /// decoration lines.
    fn capture(&mut self, width: Option<f32>) {
        let Some(buffer) = &self.buffer else {
            return;
        };
        let size = laid_out_size(buffer);
        let single = if self.single_line(buffer) {
            Some(buffer.layout_runs().map(|r| r.line_w).fold(0.0, f32::max))
        } else {
            None
        };
        let mut laid = Shaped {
            width,
            single,
            size,
            indent_bytes: self.indent_bytes,
            span_rects: smallvec::smallvec![None; self.paint.len()],
            ..Shaped::default()
        };
        for run in buffer.layout_runs() {
            let start = laid.glyphs.len();
            laid.glyphs.extend_from_slice(run.glyphs);
            laid.lines.push(LaidLine {
                line_i: run.line_i,
                line_y: run.line_y,
                glyphs: start..laid.glyphs.len(),
            });
            for g in run.glyphs {
                if run.line_i == 0 && g.start < self.indent_bytes {
                    continue;
                }
                let Some(slot) = laid.span_rects.get_mut(g.metadata) else {
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
                                DecorKind::Underline,
                                run.line_y - data.underline_metrics.offset * fs,
                                ul,
                            ),
                            (
                                DecorKind::LineThrough,
                                run.line_y - data.strikethrough_metrics.offset * fs,
                                st,
                            ),
                            (
                                DecorKind::Overline,
                                (run.line_y - data.ascent * fs).max(run.line_top),
                                ul,
                            ),
                        ];
                        for (kind, y, thickness) in lines {
                            if let Some(color) = decor_color(p, kind) {
                                let line = DecorationLine {
                                    span,
                                    x: x0,
                                    y,
                                    w: x1 - x0,
                                    thickness,
                                    color,
                                };
                                laid.decorations.push((line, kind));
                            }
                        }
                    }
                    start = end;
                }
            }
        }
        self.shaped = Some(std::sync::Arc::new(laid));
    }

    /// The shaped buffer, while there is one: a field's always, a paragraph's only during
    /// its layout.
    pub fn buffer(&self) -> Option<&Buffer> {
        self.buffer.as_deref()
    }

    /// The laid-out lines with their glyphs.
    fn lines(&self) -> impl Iterator<Item = (&LaidLine, &[LayoutGlyph])> + '_ {
        self.shaped.iter().flat_map(|l| {
            l.lines
                .iter()
                .map(move |line| (line, l.glyphs.get(line.glyphs.clone()).unwrap_or(&[])))
        })
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
        self.lines()
            .filter(move |_| visible)
            .flat_map(move |(line, glyphs)| {
                let y = line.line_y;
                glyphs
                    .iter()
                    .filter(move |g| g.metadata == span)
                    .map(move |g| (g, y))
            })
    }

    /// Decoration lines of span `span`, in window logical px.
    pub fn span_decorations(&self, span: usize) -> impl Iterator<Item = DecorationLine> + '_ {
        let [ox, oy] = self.origin;
        let paint = self.paint.get(span).filter(|p| p.visible);
        self.shaped
            .iter()
            .flat_map(|s| s.decorations.iter())
            .filter(move |(d, _)| d.span == span)
            .filter_map(move |(d, kind)| {
                Some(DecorationLine {
                    x: d.x + ox,
                    y: d.y + oy,
                    color: decor_color(paint?, *kind)?,
                    ..*d
                })
            })
    }

    /// Every decoration line, in window logical px.
    pub fn decorations(&self) -> impl Iterator<Item = DecorationLine> + '_ {
        (0..self.paint.len()).flat_map(|s| self.span_decorations(s))
    }

    /// Span `span`'s glyph bounding box (union over its lines, content areas tall) in window
    /// logical px, rounded to whole px as taffy rounds boxes.
    pub fn span_rect(&self, span: usize) -> Option<[f32; 4]> {
        let [x, y, w, h] = (*self.shaped.as_ref()?.span_rects.get(span)?)?;
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
        self.shaped.as_ref().map_or(0, |l| l.lines.len())
    }

    /// The text as laid out, lines joined by `\n` (an ellipsis shows as "…").
    pub fn laid_out_text(&self) -> String {
        let Some(laid) = &self.shaped else {
            return String::new();
        };
        // The buffer's text, split into its lines as cosmic-text splits it (a glyph's
        // `start..end` indexes its line's text).
        let mut full = String::new();
        if laid.indent_bytes > 0 {
            full.push_str(INDENT_CHAR);
        }
        for (text, _) in &self.key.0 {
            full.push_str(text);
        }
        let texts: Vec<&str> = cosmic_text::BidiParagraphs::new(&full).collect();
        let mut lines = Vec::new();
        for (line, glyphs) in self.lines() {
            let text = texts.get(line.line_i).copied().unwrap_or("");
            let mut s = String::new();
            for g in glyphs {
                if line.line_i == 0 && g.start < laid.indent_bytes {
                    continue;
                }
                match text.get(g.start..g.end) {
                    Some(t) if !is_ellipsis(g) => s.push_str(t),
                    _ => s.push('…'),
                }
            }
            lines.push(s);
        }
        lines.join("\n")
    }
}

/// The colour a span's paint gives its decoration line `kind` (none when it has none).
fn decor_color(p: &SpanPaint, kind: DecorKind) -> Option<[f32; 4]> {
    match kind {
        DecorKind::Underline => p.decor.lines().underline,
        DecorKind::LineThrough => p.decor.lines().line_through,
        DecorKind::Overline => p.decor.lines().overline,
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
