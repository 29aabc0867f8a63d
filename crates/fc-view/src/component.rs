//! Custom components on the render side (logic.md §7, style.md §5).
//!
//! An instance is a host node (the custom tag, an element like any other, styled by its
//! user's sheets plus the component's `:host` rules) whose children come from the
//! component's template. That template reads the instance's data, which lives in the page's
//! data mirror under `component_data_key(instance)`: its bindings depend on paths under that
//! key, so the logic thread's patches for the instance are ordinary page patches with the
//! key in front and touch only the instance's own subtree. Slotted children are built with
//! the user's scope, so they read the user's data and fire the user's handlers.

use crate::events::{ElementInfo, Fired};
use crate::prepared::{PElement, PNode};
use crate::scope::ScopeChain;
use crate::tree::{NodeId, NodeKind, Tree};
use fc_protocol::{ComponentMsg, InstanceId, PageId, Value};
use fc_style::{Cascade, StyleSheet};
use fc_template::EventKind;
use serde_json::{json, Map};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// One compiled component, as the caller (the player's compile step) hands it over.
pub struct ComponentDef {
    /// Bundle path without extension (`components/card/card`): how the logic thread finds
    /// its script.
    pub path: String,
    pub program: fc_template::Program,
    /// The sheets that style nodes inside its template (UA sheet first; the app's and the
    /// page's too when its isolation lets them in).
    pub cascade: Cascade,
    /// The component's own sheets: their `:host` rules (rewritten to `[fc-host]`) style
    /// the host node below the user's rules.
    pub own_sheets: Vec<Arc<StyleSheet>>,
    /// Its `usingComponents`: tag -> index in the page's definition list.
    pub using: HashMap<String, usize>,
    /// Whether its JSON set the isolation (`styleIsolation` or `addGlobalClass`).
    pub json_isolation: bool,
}

/// What only the component's script says (`Component({externalClasses, options})`), sent
/// back by the logic thread when it first runs the script.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ComponentInfo {
    pub external_classes: Vec<String>,
    /// `options.styleIsolation`, or `apply-shared` for `options.addGlobalClass`.
    pub style_isolation: Option<String>,
}

/// What a page uses: its own `usingComponents` and every definition reachable from it.
#[derive(Default)]
pub struct PageComponents {
    pub using: HashMap<String, usize>,
    pub defs: Vec<ComponentDef>,
}

/// The root frame of an instance's template scope.
#[derive(Debug)]
pub(crate) struct InstanceFrame {
    pub id: InstanceId,
    /// Its definition (index into `Components::defs`).
    pub def: usize,
    /// How many instances enclose it, itself included.
    pub depth: usize,
    pub data_key: String,
    /// The host tag as written in the user's template: its children are the slot content.
    pub host: Rc<PElement>,
    /// The user's scope, in which slot content is built.
    pub user_scope: Rc<ScopeChain>,
}

impl std::fmt::Debug for PElement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}>", self.tag)
    }
}

pub(crate) struct RenderDef {
    pub path: String,
    pub cascade: Cascade,
    pub own_sheets: Vec<Arc<StyleSheet>>,
    /// Index of its template's first file in the page's merged program.
    pub root_file: usize,
    /// Its `externalClasses` (known once the logic thread has run its script).
    pub external: Vec<String>,
    /// Whether its JSON declared `styleIsolation`/`addGlobalClass` (then the script's
    /// `options` do not change it).
    pub json_isolation: bool,
}

pub(crate) struct HostRecord {
    pub node: NodeId,
    pub instance: InstanceId,
    pub def: usize,
    pub props: Map<String, Value>,
    pub id: String,
    pub classes: Vec<String>,
    pub frame: Rc<InstanceFrame>,
}

/// A page's component instances and the messages for the logic thread they produced.
#[derive(Default)]
pub(crate) struct Components {
    pub defs: Vec<RenderDef>,
    pub hosts: Vec<HostRecord>,
    pub next_instance: InstanceId,
    pub outbox: Vec<ComponentMsg>,
}

/// Attribute names that never become properties (logic.md §7).
fn is_reserved(name: &str) -> bool {
    matches!(name, "id" | "class" | "style" | "slot" | "hidden") || name.starts_with("data-")
}

/// `prop-a` -> `propA` (kebab and camel both name the same property).
pub(crate) fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The property values a host element's attributes give.
pub(crate) fn props_of(tree: &Tree, host: NodeId) -> (Map<String, Value>, String, Vec<String>) {
    let mut props = Map::new();
    let Some(el) = tree.element(host) else {
        return (props, String::new(), Vec::new());
    };
    for (name, value) in &el.attrs {
        if !is_reserved(name) {
            props.insert(camel(name), value.clone());
        }
    }
    (
        props,
        el.id.clone().unwrap_or_default(),
        el.classes.iter().map(|c| c.to_string()).collect(),
    )
}

