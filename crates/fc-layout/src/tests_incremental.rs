//! Incremental layout: after a change, the layout that reuses the last one's boxes gives what
//! a layout of the changed tree from scratch gives, and rebuilds only near the change.

use crate::*;
use fc_protocol::{DataPatch, DataPath};
use fc_style::{Cascade, ResolveContext};
use fc_view::Page;
use serde_json::{json, Value};

const VIEWPORT: Viewport = Viewport {
    x: 0.0,
    y: 44.0,
    width: 375.0,
    height: 623.0,
};

fn ctx() -> ResolveContext {
    ResolveContext {
        viewport_width: 375.0,
        viewport_height: 667.0,
    }
}

fn page(src: &str, css: &str, data: Value) -> Page {
    let compiled = fc_template::compile("pages/t/t.wxml", src);
    let (sheet, _) = fc_style::parse_stylesheet("pages/t/t.wxss", css);
    let cascade = Cascade::new(vec![
        fc_style::shared_default_stylesheet(),
        std::sync::Arc::new(sheet),
    ]);
    let mut p = Page::new(1, "pages/t/t", &compiled.template, cascade);
    p.set_initial_data(data);
    p.restyle(&ctx());
    p
}

fn patch(p: &mut Page, path: &str, value: Value) {
    p.apply_patches(&[DataPatch {
        path: DataPath::parse(path).expect("path"),
        value,
    }]);
    p.restyle(&ctx());
}

fn layouter() -> Layouter {
    Layouter::new(new_font_system(false))
}

type Shot = Vec<(NodeId, [f32; 4], Option<(String, usize, [f32; 2])>)>;

/// Every node's box in document order, and each text node's paragraph (its laid-out text,
/// the node's span index, its origin).
fn snapshot(p: &Page, l: &Layouter) -> Shot {
    let mut out = Vec::new();
    let mut stack = vec![p.tree.root()];
    while let Some(id) = stack.pop() {
        let Some(n) = p.tree.get(id) else { continue };
        let text = l
            .text_span(id)
            .map(|(tb, span)| (tb.laid_out_text(), span, tb.origin()));
        out.push((id, n.rect, text));
        stack.extend(n.children.iter().rev().copied());
    }
    out
}

/// Lays `p` out with `l` (incrementally), then with a new layouter from scratch, asserts
/// that both agree and returns what the incremental layout did.
fn check(p: &mut Page, l: &mut Layouter, viewport: Viewport) -> LayoutStats {
    l.layout(&mut p.tree, viewport);
    let stats = l.stats();
    let incremental = snapshot(p, l);
    let mut fresh = layouter();
    fresh.fields = l.fields.clone();
    fresh.images = l.images.clone();
    fresh.layout(&mut p.tree, viewport);
    let scratch = snapshot(p, &fresh);
    assert_eq!(incremental.len(), scratch.len());
    for (a, b) in incremental.iter().zip(&scratch) {
        assert_eq!(a, b, "incremental vs from scratch");
    }
    // As the player does once the frame is drawn: the next layout starts from that.
    l.collect_garbage();
    p.tree.collect_garbage();
    stats
}

#[test]
fn a_longer_text_in_a_flex_row() {
    let src = "<view style='display: flex'>\
        <view wx:for='{{items}}' style='padding: 4px'>{{item}}</view></view>\
        <view>after</view>";
    let mut p = page(src, "", json!({"items": ["one", "two", "three"]}));
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    let long = "a much longer second item that needs more than one line in its box";
    patch(&mut p, "items[1]", json!(long));
    assert!(check(&mut p, &mut l, VIEWPORT).computed);
    patch(&mut p, "items[0]", json!(""));
    check(&mut p, &mut l, VIEWPORT);
    // Nothing changed: nothing to do.
    assert_eq!(check(&mut p, &mut l, VIEWPORT), LayoutStats::default());
}

