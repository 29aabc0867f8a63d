//! Reconciliation of `wx:for` lists: keyed items keep their nodes and move with the fewest
//! moves, unkeyed items are reused by position, and kept items read their new place.

use crate::*;
use fc_protocol::{ComponentMsg, DataPatch, DataPath};
use fc_style::{Cascade, ResolveContext};
use serde_json::{json, Value};
use std::collections::HashMap;

pub(crate) const CTX: ResolveContext = ResolveContext {
    viewport_width: 375.0,
    viewport_height: 667.0,
};

/// The rows demo's list (demos/rows/pages/index/index.fxml).
const ROWS: &str = r#"<view class="table"><view wx:for="{{rows}}" wx:key="id" class="tr {{item.id === selected ? 'danger' : ''}}"><text class="td id">{{item.id}}</text><text class="td label" data-id="{{item.id}}" bindtap="select">{{item.label}}</text><text class="td remove" data-id="{{item.id}}" bindtap="remove">x</text></view></view>"#;

pub(crate) fn page_with(src: &str, sheet: &str, data: Value) -> Page {
    let compiled = fc_template::compile("pages/t/t.wxml", src);
    let mut sheets = vec![fc_style::shared_default_stylesheet()];
    if !sheet.is_empty() {
        let (s, diags) = fc_style::parse_stylesheet("pages/t/t.wxss", sheet);
        assert!(diags.is_empty(), "{diags:?}");
        sheets.push(std::sync::Arc::new(s));
    }
    let mut p = Page::new(1, "pages/t/t", &compiled.template, Cascade::new(sheets));
    p.set_initial_data(data);
    p.restyle(&CTX);
    p
}

fn page(src: &str, data: Value) -> Page {
    page_with(src, "", data)
}

fn rows(from: u64, count: u64) -> Vec<Value> {
    (from..from + count)
        .map(|id| json!({"id": id, "label": format!("row {id}")}))
        .collect()
}

/// Applies one `setData` batch, without restyling (damage stays visible).
pub(crate) fn set(p: &mut Page, patches: &[(&str, Value)]) {
    let batch: Vec<DataPatch> = patches
        .iter()
        .map(|(path, value)| DataPatch {
            path: DataPath::parse(path).expect("path"),
            value: value.clone(),
        })
        .collect();
    p.apply_patches(&batch);
}

/// Counters before an operation, to compare after it.
#[derive(Debug, PartialEq)]
struct Counts {
    created: u64,
    moved: u64,
    removed: u64,
}

fn counts(p: &Page) -> Counts {
    Counts {
        created: p.tree.created_count,
        moved: p.tree.moved_count,
        removed: p.tree.removed_count,
    }
}

fn delta(before: &Counts, p: &Page) -> Counts {
    let now = counts(p);
    Counts {
        created: now.created - before.created,
        moved: now.moved - before.moved,
        removed: now.removed - before.removed,
    }
}

/// The row elements (`view.tr`) of the table, in order.
fn row_nodes(p: &Page) -> Vec<NodeId> {
    let table = p.tree.flat_children(p.tree.root())[0];
    p.tree.flat_children(table)
}

