//! `::before`/`::after` boxes made by restyle.

use crate::*;
use fc_protocol::{DataPatch, DataPath};
use fc_style::{Cascade, ResolveContext};
use serde_json::json;

const CTX: ResolveContext = ResolveContext {
    viewport_width: 375.0,
    viewport_height: 667.0,
};

fn page(src: &str, css: &str, data: serde_json::Value) -> Page {
    let compiled = fc_template::compile("pages/t/t.wxml", src);
    let (sheet, diags) = fc_style::parse_stylesheet("pages/t/t.wxss", css);
    assert!(diags.is_empty(), "{diags:?}");
    let mut p = Page::new(
        1,
        "pages/t/t",
        &compiled.template,
        Cascade::new(vec![
            fc_style::shared_default_stylesheet(),
            std::sync::Arc::new(sheet),
        ]),
    );
    p.set_initial_data(data);
    p.restyle(&CTX);
    p
}

/// (tag, text of its first child) of every generated box, in tree order.
fn generated(p: &Page) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![p.tree.root()];
    while let Some(id) = stack.pop() {
        if let Some(e) = p.tree.element(id).filter(|e| e.generated) {
            let text = p
                .tree
                .get(id)
                .and_then(|n| n.children.first())
                .and_then(|t| match &p.tree.get(*t)?.kind {
                    NodeKind::Text(s) => Some(s.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            out.push((e.tag.to_string(), text));
        }
        let node = p.tree.get(id).expect("live");
        stack.extend(node.children.iter().rev().copied());
    }
    out
}

#[test]
fn before_and_after_are_made_updated_and_removed_with_their_rules() {
    let css = ".a::before { content: '<'; color: red; } .a::after { content: attr(data-n); }";
    let mut p = page(
        r#"<view class="{{cls}}" data-n="{{n}}">x</view>"#,
        css,
        json!({"cls": "a", "n": "1"}),
    );
    assert_eq!(
        generated(&p),
        vec![
            ("::before".into(), "<".into()),
            ("::after".into(), "1".into())
        ]
    );
    let before = p.tree.flat_children(p.tree.flat_children(p.tree.root())[0])[0];
    assert_eq!(
        p.tree.get(before).map(|n| n.style.color),
        Some(fc_style::Color::from_rgba8(255, 0, 0, 1.0))
    );
    p.apply_patches(&[DataPatch {
        path: DataPath::parse("n").expect("path"),
        value: json!("2"),
    }]);
    p.restyle(&CTX);
    assert_eq!(generated(&p)[1], ("::after".into(), "2".into()));
    p.apply_patches(&[DataPatch {
        path: DataPath::parse("cls").expect("path"),
        value: json!("b"),
    }]);
    p.restyle(&CTX);
    assert!(generated(&p).is_empty());
}

#[test]
fn generated_boxes_are_not_seen_by_selectors_hit_tests_or_the_dump() {
    // `:first-child`/`:last-child` still see the real children only.
    let css = ".list::before { content: 'head'; } .list::after { content: ''; }
               .item:first-child { color: red; } .item:last-child { color: blue; }";
    let p = page(
        r#"<view class="list"><view class="item">1</view><view class="item">2</view></view>"#,
        css,
        json!({}),
    );
    let list = p.tree.flat_children(p.tree.root())[0];
    let kids = p.tree.flat_children(list);
    assert_eq!(kids.len(), 4, "::before, two items, ::after");
    assert!(p.tree.is_generated(kids[0]) && p.tree.is_generated(kids[3]));
    let red = fc_style::Color::from_rgba8(255, 0, 0, 1.0);
    let blue = fc_style::Color::from_rgba8(0, 0, 255, 1.0);
    assert_eq!(p.tree.get(kids[1]).map(|n| n.style.color), Some(red));
    assert_eq!(p.tree.get(kids[2]).map(|n| n.style.color), Some(blue));
    let mut dump = String::new();
    dump_tree(&p.tree, &mut dump);
    assert!(!dump.contains("::") && !dump.contains("head"), "{dump}");
}
