//! The native frame around the page (logic.md §2: app.json `window` and `tabBar`): the
//! navigation bar (background, title, back arrow) and the tab bar (items with their text,
//! selected colour, badge or red dot, top border). Icons are not drawn: the scene has no
//! image primitive yet, so each item shows its text only.

use crate::build::{Frame, NavBar, NAV_BAR_HEIGHT};
use crate::scene::{Clip, Item, Quad, Scene, IDENTITY};
use crate::stacking::{PaintState, Painter};
use cosmic_text::{Align, Attrs, Buffer, Family, FontSystem, Metrics, Shaping, Weight};
use fc_layout::Layouter;

/// The back arrow's tappable width at the left of the navigation bar, logical px.
pub const BACK_ARROW_WIDTH: f32 = 44.0;
/// Height of the bottom tab bar, logical px.
pub const TAB_BAR_HEIGHT: f32 = 50.0;
/// A tab's icon, logical px square.
const TAB_ICON: f32 = 24.0;

/// The tab bar's look, from app.json's `tabBar`.
#[derive(Debug, Clone, PartialEq)]
pub struct TabBar {
    pub items: Vec<TabItem>,
    /// Index of the tab shown (none when the current page is not a tab page).
    pub selected: Option<usize>,
    pub color: [f32; 4],
    pub selected_color: [f32; 4],
    pub background: [f32; 4],
    /// `borderStyle`: `black` (true) or `white`.
    pub black_border: bool,
}

/// One tab.
#[derive(Debug, Clone, PartialEq)]
pub struct TabItem {
    pub text: String,
    /// `setTabBarBadge` text.
    pub badge: Option<String>,
    /// `showTabBarRedDot`.
    pub red_dot: bool,
    /// `iconPath` and `selectedIconPath`, once loaded (the player's image loader).
    pub icon: Option<std::sync::Arc<crate::ImagePixels>>,
    pub selected_icon: Option<std::sync::Arc<crate::ImagePixels>>,
}

impl Frame {
    /// Where the page's own area ends (above the tab bar).
    pub fn page_bottom(&self) -> f32 {
        match &self.tab_bar {
            Some(_) => self.height - TAB_BAR_HEIGHT,
            None => self.height,
        }
    }

    /// The tab item under a point, if the tab bar is there.
    pub fn tab_at(&self, x: f32, y: f32) -> Option<usize> {
        let bar = self.tab_bar.as_ref()?;
        if y < self.page_bottom() || bar.items.is_empty() {
            return None;
        }
        let w = self.width / bar.items.len() as f32;
        Some(((x / w) as usize).min(bar.items.len() - 1))
    }

    /// The centre of tab item `i`, logical px.
    pub fn tab_center(&self, i: usize) -> Option<(f32, f32)> {
        let bar = self.tab_bar.as_ref()?;
        let w = self.width / bar.items.len().max(1) as f32;
        (i < bar.items.len()).then(|| (w * (i as f32 + 0.5), self.height - TAB_BAR_HEIGHT / 2.0))
    }
}

pub(crate) fn shape(
    fonts: &mut FontSystem,
    text: &str,
    size: f32,
    bold: bool,
    width: f32,
) -> Buffer {
    let mut b = Buffer::new(fonts, Metrics::new(size, size * 1.362));
    b.set_size(Some(width), None);
    let weight = if bold { Weight::BOLD } else { Weight::NORMAL };
    let attrs = Attrs::new().family(Family::SansSerif).weight(weight);
    b.set_text(text, &attrs, Shaping::Advanced, Some(Align::Center));
    b.shape_until_scroll(fonts, false);
    b
}

pub(crate) fn unclipped() -> PaintState {
    PaintState {
        clip: Clip::NONE,
        transform: IDENTITY,
    }
}

/// A centred line of text in `rect` (logical px).
fn text(
    scene: &mut Scene,
    layouter: &mut Layouter,
    frame: &Frame,
    page_clip: [f32; 4],
    (s, size, bold): (&str, f32, bool),
    rect: [f32; 4],
    color: [f32; 4],
) {
    let buf = shape(&mut layouter.fonts, s, size, bold, rect[2]);
    let h = size * 1.362;
    let rect = [rect[0], rect[1] + (rect[3] - h) / 2.0, rect[2], h];
    let mut p = Painter {
        scene,
        scale: frame.scale,
        layouter,
        page_clip,
        extents: None,
    };
    p.paint_text(Some(&buf), rect, color, unclipped());
}

/// A bar of `len` x `thick` logical px centred on (cx, cy), turned by `angle` radians.
pub(crate) fn bar(
    scene: &mut Scene,
    scale: f32,
    (cx, cy): (f32, f32),
    len: f32,
    thick: f32,
    angle: f32,
    color: [f32; 4],
) {
    let (cx, cy) = (cx * scale, cy * scale);
    let (w, h) = (len * scale, thick * scale);
    let mut q = Quad::filled([cx - w / 2.0, cy - h / 2.0, w, h], color);
    q.corner_radii = [h / 2.0; 4];
    let (sin, cos) = angle.sin_cos();
    q.transform = [
        cos,
        sin,
        -sin,
        cos,
        cx - cos * cx + sin * cy,
        cy - sin * cx - cos * cy,
    ];
    scene.items.push(Item::Quad(q));
}