/// Each row's texts (id, label, "x"), in order.
fn row_texts(p: &Page) -> Vec<Vec<String>> {
    row_nodes(p)
        .into_iter()
        .map(|r| {
            p.tree
                .flat_children(r)
                .into_iter()
                .flat_map(|t| p.tree.flat_children(t))
                .filter_map(|t| match &p.tree.get(t).expect("live").kind {
                    NodeKind::Text(s) => Some(s.clone()),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

fn expected_texts(list: &[Value]) -> Vec<Vec<String>> {
    list.iter()
        .map(|r| {
            vec![
                r["id"].to_string(),
                r["label"].as_str().expect("label").to_string(),
                "x".to_string(),
            ]
        })
        .collect()
}

/// Every node of the subtree at `id`.
fn subtree(p: &Page, id: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = vec![id];
    while let Some(n) = stack.pop() {
        out.push(n);
        stack.extend(p.tree.get(n).expect("live").children.iter().copied());
    }
    out
}

fn clear_damage(p: &mut Page) {
    let all = subtree(p, p.tree.root());
    for n in all {
        p.tree.get_mut(n).expect("live").damage = 0;
    }
}

fn tap_dataset_id(p: &Page, label: NodeId) -> Value {
    let fired = dispatch(
        &p.tree,
        label,
        &EventInit {
            ty: "tap",
            detail: json!({}),
            touches: json!([]),
            changed_touches: json!([]),
            time_stamp: 0.0,
        },
        0.0,
    );
    assert_eq!(fired.len(), 1, "{fired:?}");
    assert_eq!(fired[0].handler, "select");
    fired[0].event["currentTarget"]["dataset"]["id"].clone()
}

#[test]
fn swapping_two_rows_moves_two_nodes_and_nothing_else() {
    let mut list = rows(1, 1000);
    let mut p = page(ROWS, json!({"rows": list, "selected": 0}));
    let before_nodes = row_nodes(&p);
    clear_damage(&mut p);
    let before = counts(&p);
    // What the rows demo's swapRows sends.
    set(
        &mut p,
        &[
            ("rows[1]", list[998].clone()),
            ("rows[998]", list[1].clone()),
        ],
    );
    assert_eq!(
        delta(&before, &p),
        Counts {
            created: 0,
            moved: 2,
            removed: 0
        }
    );
    list.swap(1, 998);
    let after_nodes = row_nodes(&p);
    assert_eq!(after_nodes[1], before_nodes[998]);
    assert_eq!(after_nodes[998], before_nodes[1]);
    for i in (0..1000).filter(|i| *i != 1 && *i != 998) {
        assert_eq!(after_nodes[i], before_nodes[i], "row {i} kept in place");
    }
    // Kept rows that did not move are not restyled or laid out again; nor are the moved
    // ones' subtrees restyled (the sheet has no structural selectors).
    for (i, &row) in after_nodes.iter().enumerate() {
        for n in subtree(&p, row) {
            let d = p.tree.get(n).expect("live").damage;
            assert_eq!(d & damage::RESTYLE, 0, "row {i} not restyled");
            if i != 1 && i != 998 {
                assert_eq!(d, 0, "row {i} undamaged");
            }
        }
    }
    let table = p.tree.flat_children(p.tree.root())[0];
    assert_ne!(
        p.tree.get(table).expect("table").damage & (damage::RELAYOUT | damage::LAYOUT_BELOW),
        0,
        "the list's parent is laid out again"
    );
    p.restyle(&CTX);
    assert_eq!(row_texts(&p), expected_texts(&list));

    // The moved rows' handlers and data-* attributes are those of their items.
    let label_of = |p: &Page, row: usize| p.tree.flat_children(row_nodes(p)[row])[1];
    assert_eq!(tap_dataset_id(&p, label_of(&p, 1)), json!(999));
    assert_eq!(tap_dataset_id(&p, label_of(&p, 998)), json!(2));

    // A later patch of `rows[1].label` reaches the node now at index 1, and only it.
    let before = counts(&p);
    clear_damage(&mut p);
    set(&mut p, &[("rows[1].label", json!("moved!"))]);
    list[1]["label"] = json!("moved!");
    assert_eq!(delta(&before, &p).created, 0);
    assert_eq!(row_texts(&p), expected_texts(&list));
    let damaged: Vec<usize> = row_nodes(&p)
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            subtree(&p, **r)
                .iter()
                .any(|n| p.tree.get(*n).expect("live").damage != 0)
        })
        .map(|(i, _)| i)
        .collect();
    assert_eq!(damaged, vec![1]);

    // Selecting by id (selectRow) restyles just the rows whose class changed.
    clear_damage(&mut p);
    set(&mut p, &[("selected", json!(999))]);
    let restyled: Vec<usize> = row_nodes(&p)
        .iter()
        .enumerate()
        .filter(|(_, r)| p.tree.get(**r).expect("live").damage & damage::RESTYLE != 0)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(restyled, vec![1]);
}

#[test]
fn removing_a_row_frees_one_item_and_moves_nothing() {
    let mut list = rows(1, 1000);
    let mut p = page(ROWS, json!({"rows": list, "selected": 0}));
    let before_nodes = row_nodes(&p);
    let before = counts(&p);
    list.remove(3);
    // What removeRow sends: the whole list.
    set(&mut p, &[("rows", json!(list))]);
    assert_eq!(
        delta(&before, &p),
        Counts {
            created: 0,
            moved: 0,
            removed: 1
        }
    );
    let after_nodes = row_nodes(&p);
    assert_eq!(after_nodes.len(), 999);
    assert!(p.tree.get(before_nodes[3]).is_none(), "row 4 freed");
    assert_eq!(after_nodes[3], before_nodes[4]);
    p.restyle(&CTX);
    assert_eq!(row_texts(&p), expected_texts(&list));
    // The rows after it moved up one place: their bindings read their new index.
    let label = p.tree.flat_children(after_nodes[500])[1];
    assert_eq!(tap_dataset_id(&p, label), list[500]["id"]);
    set(&mut p, &[("rows[500].label", json!("five hundred"))]);
    list[500]["label"] = json!("five hundred");
    assert_eq!(row_texts(&p), expected_texts(&list));
}

#[test]
fn appending_creates_only_the_new_rows() {
    let mut list = rows(1, 1000);
    let mut p = page(ROWS, json!({"rows": list, "selected": 0}));
    let per_row = subtree(
        &p,
        p.tree
            .get(row_nodes(&p)[0])
            .expect("row")
            .parent
            .expect("item"),
    )
    .len() as u64;
    let before = counts(&p);
    // What `add` sends: one path per new row.
    let extra = rows(1001, 1000);
    let patches: Vec<(String, Value)> = extra
        .iter()
        .enumerate()
        .map(|(i, r)| (format!("rows[{}]", 1000 + i), r.clone()))
        .collect();
    let patches: Vec<(&str, Value)> = patches
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    set(&mut p, &patches);
    assert_eq!(
        delta(&before, &p),
        Counts {
            created: 1000 * per_row,
            moved: 0,
            removed: 0
        }
    );
    list.extend(extra);
    p.restyle(&CTX);
    assert_eq!(row_texts(&p), expected_texts(&list));
}

#[test]
fn an_unkeyed_list_reuses_items_by_position() {
    let src = r#"<view wx:for="{{list}}">{{index}}:{{item.label}}</view>"#;
    let mut p = page(
        src,
        json!({"list": [{"label": "a"}, {"label": "b"}, {"label": "c"}]}),
    );
    let nodes = p.tree.flat_children(p.tree.root());
    let before = counts(&p);
    set(
        &mut p,
        &[(
            "list",
            json!([{"label": "x"}, {"label": "y"}, {"label": "z"}]),
        )],
    );
    assert_eq!(
        delta(&before, &p),
        Counts {
            created: 0,
            moved: 0,
            removed: 0
        }
    );
    assert_eq!(p.tree.flat_children(p.tree.root()), nodes);
    let texts: Vec<String> = nodes
        .iter()
        .map(|n| {
            let t = p.tree.flat_children(*n)[0];
            match &p.tree.get(t).expect("text").kind {
                NodeKind::Text(s) => s.clone(),
                _ => String::new(),
            }
        })
        .collect();
    assert_eq!(texts, ["0:x", "1:y", "2:z"]);
    // Shorter: the surplus is freed; longer: only the tail is built.
    set(&mut p, &[("list", json!([{"label": "p"}]))]);
    assert_eq!(delta(&before, &p).removed, 2);
    assert_eq!(p.tree.flat_children(p.tree.root()), nodes[..1]);
    set(&mut p, &[("list", json!([{"label": "p"}, {"label": "q"}]))]);
    assert_eq!(p.tree.flat_children(p.tree.root())[0], nodes[0]);
    assert_eq!(p.tree.flat_children(p.tree.root()).len(), 2);
}

#[test]
fn reversing_five_keyed_items_takes_four_moves() {
    let src = r#"<view wx:for="{{list}}" wx:key="*this">{{index}}={{item}}</view>"#;
    let mut p = page(src, json!({"list": ["a", "b", "c", "d", "e"]}));
    let nodes = p.tree.flat_children(p.tree.root());
    let before = counts(&p);
    set(&mut p, &[("list", json!(["e", "d", "c", "b", "a"]))]);
    assert_eq!(
        delta(&before, &p),
        Counts {
            created: 0,
            moved: 4,
            removed: 0
        }
    );
    let mut reversed = nodes.clone();
    reversed.reverse();
    assert_eq!(p.tree.flat_children(p.tree.root()), reversed);
    let texts: Vec<String> = reversed
        .iter()
        .map(
            |n| match &p.tree.get(p.tree.flat_children(*n)[0]).expect("text").kind {
                NodeKind::Text(s) => s.clone(),
                _ => String::new(),
            },
        )
        .collect();
    assert_eq!(texts, ["0=e", "1=d", "2=c", "3=b", "4=a"], "indexes follow");
}

#[test]
fn duplicate_and_missing_keys_fall_back_without_panicking() {
    let src = r#"<text wx:for="{{list}}" wx:key="id">{{item.v}}</text>"#;
    let mut p = page(
        src,
        json!({"list": [{"id": 1, "v": "a"}, {"id": 1, "v": "b"}, {"v": "c"}, {"id": 2, "v": "d"}]}),
    );
    set(
        &mut p,
        &[(
            "list",
            json!([{"id": 2, "v": "d"}, {"id": 1, "v": "a"}, {"v": "c2"}, {"id": 1, "v": "b"}, {"id": 1, "v": "e"}, {"id": {}, "v": "f"}]),
        )],
    );
    let texts: Vec<String> = p
        .tree
        .flat_children(p.tree.root())
        .iter()
        .map(
            |n| match &p.tree.get(p.tree.flat_children(*n)[0]).expect("text").kind {
                NodeKind::Text(s) => s.clone(),
                _ => String::new(),
            },
        )
        .collect();
    assert_eq!(texts, ["d", "a", "c2", "b", "e", "f"]);
    set(&mut p, &[("list", json!("not a list"))]);
    set(&mut p, &[("list", json!(null))]);
    assert!(p.tree.flat_children(p.tree.root()).is_empty());
}

#[test]
fn nested_lists_in_moved_items_follow_them() {
    let src = r#"<view wx:for="{{rows}}" wx:key="id" wx:for-item="row"><text wx:for="{{row.cells}}" wx:key="*this">{{row.id}}{{item}}</text></view>"#;
    let mut p = page(
        src,
        json!({"rows": [{"id": 1, "cells": ["a", "b"]}, {"id": 2, "cells": ["c"]}, {"id": 3, "cells": []}]}),
    );
    let before = counts(&p);
    set(
        &mut p,
        &[(
            "rows",
            json!([{"id": 3, "cells": []}, {"id": 2, "cells": ["c"]}, {"id": 1, "cells": ["a", "b"]}]),
        )],
    );
    assert_eq!(delta(&before, &p).created, 0);
    // Row 1 now sits at index 2: a patch of its cells there reaches it.
    set(&mut p, &[("rows[2].cells[1]", json!("z"))]);
    set(&mut p, &[("rows[2].cells[2]", json!("y"))]);
    let mut out = Vec::new();
    for row in p.tree.flat_children(p.tree.root()) {
        for t in p.tree.flat_children(row) {
            for s in p.tree.flat_children(t) {
                if let NodeKind::Text(s) = &p.tree.get(s).expect("text").kind {
                    out.push(s.clone());
                }
            }
        }
    }
    assert_eq!(out, ["2c", "1a", "1z", "1y"]);
}

#[test]
fn moves_restyle_siblings_when_selectors_count_them() {
    let src = r#"<view wx:for="{{list}}" wx:key="*this" class="r">{{item}}</view>"#;
    let mut p = page_with(
        src,
        ".r:first-child { color: red; }",
        json!({"list": ["a", "b", "c"]}),
    );
    let red = |p: &Page| -> Vec<bool> {
        p.tree
            .flat_children(p.tree.root())
            .iter()
            .map(|n| p.tree.get(*n).expect("row").style.color.r == 1.0)
            .collect()
    };
    assert_eq!(red(&p), [true, false, false]);
    set(&mut p, &[("list", json!(["c", "a", "b"]))]);
    p.restyle(&CTX);
    assert_eq!(red(&p), [true, false, false]);
    set(&mut p, &[("list", json!(["a", "b"]))]);
    p.restyle(&CTX);
    assert_eq!(red(&p), [true, false]);
}

#[test]
fn a_scroll_view_in_a_kept_item_keeps_its_offset() {
    let src = r#"<view wx:for="{{list}}" wx:key="id"><scroll-view scroll-y>{{item.id}}</scroll-view></view>"#;
    let mut p = page(src, json!({"list": [{"id": 1}, {"id": 2}, {"id": 3}]}));
    let sv = |p: &Page, i: usize| p.tree.flat_children(p.tree.flat_children(p.tree.root())[i])[0];
    let third = sv(&p, 2);
    p.tree.get_mut(third).expect("scroll-view").scroll = [0.0, 42.0];
    set(&mut p, &[("list", json!([{"id": 3}, {"id": 2}]))]);
    assert_eq!(sv(&p, 0), third);
    assert_eq!(p.tree.get(third).expect("kept").scroll, [0.0, 42.0]);
}

#[test]
fn components_in_kept_items_keep_their_instances() {
    let card = ComponentDef {
        path: "components/card/card".into(),
        program: fc_template::Program::standalone(fc_template::compile(
            "components/card/card.wxml",
            "<view>{{title}}</view>",
        )),
        cascade: Cascade::new(vec![fc_style::shared_default_stylesheet()]),
        own_sheets: Vec::new(),
        using: HashMap::new(),
        json_isolation: false,
    };
    let components = PageComponents {
        using: HashMap::from([("card".to_string(), 0)]),
        defs: vec![card],
    };
    let program = fc_template::Program::standalone(fc_template::compile(
        "pages/t/t.wxml",
        r#"<card wx:for="{{list}}" wx:key="id" title="{{item.t}}"/>"#,
    ));
    let mut p = Page::with_components(
        1,
        "pages/t/t",
        &program,
        Cascade::new(vec![fc_style::shared_default_stylesheet()]),
        components,
    );
    p.set_initial_data(
        json!({"list": [{"id": 1, "t": "a"}, {"id": 2, "t": "b"}, {"id": 3, "t": "c"}]}),
    );
    let attached = p.take_component_messages();
    assert_eq!(attached.len(), 3);
    let hosts = p.tree.flat_children(p.tree.root());
    set(
        &mut p,
        &[("list", json!([{"id": 3, "t": "c"}, {"id": 1, "t": "a"}]))],
    );
    let msgs = p.take_component_messages();
    // Card 3 moved before card 1 (which stays): its `moved` lifetime; card 2 detaches.
    assert!(
        matches!(
            msgs.as_slice(),
            [
                ComponentMsg::Moved { instance: 2, .. },
                ComponentMsg::Detach { instance: 1, .. }
            ]
        ),
        "{msgs:?}"
    );
    assert_eq!(p.tree.flat_children(p.tree.root()), [hosts[2], hosts[0]]);
    // A kept card whose item changed gets the new property.
    set(&mut p, &[("list[1].t", json!("A"))]);
    let msgs = p.take_component_messages();
    assert!(
        matches!(msgs.as_slice(), [ComponentMsg::Props { instance: 0, .. }]),
        "{msgs:?}"
    );
}

#[test]
fn removing_rows_again_and_again_leaves_no_stale_readers_and_updates_only_what_reads_them() {
    let mut p = page(ROWS, json!({"rows": rows(1, 50), "selected": 0}));
    let mut list = rows(1, 50);
    for _ in 0..20 {
        list.remove(3);
        set(&mut p, &[("rows", Value::Array(list.clone()))]);
    }
    // Each kept row's five nodes with bindings read their own item only, and no live node
    // is left filed under an index its row moved away from. (Freed nodes are dropped from
    // a list when it is next visited.)
    let readers = &p.dep_index.roots["rows"];
    let live: Vec<(usize, NodeId)> = readers
        .items
        .iter()
        .flat_map(|(i, l)| l.iter().map(move |n| (*i, *n)))
        .filter(|(_, n)| p.tree.get(*n).is_some())
        .collect();
    assert_eq!(live.len(), 30 * 5);
    assert!(live
        .iter()
        .all(|(i, n)| crate::deps::reads_item(&p.tree, *n, "rows", *i)));
    // And the rows still show their items.
    set(&mut p, &[("rows[29].label", json!("last"))]);
    let mut out = String::new();
    crate::dump::dump_tree(&p.tree, &mut out);
    assert!(out.contains("last"), "{out}");
}

#[test]
fn elements_matching_the_same_rules_under_the_same_style_share_it_and_no_other() {
    // `.a` and `.b` set nothing themselves: both rows compute the same style, yet `.a .x`
    // styles only the first row's cell.
    let src = r#"<view class="a"><text class="x">1</text></view><view class="b"><text class="x">2</text></view><view class="b"><text class="x" style="color: #00f">3</text></view><view class="b"><text class="x">4</text></view>"#;
    let mut p = page_with(src, ".a .x { color: #f00 } .x { padding: 1px }", json!({}));
    p.restyle(&CTX);
    let cell = |p: &Page, row: usize| {
        let r = p.tree.flat_children(p.tree.root())[row];
        let c = p.tree.flat_children(r)[0];
        p.tree.get(c).expect("cell").style.clone()
    };
    let rows: Vec<_> = (0..4).map(|i| cell(&p, i)).collect();
    assert_eq!(rows[0].color.r, 1.0);
    assert_eq!(rows[1].color.r, 0.0);
    assert_eq!(rows[2].color.b, 1.0);
    // Rows 2 and 4 match the same rules under the same style: one style, shared.
    assert!(std::rc::Rc::ptr_eq(&rows[1], &rows[3]));
    assert!(!std::rc::Rc::ptr_eq(&rows[0], &rows[1]));
}

/// The text of every text node, in document order.
fn all_texts(p: &Page) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![p.tree.root()];
    while let Some(n) = stack.pop() {
        let node = p.tree.get(n).expect("live");
        if let NodeKind::Text(s) = &node.kind {
            out.push(s.clone());
        }
        stack.extend(node.children.iter().rev().copied());
    }
    out
}

#[test]
fn a_whole_list_write_runs_only_the_bindings_of_items_whose_value_changed() {
    let mut list = rows(1, 100);
    let mut p = page(ROWS, json!({"rows": list, "selected": 0}));
    // removeRow: the whole list less row 4; and row 51's label changed in the same list.
    list.remove(3);
    list[50]["label"] = json!("changed");
    let before = p.bindings_run;
    set(&mut p, &[("rows", json!(list))]);
    // The list's own binding, and the five of the changed row (its class, its two texts,
    // the attributes of its label and of its "x"). The 95 rows that moved up a place and
    // the 3 before it show what they showed.
    assert_eq!(p.bindings_run - before, 1 + 5);
    assert_eq!(row_texts(&p), expected_texts(&list));
    // The moved rows read their new places: a later patch by index reaches them, and their
    // event data is theirs.
    let label = p.tree.flat_children(row_nodes(&p)[70])[1];
    assert_eq!(tap_dataset_id(&p, label), list[70]["id"]);
    set(&mut p, &[("rows[70].label", json!("seventy"))]);
    list[70]["label"] = json!("seventy");
    assert_eq!(row_texts(&p), expected_texts(&list));
    // Selecting still reaches the right row through the equality index.
    set(&mut p, &[("selected", list[70]["id"].clone())]);
    p.restyle(&CTX);
    let danger: Vec<usize> = row_nodes(&p)
        .into_iter()
        .enumerate()
        .filter(|(_, r)| {
            p.tree
                .element(*r)
                .is_some_and(|e| e.classes.iter().any(|c| &**c == "danger"))
        })
        .map(|(i, _)| i)
        .collect();
    assert_eq!(danger, vec![70]);
}

#[test]
fn index_readers_and_whole_item_readers_run_again_when_their_item_moves() {
    let src = r#"<view wx:for="{{list}}" wx:key="id">{{index}}:{{item.name}}</view><view wx:for="{{list}}" wx:key="id" wx:for-item="it">{{it}}</view>"#;
    let list = json!([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}, {"id": 3, "name": "c"}]);
    let mut p = page(src, json!({ "list": list }));
    set(
        &mut p,
        &[(
            "list",
            json!([{"id": 2, "name": "b"}, {"id": 3, "name": "c"}]),
        )],
    );
    let texts = all_texts(&p);
    assert_eq!(&texts[..2], ["0:b", "1:c"]);
    assert_eq!(texts.len(), 4);
    // And a kept item that did not move runs nothing.
    let before = p.bindings_run;
    set(
        &mut p,
        &[(
            "list",
            json!([{"id": 2, "name": "b"}, {"id": 3, "name": "c"}, {"id": 4, "name": "d"}]),
        )],
    );
    // Both lists' own bindings; the new items are built, not run.
    assert_eq!(p.bindings_run - before, 2);
    assert_eq!(&all_texts(&p)[..3], ["0:b", "1:c", "2:d"]);
}

#[test]
fn paths_into_a_list_by_its_name_see_a_whole_list_write() {
    // A header reads an item by literal index; each row reads the list by name. Neither
    // goes through the item alias, so neither may be taken as settled.
    let src = r#"<text>{{rows[1].label}}</text><view wx:for="{{rows}}" wx:key="id">{{item.label}}/{{rows.length}}</view>"#;
    let mut list = rows(1, 5);
    let mut p = page(src, json!({ "rows": list }));
    list.remove(0);
    set(&mut p, &[("rows", json!(list))]);
    assert_eq!(
        all_texts(&p),
        ["row 3", "row 2/4", "row 3/4", "row 4/4", "row 5/4"]
    );
    // Moved rows still read their own places (paths resolved again, not rewritten).
    set(&mut p, &[("rows[2].label", json!("three"))]);
    assert_eq!(
        all_texts(&p),
        ["row 3", "row 2/4", "row 3/4", "three/4", "row 5/4"]
    );
}

#[test]
fn item_writes_append_replace_and_fill_gaps() {
    let src = r#"<view wx:for="{{list}}" wx:key="id">{{index}}:{{item.id}}{{item.name}}</view>"#;
    let mut p = page(
        src,
        json!({"list": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]}),
    );
    // An item replaced by one of the same key, and one appended: nothing else is built.
    let before = counts(&p);
    set(
        &mut p,
        &[
            ("list[1]", json!({"id": 2, "name": "B"})),
            ("list[2]", json!({"id": 3, "name": "c"})),
        ],
    );
    assert_eq!(
        delta(&before, &p).created,
        3,
        "one item: its fragment, view and text"
    );
    assert_eq!(all_texts(&p), ["0:1a", "1:2B", "2:3c"]);
    // Past the end: the gap fills with null items, as setData does.
    set(&mut p, &[("list[4]", json!({"id": 5, "name": "e"}))]);
    assert_eq!(all_texts(&p), ["0:1a", "1:2B", "2:3c", "3:", "4:5e"]);
    // An item replaced by one of another key: the list is reconciled by key.
    let kept = row_like_nodes(&p);
    set(&mut p, &[("list[0]", json!({"id": 9, "name": "z"}))]);
    assert_eq!(all_texts(&p), ["0:9z", "1:2B", "2:3c", "3:", "4:5e"]);
    let now = row_like_nodes(&p);
    assert_ne!(now[0], kept[0]);
    assert_eq!(now[1..], kept[1..]);
}

/// The element of each item of the page's first list.
fn row_like_nodes(p: &Page) -> Vec<NodeId> {
    p.tree.flat_children(p.tree.root())
}