impl Components {
    /// The definition index of a live instance.
    pub fn host_of_instance(&self, instance: InstanceId) -> Option<usize> {
        self.hosts
            .iter()
            .find(|h| h.instance == instance)
            .map(|h| h.def)
    }

    /// Sends the properties of a re-evaluated host that changed.
    pub fn host_updated(&mut self, page: PageId, tree: &Tree, node: NodeId) {
        let Some(rec) = self.hosts.iter_mut().find(|h| h.node == node) else {
            return;
        };
        let (props, id, classes) = props_of(tree, node);
        let changed: Map<String, Value> = props
            .iter()
            .filter(|(k, v)| rec.props.get(*k) != Some(*v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if changed.is_empty() && id == rec.id && classes == rec.classes {
            return;
        }
        rec.props = props;
        rec.id = id.clone();
        rec.classes = classes.clone();
        self.outbox.push(ComponentMsg::Props {
            page,
            instance: rec.instance,
            props: changed,
            id,
            classes,
        });
    }

    /// Drops the instances whose hosts left the tree (and their data); returns their ids.
    pub fn prune(&mut self, tree: &Tree) -> Vec<InstanceId> {
        let mut gone = Vec::new();
        self.hosts.retain(|h| {
            let alive = tree.get(h.node).is_some();
            if !alive {
                gone.push(h.instance);
            }
            alive
        });
        gone
    }
}

/// The name of the slot a child of a component tag goes to (`slot="name"`, default: "").
pub(crate) fn slot_of(node: &PNode) -> String {
    match node {
        PNode::Element(e) => e
            .attr("slot")
            .and_then(|b| b.as_static().map(str::to_string))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The instance a node's bindings and handlers belong to (none: the page).
pub fn owner_of(tree: &Tree, id: NodeId) -> Option<InstanceId> {
    tree.get(id)?.scope.instance().map(|c| c.id)
}

/// Options of `triggerEvent` (logic.md §7).
#[derive(Debug, Clone, Copy, Default)]
pub struct TriggerOptions {
    pub bubbles: bool,
    pub composed: bool,
    pub capture: bool,
}

/// Routes a component's `triggerEvent` from its host node: the host's own listeners, then
/// (when it bubbles) its ancestors in the user's template, or every ancestor when the
/// event is `composed` (crossing into enclosing components' templates). With
/// `capture`, capture listeners on that path run first, outermost first.
pub fn dispatch_component_event(
    tree: &Tree,
    host: NodeId,
    name: &str,
    detail: &Value,
    opts: TriggerOptions,
    time_stamp: f64,
    page_top: f32,
) -> Vec<Fired> {
    let home = owner_of(tree, host);
    let mut path = vec![host];
    if opts.bubbles || opts.capture {
        let mut cur = tree.box_parent(host);
        while let Some(id) = cur {
            if matches!(tree.get(id).map(|n| &n.kind), Some(NodeKind::Element(_)))
                && (opts.composed || owner_of(tree, id) == home)
            {
                path.push(id);
            }
            cur = tree.box_parent(id);
        }
    }
    let target = ElementInfo::of(tree, host, page_top).to_json();
    let mut fired = Vec::new();
    let fire = |id: NodeId, handler: &str, fired: &mut Vec<Fired>| {
        fired.push(Fired {
            handler: handler.to_string(),
            owner: owner_of(tree, id),
            event: json!({
                "type": name,
                "timeStamp": time_stamp,
                "target": target,
                "currentTarget": ElementInfo::of(tree, id, page_top).to_json(),
                "detail": detail,
                "mark": {},
            }),
        });
    };
    if opts.capture {
        for &id in path.iter().rev() {
            let Some(e) = tree.element(id) else { continue };
            for h in e.events.iter().filter(|h| &*h.event == name) {
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
    }
    let reach = if opts.bubbles { path.len() } else { 1 };
    for &id in &path[..reach] {
        let Some(e) = tree.element(id) else { continue };
        let mut stop = false;
        for h in e.events.iter().filter(|h| &*h.event == name) {
            match h.kind {
                EventKind::Bind | EventKind::MutBind => fire(id, &h.handler, &mut fired),
                EventKind::Catch => {
                    fire(id, &h.handler, &mut fired);
                    stop = true;
                }
                _ => {}
            }
        }
        if stop {
            break;
        }
    }
    fired
}

/// The host node of `instance`, if it is still in the tree.
pub(crate) fn host_node(c: &Components, instance: InstanceId) -> Option<NodeId> {
    c.hosts
        .iter()
        .find(|h| h.instance == instance)
        .map(|h| h.node)
}
