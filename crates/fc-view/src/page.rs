//! One page's view state on the render thread: its data mirror, its tree, and the passes
//! that keep the tree in step with the data (apply patches, re-bind, restyle).

use crate::component::{ComponentDef, Components, PageComponents, RenderDef};
use crate::instantiate::{BindingKind, Builder};
use crate::prepared::{prepare_all, PProgram};
use crate::scope::{ScopeChain, Settle};
use crate::share::StyleShare;
use crate::tree::{damage, NodeId, NodeKind, Tree};
use crate::wxs::WxsHost;
use crate::StyleRef;
use fc_protocol::{DataPatch, DataPath, Diagnostic, PageId, PathSeg, Value};
use fc_style::{Cascade, ComputedStyle, ResolveContext};
use std::collections::HashSet;
use std::rc::Rc;

/// Whether node `id` lies in the item at position `pos` of settled list `slot` of `batch`
/// (its scope chain has that item's frame).
fn in_settled_item(tree: &Tree, id: NodeId, batch: u64, slot: usize, pos: usize) -> bool {
    let Some(node) = tree.get(id) else {
        return false;
    };
    let mut cur = Some(&*node.scope);
    while let Some(frame) = cur {
        let s = frame.settled.get();
        if s.batch == batch && s.list as usize == slot && frame.pos.get() == pos {
            return true;
        }
        cur = frame.parent.as_deref();
    }
    false
}

/// How many of a batch's first patches may keep the list they replace (for
/// `Settle::old_lists`): finding whether an earlier patch wrote there is a scan of the batch.
const OLD_LIST_LOOKBACK: usize = 64;

/// One open page. Owned by the render thread; one per page in the stack.
pub struct Page {
    pub id: PageId,
    pub route: String,
    pub data: Value,
    pub tree: Tree,
    pub cascade: Cascade,
    /// Problems found in this page's files (template, style, script), shown on its overlay.
    pub diagnostics: Vec<Diagnostic>,
    program: Rc<PProgram>,
    /// Runs the page's `<wxs>` modules; `None` when it has none (or no engine is wired).
    wxs: Option<Box<dyn WxsHost>>,
    /// Which nodes read which data (`deps.rs`). Entries for removed nodes go stale (their
    /// generation no longer matches) and are dropped when next visited.
    pub(crate) dep_index: crate::deps::DepIndex,
    /// Bindings re-evaluated since the page was made (tests assert a change revisits only
    /// the bindings it can affect).
    pub bindings_run: u64,
    instantiated: bool,
    /// Custom component definitions and live instances (`component.rs`).
    comps: Components,
    /// Computed styles handed out to this page's nodes (`share.rs`).
    styles: StyleShare,
    /// What the program's bindings read (`instantiate.rs`).
    binding_reads: crate::instantiate::BindingReads,
    /// What the batch being applied knows about the lists it rewrote whole.
    settle: Settle,
}

impl Page {
    /// A page of one markup file that reaches no other (no imports, includes or modules).
    pub fn new(
        id: PageId,
        route: &str,
        template: &fc_template::Template,
        cascade: Cascade,
    ) -> Page {
        let program = fc_template::Program::standalone(fc_template::Compiled {
            template: template.clone(),
            diagnostics: Vec::new(),
        });
        Page::with_program(id, route, &program, cascade)
    }

    /// A page of a linked program (`fc_template::link`). Its diagnostics are not copied:
    /// the caller decides which to show.
    pub fn with_program(
        id: PageId,
        route: &str,
        program: &fc_template::Program,
        cascade: Cascade,
    ) -> Page {
        Page::with_components(id, route, program, cascade, PageComponents::default())
    }

