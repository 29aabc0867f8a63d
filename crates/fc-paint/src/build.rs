//! Laid-out tree -> `Scene`: backgrounds and borders, text glyphs, the native frame
//! (navigation bar) and the error overlay, in paint order.

use crate::scene::{Glyph, Item, Quad, Rect, Scene, NO_CLIP};
use cosmic_text::{Attrs, Buffer, Family, FontSystem, Metrics, Shaping, Weight};
use fc_layout::Layouter;
use fc_style::{Color, Display};
use fc_view::{NodeId, NodeKind, Tree};

/// Height of the platform's navigation bar, logical px (44 on the phones the defaults mimic).
pub const NAV_BAR_HEIGHT: f32 = 44.0;

/// The native navigation bar's look, from the page's `window` config.
#[derive(Debug, Clone, PartialEq)]
pub struct NavBar {
    pub title: String,
    pub background: [f32; 4],
    /// `navigationBarTextStyle`: white (true) or black.
    pub white_text: bool,
}

/// What surrounds the page in the window.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Logical window size.
    pub width: f32,
    pub height: f32,
    /// Device pixels per logical px.
    pub scale: f32,
    pub nav_bar: Option<NavBar>,
    /// The page's background (`page` style) and the window's (`backgroundColor`).
    pub background: [f32; 4],
}

impl Frame {
    /// Where the page's own area starts.
    pub fn page_top(&self) -> f32 {
        if self.nav_bar.is_some() {
            NAV_BAR_HEIGHT
        } else {
            0.0
        }
    }
}

/// Parses `#rgb` / `#rrggbb` / `#rrggbbaa` config colours (app.json uses hex).
pub fn hex_color(text: &str) -> Option<[f32; 4]> {
    let h = text.trim().strip_prefix('#')?;
    let digit = |i: usize, len: usize| u8::from_str_radix(h.get(i..i + len)?, 16).ok();
    let (r, g, b, a) = match h.len() {
        3 => (digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17, 255),
        6 => (digit(0, 2)?, digit(2, 2)?, digit(4, 2)?, 255),
        8 => (digit(0, 2)?, digit(2, 2)?, digit(4, 2)?, digit(6, 2)?),
        _ => return None,
    };
    Some([
        r as f32 / 255.0,
        g as f32 / 255.0,
        b as f32 / 255.0,
        a as f32 / 255.0,
    ])
}

fn rgba(c: Color) -> [f32; 4] {
    [c.r, c.g, c.b, c.a]
}

fn intersect(a: Rect, b: Rect) -> Rect {
    let x0 = a[0].max(b[0]);
    let y0 = a[1].max(b[1]);
    let x1 = (a[0] + a[2]).min(b[0] + b[2]);
    let y1 = (a[1] + a[3]).min(b[1] + b[3]);
    [x0, y0, (x1 - x0).max(0.0), (y1 - y0).max(0.0)]
}

struct Painter<'a> {
    scene: Scene,
    scale: f32,
    layouter: &'a Layouter,
}

impl Painter<'_> {
    fn px(&self, r: [f32; 4]) -> Rect {
        [
            r[0] * self.scale,
            r[1] * self.scale,
            r[2] * self.scale,
            r[3] * self.scale,
        ]
    }

    fn paint_node(&mut self, tree: &Tree, id: NodeId, clip: Rect) {
        let Some(node) = tree.get(id) else { return };
        if node.style.display == Display::None {
            return;
        }
        let s = &node.style;
        let bounds = self.px(node.rect);
        match &node.kind {
            NodeKind::Text(_) => {
                if let Some(tb) = self.layouter.text(id) {
                    self.paint_text(tb.buffer(), node.rect, tb.color, clip);
                }
                return;
            }
            NodeKind::Fragment => {}
            NodeKind::Root | NodeKind::Element(_) => {
                let has_border = s.border_width.iter().any(|w| *w > 0.0);
                if s.background_color.a > 0.0 || has_border {
                    let bw = s.border_width;
                    self.scene.items.push(Item::Quad(Quad {
                        bounds,
                        background: rgba(s.background_color),
                        // One colour per quad for now: the top's (per-side colours: issue 5).
                        border_color: rgba(s.border_color[0]),
                        border_widths: [
                            bw[0] * self.scale,
                            bw[1] * self.scale,
                            bw[2] * self.scale,
                            bw[3] * self.scale,
                        ],
                        corner_radii: s.border_radius.map(|r| r * self.scale),
                        clip,
                    }));
                }
            }
        }
        let child_clip = if s.overflow_hidden {
            intersect(clip, bounds)
        } else {
            clip
        };
        for c in tree.flat_children(id) {
            self.paint_node(tree, c, child_clip);
        }
    }

    fn paint_text(&mut self, buffer: Option<&Buffer>, rect: [f32; 4], color: [f32; 4], clip: Rect) {
        let Some(buffer) = buffer else { return };
        let scale = self.scale;
        for run in buffer.layout_runs() {
            for g in run.glyphs {
                let p = g.physical((rect[0] * scale, (rect[1] + run.line_y) * scale), scale);
                self.scene.items.push(Item::Glyph(Glyph {
                    cache_key: p.cache_key,
                    x: p.x,
                    y: p.y,
                    color,
                    clip,
                }));
            }
        }
    }
}