#[test]
fn a_width_in_a_block_list_rebuilds_only_its_row() {
    let src = "<view class='list'><view wx:for='{{rows}}' class='row' \
        style='width: {{item.w}}px'><text>{{item.t}}</text></view></view><view>end</view>";
    let css = ".row { border: 1px solid red; padding: 2px }";
    let rows: Vec<Value> = (0..50)
        .map(|i| json!({"w": 100 + i, "t": format!("row {i} text")}))
        .collect();
    let mut p = page(src, css, json!({ "rows": rows }));
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "rows[7].w", json!(40));
    let n = check(&mut p, &mut l, VIEWPORT).rebuilt;
    // The row: the list and the root keep their boxes and children (`LAYOUT_BELOW`).
    assert_eq!(n, 1);
    patch(
        &mut p,
        "rows[9].t",
        json!("a text much wider than the row it sits in, wrapping"),
    );
    let n = check(&mut p, &mut l, VIEWPORT).rebuilt;
    // Again the row alone (its inline `text` makes no box of its own: the row's paragraph).
    assert_eq!(n, 1);
}

#[test]
fn nested_inline_text_and_inline_blocks() {
    let src = "<view>a <text>b <text class='u'>{{x}}</text> c</text> d \
        <view style='display: inline-block; width: 40px'>{{y}}</view> e</view>\
        <view>{{z}}</view>";
    let css = ".u { text-decoration: underline; font-size: 20px }";
    let mut p = page(src, css, json!({"x": "x", "y": "y", "z": "z"}));
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    patch(
        &mut p,
        "x",
        json!("a longer middle that wraps the line it is on, surely"),
    );
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "y", json!("inline block text"));
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "z", json!("z again"));
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "x", json!(""));
    check(&mut p, &mut l, VIEWPORT);
}

fn rows(ids: &[u32]) -> Value {
    Value::Array(
        ids.iter()
            .map(|i| json!({"id": i, "label": format!("label {i}")}))
            .collect(),
    )
}

const TABLE: &str = "<view class='table'><view wx:for='{{rows}}' wx:key='id' class='tr'>\
    <text class='td'>{{item.id}}</text><text class='td label'>{{item.label}}</text></view></view>\
    <view wx:if='{{more}}' class='more'>more <text>{{rows.length}}</text></view><view>end</view>";
const TABLE_CSS: &str = ".tr { display: flex; border-top: 1px solid #ddd }\
    .td { display: block; padding: 6px 8px; width: 60px } .label { flex: 1 }";

#[test]
fn rows_removed_inserted_and_reordered() {
    let mut p = page(
        TABLE,
        TABLE_CSS,
        json!({"rows": rows(&[1, 2, 3, 4, 5, 6]), "more": true}),
    );
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    // Removal.
    patch(&mut p, "rows", rows(&[1, 2, 4, 5, 6]));
    check(&mut p, &mut l, VIEWPORT);
    // Insertion in the middle and at the end.
    patch(&mut p, "rows", rows(&[1, 2, 7, 4, 5, 6, 8]));
    check(&mut p, &mut l, VIEWPORT);
    // Reorder: a swap, then a reversal.
    patch(&mut p, "rows", rows(&[1, 5, 7, 4, 2, 6, 8]));
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "rows", rows(&[8, 6, 2, 4, 7, 5, 1]));
    check(&mut p, &mut l, VIEWPORT);
    // A conditional block goes and comes back.
    patch(&mut p, "more", json!(false));
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "more", json!(true));
    check(&mut p, &mut l, VIEWPORT);
    // Everything goes, then comes back.
    patch(&mut p, "rows", rows(&[]));
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "rows", rows(&[3, 1, 2]));
    check(&mut p, &mut l, VIEWPORT);
}

#[test]
fn a_paint_only_class_change_needs_no_layout() {
    let src = "<view wx:for='{{rows}}' wx:key='id' \
        class='tr {{item.id === sel ? \"danger\" : \"\"}} {{item.id === big ? \"big\" : \"\"}}'>\
        <text>{{item.label}}</text></view>";
    let css = ".tr { padding: 4px; color: #333 } \
        .danger { background-color: #f2dede; color: red; border-color: blue } \
        .big { font-size: 30px }";
    let mut p = page(
        src,
        css,
        json!({"rows": rows(&[1, 2, 3, 4]), "sel": 0, "big": 0}),
    );
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "sel", json!(2));
    // The class attribute changed (the row is built again), its style only in paint: taffy
    // has nothing to do.
    let stats = check(&mut p, &mut l, VIEWPORT);
    assert!(!stats.computed, "{stats:?}");
    // The text is painted in the node's colour, which restyle updated.
    let row = p.tree.flat_children(p.tree.root())[1];
    let text = p.tree.flat_children(p.tree.flat_children(row)[0])[0];
    let red = p.tree.get(text).map(|n| n.style.color);
    assert_eq!(red.map(|c| (c.r, c.g, c.b)), Some((1.0, 0.0, 0.0)));
    // A font size does move things.
    patch(&mut p, "big", json!(3));
    assert!(check(&mut p, &mut l, VIEWPORT).computed);
}

