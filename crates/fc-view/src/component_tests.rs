//! Custom components in the view: instance data scope, slots, property messages, patches
//! that reach only the instance's subtree, removal, and `triggerEvent` routing.

use crate::*;
use fc_protocol::{component_data_key, ComponentMsg, DataPatch, DataPath, PathSeg};
use fc_style::{Cascade, ResolveContext};
use serde_json::json;
use std::collections::HashMap;

fn program(path: &str, src: &str) -> fc_template::Program {
    fc_template::Program::standalone(fc_template::compile(path, src))
}

fn cascade() -> Cascade {
    Cascade::new(vec![fc_style::shared_default_stylesheet()])
}

const CTX: ResolveContext = ResolveContext {
    viewport_width: 375.0,
    viewport_height: 667.0,
};

/// A page whose template uses `<card>` (components/card/card with `card_src`).
fn page_with_card(page_src: &str, card_src: &str, data: serde_json::Value) -> Page {
    page_with_card_using(page_src, card_src, data, HashMap::new())
}

fn page_with_card_using(
    page_src: &str,
    card_src: &str,
    data: serde_json::Value,
    card_uses: HashMap<String, usize>,
) -> Page {
    let card = ComponentDef {
        path: "components/card/card".into(),
        program: program("components/card/card.wxml", card_src),
        cascade: cascade(),
        own_sheets: Vec::new(),
        using: card_uses,
        json_isolation: false,
    };
    let components = PageComponents {
        using: HashMap::from([("card".to_string(), 0)]),
        defs: vec![card],
    };
    let mut p = Page::with_components(
        1,
        "pages/t/t",
        &program("pages/t/t.wxml", page_src),
        cascade(),
        components,
    );
    p.set_initial_data(data);
    p.restyle(&CTX);
    p
}

fn texts(p: &Page) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![p.tree.root()];
    while let Some(id) = stack.pop() {
        let Some(node) = p.tree.get(id) else { continue };
        if let NodeKind::Text(t) = &node.kind {
            out.push(display_text(t, node.style.white_space));
        }
        stack.extend(p.tree.flat_children(id).into_iter().rev());
    }
    out
}

fn instance_patch(instance: u64, key: &str, value: serde_json::Value) -> DataPatch {
    let mut path = DataPath(vec![PathSeg::Key(component_data_key(instance).into())]);
    if !key.is_empty() {
        path.0.extend(DataPath::parse(key).expect("path").0);
    }
    DataPatch { path, value }
}

#[test]
fn instance_reads_its_own_data_and_slots_read_the_users() {
    let mut p = page_with_card(
        r#"<card title="{{t}}" n="{{n}}"><text slot="head">H{{t}}</text><text>body {{n}}</text></card>"#,
        r#"<slot name="head"/><text>[{{title}}]</text><slot/>"#,
        json!({"t": "A", "n": 1, "title": "page title"}),
    );
    let msgs = p.take_component_messages();
    let [ComponentMsg::Attach {
        instance,
        path,
        props,
        owner,
        ..
    }] = msgs.as_slice()
    else {
        panic!("one Attach expected, got {msgs:?}");
    };
    assert_eq!(path, "components/card/card");
    assert_eq!(props.get("title"), Some(&json!("A")));
    assert_eq!(*owner, None);
    // The component's `title` is its own (not yet set), not the page's `title`.
    assert_eq!(texts(&p), vec!["HA", "[]", "body 1"]);
    p.apply_patches(&[instance_patch(*instance, "", json!({"title": "A"}))]);
    assert_eq!(texts(&p), vec!["HA", "[A]", "body 1"]);
}

