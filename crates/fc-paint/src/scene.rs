//! The display list: plain data saying what to draw, in device pixels, in paint order.
//! `fc-gpu` turns it into pixels; nothing here knows about the GPU.
//!
//! Every primitive carries everything needed to draw it on its own: its clip (a rectangle
//! and at most one rounded rectangle) and its 2D transform, both already composed down the
//! tree. Opacity groups are the one stateful part: `PushLayer`/`PopLayer` bracket items that
//! are drawn into a layer of their own and composited with the layer's opacity.

/// A rectangle `[x, y, width, height]` in device pixels.
pub type Rect = [f32; 4];

/// A clip rectangle that clips nothing.
pub const NO_CLIP: Rect = [-1.0e6, -1.0e6, 2.0e6, 2.0e6];

/// A 2D affine transform `[a, b, c, d, e, f]` as CSS `matrix()` writes it:
/// `x' = a·x + c·y + e`, `y' = b·x + d·y + f`, in device pixels.
pub type Affine = [f32; 6];

/// The transform that moves nothing.
pub const IDENTITY: Affine = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// Where a primitive may paint, in device pixels on the target (after transforms): inside
/// `rect` and inside the rounded rectangle `rounded` with corner `radii` (top-left,
/// top-right, bottom-right, bottom-left). `rect` is the intersection of every clipping
/// ancestor; `rounded` is the nearest ancestor that clips with rounded corners.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clip {
    pub rect: Rect,
    pub rounded: Rect,
    pub radii: [f32; 4],
}

impl Clip {
    /// Clips nothing.
    pub const NONE: Clip = Clip {
        rect: NO_CLIP,
        rounded: NO_CLIP,
        radii: [0.0; 4],
    };

    /// A plain rectangular clip.
    pub fn rect(rect: Rect) -> Clip {
        Clip { rect, ..Clip::NONE }
    }
}

/// How a border side is drawn. `double`, `groove`, `ridge`, `inset` and `outset` are drawn
/// `Solid` (see `build.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BorderStyle {
    #[default]
    Solid,
    /// Dashes three times as long as the border is wide, gaps about as long, a dash at each
    /// end of the side (what Chromium draws).
    Dashed,
    /// Round dots as wide as the border, a dot at each end of the side.
    Dotted,
}

/// A rounded box with optional border: backgrounds, borders, buttons, overlays.
/// Colours are straight (not premultiplied) sRGB in 0..1, the form CSS gives them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quad {
    pub bounds: Rect,
    pub background: [f32; 4],
    /// Top, right, bottom, left.
    pub border_colors: [[f32; 4]; 4],
    /// Top, right, bottom, left.
    pub border_widths: [f32; 4],
    /// Top, right, bottom, left.
    pub border_styles: [BorderStyle; 4],
    /// Top-left, top-right, bottom-right, bottom-left; already scaled down so adjacent
    /// radii fit their side, as CSS does.
    pub corner_radii: [f32; 4],
    pub clip: Clip,
    pub transform: Affine,
}

impl Quad {
    /// A filled box, no border, no rounding, unclipped.
    pub fn filled(bounds: Rect, background: [f32; 4]) -> Quad {
        Quad {
            bounds,
            background,
            border_colors: [[0.0; 4]; 4],
            border_widths: [0.0; 4],
            border_styles: [BorderStyle::Solid; 4],
            corner_radii: [0.0; 4],
            clip: Clip::NONE,
            transform: IDENTITY,
        }
    }
}

/// A `box-shadow`: the blurred shape `bounds`/`corner_radii` (already offset and spread),
/// painted outside the element's border box (`inset == false`) or, for `inset`, as the
/// blurred complement of the shape inside the padding box. `cutout` is that box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shadow {
    pub bounds: Rect,
    pub corner_radii: [f32; 4],
    pub color: [f32; 4],
    /// CSS blur radius in device px; the Gaussian's standard deviation is half of it.
    pub blur: f32,
    pub inset: bool,
    /// Outer shadows: the border box, where the shadow is not painted. Inset shadows: the
    /// padding box, the only place where it is painted.
    pub cutout: Rect,
    pub cutout_radii: [f32; 4],
    pub clip: Clip,
    pub transform: Affine,
}

