//! Hit testing and event routing: which element a point lands on, and which handlers an
//! event reaches in the platform's order (capture from the root down, then bubble up;
//! `catch` stops propagation, `mut-bind` fires once per event among mut-binds).

use crate::tree::{NodeId, NodeKind, Tree};
use fc_protocol::Value;
use fc_style::Display;
use fc_template::EventKind;
use serde_json::{json, Map};

/// The deepest element whose box contains the point (window logical px), positioned
/// siblings over in-flow ones, later siblings over earlier ones. Text hits count as their parent element. Scroll offsets apply
/// (`scroll.rs`): a container's children are hit shifted by its offset, and a box that
/// clips (`overflow: hidden`, a `scroll-view`) lets no point outside it reach its children.
pub fn hit_test(tree: &Tree, x: f32, y: f32) -> Option<NodeId> {
    hit(tree, tree.root(), (x, y), (x, y), &|_, _| true)
}

/// [`hit_test`], passing over the subtrees that `may_hold` says the point (in the
/// coordinates the node's box is laid out in) cannot land in: the player answers from the
/// painted extents it keeps, so that a tap on a 10,000-row page does not visit every row.
pub fn hit_test_within(
    tree: &Tree,
    x: f32,
    y: f32,
    may_hold: &dyn Fn(NodeId, (f32, f32)) -> bool,
) -> Option<NodeId> {
    hit(tree, tree.root(), (x, y), (x, y), may_hold)
}

/// `p` is the point in the coordinates `id`'s box is laid out in; `window` the point in
/// the window, where `position: fixed` boxes are placed.
fn hit(
    tree: &Tree,
    id: NodeId,
    p: (f32, f32),
    window: (f32, f32),
    may_hold: &dyn Fn(NodeId, (f32, f32)) -> bool,
) -> Option<NodeId> {
    let node = tree.get(id)?;
    // Generated `::before`/`::after` boxes are drawn, not hit (their owner is, where it is).
    if node.style.display == Display::None || tree.is_generated(id) {
        return None;
    }
    let (x, y) = if node.style.position == fc_style::Position::Fixed {
        window
    } else {
        p
    };
    let [bx, by, bw, bh] = node.rect;
    let inside = x >= bx && x < bx + bw && y >= by && y < by + bh;
    if inside || !node.style.overflow_hidden {
        let inner = (x + node.scroll[0], y + node.scroll[1]);
        // Positioned children paint over the in-flow ones (fc-paint `stacking.rs`): they
        // are hit first.
        let mut kids = tree.flat_children(id);
        kids.retain(|c| may_hold(*c, inner));
        let positioned = |c: &NodeId| {
            tree.get(*c)
                .is_some_and(|n| n.style.position != fc_style::Position::Static)
        };
        let (over, flow): (Vec<NodeId>, Vec<NodeId>) = kids.into_iter().partition(positioned);
        for c in over.into_iter().rev().chain(flow.into_iter().rev()) {
            if let Some(found) = hit(tree, c, inner, window, may_hold) {
                return Some(found);
            }
        }
    }
    match node.kind {
        NodeKind::Element(_) | NodeKind::Root if inside => Some(id),
        _ => None,
    }
}

/// `id`, `dataset` and position of an element, as event objects carry them.
#[derive(Debug, Clone)]
pub struct ElementInfo {
    pub id: String,
    pub dataset: Map<String, Value>,
    pub offset_left: f32,
    pub offset_top: f32,
}

impl ElementInfo {
    /// `page_top` is where the page starts in the window: offsets are page coordinates.
    pub fn of(tree: &Tree, id: NodeId, page_top: f32) -> ElementInfo {
        let node = tree.get(id);
        let rect = node.map(|n| n.rect).unwrap_or_default();
        let mut dataset = Map::new();
        if let Some(e) = tree.element(id) {
            for (name, v) in &e.attrs {
                if let Some(rest) = name.strip_prefix("data-") {
                    dataset.insert(camel_case(rest), v.clone());
                }
            }
        }
        ElementInfo {
            id: tree
                .element(id)
                .and_then(|e| e.id.clone())
                .unwrap_or_default(),
            dataset,
            offset_left: rect[0],
            offset_top: rect[1] - page_top,
        }
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "dataset": Value::Object(self.dataset.clone()),
            "offsetLeft": self.offset_left,
            "offsetTop": self.offset_top,
        })
    }
}

