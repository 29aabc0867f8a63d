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
        back_arrow: false,
        tab_bar: None,
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
    assert_eq!(q.len(), 2, "the button's box, then its ::after frame");
    let b = q[0];
    assert_eq!(b.corner_radii, [10.0; 4], "5px radius at scale 2");
    assert!((b.background[0] - 248.0 / 255.0).abs() < 1e-3);
    assert_eq!(b.border_widths, [0.0; 4]);
    // The frame: a 200% box with a 1px border and 10px radii, scaled by half about its
    // top-left corner (a 0.5px hairline, 1 device px at scale 2).
    let f = q[1];
    assert_eq!(f.background[3], 0.0);
    assert_eq!(f.border_widths, [2.0; 4]);
    assert_eq!(f.corner_radii, [20.0; 4]);
    assert_eq!(
        (f.bounds[2], f.bounds[3]),
        (b.bounds[2] * 2.0, b.bounds[3] * 2.0)
    );
    assert!((f.transform[0] - 0.5).abs() < 1e-6, "{:?}", f.transform);
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
    assert_eq!(g.clip.rect[1], 88.0);
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

fn pos_of(s: &Scene, colour: [f32; 4]) -> usize {
    s.items
        .iter()
        .position(|i| matches!(i, Item::Quad(q) if q.background == colour))
        .unwrap_or_else(|| panic!("no quad of colour {colour:?} in {:#?}", s.items))
}

const RED: [f32; 4] = [1.0, 0.0, 0.0, 1.0];
const GREEN: [f32; 4] = [0.0, 128.0 / 255.0, 0.0, 1.0];
const BLUE: [f32; 4] = [0.0, 0.0, 1.0, 1.0];

#[test]
fn paint_order_follows_stacking_contexts() {
    // Tree order: red (z 2), green (z -1), blue (in flow). Painted: green (negative z)
    // under the flow, blue, then red.
    let s = scene(
        r#"<view style="position: relative; height: 100px">
             <view style="position: absolute; z-index: 2; width: 10px; height: 10px; background: red"></view>
             <view style="position: absolute; z-index: -1; width: 10px; height: 10px; background: green"></view>
             <view style="height: 10px; background: blue"></view>
           </view>"#,
        &[],
        false,
    );
    let (r, g, b) = (pos_of(&s, RED), pos_of(&s, GREEN), pos_of(&s, BLUE));
    assert!(g < b && b < r, "green {g}, blue {b}, red {r}");
}

#[test]
fn positioned_boxes_paint_above_later_in_flow_boxes() {
    let s = scene(
        r#"<view style="position: relative; height: 10px; background: red"></view>
           <view style="height: 10px; background: blue"></view>"#,
        &[],
        false,
    );
    assert!(pos_of(&s, BLUE) < pos_of(&s, RED));
}

#[test]
fn overflow_hidden_clips_children_with_rounded_corners() {
    let s = scene(
        r#"<view style="overflow: hidden; width: 100px; height: 50px; border-radius: 10px; border: 2px solid black">
             <view style="width: 200px; height: 200px; background: red"></view>
           </view>"#,
        &[],
        false,
    );
    let Item::Quad(child) = &s.items[pos_of(&s, RED)] else {
        unreachable!()
    };
    // The parent's padding box at scale 2: its 200x100 content box (content-box sizing)
    // inside the 4 device px border.
    assert_eq!(child.clip.rect, [4.0, 4.0, 200.0, 100.0]);
    assert_eq!(child.clip.rounded, [4.0, 4.0, 200.0, 100.0]);
    assert_eq!(
        child.clip.radii, [16.0; 4],
        "outer radius 20 less the 4 px border"
    );
}

