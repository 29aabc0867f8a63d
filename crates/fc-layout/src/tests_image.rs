//! `<image>` sizes: the UA default and the fix modes once the natural size is known.

use crate::tests::{laid_out, rect_of};
use crate::Viewport;

fn relayout(p: &mut fc_view::Page, l: &mut crate::Layouter, natural: (u32, u32)) {
    let id = p.tree.flat_children(p.tree.root())[0];
    l.images.insert(
        id,
        std::sync::Arc::new(crate::ImagePixels {
            id: 1,
            width: natural.0,
            height: natural.1,
            rgba: vec![0; (natural.0 * natural.1 * 4) as usize],
        }),
    );
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

#[test]
fn image_defaults_to_320_by_240() {
    let (p, _) = laid_out(r#"<image src="a.png"/>"#, "");
    let r = rect_of(&p, &[0]);
    assert_eq!((r[2], r[3]), (320.0, 240.0), "{r:?}");
}

#[test]
fn width_fix_follows_the_ratio() {
    let (mut p, mut l) = laid_out(
        r#"<image mode="widthFix" src="a.png"/>"#,
        "image { width: 200px; }",
    );
    // Until loaded: the default height.
    assert_eq!(rect_of(&p, &[0])[3], 240.0);
    relayout(&mut p, &mut l, (100, 50));
    let r = rect_of(&p, &[0]);
    assert_eq!((r[2], r[3]), (200.0, 100.0), "{r:?}");
}

#[test]
fn height_fix_follows_the_ratio() {
    let (mut p, mut l) = laid_out(
        r#"<image mode="heightFix" src="a.png"/>"#,
        "image { height: 60px; }",
    );
    relayout(&mut p, &mut l, (100, 50));
    let r = rect_of(&p, &[0]);
    assert_eq!((r[2], r[3]), (120.0, 60.0), "{r:?}");
}

#[test]
fn other_modes_keep_the_box() {
    let (mut p, mut l) = laid_out(r#"<image mode="aspectFit" src="a.png"/>"#, "");
    relayout(&mut p, &mut l, (100, 50));
    let r = rect_of(&p, &[0]);
    assert_eq!((r[2], r[3]), (320.0, 240.0), "{r:?}");
}
