//! The equality index (`deps.rs`): a binding that reads a name only in equality tests is
//! revisited only where the test's other side holds the old or the new value, and the page
//! still shows exactly what a full re-evaluation would.

use crate::keyed_tests::{page_with, set, CTX};
use crate::*;
use serde_json::{json, Value};

fn rows(from: u64, count: u64) -> Vec<Value> {
    (from..from + count).map(|id| json!({"id": id})).collect()
}

/// The row elements of the list under the first element.
fn row_nodes(p: &Page) -> Vec<NodeId> {
    let table = p.tree.flat_children(p.tree.root())[0];
    p.tree.flat_children(table)
}

/// Positions of the rows that have class `on`.
fn selected_rows(p: &Page) -> Vec<usize> {
    row_nodes(p)
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            p.tree
                .element(**r)
                .is_some_and(|e| e.classes.iter().any(|c| &**c == "on"))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The same page built from scratch on `data`: what every update must match.
fn fresh_selected(src: &str, data: &Value) -> Vec<usize> {
    selected_rows(&page_with(src, "", data.clone()))
}

const KEYED: &str = r#"<view><view wx:for="{{rows}}" wx:key="id" class="tr {{item.id === selected ? 'on' : ''}}">{{item.id}}</view></view>"#;

#[test]
fn selecting_a_row_revisits_the_old_and_the_new_row_only() {
    let mut p = page_with(KEYED, "", json!({"rows": rows(1, 1000), "selected": 0}));
    let before = p.bindings_run;
    set(&mut p, &[("selected", json!(2))]);
    assert_eq!(
        p.bindings_run - before,
        1,
        "only row 2 compares equal to 0 or 2"
    );
    assert_eq!(selected_rows(&p), vec![1]);
    let before = p.bindings_run;
    set(&mut p, &[("selected", json!(4))]);
    assert_eq!(p.bindings_run - before, 2);
    assert_eq!(selected_rows(&p), vec![3]);
    // No change of value: nothing to revisit.
    let before = p.bindings_run;
    set(&mut p, &[("selected", json!(4))]);
    assert_eq!(p.bindings_run - before, 0);
    assert_eq!(selected_rows(&p), vec![3]);
}

#[test]
fn the_index_follows_moved_replaced_and_added_rows() {
    let mut list = rows(1, 20);
    let mut p = page_with(KEYED, "", json!({"rows": list.clone(), "selected": 0}));
    // Swap rows 2 and 19 (keyed: the nodes move), then select the moved one.
    list.swap(1, 18);
    set(
        &mut p,
        &[("rows[1]", list[1].clone()), ("rows[18]", list[18].clone())],
    );
    set(&mut p, &[("selected", json!(2))]);
    assert_eq!(selected_rows(&p), vec![18]);
    // A row replaced in place (a new id) is filed under its new id.
    list[5] = json!({"id": 500});
    set(&mut p, &[("rows[5]", list[5].clone())]);
    set(&mut p, &[("selected", json!(500))]);
    assert_eq!(selected_rows(&p), vec![5]);
    // A row's id changed underneath it.
    set(&mut p, &[("rows[7].id", json!(700))]);
    list[7] = json!({"id": 700});
    set(&mut p, &[("selected", json!(700))]);
    assert_eq!(selected_rows(&p), vec![7]);
    // Appended rows, and the whole list replaced.
    list.extend(rows(1000, 5));
    set(
        &mut p,
        &[("rows", json!(list.clone())), ("selected", json!(1003))],
    );
    assert_eq!(selected_rows(&p), vec![23]);
    let data = json!({"rows": list, "selected": 1003});
    assert_eq!(selected_rows(&p), fresh_selected(KEYED, &data));
}

#[test]
fn unkeyed_rows_take_the_keys_of_their_new_items() {
    let src = KEYED.replace(r#" wx:key="id""#, "");
    let mut list = rows(1, 10);
    let mut p = page_with(&src, "", json!({"rows": list.clone(), "selected": 3}));
    assert_eq!(selected_rows(&p), vec![2]);
    list.reverse();
    set(&mut p, &[("rows", json!(list.clone()))]);
    assert_eq!(selected_rows(&p), vec![7]);
    set(&mut p, &[("selected", json!(10))]);
    assert_eq!(selected_rows(&p), vec![0]);
}

#[test]
fn loose_tests_match_across_types() {
    let src = r#"<view><view wx:for="{{rows}}" wx:key="id" class="{{item.id == selected ? 'on' : ''}}"/></view>"#;
    let mut p = page_with(src, "", json!({"rows": rows(1, 10), "selected": 0}));
    set(&mut p, &[("selected", json!("5"))]);
    assert_eq!(selected_rows(&p), vec![4]);
    set(&mut p, &[("selected", json!(true))]);
    assert_eq!(selected_rows(&p), vec![0]);
    set(&mut p, &[("selected", json!(null))]);
    assert_eq!(selected_rows(&p), Vec::<usize>::new());
    // Strict tests do not match across types.
    let mut p = page_with(KEYED, "", json!({"rows": rows(1, 10), "selected": 0}));
    set(&mut p, &[("selected", json!("5"))]);
    assert_eq!(selected_rows(&p), Vec::<usize>::new());
}

#[test]
fn other_reads_of_the_name_revisit_every_row() {
    // `selected` is also read plainly: every row depends on it as a whole.
    let src = r#"<view><view wx:for="{{rows}}" wx:key="id" class="{{item.id === selected ? 'on' : ''}} n{{selected}}"/></view>"#;
    let mut p = page_with(src, "", json!({"rows": rows(1, 10), "selected": 0}));
    let before = p.bindings_run;
    set(&mut p, &[("selected", json!(3))]);
    assert_eq!(p.bindings_run - before, 10);
    assert_eq!(selected_rows(&p), vec![2]);
    let last = row_nodes(&p)[9];
    assert!(p
        .tree
        .element(last)
        .is_some_and(|e| e.classes.iter().any(|c| &**c == "n3")));
}

#[test]
fn compared_objects_and_deep_paths_fall_back_to_every_row() {
    let src = r#"<view><view wx:for="{{rows}}" wx:key="id" class="{{item.id === sel.id ? 'on' : ''}}"/></view>"#;
    let mut p = page_with(src, "", json!({"rows": rows(1, 10), "sel": {"id": 2}}));
    assert_eq!(selected_rows(&p), vec![1]);
    // The compared path's parent replaced.
    set(&mut p, &[("sel", json!({"id": 6}))]);
    assert_eq!(selected_rows(&p), vec![5]);
    set(&mut p, &[("sel.id", json!(7))]);
    assert_eq!(selected_rows(&p), vec![6]);
    // Compared with an object: every row is revisited, none matches.
    set(&mut p, &[("sel.id", json!({"x": 1}))]);
    assert_eq!(selected_rows(&p), Vec::<usize>::new());
    set(&mut p, &[("sel.id", json!(1))]);
    assert_eq!(selected_rows(&p), vec![0]);
}

#[test]
fn if_chains_and_texts_use_the_index_too() {
    let src = r#"<view><view wx:for="{{rows}}" wx:key="id"><text wx:if="{{item.id === selected}}">on</text><text>{{item.id !== selected ? 'off' : 'ON'}}</text></view></view>"#;
    let mut p = page_with(src, "", json!({"rows": rows(1, 100), "selected": 0}));
    let before = p.bindings_run;
    set(&mut p, &[("selected", json!(50))]);
    // Row 50's if-chain and its text.
    assert_eq!(p.bindings_run - before, 2);
    let mut out = String::new();
    dump_tree(&p.tree, &mut out);
    assert_eq!(out.matches("\"on\"").count(), 1, "{out}");
    assert_eq!(out.matches("\"ON\"").count(), 1, "{out}");
    assert_eq!(out.matches("\"off\"").count(), 99, "{out}");
}

#[test]
fn a_class_change_restyles_descendants_and_skips_layout_when_paint_only() {
    let sheet = ".on { background-color: #f00; } .on .td { color: #0f0; }";
    let src = r#"<view><view wx:for="{{rows}}" wx:key="id" class="{{item.id === selected ? 'on' : ''}}"><text class="td">{{item.id}}</text></view></view>"#;
    let mut p = page_with(src, sheet, json!({"rows": rows(1, 5), "selected": 0}));
    for n in all_nodes(&p) {
        p.tree.get_mut(n).expect("live").damage = 0;
    }
    set(&mut p, &[("selected", json!(2))]);
    p.restyle(&CTX);
    let row = row_nodes(&p)[1];
    let td = p.tree.flat_children(row)[0];
    let rgb = |c: fc_style::Color| [c.r, c.g, c.b];
    assert_eq!(
        rgb(p.tree.get(row).expect("row").style.background_color),
        [1.0, 0.0, 0.0]
    );
    assert_eq!(
        rgb(p.tree.get(td).expect("td").style.color),
        [0.0, 1.0, 0.0]
    );
    // Colours only: nothing needs layout.
    let root = p.tree.root();
    assert_eq!(p.tree.get(root).expect("root").damage & damage::RELAYOUT, 0);
}

fn all_nodes(p: &Page) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = vec![p.tree.root()];
    while let Some(n) = stack.pop() {
        out.push(n);
        stack.extend(p.tree.get(n).expect("live").children.iter().copied());
    }
    out
}

#[test]
fn freed_rows_leave_the_index() {
    let mut p = page_with(KEYED, "", json!({"rows": [], "selected": 0}));
    for round in 0..20u64 {
        set(&mut p, &[("rows", json!(rows(round * 1000, 1000)))]);
    }
    assert!(
        p.dep_index.eq.entries() <= 3000,
        "{} entries for 1,000 live rows",
        p.dep_index.eq.entries()
    );
    set(&mut p, &[("selected", json!(19_500))]);
    assert_eq!(selected_rows(&p), vec![500]);
}

/// The label text of each row (the second text node under it).
fn labels(p: &Page) -> Vec<String> {
    row_nodes(p)
        .iter()
        .map(|r| {
            let element = p.tree.flat_children(*r)[1];
            let text = p.tree.flat_children(element)[0];
            match &p.tree.get(text).expect("text").kind {
                NodeKind::Text(s) => s.clone(),
                other => panic!("{other:?}"),
            }
        })
        .collect()
}

const LABELS: &str = r#"<view><view wx:for="{{rows}}" wx:key="id" class="{{item.id === selected ? 'on' : ''}}">{{item.id}}<text>{{item.label}}</text></view></view>"#;

fn labelled(from: u64, count: u64) -> Vec<Value> {
    (from..from + count)
        .map(|id| json!({"id": id, "label": format!("row {id}")}))
        .collect()
}

#[test]
fn writing_items_of_a_list_visits_those_items_only() {
    let mut p = page_with(
        LABELS,
        "",
        json!({"rows": labelled(1, 1000), "selected": 0}),
    );
    let visited = |p: &mut Page, patches: &[(&str, Value)]| {
        let before = p.bindings_run;
        set(p, patches);
        p.bindings_run - before
    };
    assert_eq!(visited(&mut p, &[("rows[5].label", json!("five"))]), 1);
    assert_eq!(
        visited(
            &mut p,
            &[
                ("rows[0].label", json!("zero")),
                ("rows[999].label", json!("last"))
            ]
        ),
        2
    );
    let l = labels(&p);
    assert_eq!((&*l[0], &*l[5], &*l[999]), ("zero", "five", "last"));
    // Swap rows 2 and 999: the moved rows are then reached at their new places only.
    let (a, b) = (p.data["rows"][1].clone(), p.data["rows"][998].clone());
    set(&mut p, &[("rows[1]", b), ("rows[998]", a)]);
    assert_eq!(visited(&mut p, &[("rows[1].label", json!("second"))]), 1);
    assert_eq!(visited(&mut p, &[("rows[998].label", json!("998th"))]), 1);
    let l = labels(&p);
    assert_eq!((&*l[1], &*l[998]), ("second", "998th"));
    assert_eq!(l[2], "row 3");
    // The whole list: every row's bindings that read what changed.
    let mut list = labelled(1, 1000);
    list[10]["label"] = json!("ten");
    set(&mut p, &[("rows", json!(list))]);
    let l = labels(&p);
    assert_eq!((&*l[1], &*l[10], &*l[998]), ("row 2", "ten", "row 999"));
}