    /// A page whose templates use custom components: their programs are merged into the
    /// page's (one file index space), each file knowing its own `usingComponents`.
    pub fn with_components(
        id: PageId,
        route: &str,
        program: &fc_template::Program,
        cascade: Cascade,
        components: PageComponents,
    ) -> Page {
        let mut programs = vec![(program, Rc::new(components.using.clone()))];
        for d in &components.defs {
            programs.push((&d.program, Rc::new(d.using.clone())));
        }
        let mut root_file = program.files.len();
        let mut defs = Vec::new();
        for ComponentDef {
            path,
            program,
            cascade,
            own_sheets,
            json_isolation,
            ..
        } in &components.defs
        {
            defs.push(RenderDef {
                path: path.clone(),
                cascade: cascade.clone(),
                own_sheets: own_sheets.clone(),
                root_file,
                external: Vec::new(),
                json_isolation: *json_isolation,
            });
            root_file += program.files.len();
        }
        Page {
            id,
            route: route.to_string(),
            data: Value::Object(Default::default()),
            tree: Tree::new(),
            cascade,
            diagnostics: Vec::new(),
            program: Rc::new(prepare_all(&programs)),
            wxs: None,
            dep_index: Default::default(),
            bindings_run: 0,
            instantiated: false,
            comps: Components {
                defs,
                ..Default::default()
            },
            styles: StyleShare::default(),
            binding_reads: Default::default(),
            settle: Default::default(),
        }
    }

    /// Messages for the logic thread about component instances made, changed or removed
    /// since the last call (call after `set_initial_data`/`apply_patches`). A removed
    /// instance's data leaves the mirror.
    pub fn take_component_messages(&mut self) -> Vec<fc_protocol::ComponentMsg> {
        let gone = self.comps.prune(&self.tree);
        let mut out = std::mem::take(&mut self.comps.outbox);
        // An instance made and removed within one pass is announced, then detached.
        for instance in gone {
            if let Value::Object(m) = &mut self.data {
                m.remove(&fc_protocol::component_data_key(instance));
            }
            out.push(fc_protocol::ComponentMsg::Detach {
                page: self.id,
                instance,
            });
        }
        out
    }

    /// What the script of component `path` declared: its external classes and (unless its
    /// JSON said otherwise) its style isolation. Restyles the page, and rebuilds the
    /// templates of instances already built when they have external classes to map.
    pub fn set_component_info(&mut self, path: &str, info: &crate::ComponentInfo) {
        let Some(index) = self.comps.defs.iter().position(|d| d.path == path) else {
            return;
        };
        let page_sheets = self.cascade.sheets().to_vec();
        let def = &mut self.comps.defs[index];
        if let (Some(iso), false) = (&info.style_isolation, def.json_isolation) {
            let shared = matches!(iso.as_str(), "apply-shared" | "shared");
            let mut sheets: Vec<_> = page_sheets.iter().take(1).cloned().collect();
            if shared {
                sheets.extend(page_sheets.iter().skip(1).cloned());
            }
            sheets.extend(def.own_sheets.iter().cloned());
            def.cascade = Cascade::new(sheets);
        }
        let rebuild = def.external != info.external_classes && !info.external_classes.is_empty();
        def.external = info.external_classes.clone();
        let root_file = def.root_file;
        if rebuild && self.instantiated {
            let hosts: Vec<_> = self
                .comps
                .hosts
                .iter()
                .filter(|h| h.def == index)
                .map(|h| (h.node, h.frame.clone()))
                .collect();
            let mut warnings = Vec::new();
            self.binding_reads.new_batch();
            for (host, frame) in hosts {
                self.tree.clear_children(host);
                let mut b = Builder {
                    tree: &mut self.tree,
                    data: &self.data,
                    index: &mut self.dep_index,
                    program: &self.program,
                    wxs: self.wxs.as_deref(),
                    warnings: &mut warnings,
                    comps: &mut self.comps,
                    page: self.id,
                    reads: &mut self.binding_reads,
                    settle: &mut self.settle,
                };
                b.fill_component(host, root_file, frame);
            }
            self.collect_runtime_diagnostics(warnings);
        }
        self.restyle_all();
    }

