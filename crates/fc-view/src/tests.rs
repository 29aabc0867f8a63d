use crate::*;
use fc_protocol::{DataPatch, DataPath};
use fc_style::{Cascade, ResolveContext};
use serde_json::json;

fn page(src: &str, data: serde_json::Value) -> Page {
    let compiled = fc_template::compile("pages/t/t.wxml", src);
    let mut p = Page::new(
        1,
        "pages/t/t",
        &compiled.template,
        Cascade::new(vec![fc_style::shared_default_stylesheet()]),
    );
    p.set_initial_data(data);
    p.restyle(&ResolveContext {
        viewport_width: 375.0,
        viewport_height: 667.0,
    });
    p
}

fn patch(p: &mut Page, path: &str, value: serde_json::Value) {
    p.apply_patches(&[DataPatch {
        path: DataPath::parse(path).expect("path"),
        value,
    }]);
    p.restyle(&ResolveContext {
        viewport_width: 375.0,
        viewport_height: 667.0,
    });
}

/// The texts of the tree in document order (fragments flattened).
fn texts(p: &Page) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![p.tree.root()];
    while let Some(id) = stack.pop() {
        let node = p.tree.get(id).expect("live");
        if node.style.display == fc_style::Display::None {
            continue;
        }
        if let NodeKind::Text(t) = &node.kind {
            out.push(display_text(t, node.style.white_space));
        }
        stack.extend(p.tree.flat_children(id).into_iter().rev());
    }
    out
}

#[test]
fn binds_text_and_updates_only_what_changed() {
    let mut p = page(
        "<view> Hello {{name}}! </view><view>{{other}}</view>",
        json!({"name": "FinClip", "other": "x"}),
    );
    assert_eq!(texts(&p), vec!["Hello FinClip!", "x"]);
    let created = p.tree.created_count;
    patch(&mut p, "name", json!("World"));
    assert_eq!(texts(&p), vec!["Hello World!", "x"]);
    assert_eq!(
        p.tree.created_count, created,
        "a text change creates no nodes"
    );
}

#[test]
fn if_elif_else_switches_branches() {
    let mut p = page(
        r#"<view wx:if="{{n > 1}}">big</view><view wx:elif="{{n == 1}}">one</view><view wx:else>none</view>"#,
        json!({"n": 0}),
    );
    assert_eq!(texts(&p), vec!["none"]);
    patch(&mut p, "n", json!(1));
    assert_eq!(texts(&p), vec!["one"]);
    patch(&mut p, "n", json!(5));
    assert_eq!(texts(&p), vec!["big"]);
    let created = p.tree.created_count;
    patch(&mut p, "n", json!(6));
    assert_eq!(
        p.tree.created_count, created,
        "same branch: nothing rebuilt"
    );
}

#[test]
fn for_items_bind_to_their_own_paths() {
    let mut p = page(
        r#"<view wx:for="{{list}}" wx:key="id">{{index}}:{{item.label}}</view>"#,
        json!({"list": [{"id": 1, "label": "a"}, {"id": 2, "label": "b"}]}),
    );
    assert_eq!(texts(&p), vec!["0:a", "1:b"]);
    let created = p.tree.created_count;
    patch(&mut p, "list[1].label", json!("B"));
    assert_eq!(texts(&p), vec!["0:a", "1:B"]);
    assert_eq!(
        p.tree.created_count, created,
        "an item's field changes in place"
    );
    patch(&mut p, "list[2]", json!({"id": 3, "label": "c"}));
    assert_eq!(texts(&p), vec!["0:a", "1:B", "2:c"]);
    patch(&mut p, "list", json!([]));
    assert!(texts(&p).is_empty());
}

#[test]
fn nested_for_with_renamed_items_and_blocks() {
    let p = page(
        r#"<block wx:for="{{rows}}" wx:for-item="row" wx:for-index="r"><view wx:for="{{row.cells}}" wx:for-item="c">{{r}}{{c}}</view></block>"#,
        json!({"rows": [{"cells": ["a", "b"]}, {"cells": ["c"]}]}),
    );
    assert_eq!(texts(&p), vec!["0a", "0b", "1c"]);
}

#[test]
fn for_over_number_string_and_object() {
    let p = page(
        r#"<text wx:for="{{3}}">{{item}}</text><text wx:for="ab">{{item}}</text><text wx:for="{{o}}">{{index}}={{item}}</text>"#,
        json!({"o": {"x": 1}}),
    );
    assert_eq!(texts(&p), vec!["0", "1", "2", "a", "b", "x=1"]);
}

