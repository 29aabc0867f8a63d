//! Scroll containers and where their offsets apply.
//!
//! Layout stays in content coordinates: `Node::rect` is where a box sits with every scroll
//! offset at zero (window coordinates of the unscrolled page). A scroll container — the page
//! root, or a `scroll-view` — keeps its offset in `Node::scroll`; its descendants are drawn,
//! hit and dumped shifted by minus the sum of their scrolling ancestors' offsets. A
//! `position: fixed` box is placed against the window, so the offsets above it do not apply.
//! Scrolling therefore never relayouts.

use crate::tree::{NodeId, NodeKind, Tree};
use fc_protocol::Value;
use fc_style::Position;

/// A JS-truthy attribute (`scroll-y` with no value is `true`, `"false"` is truthy:
/// template.md §1).
pub fn attr_truthy(tree: &Tree, id: NodeId, name: &str) -> bool {
    match tree.element(id).and_then(|e| e.attrs.get(name)) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_f64().is_some_and(|n| n != 0.0 && !n.is_nan()),
        Some(_) => true,
    }
}

/// Whether `id` is a `scroll-view` element.
pub fn is_scroll_view(tree: &Tree, id: NodeId) -> bool {
    tree.element(id).is_some_and(|e| &*e.tag == "scroll-view")
}

/// The directions `id` scrolls in, `[x, y]`: the root scrolls vertically, a `scroll-view`
/// as its `scroll-x`/`scroll-y` say; `None` for anything else.
pub fn scroll_axes(tree: &Tree, id: NodeId) -> Option<[bool; 2]> {
    match tree.get(id)?.kind {
        NodeKind::Root => Some([false, true]),
        NodeKind::Element(_) if is_scroll_view(tree, id) => Some([
            attr_truthy(tree, id, "scroll-x"),
            attr_truthy(tree, id, "scroll-y"),
        ]),
        _ => None,
    }
}

/// The sum of the scroll offsets that move `id` on screen: those of its box ancestors up to
/// the nearest `position: fixed` box (itself included), which the window places.
pub fn ancestors_offset(tree: &Tree, id: NodeId) -> [f32; 2] {
    let mut off = [0.0, 0.0];
    let mut cur = id;
    while let Some(node) = tree.get(cur) {
        if node.style.position == Position::Fixed {
            break;
        }
        let Some(p) = tree.box_parent(cur) else { break };
        if let Some(pn) = tree.get(p) {
            off[0] += pn.scroll[0];
            off[1] += pn.scroll[1];
        }
        cur = p;
    }
    off
}

/// Where `id` is drawn now: its laid-out box moved by its ancestors' scroll offsets.
pub fn window_rect(tree: &Tree, id: NodeId) -> Option<[f32; 4]> {
    let [x, y, w, h] = tree.get(id)?.rect;
    let [sx, sy] = ancestors_offset(tree, id);
    Some([x - sx, y - sy, w, h])
}

/// The inside of a container's border (its client area), content coordinates.
pub fn client_rect(tree: &Tree, id: NodeId) -> Option<[f32; 4]> {
    let node = tree.get(id)?;
    let [x, y, w, h] = node.rect;
    // border_width: top, right, bottom, left.
    let b = node.style.border_width;
    Some([
        x + b[3],
        y + b[0],
        (w - b[1] - b[3]).max(0.0),
        (h - b[0] - b[2]).max(0.0),
    ])
}

/// `scrollWidth`/`scrollHeight` of a container: how far its content reaches from the client
/// area's top-left corner (its padding box), never less than the client area.
/// Content inside a descendant that clips counts only up to that descendant's box;
/// `position: fixed` descendants do not count.
pub fn content_size(tree: &Tree, id: NodeId, client: [f32; 4]) -> [f32; 2] {
    let mut far: Option<[f32; 2]> = None;
    // Children are pushed without collecting each node's list: this runs over every node
    // of the page.
    let mut stack = Vec::new();
    tree.for_each_flat_child(id, &mut |c| stack.push(c));
    while let Some(c) = stack.pop() {
        let Some(n) = tree.get(c) else { continue };
        if n.style.display == fc_style::Display::None || n.style.position == Position::Fixed {
            continue;
        }
        // Generated boxes are decoration (the button's `::after` frame is a 200% box scaled
        // to half): they do not make anything scroll.
        if tree.is_generated(c) {
            continue;
        }
        let [x, y, w, h] = n.rect;
        let [fx, fy] = far.unwrap_or([f32::NEG_INFINITY; 2]);
        far = Some([fx.max(x + w), fy.max(y + h)]);
        if !n.style.overflow_hidden {
            tree.for_each_flat_child(c, &mut |k| stack.push(k));
        }
    }
    content_size_from(tree, id, client, far)
}