    /// The host node of a live component instance.
    pub fn component_host(&self, instance: fc_protocol::InstanceId) -> Option<NodeId> {
        crate::component::host_node(&self.comps, instance)
    }

    /// The sheets that style node `id`: a host is styled by its user's sheets with the
    /// component's own (`:host`) below them; a node of a component's template by the
    /// component's; anything else by the page's.
    fn cascade_for(&self, id: NodeId) -> Option<Cascade> {
        let node = self.tree.get(id)?;
        let user = |scope: &crate::scope::ScopeChain| {
            let def = self.comps.host_of_instance(scope.instance()?.id)?;
            self.comps.defs.get(def).map(|d| d.cascade.clone())
        };
        if self.tree.element(id).is_some_and(|e| e.external_classes) {
            // Its own sheets, then the user's (which the passed classes are written for).
            let frame = node.scope.instance()?;
            let own = user(&node.scope)?;
            let users = user(&frame.user_scope).unwrap_or_else(|| self.cascade.clone());
            let mut sheets = own.sheets().to_vec();
            sheets.extend(users.sheets().iter().skip(1).cloned());
            let mut c = Cascade::new(sheets);
            c.set_prefers_dark(self.cascade.prefers_dark());
            return Some(c);
        }
        if let Some(instance) = self.tree.element(id).and_then(|e| e.component) {
            let def = self.comps.host_of_instance(instance)?;
            let own = &self.comps.defs.get(def)?.own_sheets;
            let user = user(&node.scope).unwrap_or_else(|| self.cascade.clone());
            let mut sheets: Vec<_> = user.sheets().to_vec();
            // After the UA sheet, below the user's own sheets.
            let at = sheets.len().min(1);
            sheets.splice(at..at, own.iter().cloned());
            let mut c = Cascade::new(sheets);
            c.set_prefers_dark(self.cascade.prefers_dark());
            return Some(c);
        }
        user(&node.scope)
    }

    /// Gives the page the runtime of its `<wxs>` modules (before `set_initial_data`).
    pub fn set_wxs(&mut self, wxs: Box<dyn WxsHost>) {
        self.wxs = Some(wxs);
    }

    /// Moves problems found while evaluating (wxs errors, an unknown dynamic template) into
    /// `diagnostics`, once each; returns the new ones so the caller can print them.
    fn collect_runtime_diagnostics(&mut self, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut all = found;
        if let Some(w) = &self.wxs {
            all.extend(w.take_diagnostics());
        }
        let mut new = Vec::new();
        for d in all {
            if !self.diagnostics.contains(&d) {
                self.diagnostics.push(d.clone());
                new.push(d);
            }
        }
        new
    }

    pub fn is_instantiated(&self) -> bool {
        self.instantiated
    }

    /// Sets the page's initial data (from `Page({data})`) and builds the tree from it.
    /// Returns the diagnostics that evaluation found (also added to `diagnostics`).
    pub fn set_initial_data(&mut self, data: Value) -> Vec<Diagnostic> {
        self.data = data;
        let root = self.tree.root();
        self.tree.clear_children(root);
        self.dep_index.clear();
        self.binding_reads.new_batch();
        let scope = Rc::new(ScopeChain::default());
        let program = self.program.clone();
        let mut warnings = Vec::new();
        let mut b = Builder {
            tree: &mut self.tree,
            data: &self.data,
            index: &mut self.dep_index,
            program: &program,
            wxs: self.wxs.as_deref(),
            warnings: &mut warnings,
            comps: &mut self.comps,
            page: self.id,
            reads: &mut self.binding_reads,
            settle: &mut self.settle,
        };
        if let Some(page) = program.files.first() {
            b.build_children(root, &page.roots, &scope);
        }
        self.tree.mark(root, damage::ALL);
        self.instantiated = true;
        self.collect_runtime_diagnostics(warnings)
    }