#[test]
fn a_new_viewport_and_calc_lengths() {
    let src = "<view style='width: calc(50% - 10px); padding: 0 calc(10% + 1px)'>{{t}}</view>\
        <view style='display: flex'><view style='flex-basis: calc(30% + 5px)'>b</view>\
        <view style='flex: 1'>{{t}}</view></view>";
    let mut p = page(
        src,
        "",
        json!({"t": "some text that wraps in a narrow box, maybe"}),
    );
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    let narrow = Viewport {
        width: 200.0,
        height: 500.0,
        ..VIEWPORT
    };
    check(&mut p, &mut l, narrow);
    let moved = Viewport {
        x: 10.0,
        y: 0.0,
        ..narrow
    };
    check(&mut p, &mut l, moved);
    patch(&mut p, "t", json!("short"));
    check(&mut p, &mut l, moved);
    check(&mut p, &mut l, VIEWPORT);
}

#[test]
fn generated_boxes_and_fields() {
    let src = "<view class='g' data-x='{{x}}'>{{y}}</view><input style='width: 100px'/>\
        <view>{{y}}</view>";
    let css = ".g::before { content: attr(data-x); font-size: 20px } \
        .g::after { content: '!' }";
    let mut p = page(src, css, json!({"x": "before", "y": "y"}));
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "x", json!("a much longer generated text"));
    check(&mut p, &mut l, VIEWPORT);
    let input = p.tree.flat_children(p.tree.root())[1];
    l.fields.insert(
        input,
        FieldView {
            text: "typed".into(),
            placeholder: None,
            caret: Some(5),
            multiline: false,
            auto_height: false,
        },
    );
    assert!(check(&mut p, &mut l, VIEWPORT).computed);
    assert!(l.field_text(input).is_some());
    patch(&mut p, "y", json!("y changed"));
    check(&mut p, &mut l, VIEWPORT);
    l.fields.clear();
    assert!(check(&mut p, &mut l, VIEWPORT).computed);
    assert!(l.field_text(input).is_none());
}

#[test]
fn switching_trees_starts_afresh() {
    let mut a = page(
        TABLE,
        TABLE_CSS,
        json!({"rows": rows(&[1, 2, 3]), "more": true}),
    );
    let mut b = page(
        TABLE,
        TABLE_CSS,
        json!({"rows": rows(&[9, 8]), "more": false}),
    );
    let mut l = layouter();
    check(&mut a, &mut l, VIEWPORT);
    // Same node ids in both trees: b must not reuse a's boxes.
    check(&mut b, &mut l, VIEWPORT);
    patch(&mut a, "rows", rows(&[3, 2]));
    check(&mut a, &mut l, VIEWPORT);
    check(&mut b, &mut l, VIEWPORT);
}

#[test]
fn a_box_that_loses_its_only_absolute_child() {
    let src =
        "<view class='box'><view wx:if='{{on}}' class='abs'>x</view></view><view>after</view>";
    let css = ".box { position: relative; height: 20px } \
        .abs { position: absolute; top: 5px; left: 5px }";
    let mut p = page(src, css, json!({"on": true}));
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    // taffy's own tree kept the removed box in the emptied one's out-of-flow list.
    patch(&mut p, "on", json!(false));
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "on", json!(true));
    check(&mut p, &mut l, VIEWPORT);
}