/// Shapes a short piece of frame text (title, overlay line) on the spot.
fn shape(fonts: &mut FontSystem, text: &str, size: f32, bold: bool, width: f32) -> Buffer {
    let mut b = Buffer::new(fonts, Metrics::new(size, size * 1.362));
    b.set_size(Some(width), None);
    let attrs = Attrs::new().family(Family::SansSerif).weight(if bold {
        Weight::BOLD
    } else {
        Weight::NORMAL
    });
    b.set_text(
        text,
        &attrs,
        Shaping::Advanced,
        Some(cosmic_text::Align::Center),
    );
    b.shape_until_scroll(fonts, false);
    b
}

fn shape_left(fonts: &mut FontSystem, text: &str, size: f32, width: f32) -> Buffer {
    let mut b = Buffer::new(fonts, Metrics::new(size, size * 1.362));
    b.set_size(Some(width), None);
    b.set_text(
        text,
        &Attrs::new().family(Family::SansSerif),
        Shaping::Advanced,
        None,
    );
    b.shape_until_scroll(fonts, false);
    b
}

/// Builds the frame's scene: page content under the navigation bar, then the overlay.
/// `overlay` lines (diagnostics) cover the page when not empty.
pub fn build_scene(
    tree: &Tree,
    layouter: &mut Layouter,
    frame: &Frame,
    overlay: &[String],
) -> Scene {
    let _span = tracing::debug_span!("paint").entered();
    let scale = frame.scale;
    let mut scene = Scene {
        width: (frame.width * scale).round() as u32,
        height: (frame.height * scale).round() as u32,
        clear_color: frame.background,
        items: Vec::new(),
    };
    let top = frame.page_top();
    let page_clip = [
        0.0,
        top * scale,
        frame.width * scale,
        (frame.height - top) * scale,
    ];
    {
        let mut p = Painter {
            scene,
            scale,
            layouter,
        };
        p.paint_node(tree, tree.root(), page_clip);
        scene = p.scene;
    }
    if let Some(nav) = &frame.nav_bar {
        scene.items.push(Item::Quad(Quad {
            bounds: [0.0, 0.0, frame.width * scale, NAV_BAR_HEIGHT * scale],
            background: nav.background,
            border_color: [0.0; 4],
            border_widths: [0.0; 4],
            corner_radii: [0.0; 4],
            clip: NO_CLIP,
        }));
        let color = if nav.white_text {
            [1.0, 1.0, 1.0, 1.0]
        } else {
            [0.0, 0.0, 0.0, 1.0]
        };
        let buf = shape(
            &mut layouter.fonts,
            &nav.title,
            17.0,
            true,
            frame.width - 120.0,
        );
        let text_h = 17.0 * 1.362;
        let rect = [
            60.0,
            (NAV_BAR_HEIGHT - text_h) / 2.0,
            frame.width - 120.0,
            text_h,
        ];
        let mut p = Painter {
            scene,
            scale,
            layouter,
        };
        p.paint_text(Some(&buf), rect, color, NO_CLIP);
        scene = p.scene;
    }
    if !overlay.is_empty() {
        let area = [
            0.0,
            top * scale,
            frame.width * scale,
            (frame.height - top) * scale,
        ];
        scene.items.push(Item::Quad(Quad {
            bounds: area,
            background: [0.55, 0.05, 0.05, 0.92],
            border_color: [0.0; 4],
            border_widths: [0.0; 4],
            corner_radii: [0.0; 4],
            clip: NO_CLIP,
        }));
        let text = overlay.join("\n");
        let buf = shape_left(&mut layouter.fonts, &text, 13.0, frame.width - 24.0);
        let mut p = Painter {
            scene,
            scale,
            layouter,
        };
        p.paint_text(
            Some(&buf),
            [12.0, top + 12.0, frame.width - 24.0, frame.height],
            [1.0; 4],
            area,
        );
        scene = p.scene;
    }
    scene
}