    /// Applies one batch of `setData` patches: writes them into the data mirror, then
    /// re-evaluates only the bindings whose paths meet a changed path. Returns the new
    /// diagnostics evaluation found (also added to `diagnostics`).
    pub fn apply_patches(&mut self, patches: &[DataPatch]) -> Vec<Diagnostic> {
        self.apply_patches_owned(patches.to_vec())
    }

    /// [`Page::apply_patches`] taking the batch by value: its values move into the data
    /// mirror instead of being copied (a 10,000-row list is not cloned).
    pub fn apply_patches_owned(&mut self, patches: Vec<DataPatch>) -> Vec<Diagnostic> {
        let (paths, values): (Vec<DataPath>, Vec<Value>) =
            patches.into_iter().map(|p| (p.path, p.value)).unzip();
        let changed = fc_protocol::ChangeSet::new(paths.iter());
        // The compared values before the batch, for the equality index.
        let eq_before = if self.instantiated {
            self.dep_index.eq.before(&changed, &self.data)
        } else {
            Vec::new()
        };
        self.binding_reads.new_batch();
        self.settle.batch += 1;
        self.settle.lists.clear();
        self.settle.old_lists.clear();
        for (k, (path, value)) in paths.iter().zip(values).enumerate() {
            // A list written whole keeps its old value for the batch: reconciliation
            // compares kept items with it. Only where no earlier patch of the batch wrote
            // there (the old value must be what the page shows), looked for among the
            // first few patches only.
            if self.instantiated
                && k < OLD_LIST_LOOKBACK
                && value.is_array()
                && !paths[..k].iter().any(|p| p.overlaps(path))
            {
                if let Some(old) = path.get_mut(&mut self.data).filter(|v| v.is_array()) {
                    let old = std::mem::replace(old, value);
                    self.settle.old_lists.push((path.clone(), old));
                    continue;
                }
            }
            path.set(&mut self.data, value);
        }
        if !self.instantiated {
            return Vec::new();
        }
        // Each root key once, and of a list only the items written: a batch of 1,000
        // `rows[i].label` paths visits those 1,000 rows' readers once each.
        let mut candidates: Vec<NodeId> = Vec::new();
        let mut whole = Vec::new();
        self.dep_index
            .readers(&self.tree, &paths, &mut candidates, &mut whole);
        for b in &eq_before {
            self.dep_index.eq.after(b, &self.data, &mut candidates);
        }
        let mut seen: HashSet<NodeId, rustc_hash::FxBuildHasher> =
            HashSet::with_capacity_and_hasher(candidates.len(), Default::default());
        let mut warnings = Vec::new();
        self.update_nodes(candidates, &mut seen, &changed, &mut warnings);
        // The readers of items of lists written whole come after the lists have been
        // reconciled: items freed meanwhile are skipped, and so are items the write left
        // as they were (`Settle`). Items built meanwhile were not readers yet.
        for (root, readers) in whole {
            let settled =
                self.settle.lists.iter().enumerate().find(
                    |(_, l)| matches!(l.path.0.as_slice(), [PathSeg::Key(k)] if &**k == root),
                );
            let batch = self.settle.batch;
            let tree = &self.tree;
            let items: Vec<NodeId> = readers
                .into_iter()
                .filter(|(i, id)| {
                    !settled.is_some_and(|(slot, l)| {
                        l.skip.get(*i).copied().unwrap_or(false)
                            && in_settled_item(tree, *id, batch, slot, *i)
                    })
                })
                .map(|(_, id)| id)
                .collect();
            self.update_nodes(items, &mut seen, &changed, &mut warnings);
        }
        self.dep_index.eq.sweep_if_due(&self.tree);
        // The old lists go now, not with the next batch.
        self.settle.old_lists.clear();
        self.collect_runtime_diagnostics(warnings)
    }