#[test]
fn closing_a_toast_over_a_long_page_rebuilds_near_it_only() {
    // An absolutely positioned box removed from a page of many boxes: the page is not laid
    // out again from nothing (taffy's own tree kept such boxes in their containing block's
    // list for its rounding pass, and fcplayer restarted the layout when one went).
    let src = "<view class='page'><view wx:for='{{rows}}' class='row'>{{item}}</view>\
        <view wx:if='{{toast}}' class='toast'><text>Saved</text></view></view>";
    let css = ".page { position: relative } .row { padding: 4px } \
        .toast { position: absolute; top: 40px; left: 20px; right: 20px; padding: 8px }";
    let rows: Vec<Value> = (0..200).map(|i| json!(format!("row {i}"))).collect();
    let mut p = page(src, css, json!({ "rows": rows, "toast": true }));
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "toast", json!(false));
    let closed = check(&mut p, &mut l, VIEWPORT);
    assert!(
        closed.rebuilt < 5,
        "{} elements built again",
        closed.rebuilt
    );
    patch(&mut p, "toast", json!(true));
    check(&mut p, &mut l, VIEWPORT);
}

#[test]
fn a_label_in_a_long_table_rebuilds_its_cell_only() {
    // demos/rows' shape: a block table of flex rows of block cells.
    let src = "<view class='table'><view wx:for='{{rows}}' wx:key='id' class='tr'>\
        <text class='td'>{{item.id}}</text><text class='td label'>{{item.label}}</text>\
        </view></view>";
    let css = ".tr { display: flex; border-top: 1px solid #ccc } .td { display: block; \
        padding: 6px 8px } .label { flex: 1 }";
    let rows: Vec<Value> = (0..300)
        .map(|i| json!({"id": i, "label": format!("label {i}")}))
        .collect();
    let mut p = page(src, css, json!({ "rows": rows }));
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    patch(
        &mut p,
        "rows[150].label",
        json!("a label long enough to wrap onto a second line in its cell, surely"),
    );
    assert_eq!(check(&mut p, &mut l, VIEWPORT).rebuilt, 1);
    patch(&mut p, "rows[151].label", json!("short"));
    patch(&mut p, "rows[2].id", json!(2000));
    assert_eq!(check(&mut p, &mut l, VIEWPORT).rebuilt, 2);
    // Nothing left to do afterwards.
    assert_eq!(check(&mut p, &mut l, VIEWPORT), LayoutStats::default());
}

/// The text node of row `row`'s cell `cell` in a `.table > .tr > .td` page.
fn cell_text(p: &Page, row: usize, cell: usize) -> NodeId {
    let table = p.tree.flat_children(p.tree.root())[0];
    let tr = p.tree.flat_children(table)[row];
    let td = p.tree.flat_children(tr)[cell];
    p.tree.flat_children(td)[0]
}

#[test]
fn a_long_list_lets_old_shaped_buffers_go() {
    let src = "<view class='table'><view wx:for='{{rows}}' wx:key='id' class='tr'>\
        <text class='td'>{{item.id}}</text><text class='td label {{item.u ? \"u\" : \"\"}} {{item.blue ? \"blue\" : \"\"}}'>{{item.label}}</text>\
        </view></view>";
    let css = ".tr { display: flex } .td { display: block; padding: 6px 8px } \
        .label { flex: 1 } .u { text-decoration: underline; text-decoration-color: #f00 } \
        .u.blue { text-decoration-color: #00f }";
    let n = KEPT_BUFFERS; // two paragraphs a row: twice the budget
    let rows: Vec<Value> = (0..n)
        .map(|i| json!({"id": i, "label": format!("label number {i}"), "u": i == 0}))
        .collect();
    let mut p = page(src, css, json!({ "rows": rows }));
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    let first = cell_text(&p, 0, 1);
    let last = cell_text(&p, n - 1, 1);
    let tb = l.text(first).expect("shaped");
    // Laid out and let go: its glyphs and lines stay.
    assert!(tb.buffer().is_none());
    assert_eq!(tb.laid_out_text(), "label number 0");
    assert_eq!(tb.span_glyphs(0).count(), "label number 0".len());
    // Laid out on one line too: its buffer went at once, to the next paragraph shaped.
    assert!(l.text(last).expect("shaped").buffer().is_none());
    let held = (0..n)
        .flat_map(|r| [cell_text(&p, r, 0), cell_text(&p, r, 1)])
        .filter(|id| l.text(*id).is_some_and(|tb| tb.buffer().is_some()))
        .count();
    assert!(held <= KEPT_BUFFERS, "{held}");
    let shapes = tb.shape_count();
    // A change elsewhere, and a colour change of the first row's underline: neither shapes
    // the first row's text again.
    patch(&mut p, "rows[700].label", json!("another label"));
    check(&mut p, &mut l, VIEWPORT);
    let underline = |l: &Layouter| {
        let tb = l.text(first).expect("shaped");
        tb.decorations().next().expect("underline").color
    };
    assert_eq!(underline(&l), [1.0, 0.0, 0.0, 1.0]);
    patch(&mut p, "rows[0].blue", json!(true));
    check(&mut p, &mut l, VIEWPORT);
    assert_eq!(underline(&l), [0.0, 0.0, 1.0, 1.0]);
    assert_eq!(l.text(first).expect("shaped").shape_count(), shapes);
    // A new width lays every row out again (from scratch where the buffer went), as a
    // fresh layout does.
    check(
        &mut p,
        &mut l,
        Viewport {
            width: 300.0,
            ..VIEWPORT
        },
    );
}