/// `data-foo-bar` -> `fooBar`, as the platform builds `dataset`.
fn camel_case(s: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in s.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// One handler an event reached, with the event object to pass it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fired {
    pub handler: String,
    pub event: Value,
    /// The component instance whose template bound the handler (none: the page).
    pub owner: Option<fc_protocol::InstanceId>,
}

/// What one event carries besides its targets.
#[derive(Debug, Clone)]
pub struct EventInit<'a> {
    /// The event name, e.g. `tap`, `touchend`.
    pub ty: &'a str,
    pub detail: Value,
    /// Touch points down during the event (`touchend`: none).
    pub touches: Value,
    /// Touch points that changed in this event.
    pub changed_touches: Value,
    /// Milliseconds since the page was opened.
    pub time_stamp: f64,
}

/// Routes an event that happened on `target` and returns the handlers it reaches, in
/// order, each with its event object. `page_top` converts window coordinates to page
/// coordinates for offsets.
pub fn dispatch(tree: &Tree, target: NodeId, init: &EventInit<'_>, page_top: f32) -> Vec<Fired> {
    let ty = init.ty;
    // Path from the target up to the root, elements only.
    let mut path = Vec::new();
    let mut cur = Some(target);
    while let Some(id) = cur {
        if matches!(tree.get(id).map(|n| &n.kind), Some(NodeKind::Element(_))) {
            path.push(id);
        }
        cur = tree.box_parent(id);
    }
    let target_info = ElementInfo::of(tree, target, page_top).to_json();
    let mut fired = Vec::new();
    let mut mut_fired = false;
    let fire = |id: NodeId, handler: &str, fired: &mut Vec<Fired>| {
        fired.push(Fired {
            handler: handler.to_string(),
            owner: crate::component::owner_of(tree, id),
            event: json!({
                "type": ty,
                "timeStamp": init.time_stamp,
                "target": target_info,
                "currentTarget": ElementInfo::of(tree, id, page_top).to_json(),
                "detail": init.detail,
                "touches": init.touches,
                "changedTouches": init.changed_touches,
                "mark": {},
            }),
        });
    };
    // Capture phase: root first.
    for &id in path.iter().rev() {
        let Some(e) = tree.element(id) else { continue };
        for h in e.events.iter().filter(|h| &*h.event == ty) {
            match h.kind {
                EventKind::CaptureBind => fire(id, &h.handler, &mut fired),
                EventKind::CaptureCatch => {
                    fire(id, &h.handler, &mut fired);
                    return fired;
                }
                _ => {}
            }
        }
    }
    // Bubble phase: target first; non-bubbling events stop at the target.
    let bubbles = matches!(
        ty,
        "tap" | "longpress" | "longtap" | "touchstart" | "touchmove" | "touchend" | "touchcancel"
    );
    for &id in &path {
        let Some(e) = tree.element(id) else { continue };
        let mut stop = false;
        for h in e.events.iter().filter(|h| &*h.event == ty) {
            match h.kind {
                EventKind::Bind => fire(id, &h.handler, &mut fired),
                EventKind::Catch => {
                    fire(id, &h.handler, &mut fired);
                    stop = true;
                }
                EventKind::MutBind if !mut_fired => {
                    fire(id, &h.handler, &mut fired);
                    mut_fired = true;
                }
                _ => {}
            }
        }
        if stop || !bubbles {
            break;
        }
    }
    fired
}

#[cfg(test)]
mod tests {
    use super::camel_case;

    #[test]
    fn dataset_names() {
        assert_eq!(camel_case("foo-bar"), "fooBar");
        assert_eq!(camel_case("fooBar"), "foobar");
        assert_eq!(camel_case("x"), "x");
    }
}