    /// Runs the bindings of `ids` that the batch touches (each node once over the batch,
    /// as `seen` records; parents first).
    fn update_nodes(
        &mut self,
        mut ids: Vec<NodeId>,
        seen: &mut HashSet<NodeId, rustc_hash::FxBuildHasher>,
        changed: &fc_protocol::ChangeSet<'_>,
        warnings: &mut Vec<Diagnostic>,
    ) {
        ids.retain(|id| self.tree.is_live(*id) && seen.insert(*id));
        // Parents first: a rebuilt list replaces its items, whose own updates then miss.
        ids.sort_by_cached_key(|id| self.tree.depth(*id));
        for id in ids {
            self.update_node(id, changed, warnings);
        }
    }

    fn update_node(
        &mut self,
        id: NodeId,
        changed: &fc_protocol::ChangeSet<'_>,
        warnings: &mut Vec<Diagnostic>,
    ) {
        let Some(node) = self.tree.get_mut(id) else {
            return;
        };
        // Take the bindings out while they run (running them needs the tree mutably).
        let mut bindings = std::mem::take(&mut node.bindings);
        let scope = node.scope.clone();
        let mut reordered = false;
        for binding in &mut bindings {
            // What a list item the batch left as it was shows is up to date already.
            let hit = match &binding.what {
                BindingKind::For {
                    list_path: Some(lp),
                    ..
                } => changed.touches_list(lp) && !self.settle.covers(&scope, lp),
                _ => binding
                    .deps
                    .iter()
                    .any(|d| changed.overlaps(d) && !self.settle.covers(&scope, d)),
            };
            if !hit {
                continue;
            }
            self.bindings_run += 1;
            let mut b = Builder {
                tree: &mut self.tree,
                data: &self.data,
                index: &mut self.dep_index,
                program: &self.program,
                wxs: self.wxs.as_deref(),
                warnings,
                comps: &mut self.comps,
                page: self.id,
                reads: &mut self.binding_reads,
                settle: &mut self.settle,
            };
            match &mut binding.what {
                BindingKind::Text(t) => b.update_text(id, t),
                BindingKind::Attrs(e) => {
                    b.update_attrs(id, e);
                    b.comps.host_updated(b.page, b.tree, id);
                }
                BindingKind::IfChain { branches, chosen } => {
                    *chosen = b.update_if_chain(id, branches, *chosen);
                }
                BindingKind::For { element, items, .. } => {
                    reordered |= b.reconcile_for(id, element, items, Some(changed));
                }
                BindingKind::Template(element) => {
                    let scope = match b.tree.get(id) {
                        Some(n) => n.scope.clone(),
                        None => continue,
                    };
                    b.tree.clear_children(id);
                    b.fill_template(id, element, &scope);
                    b.tree.mark(id, damage::ALL);
                }
            }
            b.refile_eq(id, binding);
        }
        if let Some(node) = self.tree.get_mut(id) {
            node.bindings = bindings;
        }
        if reordered && self.has_structural_rules() {
            // Items came, went or moved: `:nth-child` and its kin may now pick others.
            if let Some(parent) = self.tree.box_parent(id) {
                for c in self.tree.flat_children(parent) {
                    self.tree.mark(c, damage::RESTYLE);
                }
            }
        }
    }

    /// Whether any sheet that styles this page (its own, its components') has a selector
    /// that depends on an element's position among its siblings.
    fn has_structural_rules(&self) -> bool {
        let structural = |c: &Cascade| c.sheets().iter().any(|s| s.has_structural_selectors());
        structural(&self.cascade)
            || self.comps.defs.iter().any(|d| {
                structural(&d.cascade) || d.own_sheets.iter().any(|s| s.has_structural_selectors())
            })
    }

