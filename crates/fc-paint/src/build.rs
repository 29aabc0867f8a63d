//! Laid-out tree -> `Scene`: the page (see `stacking.rs` for paint order), then the native
//! frame (navigation bar, tab bar: `frame.rs`) and the error overlay on top.

use crate::scene::{Clip, Item, Quad, Scene, IDENTITY};
use crate::scroll::{Extents, PaintCache};
use crate::stacking::{PaintState, Painter};
use cosmic_text::{Attrs, Buffer, Family, FontSystem, Metrics, Shaping};
use fc_layout::Layouter;
use fc_view::Tree;

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
    /// Whether the navigation bar shows a back arrow (the stack is deeper than one).
    pub back_arrow: bool,
    /// The bottom tab bar (see `frame.rs`), when app.json has one and the page is a tab.
    pub tab_bar: Option<crate::frame::TabBar>,
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
    let mut scene = Scene::default();
    build_scene_into(&mut scene, tree, layouter, frame, overlay);
    scene
}

/// [`build_scene`] with the extents a [`PaintCache`] keeps from frame to frame (synced with
/// `tree` first: [`PaintCache::sync`]), so that what is off screen is skipped without
/// visiting the page. A cache of another tree is not used.
pub fn build_scene_cached(
    tree: &Tree,
    layouter: &mut Layouter,
    frame: &Frame,
    overlay: &[String],
    cache: &PaintCache,
) -> Scene {
    let mut scene = Scene::default();
    paint_into(
        &mut scene,
        tree,
        layouter,
        frame,
        overlay,
        cache.extents_of(tree),
    );
    scene
}

/// [`build_scene`] into an existing scene, whose item vector is cleared and refilled, so a
/// caller that keeps its last scene allocates nothing for a frame like the previous one.
pub fn build_scene_into(
    scene: &mut Scene,
    tree: &Tree,
    layouter: &mut Layouter,
    frame: &Frame,
    overlay: &[String],
) {
    paint_into(scene, tree, layouter, frame, overlay, None);
}

fn paint_into(
    scene: &mut Scene,
    tree: &Tree,
    layouter: &mut Layouter,
    frame: &Frame,
    overlay: &[String],
    extents: Option<&Extents>,
) {
    let _span = tracing::debug_span!("paint").entered();
    let scale = frame.scale;
    scene.width = (frame.width * scale).round() as u32;
    scene.height = (frame.height * scale).round() as u32;
    scene.clear_color = frame.background;
    scene.items.clear();
    let top = frame.page_top();
    let page_clip = [
        0.0,
        top * scale,
        frame.width * scale,
        (frame.page_bottom() - top) * scale,
    ];
    {
        let fresh;
        let extents = match extents {
            Some(e) => e,
            None => {
                fresh = Extents::of(tree);
                &fresh
            }
        };
        let mut p = Painter {
            scene,
            scale,
            layouter,
            page_clip,
            extents: Some(extents),
        };
        p.paint_context(
            tree,
            tree.root(),
            PaintState {
                clip: Clip::rect(page_clip),
                transform: IDENTITY,
            },
        );
    }
    crate::frame::paint_frame(scene, layouter, frame, page_clip);
    if !overlay.is_empty() {
        scene.items.push(Item::Quad(Quad::filled(
            page_clip,
            [0.55, 0.05, 0.05, 0.92],
        )));
        let text = overlay.join("\n");
        let buf = shape_left(&mut layouter.fonts, &text, 13.0, frame.width - 24.0);
        let mut p = Painter {
            scene,
            scale,
            layouter,
            page_clip,
            extents: None,
        };
        p.paint_text(
            Some(&buf),
            [12.0, top + 12.0, frame.width - 24.0, frame.height],
            [1.0; 4],
            PaintState {
                clip: Clip::rect(page_clip),
                transform: IDENTITY,
            },
        );
    }
}