#[test]
fn a_parent_change_sends_only_the_changed_property_once() {
    let mut p = page_with_card(
        r#"<card a="{{a}}" b="{{b}}" item-count="{{c}}"></card><text>{{a}}</text>"#,
        r#"<text>{{a}}</text>"#,
        json!({"a": 1, "b": 2, "c": 3}),
    );
    let attach = p.take_component_messages();
    let Some(ComponentMsg::Attach { props, .. }) = attach.first() else {
        panic!("Attach expected");
    };
    assert_eq!(props.get("itemCount"), Some(&json!(3)), "kebab -> camel");
    p.apply_patches(&[DataPatch {
        path: DataPath::parse("a").expect("path"),
        value: json!(10),
    }]);
    let msgs = p.take_component_messages();
    let [ComponentMsg::Props { props, .. }] = msgs.as_slice() else {
        panic!("one Props expected, got {msgs:?}");
    };
    assert_eq!(props.len(), 1);
    assert_eq!(props.get("a"), Some(&json!(10)));
    // A change the host does not read sends nothing.
    p.apply_patches(&[DataPatch {
        path: DataPath::parse("zzz").expect("path"),
        value: json!(1),
    }]);
    assert!(p.take_component_messages().is_empty());
}

#[test]
fn an_instance_patch_touches_only_its_subtree() {
    let mut p = page_with_card(
        r#"<text>{{x}}</text><card></card><card></card>"#,
        r#"<text>{{x}}</text>"#,
        json!({"x": "page"}),
    );
    let msgs = p.take_component_messages();
    assert_eq!(msgs.len(), 2);
    p.apply_patches(&[
        instance_patch(0, "", json!({"x": "zero"})),
        instance_patch(1, "", json!({"x": "one"})),
    ]);
    assert_eq!(texts(&p), vec!["page", "zero", "one"]);
    p.apply_patches(&[instance_patch(1, "x", json!("uno"))]);
    assert_eq!(texts(&p), vec!["page", "zero", "uno"]);
}

#[test]
fn removing_the_host_detaches_the_instance_and_drops_its_data() {
    let mut p = page_with_card(
        r#"<card wx:if="{{on}}"></card>"#,
        r#"<text>{{x}}</text>"#,
        json!({"on": true}),
    );
    p.take_component_messages();
    p.apply_patches(&[instance_patch(0, "", json!({"x": 1}))]);
    assert!(p.data.get(component_data_key(0)).is_some());
    p.apply_patches(&[DataPatch {
        path: DataPath::parse("on").expect("path"),
        value: json!(false),
    }]);
    let msgs = p.take_component_messages();
    assert!(
        matches!(msgs.as_slice(), [ComponentMsg::Detach { instance: 0, .. }]),
        "{msgs:?}"
    );
    assert!(p.data.get(component_data_key(0)).is_none());
}

#[test]
fn trigger_event_bubbles_composed_and_capture() {
    // The platform's example: <outer bind:e="p1"><inner bind:e="p2"/></outer>, and a
    // listener inside outer's own template. Here both are `card`s; the inner one is slotted.
    let p = page_with_card(
        r#"<card id="outer" bind:e="p1" capture-bind:e="c1"><card id="inner" bind:e="p2"></card></card>"#,
        r#"<view bind:e="o1"><slot/></view>"#,
        json!({}),
    );
    let inner = p.component_host(1).expect("inner host");
    let run = |bubbles, composed, capture| {
        let opts = TriggerOptions {
            bubbles,
            composed,
            capture,
        };
        dispatch_component_event(&p.tree, inner, "e", &json!({}), opts, 0.0, 0.0)
            .into_iter()
            .map(|f| f.handler)
            .collect::<Vec<_>>()
    };
    assert_eq!(run(false, false, false), vec!["p2"]);
    assert_eq!(run(true, false, false), vec!["p2", "p1"]);
    // Composed: the view of the outer card's own template (where the inner card is
    // slotted) is on the way.
    assert_eq!(run(true, true, false), vec!["p2", "o1", "p1"]);
    assert_eq!(run(true, false, true), vec!["c1", "p2", "p1"]);
}

#[test]
fn a_component_that_uses_itself_without_end_is_cut_with_a_warning() {
    let mut p = page_with_card_using(
        r#"<card></card>"#,
        r#"<view><card></card></view>"#,
        json!({}),
        HashMap::from([("card".to_string(), 0)]),
    );
    let msgs = p.take_component_messages();
    assert_eq!(msgs.len(), 64);
    assert!(
        p.diagnostics.iter().any(|d| d
            .message
            .contains("components nested deeper than 64 levels")),
        "{:?}",
        p.diagnostics
    );
}
