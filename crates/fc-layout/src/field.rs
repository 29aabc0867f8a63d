//! `<input>` and `<textarea>`: an edit field is a box with one text leaf inside, showing
//! what the player says (`Layouter::fields`: the value, bullets or the placeholder, and
//! the caret when focused). An input is one line that scrolls sideways to keep the caret
//! in view, its text centred vertically; a textarea wraps at its width and scrolls down.
//! The field's own children, if a bundle gives it any, are not laid out.

use crate::build::{block_props, Builder, Ctx};
use crate::inline::{rgba, Decor, Span, SpanPaint};
use crate::text::TextBox;
use crate::Layouter;
use fc_style::{ComputedStyle, Visibility};
use fc_view::{NodeId, Tree};

/// What one field shows, set by the player before layout.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldView {
    /// The value, its bullets (`password`), or the placeholder.
    pub text: String,
    /// `Some` when `text` is the placeholder: the style it is shown in.
    pub placeholder: Option<ComputedStyle>,
    /// Where the caret is, a byte offset into `text` (on a char boundary); `None` when the
    /// field is not focused.
    pub caret: Option<usize>,
    /// A textarea: wraps, and its height follows the text when the style leaves it `auto`.
    pub multiline: bool,
    /// A textarea's `auto-height`: its height follows its lines, whatever the style says.
    pub auto_height: bool,
}

/// Where a field's text ended up, for painting.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FieldBox {
    /// The field's content box, window logical px: the text shows inside it.
    pub content: [f32; 4],
    /// How far the text is scrolled (x, y), logical px: drawn at its origin minus this.
    pub scroll: [f32; 2],
    /// The caret's rectangle (window logical px, scroll applied) when focused.
    pub caret: Option<[f32; 4]>,
    /// The colour of the text: the caret's colour.
    pub color: [f32; 4],
}

/// How wide the caret is, logical px.
const CARET_WIDTH: f32 = 2.0;

impl Builder<'_> {
    /// The text leaf of field `id` (None when it is not a field the player described).
    pub(crate) fn field_leaf(
        &mut self,
        id: NodeId,
        style: &ComputedStyle,
    ) -> Option<taffy::NodeId> {
        let view = self.fields.get(&id)?;
        let shown = view.placeholder.as_ref().unwrap_or(style);
        let attrs = self.span_attrs(shown, &Decor::default());
        let mut block = block_props(style);
        block.wrap = view.multiline;
        block.ellipsis_lines = None;
        block.indent_px = 0.0;
        block.indent_percent = 0.0;
        let mut text = view.text.clone();
        if view.multiline && text.ends_with('\n') {
            // cosmic-text makes no line after a final line break; a zero-width character
            // gives the caret (and the height) that empty last line.
            text.push('\u{2060}');
        }
        let span = Span {
            text,
            attrs,
            paint: SpanPaint {
                node: id,
                color: rgba(shown.color),
                visible: shown.visibility == Visibility::Visible,
                decor: Decor::default(),
            },
        };
        self.texts
            .get_or_insert_with(id, Default::default)
            .set(smallvec::smallvec![span], block);
        let leaf = self.taffy.new_leaf(self.taffy.default_style());
        self.taffy.set_ctx(leaf, Ctx::Field(id));
        self.cur.field = true;
        self.cur.anon.push(leaf);
        Some(leaf)
    }
}

/// The field's own box: an input centres its line vertically (a column flex box); an
/// `auto-height` textarea is as tall as its text.
pub(crate) fn apply(view: &FieldView, style: &mut taffy::Style) {
    if view.auto_height {
        style.size.height = taffy::style::Dimension::auto();
    }
    if !view.multiline {
        style.display = taffy::style::Display::Flex;
        style.flex_direction = taffy::style::FlexDirection::Column;
        style.justify_content = taffy::style::JustifyContent::CENTER;
        style.align_items = taffy::style::AlignItems::STRETCH;
    }
}

impl Layouter {
    /// Field `id`'s shaped text, as last laid out.
    pub fn field_text(&self, id: NodeId) -> Option<&TextBox> {
        self.fields
            .contains_key(&id)
            .then(|| self.texts.get(&id).map(|b| &**b))?
    }