#[test]
fn a_block_of_text_is_one_box_and_stays_right_when_it_gains_and_loses_children() {
    let src = "<view class='c'>{{a}}<view wx:if='{{b}}'>inner</view></view><view>after</view>";
    let css = ".c { padding: 5px 7px; border: 2px solid #000; width: 120px }";
    let mut p = page(
        src,
        css,
        json!({"a": "some text that wraps in the box", "b": false}),
    );
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    let c = p.tree.flat_children(p.tree.root())[0];
    let text = p.tree.flat_children(c)[0];
    let (cr, tr) = (
        p.tree.get(c).expect("c").rect,
        p.tree.get(text).expect("t").rect,
    );
    // The text sits inside the padding and border, wrapped to the content width.
    assert!(
        tr[0] >= cr[0] + 9.0 && tr[1] >= cr[1] + 7.0,
        "{cr:?} {tr:?}"
    );
    assert!(tr[2] <= 120.5 && tr[3] > 20.0, "{cr:?} {tr:?}");
    patch(&mut p, "b", json!(true));
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "a", json!("short"));
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "b", json!(false));
    check(&mut p, &mut l, VIEWPORT);
    patch(
        &mut p,
        "a",
        json!("another text, long enough to need a second line"),
    );
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "a", json!(""));
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "a", json!("back"));
    check(&mut p, &mut l, VIEWPORT);
}

#[test]
fn removed_rows_are_forgotten_when_garbage_is_collected() {
    let mut p = page(
        TABLE,
        TABLE_CSS,
        json!({"rows": rows(&[1, 2, 3]), "more": false}),
    );
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    let label = cell_text(&p, 1, 1);
    assert!(l.text(label).is_some());
    patch(&mut p, "rows", rows(&[1, 3]));
    l.layout(&mut p.tree, VIEWPORT);
    // The removed row's records wait for the idle time after the frame...
    assert!(p.tree.get(label).is_none());
    assert!(l.text(label).is_some());
    l.collect_garbage();
    p.tree.collect_garbage();
    // ...and then go, and the next layouts are what layouts from scratch give.
    assert!(l.text(label).is_none());
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "rows", rows(&[3, 4, 1]));
    check(&mut p, &mut l, VIEWPORT);
}

/// The boxes of every element and text of the first `n` rows of a `.table > .tr` page.
fn row_boxes(p: &Page, n: usize) -> Vec<[f32; 4]> {
    let table = p.tree.flat_children(p.tree.root())[0];
    let mut out = Vec::new();
    for tr in p.tree.flat_children(table).into_iter().take(n) {
        let mut stack = vec![tr];
        while let Some(id) = stack.pop() {
            let node = p.tree.get(id).expect("live");
            out.push(node.rect);
            stack.extend(node.children.iter().copied());
        }
    }
    out
}

