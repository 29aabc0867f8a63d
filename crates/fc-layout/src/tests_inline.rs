//! Inline formatting, text properties and calc lengths, laid out with the repo's fonts only.

use crate::tests::{laid_out, rect_of};
use crate::*;
use fc_view::Page;

/// The text node at `path` (child indices through the flat tree) and its paragraph.
fn text_at<'a>(p: &Page, l: &'a Layouter, path: &[usize]) -> (NodeId, &'a TextBox) {
    let mut id = p.tree.root();
    for &i in path {
        id = p.tree.flat_children(id)[i];
    }
    (id, l.text(id).expect("shaped text"))
}

fn close(a: f32, b: f32, tol: f32) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn two_text_siblings_sit_on_one_line() {
    let (p, l) = laid_out("<view><text>Hello</text><text>World</text></view>", "");
    let a = rect_of(&p, &[0, 0]);
    let b = rect_of(&p, &[0, 1]);
    assert_eq!(a[1], b[1], "{a:?} {b:?}");
    assert!(close(b[0], a[0] + a[2], 1.0), "{a:?} {b:?}");
    // One paragraph holds both.
    let (_, ta) = text_at(&p, &l, &[0, 0, 0]);
    let (_, tb) = text_at(&p, &l, &[0, 1, 0]);
    assert!(std::ptr::eq(ta, tb));
    assert_eq!(ta.laid_out_text(), "HelloWorld");
    // The view is one line tall.
    let view = rect_of(&p, &[0]);
    assert!(close(view[3], 16.0 * 1.362, 0.5), "{view:?}");
}

#[test]
fn text_element_inside_a_view_with_text_around() {
    let (p, l) = laid_out("<view> before <text>middle</text> after </view>", "");
    let (_, tb) = text_at(&p, &l, &[0, 0]);
    assert_eq!(tb.laid_out_text(), "before middle after");
    let before = rect_of(&p, &[0, 0]);
    let middle = rect_of(&p, &[0, 1]);
    let after = rect_of(&p, &[0, 2]);
    assert_eq!(before[1], middle[1]);
    assert_eq!(middle[1], after[1]);
    assert!(before[0] + before[2] <= middle[0] + 0.5);
    assert!(middle[0] + middle[2] <= after[0] + 0.5);
    // The <text> element's box is its text's box.
    assert_eq!(middle, rect_of(&p, &[0, 1, 0]));
    // A tap on the middle word hits the <text> element.
    let hit = fc_view::hit_test(&p.tree, middle[0] + 2.0, middle[1] + 5.0);
    assert_eq!(
        hit,
        Some(p.tree.flat_children(p.tree.flat_children(p.tree.root())[0])[1])
    );
}

#[test]
fn spans_wrap_together_with_their_own_styles() {
    let (p, l) = laid_out(
        r#"<view class="box">aaa bbb <text class="big">ccc ddd</text> eee fff ggg hhh</view>"#,
        ".box { width: 120px; font-size: 16px; line-height: 20px; } .big { font-size: 30px; line-height: 36px; color: red; font-weight: bold; }",
    );
    let (_, tb) = text_at(&p, &l, &[0, 0]);
    assert!(tb.line_count() >= 3, "{}", tb.laid_out_text());
    let big = rect_of(&p, &[0, 1, 0]);
    // The big span's lines are its line height tall.
    assert!(big[3] >= 36.0, "{big:?}");
    assert_eq!(tb.span_color(1), [1.0, 0.0, 0.0, 1.0]);
    assert_eq!(tb.span_color(0), [0.0, 0.0, 0.0, 1.0]);
    let view = rect_of(&p, &[0]);
    assert!(view[3] > 20.0 * 3.0, "{view:?}");
}

#[test]
fn newline_in_text_breaks_the_line_but_not_in_a_view() {
    let (p, l) = laid_out(
        "<view><text>one\ntwo</text></view><view>one\ntwo</view>",
        "",
    );
    let (_, t) = text_at(&p, &l, &[0, 0, 0]);
    assert_eq!(t.laid_out_text(), "one\ntwo");
    assert_eq!(t.line_count(), 2);
    let (_, v) = text_at(&p, &l, &[1, 0]);
    assert_eq!(v.laid_out_text(), "one two");
}

#[test]
fn white_space_modes() {
    let css = ".n { width: 60px; } .nw { width: 60px; white-space: nowrap; } \
               .pre { white-space: pre; } .pl { white-space: pre-line; }";
    let src = r#"<view class="n">aa bb cc dd</view><view class="nw">aa bb cc dd</view><view class="pre">a   b</view><view class="pl">a   b
c</view>"#;
    let (p, l) = laid_out(src, css);
    assert!(text_at(&p, &l, &[0, 0]).1.line_count() > 1);
    let nw = text_at(&p, &l, &[1, 0]).1;
    assert_eq!(nw.line_count(), 1);
    assert_eq!(text_at(&p, &l, &[2, 0]).1.laid_out_text(), "a   b");
    assert_eq!(text_at(&p, &l, &[3, 0]).1.laid_out_text(), "a b\nc");
}