/// Paints the navigation bar and the tab bar on top of the page.
pub(crate) fn paint_frame(
    scene: &mut Scene,
    layouter: &mut Layouter,
    frame: &Frame,
    page_clip: [f32; 4],
) {
    if let Some(nav) = &frame.nav_bar {
        paint_nav_bar(scene, layouter, frame, nav, page_clip);
    }
    if let Some(tabs) = &frame.tab_bar {
        paint_tab_bar(scene, layouter, frame, tabs, page_clip);
    }
}

fn paint_nav_bar(
    scene: &mut Scene,
    layouter: &mut Layouter,
    frame: &Frame,
    nav: &NavBar,
    page_clip: [f32; 4],
) {
    let scale = frame.scale;
    scene.items.push(Item::Quad(Quad::filled(
        [0.0, 0.0, frame.width * scale, NAV_BAR_HEIGHT * scale],
        nav.background,
    )));
    let color = if nav.white_text {
        [1.0, 1.0, 1.0, 1.0]
    } else {
        [0.0, 0.0, 0.0, 1.0]
    };
    let rect = [60.0, 0.0, frame.width - 120.0, NAV_BAR_HEIGHT];
    text(
        scene,
        layouter,
        frame,
        page_clip,
        (&nav.title, 17.0, true),
        rect,
        color,
    );
    if frame.back_arrow {
        // A chevron: two bars meeting at the left.
        let (x, y) = (18.0, NAV_BAR_HEIGHT / 2.0);
        let d = 4.0;
        bar(
            scene,
            scale,
            (x + d, y - d),
            12.0,
            2.0,
            -std::f32::consts::FRAC_PI_4,
            color,
        );
        bar(
            scene,
            scale,
            (x + d, y + d),
            12.0,
            2.0,
            std::f32::consts::FRAC_PI_4,
            color,
        );
    }
}

fn paint_tab_bar(
    scene: &mut Scene,
    layouter: &mut Layouter,
    frame: &Frame,
    tabs: &TabBar,
    page_clip: [f32; 4],
) {
    let scale = frame.scale;
    let top = frame.page_bottom();
    scene.items.push(Item::Quad(Quad::filled(
        [
            0.0,
            top * scale,
            frame.width * scale,
            TAB_BAR_HEIGHT * scale,
        ],
        tabs.background,
    )));
    let border = if tabs.black_border {
        [0.0, 0.0, 0.0, 0.33]
    } else {
        [1.0, 1.0, 1.0, 0.33]
    };
    scene.items.push(Item::Quad(Quad::filled(
        [0.0, top * scale, frame.width * scale, scale.max(1.0)],
        border,
    )));
    let n = tabs.items.len().max(1) as f32;
    let w = frame.width / n;
    for (i, item) in tabs.items.iter().enumerate() {
        let color = if tabs.selected == Some(i) {
            tabs.selected_color
        } else {
            tabs.color
        };
        let x = w * i as f32;
        let icon = if tabs.selected == Some(i) {
            item.selected_icon.as_ref().or(item.icon.as_ref())
        } else {
            item.icon.as_ref()
        };
        // With an icon: the icon on top, smaller text under it (the platform's layout).
        let (rect, size) = match icon {
            Some(px) => {
                let dest = [x + (w - TAB_ICON) / 2.0, top + 5.0, TAB_ICON, TAB_ICON];
                let dest = dest.map(|v| v * scale);
                scene
                    .items
                    .push(Item::Image(Box::new(crate::scene::ImageItem {
                        pixels: px.clone(),
                        dest,
                        src: [0.0, 0.0, px.width as f32, px.height as f32],
                        bounds: dest,
                        corner_radii: [0.0; 4],
                        opacity: 1.0,
                        clip: crate::scene::Clip::NONE,
                        transform: crate::scene::IDENTITY,
                    })));
                (
                    [x, top + 5.0 + TAB_ICON, w, TAB_BAR_HEIGHT - 8.0 - TAB_ICON],
                    10.0,
                )
            }
            None => ([x, top, w, TAB_BAR_HEIGHT], 12.0),
        };
        text(
            scene,
            layouter,
            frame,
            page_clip,
            (&item.text, size, false),
            rect,
            color,
        );
        let red = [0.98, 0.32, 0.32, 1.0];
        let cx = x + w / 2.0 + 14.0;
        if let Some(badge) = &item.badge {
            let bw = (badge.chars().count() as f32 * 7.0 + 10.0).max(18.0);
            let r = [cx * scale, (top + 4.0) * scale, bw * scale, 18.0 * scale];
            let mut q = Quad::filled(r, red);
            q.corner_radii = [9.0 * scale; 4];
            scene.items.push(Item::Quad(q));
            let rect = [cx, top + 4.0, bw, 18.0];
            text(
                scene,
                layouter,
                frame,
                page_clip,
                (badge, 12.0, false),
                rect,
                [1.0; 4],
            );
        } else if item.red_dot {
            let r = [cx * scale, (top + 6.0) * scale, 10.0 * scale, 10.0 * scale];
            let mut q = Quad::filled(r, red);
            q.corner_radii = [5.0 * scale; 4];
            scene.items.push(Item::Quad(q));
        }
    }
}
