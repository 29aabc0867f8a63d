use crate::*;
use fc_layout::{new_font_system, Layouter, Viewport};
use fc_style::{Cascade, ResolveContext};
use fc_view::Page;
use serde_json::json;

fn scene(src: &str, overlay: &[String], nav: bool) -> Scene {
    let compiled = fc_template::compile("pages/t/t.wxml", src);
    let mut p = Page::new(
        1,
        "pages/t/t",
        &compiled.template,
        Cascade::new(vec![fc_style::shared_default_stylesheet()]),
    );
    p.set_initial_data(json!({}));
    p.restyle(&ResolveContext {
        viewport_width: 375.0,
        viewport_height: 667.0,
    });
    let mut l = Layouter::new(new_font_system(false));
    let frame = Frame {
        width: 375.0,
        height: 667.0,
        scale: 2.0,
        nav_bar: nav.then(|| NavBar {
            title: "T".into(),
            background: [0.0, 0.0, 0.0, 1.0],
            white_text: true,
        }),
        background: [1.0; 4],
    };
    l.layout(
        &mut p.tree,
        Viewport {
            x: 0.0,
            y: frame.page_top(),
            width: 375.0,
            height: 667.0 - frame.page_top(),
        },
    );
    build_scene(&p.tree, &mut l, &frame, overlay)
}

fn quads(s: &Scene) -> Vec<&Quad> {
    s.items
        .iter()
        .filter_map(|i| if let Item::Quad(q) = i { Some(q) } else { None })
        .collect()
}

#[test]
fn button_is_a_rounded_grey_box_under_its_label() {
    let s = scene("<button>Go</button>", &[], false);
    assert_eq!((s.width, s.height), (750, 1334));
    let q = quads(&s);
    assert_eq!(q.len(), 1);
    let b = q[0];
    assert_eq!(b.corner_radii, [10.0; 4], "5px radius at scale 2");
    assert!((b.background[0] - 248.0 / 255.0).abs() < 1e-3);
    assert_eq!(b.border_widths, [2.0; 4]);
    // The label's glyphs come after the box, so they are drawn over it.
    let first_glyph = s
        .items
        .iter()
        .position(|i| matches!(i, Item::Glyph(_)))
        .expect("glyphs");
    assert!(first_glyph > 0);
    assert_eq!(
        s.items
            .iter()
            .filter(|i| matches!(i, Item::Glyph(_)))
            .count(),
        2
    );
}

#[test]
fn nav_bar_is_painted_over_the_page() {
    let s = scene("<view>x</view>", &[], true);
    let q = quads(&s);
    assert_eq!(q.last().expect("nav bar").bounds, [0.0, 0.0, 750.0, 88.0]);
    // Page glyphs are clipped to the area below the bar.
    let Some(Item::Glyph(g)) = s.items.first() else {
        panic!("page text first")
    };
    assert_eq!(g.clip[1], 88.0);
}

#[test]
fn overlay_covers_the_page_when_there_are_errors() {
    let s = scene("<view>x</view>", &["a.fxml:1:1: error: bad".into()], true);
    let overlay = quads(&s)
        .into_iter()
        .find(|q| q.background[0] > 0.5 && q.background[1] < 0.1)
        .expect("overlay");
    assert_eq!(overlay.bounds, [0.0, 88.0, 750.0, 1334.0 - 88.0]);
}

#[test]
fn hex_colours() {
    assert_eq!(hex_color("#fff"), Some([1.0; 4]));
    assert_eq!(hex_color("#000000"), Some([0.0, 0.0, 0.0, 1.0]));
    assert_eq!(
        hex_color("#00000080").map(|c| (c[3] * 255.0).round()),
        Some(128.0)
    );
    assert_eq!(hex_color("red"), None);
    assert_eq!(hex_color("#12"), None);
}