/// [`content_size`] from how far the container's content reaches (the far corner of its
/// descendants' boxes, by the same rules; `None`: nothing counts), as a cache of it keeps it.
pub fn content_size_from(
    tree: &Tree,
    id: NodeId,
    client: [f32; 4],
    reach: Option<[f32; 2]>,
) -> [f32; 2] {
    let mut far = [client[0] + client[2], client[1] + client[3]];
    if let Some([x, y]) = reach {
        // Percentages resolve against the container's width, as CSS padding does.
        let pad = tree
            .get(id)
            .map(|n| n.style.padding.map(|l| l.resolve(client[2]).unwrap_or(0.0)))
            .unwrap_or_default();
        // The container's padding continues after its last box (right and bottom).
        far[0] = far[0].max(x + pad[1]);
        far[1] = far[1].max(y + pad[2]);
    }
    [
        (far[0] - client[0]).max(client[2]),
        (far[1] - client[1]).max(client[3]),
    ]
}

/// The largest offsets a container may have: content minus client size, per axis, zero
/// along an axis it does not scroll.
pub fn max_scroll(tree: &Tree, id: NodeId, client: [f32; 4]) -> [f32; 2] {
    let axes = scroll_axes(tree, id).unwrap_or([false, false]);
    let size = content_size(tree, id, client);
    [
        if axes[0] {
            (size[0] - client[2]).max(0.0)
        } else {
            0.0
        },
        if axes[1] {
            (size[1] - client[3]).max(0.0)
        } else {
            0.0
        },
    ]
}

/// The nearest `scroll-view` at or above `id`.
pub fn nearest_scroll_view(tree: &Tree, id: NodeId) -> Option<NodeId> {
    let mut cur = Some(id);
    while let Some(c) = cur {
        if is_scroll_view(tree, c) {
            return Some(c);
        }
        cur = tree.box_parent(c);
    }
    None
}

/// The scroll-views at or above `id`, innermost first.
pub fn scroll_view_chain(tree: &Tree, id: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut cur = nearest_scroll_view(tree, id);
    while let Some(c) = cur {
        out.push(c);
        cur = tree
            .box_parent(c)
            .and_then(|p| nearest_scroll_view(tree, p));
    }
    out
}

/// Every `scroll-view` in the tree that is displayed, in document order.
pub fn scroll_views(tree: &Tree) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = vec![tree.root()];
    while let Some(id) = stack.pop() {
        let Some(n) = tree.get(id) else { continue };
        if n.style.display == fc_style::Display::None {
            continue;
        }
        if is_scroll_view(tree, id) {
            out.push(id);
        }
        let start = stack.len();
        tree.for_each_flat_child(id, &mut |k| stack.push(k));
        stack[start..].reverse();
    }
    out
}

