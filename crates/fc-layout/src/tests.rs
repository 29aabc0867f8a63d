use crate::*;
use fc_style::{Cascade, ResolveContext};
use fc_view::Page;
use serde_json::json;

pub(crate) fn laid_out(src: &str, css: &str) -> (Page, Layouter) {
    let compiled = fc_template::compile("pages/t/t.wxml", src);
    let (sheet, _) = fc_style::parse_stylesheet("pages/t/t.wxss", css);
    let cascade = Cascade::new(vec![
        fc_style::shared_default_stylesheet(),
        std::sync::Arc::new(sheet),
    ]);
    let mut p = Page::new(1, "pages/t/t", &compiled.template, cascade);
    p.set_initial_data(json!({}));
    p.restyle(&ResolveContext {
        viewport_width: 375.0,
        viewport_height: 667.0,
    });
    let mut l = Layouter::new(new_font_system(false));
    l.layout(
        &mut p.tree,
        Viewport {
            x: 0.0,
            y: 44.0,
            width: 375.0,
            height: 623.0,
        },
    );
    (p, l)
}

pub(crate) fn rect_of(p: &Page, path: &[usize]) -> [f32; 4] {
    let mut id = p.tree.root();
    for &i in path {
        id = p.tree.flat_children(id)[i];
    }
    p.tree.get(id).expect("node").rect
}

#[test]
fn blocks_stack_and_fill_the_width() {
    let (p, _) = laid_out("<view>Hello</view><button>Click</button>", "");
    let root = rect_of(&p, &[]);
    assert_eq!(root, [0.0, 44.0, 375.0, 623.0]);
    let view = rect_of(&p, &[0]);
    assert_eq!((view[0], view[1], view[2]), (0.0, 44.0, 375.0));
    // 16px Noto Sans, line-height normal = 1.362em.
    assert!((view[3] - 21.79).abs() < 0.5, "{view:?}");
    let button = rect_of(&p, &[1]);
    assert_eq!(button[1], view[1] + view[3]);
    // 18px × 2.5556 line; the hairline frame is the ::after box, which takes no room.
    assert!((button[3] - 46.0).abs() < 0.5, "{button:?}");
    assert_eq!(button[2], 375.0);
}

#[test]
fn text_is_centred_in_a_button() {
    let (p, l) = laid_out("<button>Click</button>", "");
    let button = rect_of(&p, &[0]);
    let text_id = p.tree.flat_children(p.tree.flat_children(p.tree.root())[0])[0];
    let tb = l.text(text_id).expect("shaped");
    let glyphs: Vec<_> = tb.span_glyphs(0).map(|(g, _)| g).collect();
    assert_eq!(tb.line_count(), 1);
    let first = glyphs.first().expect("glyphs").x;
    let last = glyphs.last().expect("glyphs");
    let origin = tb.origin();
    let left = origin[0] + first;
    let right = origin[0] + last.x + last.w;
    // The text node's box is its glyphs' box.
    let text_rect = p.tree.get(text_id).expect("text").rect;
    assert!((text_rect[0] - left).abs() <= 1.0 && (text_rect[2] - (right - left)).abs() <= 1.0);
    let centre = button[0] + button[2] / 2.0;
    assert!(
        ((left + right) / 2.0 - centre).abs() < 2.0,
        "text {left}..{right}, centre {centre}"
    );
}

#[test]
fn flex_row_and_padding_and_rpx() {
    let (p, _) = laid_out(
        r#"<view class="row"><view class="a">a</view><view class="b">b</view></view>"#,
        ".row { display: flex; flex-direction: row; padding: 10px; } .a { width: 375rpx; } .b { flex: 1; }",
    );
    let a = rect_of(&p, &[0, 0]);
    let b = rect_of(&p, &[0, 1]);
    assert_eq!((a[0], a[1], a[2]), (10.0, 54.0, 187.0));
    assert_eq!(b[0], 197.0);
    assert_eq!(b[2], 375.0 - 20.0 - 187.0);
}

#[test]
fn long_text_wraps_at_the_box_width() {
    let (p, _) = laid_out(
        r#"<view class="box">one two three four five six seven eight nine ten eleven twelve</view>"#,
        ".box { width: 100px; font-size: 16px; line-height: 20px; }",
    );
    let text = rect_of(&p, &[0, 0]);
    assert!(text[2] <= 100.0);
    // Lines are 20px apart; the text's box is its glyphs' content areas (1.362em tall each,
    // so it overhangs the 20px line boxes a little).
    let view = rect_of(&p, &[0]);
    assert!(view[3] >= 60.0 && (view[3] % 20.0).abs() < 0.01, "{view:?}");
    assert!(text[3] >= view[3] && text[3] <= view[3] + 2.0, "{text:?}");
}

#[test]
fn scroll_view_is_flex_only_with_enable_flex() {
    let css = ".s { display: flex; height: 100px; } .c { width: 50px; height: 30px; }";
    let src = r#"<scroll-view class="s"><view class="c"/><view class="c"/></scroll-view><scroll-view class="s" enable-flex><view class="c"/><view class="c"/></scroll-view>"#;
    let (p, _l) = laid_out(src, css);
    // Without enable-flex the children stack as blocks; with it they sit in a row.
    assert_eq!(rect_of(&p, &[0, 1]), [0.0, 74.0, 50.0, 30.0]);
    assert_eq!(rect_of(&p, &[1, 1]), [50.0, 144.0, 50.0, 30.0]);
}