#[test]
fn opacity_groups_wrap_subtrees_and_single_boxes_fold() {
    let s = scene(
        r#"<view style="opacity: 0.5; background: red; height: 20px">
             <view style="height: 10px; background: blue"></view>
           </view>
           <view style="opacity: 0.5; height: 10px; background: green"></view>
           <view style="opacity: 0; height: 10px; background: blue"></view>"#,
        &[],
        false,
    );
    let kinds: Vec<&str> = s
        .items
        .iter()
        .map(|i| match i {
            Item::PushLayer { .. } => "push",
            Item::PopLayer => "pop",
            Item::Quad(_) => "quad",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["push", "quad", "quad", "pop", "quad"]);
    assert_eq!(s.items[0], Item::PushLayer { opacity: 0.5 });
    // The lone green box took the opacity into its colour.
    let Item::Quad(q) = &s.items[4] else {
        unreachable!()
    };
    assert_eq!(q.background[3], 0.5);
}

#[test]
fn transforms_compose_down_the_tree() {
    let s = scene(
        r#"<view style="transform: translate(10px, 0); width: 100px; height: 100px; background: red">
             <view style="transform: rotate(90deg); width: 50px; height: 20px; background: blue"></view>
           </view>"#,
        &[],
        false,
    );
    let Item::Quad(parent) = &s.items[pos_of(&s, RED)] else {
        unreachable!()
    };
    assert_eq!(parent.transform, [1.0, 0.0, 0.0, 1.0, 20.0, 0.0]);
    let Item::Quad(child) = &s.items[pos_of(&s, BLUE)] else {
        unreachable!()
    };
    // rotate(90deg) about the child's centre (50, 20) in device px, then the parent's
    // translation of 20 device px.
    let m = child.transform;
    let map = |x: f32, y: f32| [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
    let c = map(50.0, 20.0);
    assert!(
        (c[0] - 70.0).abs() < 1e-3 && (c[1] - 20.0).abs() < 1e-3,
        "{c:?}"
    );
    let corner = map(0.0, 0.0);
    assert!(
        (corner[0] - 90.0).abs() < 1e-3 && (corner[1] + 30.0).abs() < 1e-3,
        "{corner:?}"
    );
}

#[test]
fn visibility_hidden_paints_nothing_but_visible_children() {
    let s = scene(
        r#"<view style="visibility: hidden; height: 20px; background: red">
             <view style="visibility: visible; height: 10px; background: blue"></view>
           </view>"#,
        &[],
        false,
    );
    assert!(!s
        .items
        .iter()
        .any(|i| matches!(i, Item::Quad(q) if q.background == RED)));
    pos_of(&s, BLUE);
}

#[test]
fn shadows_gradients_and_borders_in_css_order() {
    let s = scene(
        r#"<view style="height: 40px; background: red linear-gradient(to right, red, blue);
                        box-shadow: 0 2px 4px black, inset 0 0 3px blue; border: 1px dashed green"></view>"#,
        &[],
        false,
    );
    let kinds: Vec<String> = s
        .items
        .iter()
        .map(|i| match i {
            Item::Shadow(sh) if sh.inset => "inset".into(),
            Item::Shadow(_) => "shadow".into(),
            Item::Quad(q) if q.border_widths[0] > 0.0 => "border".into(),
            Item::Quad(_) => "background".into(),
            Item::Gradient(_) => "gradient".into(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        ["shadow", "background", "gradient", "inset", "border"]
    );
    let Some(Item::Gradient(g)) = s.items.get(2) else {
        unreachable!()
    };
    assert_eq!(g.stop_count, 2);
    assert_eq!((g.stops[0].offset, g.stops[1].offset), (0.0, 1.0));
    // to right: from the left edge's midpoint (tile 750x80).
    assert!(
        g.start[0].abs() < 1e-3 && (g.start[1] - 40.0).abs() < 1e-3,
        "{:?}",
        g.start
    );
    let Some(Item::Quad(border)) = s.items.last() else {
        unreachable!()
    };
    assert_eq!(border.border_styles, [BorderStyle::Dashed; 4]);
    assert_eq!(border.background[3], 0.0);
    let Some(Item::Shadow(sh)) = s.items.first() else {
        unreachable!()
    };
    assert_eq!(sh.bounds[1], 4.0, "offset 2px at scale 2");
    assert_eq!(sh.blur, 8.0);
}

#[test]
fn an_image_is_painted_between_its_background_and_its_border() {
    let compiled = fc_template::compile(
        "pages/t/t.wxml",
        r#"<image src="a.png" style="width: 40px; height: 40px; border: 3px solid #f00; background-color: #00f"></image>"#,
    );
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
    let image = p.tree.flat_children(p.tree.root())[0];
    l.images.insert(
        image,
        std::sync::Arc::new(crate::ImagePixels {
            id: 1,
            width: 2,
            height: 2,
            rgba: vec![255; 16],
        }),
    );
    let frame = Frame {
        width: 375.0,
        height: 667.0,
        scale: 1.0,
        nav_bar: None,
        back_arrow: false,
        tab_bar: None,
        background: [1.0; 4],
    };
    l.layout(
        &mut p.tree,
        Viewport {
            x: 0.0,
            y: 0.0,
            width: 375.0,
            height: 667.0,
        },
    );
    let s = build_scene(&p.tree, &mut l, &frame, &[]);
    let kinds: Vec<&str> = s
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Quad(q) if q.border_widths == [0.0; 4] => Some("background"),
            Item::Quad(_) => Some("border"),
            Item::Image(_) => Some("image"),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, vec!["background", "image", "border"]);
}