    /// Field `id`'s placement, as last laid out.
    pub fn field_box(&self, id: NodeId) -> Option<&FieldBox> {
        self.field_boxes.get(&id)
    }

    /// After taffy: shapes field `id` at its leaf's width, records its content box, and
    /// scrolls its text so the caret stays inside.
    pub(crate) fn finish_field(
        &mut self,
        tree: &Tree,
        id: NodeId,
        leaf: [f32; 4],
        content: [f32; 4],
    ) {
        let Some(view) = self.fields.get(&id) else {
            return;
        };
        let Some(tb) = self.texts.get_mut(&id) else {
            return;
        };
        tb.finish(&mut self.fonts, leaf[2], [leaf[0], leaf[1]], None);
        let color = tree
            .get(id)
            .map(|n| rgba(n.style.color))
            .unwrap_or([0.0, 0.0, 0.0, 1.0]);
        let align = tree
            .get(id)
            .map(|n| n.style.text_align)
            .unwrap_or(fc_style::TextAlign::Left);
        let prev = self
            .field_boxes
            .get(&id)
            .map(|b| b.scroll)
            .unwrap_or([0.0; 2]);
        let (text_w, text_h) = extent(tb);
        let caret = view
            .caret
            .and_then(|c| caret_rect(tb, &view.text, c, leaf[2], align));
        let mut scroll = [0.0f32; 2];
        // Scroll along the axis the text grows in: sideways for an input, down for a
        // textarea. A blurred field shows its start, as the platform does.
        let axis = usize::from(view.multiline);
        if let Some([cx, cy, _, ch]) = caret {
            let (pos, len, size, view_size) = if view.multiline {
                // The leaf's top may sit below the content top (padding is outside both).
                (cy + leaf[1] - content[1], ch, text_h, content[3])
            } else {
                (cx, CARET_WIDTH, text_w + CARET_WIDTH, leaf[2])
            };
            let mut s = prev[axis];
            if pos + len - s > view_size {
                s = pos + len - view_size;
            }
            if pos < s {
                s = pos;
            }
            scroll[axis] = s.min((size - view_size).max(0.0)).max(0.0);
        }
        let caret =
            caret.map(|[x, y, w, h]| [leaf[0] + x - scroll[0], leaf[1] + y - scroll[1], w, h]);
        self.field_boxes.insert(
            id,
            FieldBox {
                content,
                scroll,
                caret,
                color,
            },
        );
    }
}

/// The text's width and height.
fn extent(tb: &TextBox) -> (f32, f32) {
    let Some(b) = tb.buffer() else {
        return (0.0, 0.0);
    };
    let mut w: f32 = 0.0;
    let mut h: f32 = 0.0;
    for run in b.layout_runs() {
        w = w.max(run.glyphs.iter().map(|g| g.x + g.w).fold(0.0, f32::max));
        h = h.max(run.line_top + run.line_height);
    }
    (w, h)
}