#[test]
fn ellipsis_and_line_clamp() {
    let css = ".e { width: 80px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; } \
               .c { width: 80px; overflow: hidden; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; }";
    let long = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
    let (p, l) = laid_out(
        &format!(r#"<view class="e">{long}</view><view class="c">{long}</view>"#),
        css,
    );
    let e = text_at(&p, &l, &[0, 0]).1;
    assert_eq!(e.line_count(), 1);
    let shown = e.laid_out_text();
    assert!(shown.ends_with('…') && shown.len() < long.len(), "{shown}");
    let c = text_at(&p, &l, &[1, 0]).1;
    assert_eq!(c.line_count(), 2, "{}", c.laid_out_text());
    assert!(c.laid_out_text().ends_with('…'), "{}", c.laid_out_text());
    let box_c = rect_of(&p, &[1]);
    assert!(close(box_c[3], 2.0 * 16.0 * 1.362, 1.0), "{box_c:?}");
}

#[test]
fn letter_spacing_widens() {
    let (p, _) = laid_out(
        r#"<view><text>abcdef</text></view><view><text class="s">abcdef</text></view>"#,
        ".s { letter-spacing: 4px; }",
    );
    let plain = rect_of(&p, &[0, 0]);
    let spaced = rect_of(&p, &[1, 0]);
    assert!(
        close(spaced[2] - plain[2], 6.0 * 4.0, 2.0),
        "{plain:?} {spaced:?}"
    );
}

#[test]
fn text_align_center_and_right() {
    let (p, _) = laid_out(
        r#"<view class="c"><text>mid</text></view><view class="r"><text>end</text></view>"#,
        ".c { text-align: center; } .r { text-align: right; }",
    );
    let mid = rect_of(&p, &[0, 0]);
    assert!(close(mid[0] + mid[2] / 2.0, 187.5, 1.5), "{mid:?}");
    let end = rect_of(&p, &[1, 0]);
    assert!(close(end[0] + end[2], 375.0, 1.5), "{end:?}");
}

#[test]
fn text_indent_moves_the_first_line() {
    let (p, _) = laid_out(
        r#"<view class="i">indented words that wrap onto a second line here</view>"#,
        ".i { width: 150px; text-indent: 30px; }",
    );
    let t = rect_of(&p, &[0, 0]);
    // The box spans both lines, so it starts at the second line's left edge…
    assert_eq!(t[0], 0.0);
    let (p2, l2) = laid_out(
        r#"<view class="i">short</view>"#,
        ".i { text-indent: 30px; }",
    );
    // …and a one-line text starts at the indent.
    let s = rect_of(&p2, &[0, 0]);
    assert!(close(s[0], 30.0, 1.0), "{s:?}");
    assert_eq!(text_at(&p2, &l2, &[0, 0]).1.laid_out_text(), "short");
}

#[test]
fn decorations_give_lines_per_span() {
    let (p, l) = laid_out(
        r#"<view class="u">under <text class="s">struck</text></view>"#,
        ".u { text-decoration: underline; color: blue; } .s { text-decoration: line-through red; }",
    );
    let (_, tb) = text_at(&p, &l, &[0, 0]);
    let lines: Vec<_> = tb.decorations().collect();
    // "under " underlined; "struck" underlined (blue, from the view) and struck (red).
    assert_eq!(lines.len(), 3, "{lines:?}");
    let text = rect_of(&p, &[0, 0]);
    let under = lines.iter().find(|d| d.span == 0).expect("underline");
    assert!(
        under.y > text[1] + text[3] * 0.6 && under.y < text[1] + text[3],
        "{under:?}"
    );
    assert_eq!(under.color, [0.0, 0.0, 1.0, 1.0]);
    assert!(under.thickness >= 1.0);
    let strike = lines
        .iter()
        .find(|d| d.color == [1.0, 0.0, 0.0, 1.0])
        .expect("line-through");
    assert!(strike.y < under.y);
}

#[test]
fn hidden_span_keeps_its_room_but_paints_nothing() {
    let (p, l) = laid_out(
        r#"<view>a <text class="h">hidden</text> b</view>"#,
        ".h { visibility: hidden; }",
    );
    let (_, tb) = text_at(&p, &l, &[0, 0]);
    assert_eq!(tb.laid_out_text(), "a hidden b");
    assert_eq!(tb.span_glyphs(1).count(), 0);
    assert!(tb.span_glyphs(0).count() > 0);
}

#[test]
fn inline_block_sits_in_the_line() {
    let (p, _) = laid_out(
        r#"<view>label <view class="ib"></view> after</view>"#,
        ".ib { display: inline-block; width: 20px; height: 10px; }",
    );
    let label = rect_of(&p, &[0, 0]);
    let ib = rect_of(&p, &[0, 1]);
    let after = rect_of(&p, &[0, 2]);
    assert!(ib[0] >= label[0] + label[2] - 0.5, "{label:?} {ib:?}");
    assert!(after[0] >= ib[0] + ib[2] - 0.5, "{ib:?} {after:?}");
    assert!(ib[1] < label[1] + label[3], "{label:?} {ib:?}");
}

#[test]
fn reshaping_is_incremental() {
    let (mut p, mut l) = laid_out("<view><text>Hello</text> world</view>", "");
    let id = text_at(&p, &l, &[0, 0, 0]).0;
    let before = l.text(id).expect("text").shape_count();
    let vp = Viewport {
        x: 0.0,
        y: 44.0,
        width: 375.0,
        height: 623.0,
    };
    l.layout(&mut p.tree, vp);
    assert_eq!(l.text(id).expect("text").shape_count(), before);
    // A new width relayouts without reshaping the text.
    l.layout(&mut p.tree, Viewport { width: 300.0, ..vp });
    assert_eq!(l.text(id).expect("text").shape_count(), before);
}

#[test]
fn wrapped_text_keeps_its_buffer_and_one_line_text_lets_it_go() {
    let (mut p, mut l) = laid_out(
        "<view class='narrow'>words enough to wrap in a narrow box</view><view>short</view>",
        ".narrow { width: 30% }",
    );
    let (wrapped, _) = text_at(&p, &l, &[0, 0]);
    let (short, _) = text_at(&p, &l, &[1, 0]);
    let shapes = |l: &Layouter, id| l.text(id).expect("text").shape_count();
    let held = |l: &Layouter, id| l.text(id).expect("text").buffer().is_some();
    assert_eq!((held(&l, wrapped), held(&l, short)), (true, false));
    let before = (shapes(&l, wrapped), shapes(&l, short));
    // Wider: the wrapped text is laid out again in its buffer, the short one's one-line
    // layout serves as it is; neither is shaped again.
    let vp = Viewport {
        x: 0.0,
        y: 44.0,
        width: 700.0,
        height: 623.0,
    };
    let lines = |l: &Layouter| l.text(wrapped).expect("text").laid_out_text();
    let narrow = lines(&l);
    l.layout(&mut p.tree, vp);
    assert_eq!((shapes(&l, wrapped), shapes(&l, short)), before);
    assert_ne!(lines(&l), narrow, "laid out again at the new width");
}

#[test]
fn calc_width_and_gap() {
    let (p, _) = laid_out(
        r#"<view class="row"><view class="a">a</view><view class="b">b</view></view>"#,
        ".row { display: flex; column-gap: 10px; } .a { width: calc(50% - 20px); } .b { width: 40px; }",
    );
    let a = rect_of(&p, &[0, 0]);
    let b = rect_of(&p, &[0, 1]);
    assert!(close(a[2], 375.0 / 2.0 - 20.0, 1.0), "{a:?}");
    assert!(close(b[0], a[0] + a[2] + 10.0, 1.0), "{a:?} {b:?}");
}

#[test]
fn flex_order_and_text_items() {
    let (p, _) = laid_out(
        r#"<view class="row">first<view class="late">x</view><view>y</view></view>"#,
        ".row { display: flex; } .late { order: 1; }",
    );
    let first = rect_of(&p, &[0, 0]);
    let late = rect_of(&p, &[0, 1]);
    let y = rect_of(&p, &[0, 2]);
    assert!(y[0] < late[0], "{y:?} {late:?}");
    assert!(first[0] < y[0]);
}

#[test]
fn paragraphs_of_the_same_text_are_shaped_once() {
    let (p, l) = laid_out(
        "<view>same words</view><view>same words</view><view class='big'>same words</view>",
        ".big { font-size: 20px }",
    );
    let (_, a) = text_at(&p, &l, &[0, 0]);
    let (_, b) = text_at(&p, &l, &[1, 0]);
    let (_, c) = text_at(&p, &l, &[2, 0]);
    assert_eq!(
        (a.shape_count(), b.shape_count(), c.shape_count()),
        (1, 0, 1)
    );
    let xs = |t: &TextBox| t.span_glyphs(0).map(|(g, _)| g.x).collect::<Vec<_>>();
    assert_eq!(xs(a), xs(b));
    assert_ne!(xs(a), xs(c));
    assert_eq!(b.laid_out_text(), "same words");
    // Each at its own place.
    let (ra, rb) = (rect_of(&p, &[0, 0]), rect_of(&p, &[1, 0]));
    assert!(rb[1] > ra[1] && ra[2] == rb[2], "{ra:?} {rb:?}");
}