#[test]
fn a_long_list_grouped_into_anonymous_blocks_lays_out_as_one_list() {
    // Past 128 boxes a block list is laid out in groups of 64; the first 100 rows must land
    // where they land in a list too short to be grouped. Rows of different heights (a label
    // that wraps), borders, padding and a relatively positioned row included.
    let src = "<view class='table'><view wx:for='{{rows}}' wx:key='id' class='tr {{item.id % 7 == 3 ? \"moved\" : \"\"}}'>\
        <text class='td'>{{item.id}}</text><text class='td label'>{{item.label}}</text></view></view>\
        <view class='after'>after</view>";
    let css = ".tr { display: flex; border-top: 1px solid #ccc; padding: 2px 0 } \
        .td { display: block; padding: 6px 8px } .label { flex: 1 } \
        .moved { position: relative; top: 3px; left: 2px }";
    let rows = |n: usize| -> Value {
        Value::Array(
            (0..n)
                .map(|i| {
                    let label = if i % 5 == 0 {
                        format!("label {i} long enough to wrap onto a second line in its cell")
                    } else {
                        format!("label {i}")
                    };
                    json!({"id": i, "label": label})
                })
                .collect(),
        )
    };
    let layout = |n: usize| {
        let mut p = page(src, css, json!({ "rows": rows(n) }));
        let mut l = layouter();
        l.layout(&mut p.tree, VIEWPORT);
        p
    };
    let short = layout(100);
    let long = layout(300);
    assert_eq!(row_boxes(&short, 100), row_boxes(&long, 100));
    // And the box after the list follows the last row.
    let after = |p: &Page| {
        p.tree
            .get(p.tree.flat_children(p.tree.root())[1])
            .expect("after")
            .rect
    };
    let table = |p: &Page| {
        p.tree
            .get(p.tree.flat_children(p.tree.root())[0])
            .expect("table")
            .rect
    };
    assert_eq!(after(&long)[1], table(&long)[1] + table(&long)[3]);
    assert!(table(&long)[3] > 2.9 * table(&short)[3]);
}

#[test]
fn a_long_grouped_list_swapped_appended_and_cut_stays_right() {
    let ids: Vec<u32> = (0..300).collect();
    let mut p = page(TABLE, TABLE_CSS, json!({"rows": rows(&ids), "more": true}));
    let mut l = layouter();
    check(&mut p, &mut l, VIEWPORT);
    // Two rows swapped: the groups between keep their runs.
    let mut now = ids.clone();
    now.swap(1, 250);
    patch(&mut p, "rows", rows(&now));
    check(&mut p, &mut l, VIEWPORT);
    // Appended to, then a row removed near the start (every later run shifts), then cut
    // short of grouping, then long again.
    now.extend(300..370);
    patch(&mut p, "rows", rows(&now));
    check(&mut p, &mut l, VIEWPORT);
    now.remove(3);
    patch(&mut p, "rows", rows(&now));
    check(&mut p, &mut l, VIEWPORT);
    now.truncate(40);
    patch(&mut p, "rows", rows(&now));
    check(&mut p, &mut l, VIEWPORT);
    patch(&mut p, "rows", rows(&ids));
    check(&mut p, &mut l, VIEWPORT);
    // A label in one group grows to two lines: the rows after it move down.
    patch(
        &mut p,
        "rows[70].label",
        json!("a label long enough to wrap onto a second line, surely, in its cell"),
    );
    check(&mut p, &mut l, VIEWPORT);
}

/// Each text node's glyphs as drawn (id, font, cluster, position, size) and its
/// decoration lines, in document order.
fn glyphs(p: &Page, l: &Layouter) -> Vec<(NodeId, Vec<String>)> {
    let mut out = Vec::new();
    let mut stack = vec![p.tree.root()];
    while let Some(id) = stack.pop() {
        let Some(n) = p.tree.get(id) else { continue };
        if let Some((tb, span)) = l.text_span(id) {
            let mut g: Vec<String> = tb
                .span_glyphs(span)
                .map(|(g, y)| {
                    format!(
                        "{} {:?} {}..{} x{} y{} w{} {} {}",
                        g.glyph_id, g.font_id, g.start, g.end, g.x, y, g.w, g.font_size, g.y
                    )
                })
                .collect();
            g.extend(tb.span_decorations(span).map(|d| format!("{d:?}")));
            out.push((id, g));
        }
        stack.extend(n.children.iter().rev().copied());
    }
    out
}