#[test]
fn hidden_and_classes_follow_data() {
    let mut p = page(
        r#"<view class="a {{cls}}" hidden="{{h}}">v</view>"#,
        json!({"cls": "b", "h": false}),
    );
    let el = p.tree.flat_children(p.tree.root())[0];
    let classes = &p.tree.element(el).expect("element").classes;
    assert_eq!(classes.iter().map(|c| &**c).collect::<Vec<_>>(), ["a", "b"]);
    patch(&mut p, "h", json!(true));
    assert!(texts(&p).is_empty());
    assert_eq!(
        p.tree.get(el).expect("same node").style.display,
        fc_style::Display::None
    );
}

#[test]
fn styles_come_from_the_default_sheet() {
    let p = page("<view>v</view><text>t</text><button>b</button>", json!({}));
    let kids = p.tree.flat_children(p.tree.root());
    let style = |i: usize| &p.tree.get(kids[i]).expect("node").style;
    assert_eq!(style(0).display, fc_style::Display::Block);
    assert_eq!(style(1).display, fc_style::Display::Inline);
    assert_eq!(style(2).font_size, 18.0);
}

#[test]
fn events_capture_then_bubble_and_catch_stops() {
    let p = page(
        r#"<view id="outer" capture-bind:tap="capOuter" bindtap="outerTap" data-level="1">
             <view id="mid" catchtap="midCatch">
               <view id="inner" bind:tap="innerTap" data-item-id="{{7}}">x</view>
             </view>
           </view>"#,
        json!({}),
    );
    let root_kids = p.tree.flat_children(p.tree.root());
    let outer = root_kids[0];
    let mid = p.tree.flat_children(outer)[0];
    let inner = p.tree.flat_children(mid)[0];
    let fired = dispatch(
        &p.tree,
        inner,
        &EventInit {
            ty: "tap",
            detail: json!({"x": 1, "y": 2}),
            touches: json!([]),
            changed_touches: json!([{"identifier": 0}]),
            time_stamp: 5.0,
        },
        0.0,
    );
    let names: Vec<&str> = fired.iter().map(|f| f.handler.as_str()).collect();
    assert_eq!(names, vec!["capOuter", "innerTap", "midCatch"]);
    assert_eq!(fired[1].event["target"]["id"], "inner");
    assert_eq!(fired[1].event["target"]["dataset"]["itemId"], 7);
    assert_eq!(fired[2].event["currentTarget"]["id"], "mid");
    assert_eq!(fired[0].event["currentTarget"]["dataset"]["level"], "1");
    assert_eq!(fired[0].event["detail"], json!({"x": 1, "y": 2}));
    assert_eq!(fired[0].event["changedTouches"][0]["identifier"], 0);
}

#[test]
fn hit_test_finds_the_deepest_box() {
    let mut p = page(r#"<view id="a"><view id="b">x</view></view>"#, json!({}));
    let a = p.tree.flat_children(p.tree.root())[0];
    let b = p.tree.flat_children(a)[0];
    let root = p.tree.root();
    p.tree.get_mut(root).expect("root").rect = [0.0, 0.0, 100.0, 100.0];
    p.tree.get_mut(a).expect("a").rect = [0.0, 0.0, 100.0, 50.0];
    p.tree.get_mut(b).expect("b").rect = [10.0, 10.0, 20.0, 20.0];
    assert_eq!(hit_test(&p.tree, 15.0, 15.0), Some(b));
    assert_eq!(hit_test(&p.tree, 50.0, 40.0), Some(a));
    assert_eq!(hit_test(&p.tree, 50.0, 80.0), Some(root));
}

#[test]
fn dump_lists_boxes_and_text() {
    let p = page(r#"<view id="v" class="c d">Hi  there</view>"#, json!({}));
    let mut out = String::new();
    dump_tree(&p.tree, &mut out);
    assert_eq!(
        out,
        "page [0,0,0,0]\n  view#v.c.d [0,0,0,0]\n    \"Hi there\" [0,0,0,0]\n"
    );
}

#[test]
fn attribute_selectors_see_valueless_attributes_id_and_class() {
    let compiled = fc_template::compile(
        "pages/t/t.wxml",
        r#"<button plain>p</button><button>d</button><view id="x" class="foo bar">v</view>"#,
    );
    let (sheet, diags) = fc_style::parse_stylesheet(
        "pages/t/t.wxss",
        "[class*=oo] { color: red; } [id=x] { font-size: 20px; }",
    );
    assert!(diags.is_empty(), "{diags:?}");
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
    let kids = p.tree.flat_children(p.tree.root());
    let style = |i: usize| p.tree.get(kids[i]).expect("node").style.clone();
    assert_eq!(
        style(0).background_color.a,
        0.0,
        "button[plain] is transparent"
    );
    assert!(
        style(1).background_color.a > 0.0,
        "a plain-less button keeps its grey"
    );
    assert_eq!(style(2).color.r, 1.0, "[class*=oo] matched");
    assert_eq!(style(2).font_size, 20.0, "[id=x] matched");
}
