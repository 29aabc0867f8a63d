//! One text leaf's shaped text: a cosmic-text `Buffer` and what it was shaped from.

use cosmic_text::{Align, Attrs, Buffer, Family, FontSystem, Metrics, Shaping, Style, Weight};
use fc_style::{ComputedStyle, LineHeight, TextAlign};

/// `line-height: normal` for the bundled Noto Sans: its ascender plus descender
/// (1.069 + 0.293 em), which is what browsers use for `normal`.
const NORMAL_LINE_HEIGHT: f32 = 1.362;

pub fn line_height_px(style: &ComputedStyle) -> f32 {
    match style.line_height {
        LineHeight::Normal => style.font_size * NORMAL_LINE_HEIGHT,
        LineHeight::Number(n) => style.font_size * n,
        LineHeight::Px(px) => px,
    }
}

/// What a text was shaped with; a change in any of it means reshaping.
#[derive(Debug, Clone, PartialEq, Default)]
struct TextKey {
    text: String,
    font_size: f32,
    line_height: f32,
    weight: u16,
    italic: bool,
    align: Option<TextAlign>,
}

/// The shaped text of one leaf. One per text leaf, owned by the `Layouter`.
#[derive(Default)]
pub struct TextBox {
    key: TextKey,
    pending: bool,
    buffer: Option<Buffer>,
    width: Option<f32>,
    pub color: [f32; 4],
}

impl TextBox {
    /// Records what to show; shaping happens at the next measure.
    pub fn set(&mut self, text: &str, style: &ComputedStyle) {
        let key = TextKey {
            text: text.to_string(),
            font_size: style.font_size,
            line_height: line_height_px(style),
            weight: style.font_weight,
            italic: style.font_italic,
            align: Some(style.text_align),
        };
        self.color = [style.color.r, style.color.g, style.color.b, style.color.a];
        if key != self.key || self.buffer.is_none() {
            self.key = key;
            self.pending = true;
        }
    }

    fn ensure(&mut self, fonts: &mut FontSystem, width: Option<f32>) -> &mut Buffer {
        let metrics = Metrics::new(self.key.font_size.max(0.1), self.key.line_height.max(0.1));
        let buffer = self
            .buffer
            .get_or_insert_with(|| Buffer::new(fonts, metrics));
        if self.pending {
            buffer.set_metrics(metrics);
            let attrs = Attrs::new()
                .family(Family::SansSerif)
                .weight(Weight(self.key.weight))
                .style(if self.key.italic {
                    Style::Italic
                } else {
                    Style::Normal
                });
            let align = match self.key.align {
                Some(TextAlign::Center) => Some(Align::Center),
                Some(TextAlign::Right) => Some(Align::Right),
                Some(TextAlign::Justify) => Some(Align::Justified),
                _ => None,
            };
            buffer.set_text(&self.key.text, &attrs, Shaping::Advanced, align);
            self.pending = false;
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
    pub fn measure(&mut self, fonts: &mut FontSystem, width: Option<f32>) -> (f32, f32) {
        let line_height = self.key.line_height;
        let buffer = self.ensure(fonts, width);
        let mut w: f32 = 0.0;
        let mut lines = 0;
        for run in buffer.layout_runs() {
            w = w.max(run.line_w);
            lines += 1;
        }
        (w.ceil(), lines as f32 * line_height)
    }

    /// Lays the text out at its final box width.
    pub fn finish(&mut self, fonts: &mut FontSystem, width: f32) {
        // A hair of slack: the width came from measuring this very text.
        self.ensure(fonts, Some(width + 0.01));
    }

    pub fn buffer(&self) -> Option<&Buffer> {
        self.buffer.as_ref()
    }
}