/// The caret before byte `caret` of `text`, relative to the text's origin: x, top, width,
/// height. On a line without glyphs it stands where `text-align` puts an empty line in a
/// box `width` wide.
fn caret_rect(
    tb: &TextBox,
    text: &str,
    caret: usize,
    width: f32,
    align: fc_style::TextAlign,
) -> Option<[f32; 4]> {
    let buffer = tb.buffer()?;
    // cosmic-text numbers glyph bytes within each line of the text (split at '\n').
    let before = text.get(..caret)?;
    let line = before.matches('\n').count();
    let at = before.rfind('\n').map_or(caret, |i| caret - i - 1);
    let mut found: Option<[f32; 4]> = None;
    for run in buffer.layout_runs().filter(|r| r.line_i == line) {
        let rect = |x: f32| [x, run.line_top, CARET_WIDTH, run.line_height];
        if let Some(g) = run.glyphs.iter().find(|g| g.start <= at && at < g.end) {
            return Some(rect(g.x));
        }
        // Past this run's glyphs: the end of the run, unless a later run holds it.
        let end = match run.glyphs.last() {
            Some(_) => run.glyphs.iter().map(|g| g.x + g.w).fold(0.0, f32::max),
            None => match align {
                fc_style::TextAlign::Center => ((width - CARET_WIDTH) / 2.0).max(0.0),
                fc_style::TextAlign::Right | fc_style::TextAlign::End => {
                    (width - CARET_WIDTH).max(0.0)
                }
                _ => 0.0,
            },
        };
        found = Some(rect(end));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::laid_out;
    use crate::Viewport;

    fn relayout(p: &mut fc_view::Page, l: &mut Layouter) {
        l.layout(
            &mut p.tree,
            Viewport {
                x: 0.0,
                y: 44.0,
                width: 375.0,
                height: 623.0,
            },
        );
    }

    fn view(text: &str, caret: Option<usize>, multiline: bool) -> FieldView {
        FieldView {
            text: text.to_string(),
            placeholder: None,
            caret,
            multiline,
            auto_height: false,
        }
    }

    #[test]
    fn a_long_input_scrolls_to_keep_the_caret_inside() {
        let (mut p, mut l) = laid_out("<input style='width: 100px'/>", "");
        let id = p.tree.flat_children(p.tree.root())[0];
        let text = "a value much wider than one hundred pixels";
        l.fields.insert(id, view(text, Some(text.len()), false));
        relayout(&mut p, &mut l);
        let rect = p.tree.get(id).expect("input").rect;
        // One line high (the UA sheet's 1.4rem), not grown by the text.
        assert_eq!(rect[2], 100.0);
        assert!((rect[3] - 22.4).abs() < 0.5, "{rect:?}");
        let fb = *l.field_box(id).expect("laid out");
        assert!(fb.scroll[0] > 100.0, "{fb:?}");
        let caret = fb.caret.expect("focused");
        assert!(caret[0] + caret[2] <= rect[0] + rect[2] + 0.01, "{fb:?}");
        assert!(caret[0] > rect[0] + 50.0, "{fb:?}");
        // Caret at the start: back to no scroll.
        l.fields.insert(id, view(text, Some(0), false));
        relayout(&mut p, &mut l);
        let fb = *l.field_box(id).expect("laid out");
        assert_eq!(fb.scroll, [0.0, 0.0]);
        assert_eq!(fb.caret.map(|c| c[0]), Some(rect[0]));
        // Empty and centred: the caret in the middle.
        let (mut p2, mut l2) = laid_out("<input style='width: 100px; text-align: center'/>", "");
        let id2 = p2.tree.flat_children(p2.tree.root())[0];
        l2.fields.insert(id2, view("", Some(0), false));
        relayout(&mut p2, &mut l2);
        let c = l2.field_box(id2).and_then(|b| b.caret).expect("caret");
        assert_eq!(c[0], 49.0);
        // Blurred: no caret, the start shows.
        l.fields.insert(id, view(text, None, false));
        relayout(&mut p, &mut l);
        assert_eq!(l.field_box(id).and_then(|b| b.caret), None);
    }

    #[test]
    fn a_textarea_wraps_and_auto_height_follows_its_lines() {
        let (mut p, mut l) = laid_out("<textarea/>", "");
        let id = p.tree.flat_children(p.tree.root())[0];
        let rect = p.tree.get(id).expect("textarea").rect;
        assert_eq!((rect[2], rect[3]), (300.0, 150.0));
        let text = "one two three four five six seven eight nine ten eleven twelve";
        l.fields.insert(id, view(text, Some(4), true));
        relayout(&mut p, &mut l);
        assert!(l.field_text(id).expect("shaped").line_count() >= 2);
        let fb = *l.field_box(id).expect("laid out");
        let caret = fb.caret.expect("focused");
        // After "one ": on the first line, past its first word.
        assert!(
            caret[0] > rect[0] + 10.0 && caret[1] < rect[1] + 10.0,
            "{fb:?}"
        );
        // A final line break makes an empty last line, where the caret goes.
        l.fields.insert(id, view("ab\n", Some(3), true));
        relayout(&mut p, &mut l);
        let caret = l.field_box(id).and_then(|b| b.caret).expect("caret");
        assert_eq!(caret[0], rect[0]);
        assert!(caret[1] > rect[1] + 15.0, "{caret:?}");
        let mut auto = view("a\nb\nc", None, true);
        auto.auto_height = true;
        l.fields.insert(id, auto);
        relayout(&mut p, &mut l);
        let h = p.tree.get(id).expect("textarea").rect[3];
        // Three lines of 16px × 1.2.
        assert!((h - 57.6).abs() < 1.0, "{h}");
    }
}
