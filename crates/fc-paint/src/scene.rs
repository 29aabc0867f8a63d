//! The display list: plain data saying what to draw, in device pixels, in paint order.
//! `fc-gpu` turns it into pixels; nothing here knows about the GPU.

use bytemuck::{Pod, Zeroable};

/// A rectangle `[x, y, width, height]` in device pixels.
pub type Rect = [f32; 4];

/// A clip rectangle that clips nothing.
pub const NO_CLIP: Rect = [-1.0e6, -1.0e6, 2.0e6, 2.0e6];

/// A rounded box with optional border: backgrounds, borders, buttons, overlays.
/// Colours are straight (not premultiplied) sRGB in 0..1, the form CSS gives them.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub struct Quad {
    pub bounds: Rect,
    pub background: [f32; 4],
    pub border_color: [f32; 4],
    /// Top, right, bottom, left.
    pub border_widths: [f32; 4],
    /// Top-left, top-right, bottom-right, bottom-left.
    pub corner_radii: [f32; 4],
    pub clip: Rect,
}

/// One glyph to draw: `cache_key` says which glyph of which font at which size and subpixel
/// offset (cosmic-text's key, rasterised with its `SwashCache`); `x`, `y` is where the glyph's
/// origin lands, in whole device pixels, as cosmic-text's `PhysicalGlyph` gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub cache_key: cosmic_text::CacheKey,
    pub x: i32,
    pub y: i32,
    pub color: [f32; 4],
    pub clip: Rect,
}

/// One thing to draw. Items are drawn in the order of `Scene::items`, later over earlier.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Quad(Quad),
    Glyph(Glyph),
}

/// A whole frame: one per drawn frame, built by `fc-paint`, consumed by `fc-gpu`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    /// Device pixels.
    pub width: u32,
    pub height: u32,
    /// Colour the frame is cleared to before items are drawn (straight sRGB, 0..1).
    pub clear_color: [f32; 4],
    pub items: Vec<Item>,
}