    /// Computes styles for damaged nodes (and the subtrees whose inherited values changed).
    /// Returns whether anything had `RESTYLE` damage.
    ///
    /// Starts from the tree's restyle queue (`Tree::restyle_queue`), shallowest first so a
    /// node's parent has its new style before the node inherits from it: a frame costs what
    /// changed, not the page's size.
    pub fn restyle(&mut self, ctx: &ResolveContext) -> bool {
        let queue = std::mem::take(&mut self.tree.restyle_queue);
        let mut starts: Vec<(usize, NodeId)> = queue
            .into_iter()
            .filter(|id| {
                self.tree
                    .get(*id)
                    .is_some_and(|n| n.damage & damage::RESTYLE != 0)
            })
            .map(|id| (self.tree.depth(id), id))
            .collect();
        if starts.is_empty() {
            return false;
        }
        starts.sort_by_key(|(depth, _)| *depth);
        // Siblings share their parent's style: cloned once per run of them.
        let mut inherited: Option<(NodeId, Rc<ComputedStyle>)> = None;
        for (_, id) in starts {
            // Restyled already, from a queued ancestor.
            if self
                .tree
                .get(id)
                .is_none_or(|n| n.damage & damage::RESTYLE == 0)
            {
                continue;
            }
            if self.tree.is_generated(id) {
                // Styled by its owner (`sync_generated`).
                if let Some(owner) = self.tree.get(id).and_then(|n| n.parent) {
                    self.tree.mark(owner, damage::RESTYLE);
                    self.restyle_from(owner, ctx, &mut inherited);
                    // The owner may be the parent whose style is held.
                    inherited = None;
                }
                continue;
            }
            self.restyle_from(id, ctx, &mut inherited);
        }
        true
    }

    /// Restyles `id`'s subtree where it needs it, inheriting from its box parent's style.
    fn restyle_from(
        &mut self,
        id: NodeId,
        ctx: &ResolveContext,
        inherited: &mut Option<(NodeId, Rc<ComputedStyle>)>,
    ) {
        let parent = self.tree.box_parent(id);
        match parent {
            None => self.restyle_node(id, None, false, false, ctx),
            Some(p) => {
                if inherited.as_ref().is_none_or(|(q, _)| *q != p) {
                    let Some(style) = self.tree.get(p).map(|n| n.style.clone()) else {
                        return;
                    };
                    *inherited = Some((p, style));
                }
                self.restyle_node(id, inherited.as_ref().map(|(_, s)| s), false, false, ctx);
            }
        }
    }