/// Most colour stops a gradient keeps; further stops are dropped (see `gradient.rs`).
pub const MAX_GRADIENT_STOPS: usize = 8;

/// One colour stop: position along the gradient line (0 = start, 1 = end; may lie outside)
/// and straight sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GradientStop {
    pub offset: f32,
    pub color: [f32; 4],
}

/// A `linear-gradient` background layer. The gradient is drawn in `tile` (device px, the
/// first tile's rectangle), repeated along the axes that `repeat` says, and only inside the
/// painting area `bounds` with `corner_radii`. Along the line from `start` to `end`
/// (relative to the tile's origin) colours go through `stops`, interpolated in
/// premultiplied sRGB as browsers do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gradient {
    pub bounds: Rect,
    pub corner_radii: [f32; 4],
    pub tile: Rect,
    /// x, y.
    pub repeat: [bool; 2],
    pub start: [f32; 2],
    pub end: [f32; 2],
    /// The first `stop_count` are used, offsets non-decreasing.
    pub stops: [GradientStop; MAX_GRADIENT_STOPS],
    pub stop_count: u32,
    /// `repeating-linear-gradient`: the stops repeat beyond the first and last.
    pub repeating: bool,
    pub clip: Clip,
    pub transform: Affine,
}

/// One glyph to draw: `cache_key` says which glyph of which font at which size and subpixel
/// offset (cosmic-text's key, rasterised with its `SwashCache`); `x`, `y` is where the glyph's
/// origin lands, in whole device pixels before `transform`, as cosmic-text's `PhysicalGlyph`
/// gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub cache_key: cosmic_text::CacheKey,
    pub x: i32,
    pub y: i32,
    pub color: [f32; 4],
    pub clip: Clip,
    pub transform: Affine,
}

/// The pixels of one decoded image (defined with the layouter, which holds the loaded ones).
pub use fc_layout::ImagePixels;

/// An `<image>`: the part `src` (image px) of `pixels` stretched over `dest` (device px,
/// before `transform`), painted only inside `bounds` with `corner_radii` (the element's box
/// and its border-radius) and inside `clip`, with `opacity`.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageItem {
    pub pixels: std::sync::Arc<ImagePixels>,
    pub dest: Rect,
    pub src: Rect,
    pub bounds: Rect,
    pub corner_radii: [f32; 4],
    pub opacity: f32,
    pub clip: Clip,
    pub transform: Affine,
}

/// One thing to draw. Items are drawn in the order of `Scene::items`, later over earlier.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Quad(Quad),
    Shadow(Shadow),
    /// Boxed: it is large and rare.
    Gradient(Box<Gradient>),
    Glyph(Glyph),
    /// Boxed: it is large.
    Image(Box<ImageItem>),
    /// Starts an opacity group: the items up to the matching `PopLayer` are drawn into a
    /// transparent layer of their own, which is then composited with `opacity` (0..1). Groups
    /// nest. Only made for groups of two or more items; one item gets its alpha multiplied.
    PushLayer {
        opacity: f32,
    },
    /// Ends the innermost opacity group.
    PopLayer,
}

impl Item {
    /// Multiplies every colour's alpha by `opacity` (an opacity group of one primitive).
    /// Layer markers are left alone.
    pub fn multiply_alpha(&mut self, opacity: f32) {
        match self {
            Item::Quad(q) => {
                q.background[3] *= opacity;
                for c in &mut q.border_colors {
                    c[3] *= opacity;
                }
            }
            Item::Shadow(s) => s.color[3] *= opacity,
            Item::Gradient(g) => {
                for s in &mut g.stops {
                    s.color[3] *= opacity;
                }
            }
            Item::Glyph(g) => g.color[3] *= opacity,
            Item::Image(i) => i.opacity *= opacity,
            Item::PushLayer { .. } | Item::PopLayer => {}
        }
    }
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