/// The first displayed element whose `id` attribute is `want`, below `root`.
pub fn find_by_id(tree: &Tree, root: NodeId, want: &str) -> Option<NodeId> {
    let mut stack = tree.flat_children(root);
    stack.reverse();
    while let Some(id) = stack.pop() {
        let Some(n) = tree.get(id) else { continue };
        if n.style.display == fc_style::Display::None {
            continue;
        }
        if tree.element(id).and_then(|e| e.id.as_deref()) == Some(want) {
            return Some(id);
        }
        let kids = tree.flat_children(id);
        stack.extend(kids.into_iter().rev());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Page;
    use fc_style::{Cascade, ResolveContext};

    /// A page with a 100 px tall scroll-view holding three 80 px rows, laid out by hand
    /// (fc-view does not lay out): rows at y = 0, 80, 160.
    fn page() -> Page {
        let src = r#"<scroll-view id="sv" scroll-y><view id="a"/><view id="b"/><view id="c"/></scroll-view><view id="after"/>"#;
        let compiled = fc_template::compile("pages/t/t.wxml", src);
        let mut p = Page::new(
            1,
            "pages/t/t",
            &compiled.template,
            Cascade::new(vec![fc_style::shared_default_stylesheet()]),
        );
        p.set_initial_data(serde_json::json!({}));
        p.restyle(&ResolveContext {
            viewport_width: 375.0,
            viewport_height: 667.0,
        });
        let t = &mut p.tree;
        let root = t.root();
        if let Some(n) = t.get_mut(root) {
            n.rect = [0.0, 0.0, 375.0, 667.0];
        }
        let sv = find_by_id(t, root, "sv").expect("sv");
        t.get_mut(sv).expect("sv").rect = [0.0, 0.0, 375.0, 100.0];
        for (i, name) in ["a", "b", "c"].iter().enumerate() {
            let id = find_by_id(t, root, name).expect("row");
            t.get_mut(id).expect("row").rect = [0.0, i as f32 * 80.0, 375.0, 80.0];
        }
        let after = find_by_id(t, root, "after").expect("after");
        t.get_mut(after).expect("after").rect = [0.0, 100.0, 375.0, 50.0];
        p
    }

    fn id_of(p: &Page, name: &str) -> NodeId {
        find_by_id(&p.tree, p.tree.root(), name).expect(name)
    }

    #[test]
    fn scroll_view_axes_content_and_clamp_range() {
        let p = page();
        let sv = id_of(&p, "sv");
        assert_eq!(scroll_axes(&p.tree, sv), Some([false, true]));
        let client = client_rect(&p.tree, sv).expect("client");
        assert_eq!(content_size(&p.tree, sv, client), [375.0, 240.0]);
        assert_eq!(max_scroll(&p.tree, sv, client), [0.0, 140.0]);
    }

    #[test]
    fn offsets_move_hits_and_window_rects() {
        let mut p = page();
        let sv = id_of(&p, "sv");
        let (a, b, c) = (id_of(&p, "a"), id_of(&p, "b"), id_of(&p, "c"));
        assert_eq!(crate::hit_test(&p.tree, 10.0, 90.0), Some(b));
        p.tree.get_mut(sv).expect("sv").scroll = [0.0, 100.0];
        // Window y 90 is content y 190 inside the scroll-view: row c.
        assert_eq!(crate::hit_test(&p.tree, 10.0, 90.0), Some(c));
        assert_eq!(window_rect(&p.tree, c), Some([0.0, 60.0, 375.0, 80.0]));
        // Row a scrolled out of the clip: a point where it would be drawn (above the
        // scroll-view) does not reach it, and below the scroll-view is the next sibling.
        assert_eq!(window_rect(&p.tree, a), Some([0.0, -100.0, 375.0, 80.0]));
        assert_eq!(
            crate::hit_test(&p.tree, 10.0, 120.0),
            Some(id_of(&p, "after"))
        );
        // The page's own offset adds up with the scroll-view's.
        let root = p.tree.root();
        p.tree.get_mut(root).expect("root").scroll = [0.0, 30.0];
        assert_eq!(window_rect(&p.tree, c), Some([0.0, 30.0, 375.0, 80.0]));
        let mut out = String::new();
        crate::dump_tree(&p.tree, &mut out);
        assert!(out.contains("view#c [0,30,375,80]"), "{out}");
        assert!(out.contains("scroll-view#sv [0,-30,375,100]"), "{out}");
    }

    #[test]
    fn nested_horizontal_scroll_view_adds_its_offset() {
        let src = r#"<scroll-view id="outer" scroll-y><scroll-view id="inner" scroll-x><view id="x"/><view id="y"/></scroll-view></scroll-view>"#;
        let compiled = fc_template::compile("pages/t/t.wxml", src);
        let mut p = Page::new(
            1,
            "pages/t/t",
            &compiled.template,
            Cascade::new(vec![fc_style::shared_default_stylesheet()]),
        );
        p.set_initial_data(serde_json::json!({}));
        p.restyle(&ResolveContext {
            viewport_width: 375.0,
            viewport_height: 667.0,
        });
        let t = &mut p.tree;
        let root = t.root();
        let ids = ["outer", "inner", "x", "y"].map(|n| find_by_id(t, root, n).expect(n));
        // outer: 100 tall over 300 px of content (inner); inner: 200 wide over two 150 px
        // cells side by side.
        let rects = [
            [0.0, 0.0, 200.0, 100.0],
            [0.0, 0.0, 200.0, 300.0],
            [0.0, 0.0, 150.0, 300.0],
            [150.0, 0.0, 150.0, 300.0],
        ];
        for (id, r) in ids.iter().zip(rects) {
            t.get_mut(*id).expect("node").rect = r;
        }
        let [outer, inner, _x, y] = ids;
        assert_eq!(scroll_axes(t, inner), Some([true, false]));
        let client = client_rect(t, inner).expect("client");
        assert_eq!(max_scroll(t, inner, client), [100.0, 0.0]);
        assert_eq!(scroll_view_chain(t, y), vec![inner, outer]);
        t.get_mut(outer).expect("outer").scroll = [0.0, 50.0];
        t.get_mut(inner).expect("inner").scroll = [100.0, 0.0];
        assert_eq!(window_rect(t, y), Some([50.0, -50.0, 150.0, 300.0]));
        // Window (60, 10) is x 160 in the inner content: the second cell.
        assert_eq!(crate::hit_test(t, 60.0, 10.0), Some(y));
    }
}