/// Paragraphs shaped on the helper thread while the tree is built (`ahead.rs`) come out as
/// the render thread shapes them: every box, every paragraph's lines and origin, every
/// glyph and decoration line. The page mixes what goes to the helper (one-line texts,
/// spans of several styles, letter spacing) with what it leaves (centred, underlined and
/// indented text, right-to-left text) and one-line layouts a narrow box must wrap; then
/// rows are added, then a font the page asks for.
#[test]
fn text_shaped_ahead_lays_out_as_shaped_on_the_render_thread() {
    let src = r#"<view class="row" wx:for="{{rows}}" wx:key="id">
      <text class="id">{{item.id}}</text>
      <text class="label">{{item.label}}</text>
      <text class="b">{{item.id}} <text class="i">{{item.label}}</text> end</text>
      <view class="narrow">{{item.label}} {{item.id}}</view>
      <text class="spaced">{{item.id}}x</text>
      <text class="center">{{item.id}}</text>
      <text class="under">{{item.id}}</text>
      <text class="indent">{{item.id}}</text>
      <text>{{item.other}}</text>
    </view>"#;
    let css = ".row { display: flex; flex-direction: row; font-size: 14px; line-height: 20px }
        .id { width: 60px; padding: 6px 8px }
        .label { flex: 1; color: #007bff }
        .b { font-weight: bold }
        .i { font-style: italic; font-size: 18px }
        .narrow { width: 30px }
        .spaced { letter-spacing: 2px; font-family: added }
        .center { text-align: center; width: 80px }
        .under { text-decoration: underline }
        .indent { text-indent: 10px }";
    let others = ["שלום עולם", "mixed שלום text", "", "a\nb", "fi fl ffi"];
    let rows = |n: usize| -> Value {
        let adjectives = ["pretty", "large", "quaint", "inexpensive"];
        let colours = ["red", "blue", "yellow"];
        Value::Array(
            (0..n)
                .map(|i| {
                    json!({
                        "id": i * 7 + 1,
                        "label": format!("{} {} word{}", adjectives[i % 4], colours[i % 3], i % 5),
                        "other": others[i % others.len()],
                    })
                })
                .collect(),
        )
    };
    let mut with = page(src, css, json!({ "rows": rows(300) }));
    let mut alone = page(src, css, json!({ "rows": rows(300) }));
    let mut shared = page(src, css, json!({ "rows": rows(300) }));
    let mut ahead = layouter();
    ahead.shape_ahead_on_helper_only();
    let mut here = layouter();
    here.shape_ahead_off();
    // The usual way: the render thread shapes the batches the helper has not started.
    let mut both = layouter();
    let mut before = Vec::new();
    for step in 0..3 {
        ahead.layout(&mut with.tree, VIEWPORT);
        here.layout(&mut alone.tree, VIEWPORT);
        both.layout(&mut shared.tree, VIEWPORT);
        assert!(
            ahead.stats().shaped_ahead > 500,
            "step {step}: {:?}",
            ahead.stats()
        );
        assert_eq!(here.stats().shaped_ahead, 0);
        let (a, b) = (snapshot(&with, &ahead), snapshot(&alone, &here));
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "step {step}: boxes and lines");
        }
        assert!(snapshot(&shared, &both) == b, "step {step}: shared shaping");
        let (a, b) = (glyphs(&with, &ahead), glyphs(&alone, &here));
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "step {step}: glyphs");
        }
        assert!(
            glyphs(&shared, &both) == b,
            "step {step}: shared shaping's glyphs"
        );
        if step == 0 {
            // 300 more rows: new texts go to the helper, the first rows' are reused.
            for p in [&mut with, &mut alone, &mut shared] {
                patch(p, "rows", rows(600));
            }
        } else if step == 1 {
            // The family the letter-spaced texts ask for comes: the helper must shape
            // with it too.
            let bold = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");
            for l in [&mut ahead, &mut here, &mut both] {
                assert_eq!(l.add_font_face(bold.to_vec(), "added", 400, false), Ok(1));
            }
            before = a;
        } else {
            assert_ne!(before, a, "the added font changed nothing");
        }
    }
}