    /// Restyles `id` when it has `RESTYLE` damage or `force`, then its children that need
    /// it: all of them when its style changed (inherited values) or its attributes did
    /// (`RESTYLE_TREE`: descendant selectors), else those with damage of their own.
    /// `in_new`: its parent was new (restyled for the first time in this pass).
    fn restyle_node(
        &mut self,
        id: NodeId,
        parent_style: Option<&Rc<ComputedStyle>>,
        force: bool,
        in_new: bool,
        ctx: &ResolveContext,
    ) {
        let Some(node) = self.tree.get(id) else {
            return;
        };
        let force_below = force || node.damage & damage::RESTYLE_TREE != 0;
        let needs = force || node.damage & damage::RESTYLE != 0;
        let mut changed = false;
        let mut fresh = false;
        if needs {
            let style = match &node.kind {
                NodeKind::Text(_) | NodeKind::Fragment => self.styles.text_style(parent_style),
                NodeKind::Root | NodeKind::Element(_) => {
                    let inline = self.tree.element(id).and_then(|e| e.attr_str("style"));
                    let hidden = self.tree.element(id).is_some_and(|e| e.hidden);
                    let scoped = self.cascade_for(id);
                    let cascade = scoped.as_ref().unwrap_or(&self.cascade);
                    let r = StyleRef {
                        tree: &self.tree,
                        id,
                    };
                    let rules = cascade.matched_rules(r, ctx);
                    // A component's scoped cascade is made for the call: no sharing by rules.
                    let shareable =
                        scoped.is_none() && inline.is_none() && !hidden && rules.shareable();
                    let known = if shareable {
                        self.styles
                            .by_rules(&self.cascade, ctx, parent_style, &rules)
                    } else {
                        None
                    };
                    match known {
                        Some(s) => s,
                        None => {
                            let parent = parent_style.map(|p| &**p);
                            let mut s =
                                cascade.compute_matched(r, &rules, parent, inline.as_deref(), ctx);
                            if hidden {
                                s.display = fc_style::Display::None;
                            }
                            let s = if *node.style == s {
                                node.style.clone()
                            } else {
                                self.styles.share(s)
                            };
                            if shareable {
                                self.styles.remember_rules(parent_style, rules, s.clone());
                            }
                            s
                        }
                    }
                }
            };
            // A new node: its placeholder style is not compared, and where it paints was
            // queued when it was made.
            fresh = self.tree.get(id).is_some_and(|n| self.tree.is_unstyled(n));
            if let Some(node) = self.tree.get_mut(id) {
                changed = !Rc::ptr_eq(&node.style, &style) && (fresh || node.style != style);
                // A paint-only change (a colour, a background) leaves layout alone; any other
                // relays the node out, and its ancestors (whose boxes may follow its size).
                // (A node awaiting relayout already, a new one say, need not be compared.)
                let bits = if !changed {
                    0
                } else if fresh || node.damage & damage::RELAYOUT != 0 {
                    damage::RELAYOUT | damage::REPAINT
                } else if node.style.same_layout(&style) {
                    damage::REPAINT
                } else {
                    damage::RELAYOUT | damage::REPAINT
                };
                let ink_moved = changed && !fresh && !node.style.same_extent(&style);
                let backgrounds = changed && node.style.background_image != style.background_image;
                if changed {
                    node.style = style;
                }
                node.damage &= !(damage::RESTYLE | damage::RESTYLE_TREE);
                // A new node under a new parent has these bits since it was made, and the
                // first new node above it marked the way up to the root.
                if bits != 0 && !(fresh && in_new) {
                    self.tree.mark(id, bits);
                }
                if ink_moved {
                    self.tree.paint_changed(id);
                }
                if backgrounds {
                    self.tree.content_changed();
                }
            }
            if matches!(
                self.tree.get(id).map(|n| &n.kind),
                Some(NodeKind::Element(_))
            ) {
                self.sync_generated(id, ctx);
            }
        }
        let Some(node) = self.tree.get(id) else {
            return;
        };
        let tree = &self.tree;
        let visit = |c: &NodeId| {
            force_below
                || changed
                || tree
                    .get(*c)
                    .is_some_and(|n| n.damage & damage::RESTYLE != 0)
        };
        if !node.children.iter().any(visit) {
            return;
        }
        let style = node.style.clone();
        // Inline for a row's few children: restyling 10,000 new rows allocated a list each.
        let children: smallvec::SmallVec<[NodeId; 8]> =
            node.children.iter().copied().filter(visit).collect();
        // Fragments are transparent: their children inherit from the box parent.
        let inherit_from = if matches!(node.kind, NodeKind::Fragment) {
            parent_style.cloned()
        } else {
            Some(style)
        };
        for c in children {
            // Generated boxes are styled by their owner (`sync_generated`).
            if !self.tree.is_generated(c) {
                self.restyle_node(c, inherit_from.as_ref(), force_below || changed, fresh, ctx);
            }
        }
    }

    /// Makes, updates or removes the `::before`/`::after` boxes of element `id` from its
    /// pseudo-element rules (a rule with `content` makes a box; CSS makes none otherwise).
    fn sync_generated(&mut self, id: NodeId, ctx: &ResolveContext) {
        let Some(node) = self.tree.get(id) else {
            return;
        };
        if node.style.display == fc_style::Display::None {
            for which in [fc_style::Pseudo::Before, fc_style::Pseudo::After] {
                self.set_generated(id, which, None);
            }
            return;
        }
        let scoped = self.cascade_for(id);
        let cascade = scoped.as_ref().unwrap_or(&self.cascade);
        let r = StyleRef {
            tree: &self.tree,
            id,
        };
        // Boxed: most elements have neither, and moving an empty `Option<ComputedStyle>`
        // copies all of its room.
        let before = cascade
            .compute_pseudo(r, fc_style::Pseudo::Before, &node.style, ctx)
            .map(Box::new);
        let after = cascade
            .compute_pseudo(r, fc_style::Pseudo::After, &node.style, ctx)
            .map(Box::new);
        self.set_generated(id, fc_style::Pseudo::Before, before);
        self.set_generated(id, fc_style::Pseudo::After, after);
    }

    fn set_generated(
        &mut self,
        owner: NodeId,
        which: fc_style::Pseudo,
        style: Option<Box<ComputedStyle>>,
    ) {
        let before = matches!(which, fc_style::Pseudo::Before);
        let tag = if before { "::before" } else { "::after" };
        let Some(node) = self.tree.get(owner) else {
            return;
        };
        if style.is_none() && !node.had_generated {
            return;
        }
        let end = if before {
            node.children.first()
        } else {
            node.children.last()
        };
        let existing = end.copied().filter(|c| {
            self.tree
                .element(*c)
                .is_some_and(|e| e.generated && &*e.tag == tag)
        });
        let scope = node.scope.clone();
        let Some(style) = style else {
            if let Some(c) = existing {
                self.tree.remove_child(owner, c);
                self.tree.mark(owner, damage::RELAYOUT | damage::REPAINT);
            }
            return;
        };
        let content = style.content.clone().unwrap_or_default();
        let style = match existing.and_then(|c| self.tree.get(c)) {
            Some(g) if *g.style == *style => g.style.clone(),
            _ => self.styles.share(*style),
        };
        let text_style = self.styles.text_style(Some(&style));
        let gen = match existing {
            Some(c) => c,
            None => {
                let el = crate::tree::Element {
                    tag: tag.into(),
                    generated: true,
                    ..Default::default()
                };
                let c = self
                    .tree
                    .alloc(NodeKind::Element(el), Some(owner), scope.clone());
                if let Some(o) = self.tree.get_mut(owner) {
                    o.had_generated = true;
                    if before {
                        o.children.insert(0, c);
                    } else {
                        o.children.push(c);
                    }
                }
                c
            }
        };
        let mut dirty = existing.is_none();
        if let Some(g) = self.tree.get_mut(gen) {
            if !Rc::ptr_eq(&g.style, &style) {
                dirty |= g.style != style;
                g.style = style;
            }
            g.damage &= !damage::RESTYLE;
        }
        // Its one text child holds the content (none for `content: ""`).
        let text = self.tree.get(gen).and_then(|g| g.children.first().copied());
        let same_text = match text {
            None => content.is_empty(),
            Some(t) => {
                matches!(&self.tree.get(t).map(|n| &n.kind), Some(NodeKind::Text(old)) if *old == content)
            }
        };
        if !same_text {
            self.tree.clear_children(gen);
            if !content.is_empty() {
                let t = self.tree.alloc(NodeKind::Text(content), Some(gen), scope);
                if let Some(g) = self.tree.get_mut(gen) {
                    g.children.push(t);
                }
            }
            dirty = true;
        }
        if let Some(t) = self.tree.get(gen).and_then(|g| g.children.first().copied()) {
            if let Some(tn) = self.tree.get_mut(t) {
                if !Rc::ptr_eq(&tn.style, &text_style) {
                    dirty |= tn.style != text_style;
                    tn.style = text_style;
                }
                tn.damage &= !damage::RESTYLE;
            }
        }
        if dirty {
            self.tree.mark(gen, damage::RELAYOUT | damage::REPAINT);
            // Its shadow or transform may have changed with its box staying put.
            self.tree.paint_changed(gen);
        }
    }

    /// Marks every node for restyle (the viewport changed: rpx and vw values move).
    pub fn restyle_all(&mut self) {
        let root = self.tree.root();
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            if let Some(n) = self.tree.get_mut(id) {
                n.damage |= damage::ALL;
                stack.extend(n.children.iter().copied());
            }
        }
        self.tree.restyle_queue.push(root);
    }
}
