//! Scrolling on the render thread: the page (the tree's root) and `scroll-view`s keep their
//! offsets in `Node::scroll` (fc-view `scroll.rs`: layout stays in content coordinates,
//! painting, hit testing and dumps apply the offsets). This module moves those offsets —
//! scenario `scroll` steps, the mouse wheel, drags, `scroll-top`/`scroll-left`/
//! `scroll-into-view` attributes, `wx.pageScrollTo` — clamps them to the content, and
//! sends what follows: `onPageScroll`, `onReachBottom`, `onPullDownRefresh` for the page,
//! `scroll`/`scrolltoupper`/`scrolltolower` events for a scroll-view (never page events).

use super::Player;
use crate::select::Selector;
use fc_paint::PaintCache;
use fc_protocol::{CallbackId, ToLogic};
use fc_view::scroll as sv;
use fc_view::{NodeId, Tree};
use serde_json::{json, Value};
use std::collections::HashMap;

/// The page's scroll config and the state of its scroll zones.
#[derive(Debug, Default)]
pub(super) struct PageScroll {
    /// `onReachBottomDistance` (px, default 50).
    reach_bottom_distance: f32,
    /// `enablePullDownRefresh`.
    pull_down: bool,
    /// `disableScroll` (page JSON only): the page does not scroll.
    disabled: bool,
    /// Inside the `onReachBottom` zone (fires on entering it only).
    in_bottom_zone: bool,
    /// A pull-down refresh is running (until `wx.stopPullDownRefresh`).
    refreshing: bool,
    /// Each scroll-view's last applied attributes and zones.
    views: HashMap<NodeId, ViewState>,
}

/// A container: its tree's `uid` and its node.
type ContentKey = (u64, NodeId);
/// The client area it was measured with, and its content size.
type ContentSize = ([f32; 4], [f32; 2]);

/// What scrolling reads from the laid-out tree, remembered until the next layout that
/// moves a box (`Player::layout_current` clears it). Keyed by the tree's `uid`, so another
/// page's tree never reads it.
#[derive(Default)]
pub(crate) struct ScrollCache {
    content: std::cell::RefCell<HashMap<ContentKey, ContentSize>>,
    views: std::cell::RefCell<Option<(u64, Vec<NodeId>)>>,
}

impl ScrollCache {
    pub(crate) fn clear(&self) {
        self.content.borrow_mut().clear();
        *self.views.borrow_mut() = None;
    }

    /// `sv::content_size`, remembered per container and client area; from the paint
    /// extents' reach when they are synced with `tree` (no walk over the content).
    fn content_size(
        &self,
        tree: &Tree,
        id: NodeId,
        client: [f32; 4],
        paint: &PaintCache,
    ) -> [f32; 2] {
        let key = (tree.uid(), id);
        if let Some((c, size)) = self.content.borrow().get(&key) {
            if *c == client {
                return *size;
            }
        }
        let size = match paint.content_reach(tree, id) {
            Some(reach) => sv::content_size_from(tree, id, client, reach),
            None => sv::content_size(tree, id, client),
        };
        self.content.borrow_mut().insert(key, (client, size));
        size
    }

    /// `sv::max_scroll` over the remembered content size.
    fn max_scroll(
        &self,
        tree: &Tree,
        id: NodeId,
        client: [f32; 4],
        paint: &PaintCache,
    ) -> [f32; 2] {
        let axes = sv::scroll_axes(tree, id).unwrap_or([false, false]);
        let size = self.content_size(tree, id, client, paint);
        let along = |on: bool, content: f32, room: f32| {
            if on {
                (content - room).max(0.0)
            } else {
                0.0
            }
        };
        [
            along(axes[0], size[0], client[2]),
            along(axes[1], size[1], client[3]),
        ]
    }

    /// `sv::scroll_views`, remembered; from the paint extents when they are synced with
    /// `tree` (only subtrees holding one are visited).
    fn scroll_views(&self, tree: &Tree, paint: &PaintCache) -> Vec<NodeId> {
        if let Some((uid, views)) = &*self.views.borrow() {
            if *uid == tree.uid() {
                return views.clone();
            }
        }
        let views = paint
            .scroll_views(tree)
            .unwrap_or_else(|| sv::scroll_views(tree));
        *self.views.borrow_mut() = Some((tree.uid(), views.clone()));
        views
    }
}

#[derive(Debug, Default)]
struct ViewState {
    top: Option<String>,
    left: Option<String>,
    into_view: Option<String>,
    /// Inside the upper / lower threshold zone.
    upper: bool,
    lower: bool,
}

impl PageScroll {
    /// From app.json's `window` and the page JSON (whose top level overrides it).
    pub(super) fn from_config(app_window: &Value, page: &Value) -> PageScroll {
        let pick = |k: &str| page.get(k).or_else(|| app_window.get(k));
        PageScroll {
            reach_bottom_distance: pick("onReachBottomDistance")
                .and_then(Value::as_f64)
                .map(|d| d.max(0.0) as f32)
                .unwrap_or(50.0),
            pull_down: pick("enablePullDownRefresh")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            disabled: page
                .get("disableScroll")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            ..PageScroll::default()
        }
    }
}

/// A number attribute in px (`"120"`, `120`, `"120px"`, `"240rpx"` on a 750 rpx wide
/// window); `None` when absent or not a number.
fn px_attr(tree: &Tree, id: NodeId, name: &str, width: f32) -> Option<f32> {
    let text = tree.element(id)?.attr_str(name)?;
    let t = text.trim();
    let (num, unit_scale) = if let Some(n) = t.strip_suffix("rpx") {
        (n, width / 750.0)
    } else {
        (t.strip_suffix("px").unwrap_or(t), 1.0)
    };
    num.trim()
        .parse::<f32>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| v * unit_scale)
}

/// A scroll-view's `upper-threshold`/`lower-threshold` (default 50).
fn threshold(tree: &Tree, id: NodeId, name: &str, width: f32) -> f32 {
    px_attr(tree, id, name, width).unwrap_or(50.0)
}

impl Player {
    /// The page's client area (between the navigation bar and the tab bar), window px.
    fn page_client(&self) -> [f32; 4] {
        let f = self.frame();
        let top = f.page_top();
        [0.0, top, f.width, f.page_bottom() - top]
    }

    /// A container's client area, content coordinates.
    fn client_of(&self, tree: &Tree, id: NodeId) -> [f32; 4] {
        if id == tree.root() {
            self.page_client()
        } else {
            sv::client_rect(tree, id).unwrap_or_default()
        }
    }

    /// The current page's scroll offset (0 when there is no page).
    pub fn page_scroll_top(&self) -> f32 {
        self.current()
            .and_then(|p| p.tree.get(p.tree.root()))
            .map_or(0.0, |n| n.scroll[1])
    }

    /// Sets container `id`'s offset on the current page (clamped) and sends what follows
    /// when it moved. Returns whether it moved.
    fn set_offset(&mut self, id: NodeId, want: [f32; 2]) -> bool {
        let width = self.opts.width;
        let Some(entry) = self.stack.last() else {
            return false;
        };
        let tree = &entry.page.tree;
        let client = self.client_of(tree, id);
        let max = self
            .scroll_cache
            .max_scroll(tree, id, client, &self.paint_cache);
        let Some(node) = tree.get(id) else {
            return false;
        };
        let old = node.scroll;
        let new = [want[0].clamp(0.0, max[0]), want[1].clamp(0.0, max[1])];
        if new == old {
            return false;
        }
        let page = entry.page.id;
        let is_root = id == tree.root();
        let content = self
            .scroll_cache
            .content_size(tree, id, client, &self.paint_cache);
        let thresholds = (
            threshold(tree, id, "upper-threshold", width),
            threshold(tree, id, "lower-threshold", width),
        );
        let Some(entry) = self.stack.last_mut() else {
            return false;
        };
        entry.page.tree.set_scroll(id, new);
        self.needs_frame = true;
        if is_root {
            self.send(ToLogic::PageScroll {
                page,
                scroll_top: new[1] as f64,
            });
            let Some(entry) = self.stack.last_mut() else {
                return true;
            };
            let s = &mut entry.scroll;
            let in_zone = new[1] + client[3] >= content[1] - s.reach_bottom_distance;
            let entered = in_zone && !s.in_bottom_zone;
            s.in_bottom_zone = in_zone;
            if entered {
                self.send(ToLogic::ReachBottom { page });
            }
        } else {
            let detail = json!({
                "scrollLeft": new[0],
                "scrollTop": new[1],
                "scrollHeight": content[1],
                "scrollWidth": content[0],
                "deltaX": new[0] - old[0],
                "deltaY": new[1] - old[1],
            });
            self.fire(id, "scroll", detail);
            let (upper, lower) = zones(new, max, thresholds.0, thresholds.1);
            let Some(entry) = self.stack.last_mut() else {
                return true;
            };
            let state = entry.scroll.views.entry(id).or_default();
            let (was_upper, was_lower) = (state.upper, state.lower);
            (state.upper, state.lower) = (upper.is_some(), lower.is_some());
            if let (Some(dir), false) = (upper, was_upper) {
                self.fire(id, "scrolltoupper", json!({ "direction": dir }));
            }
            if let (Some(dir), false) = (lower, was_lower) {
                self.fire(id, "scrolltolower", json!({ "direction": dir }));
            }
        }
        true
    }

    /// Sends a scroll-view's own event (`scroll`, `scrolltoupper`, ...): it does not bubble.
    fn fire(&mut self, id: NodeId, ty: &str, detail: Value) {
        let Some(entry) = self.stack.last() else {
            return;
        };
        let top = self.frame().page_top();
        let init = fc_view::EventInit {
            ty,
            detail,
            touches: json!([]),
            changed_touches: json!([]),
            time_stamp: (entry.opened.elapsed().as_secs_f64() * 1000.0).round(),
        };
        let page = entry.page.id;
        let fired = fc_view::dispatch(&entry.page.tree, id, &init, top);
        for f in fired {
            // Through `send_fired`: a handler inside a component goes to its methods.
            self.send_fired(page, f);
        }
    }

    /// Scrolls the page by `dy`. At the top, a pull down (`dy < 0`) starts the pull-down
    /// refresh when the page enables it.
    pub fn scroll_page(&mut self, dy: f32) {
        let Some(entry) = self.stack.last() else {
            return;
        };
        let (root, s) = (entry.page.tree.root(), &entry.scroll);
        let top = self.page_scroll_top();
        if dy < 0.0 && top <= 0.0 && s.pull_down && !s.refreshing {
            self.start_refresh();
            return;
        }
        if s.disabled {
            return;
        }
        self.set_offset(root, [0.0, top + dy]);
    }

    fn start_refresh(&mut self) {
        let Some(entry) = self.stack.last_mut() else {
            return;
        };
        entry.scroll.refreshing = true;
        let page = entry.page.id;
        self.send(ToLogic::PullDownRefresh { page });
    }

    /// Scrolls scroll-view `id` by `d` (x, y); returns whether it moved.
    pub fn scroll_view_by(&mut self, id: NodeId, d: [f32; 2]) -> bool {
        let Some(node) = self.current().and_then(|p| p.tree.get(id)) else {
            return false;
        };
        let cur = node.scroll;
        self.set_offset(id, [cur[0] + d[0], cur[1] + d[1]])
    }

    /// The scenario's `scroll SEL DY`: SEL `page`, a scroll-view, or an element inside one
    /// (its nearest scroll-view scrolls). A scroll-view that only scrolls sideways takes
    /// DY as its horizontal distance.
    pub fn scroll_step(&mut self, sel: &str, dy: f32) -> anyhow::Result<()> {
        use anyhow::Context;
        if sel == "page" {
            self.scroll_page(dy);
            return Ok(());
        }
        let selector = Selector::parse(sel).with_context(|| format!("bad selector `{sel}`"))?;
        let tree = &self.current().context("no page is open")?.tree;
        let node = selector
            .first(tree)
            .with_context(|| format!("no element matches `{sel}`"))?;
        let view = sv::nearest_scroll_view(tree, node)
            .with_context(|| format!("`{sel}` is not in a scroll-view"))?;
        let axes = sv::scroll_axes(tree, view).unwrap_or_default();
        let d = if !axes[1] && axes[0] {
            [dy, 0.0]
        } else {
            [0.0, dy]
        };
        self.scroll_view_by(view, d);
        Ok(())
    }

    /// A mouse wheel turn at window point (x, y), `d` in logical px (positive: towards the
    /// end): the innermost scroll-view under the pointer that can move that way, else the
    /// page.
    pub fn wheel(&mut self, x: f32, y: f32, d: [f32; 2]) {
        if self.gesture.is_some() {
            return;
        }
        let frame = self.frame();
        if y < frame.page_top() || y >= frame.page_bottom() {
            return;
        }
        self.scroll_at((x, y), d);
    }

    /// A drag of the gesture by `d` (finger movement, logical px): scrolls the innermost
    /// scroll-view under its start that can move, else the page (the content follows the
    /// finger, so the offset moves the other way).
    pub(super) fn drag_scroll(&mut self, start: (f32, f32), d: [f32; 2]) {
        self.scroll_at(start, [-d[0], -d[1]]);
    }

    /// Scrolls by `d` the innermost scroll-view under window point `at` that can move, else
    /// the page (vertically).
    fn scroll_at(&mut self, at: (f32, f32), d: [f32; 2]) {
        let target = self.hit_test(at.0, at.1);
        let Some(tree) = self.current().map(|p| &p.tree) else {
            return;
        };
        let chain = target
            .map(|t| sv::scroll_view_chain(tree, t))
            .unwrap_or_default();
        for view in chain {
            if self.scroll_view_by(view, d) {
                return;
            }
        }
        if d[1] != 0.0 {
            self.scroll_page(d[1]);
        }
    }

    /// After layout, before painting: clamps offsets to the new content, applies changed
    /// `scroll-top`/`scroll-left`/`scroll-into-view` attributes, and re-reads the zones
    /// (a list that grew moves the bottom away: the next approach fires again).
    pub(super) fn sync_scroll(&mut self) {
        let width = self.opts.width;
        let Some(entry) = self.stack.last() else {
            return;
        };
        let tree = &entry.page.tree;
        let root = tree.root();
        let views = self.scroll_cache.scroll_views(tree, &self.paint_cache);
        let live: std::collections::HashSet<NodeId> = views.iter().copied().collect();
        // Clamp the page.
        let top = self.page_scroll_top();
        self.set_offset(root, [0.0, top]);
        let Some(entry) = self.stack.last() else {
            return;
        };
        let tree = &entry.page.tree;
        let client = self.page_client();
        let content = self
            .scroll_cache
            .content_size(tree, root, client, &self.paint_cache);
        let top = self.page_scroll_top();
        let in_zone = top + client[3] >= content[1] - entry.scroll.reach_bottom_distance;
        if let Some(e) = self.stack.last_mut() {
            e.scroll.in_bottom_zone = in_zone;
            e.scroll.views.retain(|id, _| live.contains(id));
        }
        for id in views {
            self.sync_view(id, width);
        }
    }

    fn sync_view(&mut self, id: NodeId, width: f32) {
        let Some(entry) = self.stack.last() else {
            return;
        };
        let tree = &entry.page.tree;
        let el = tree.element(id);
        let attr = |n: &str| el.and_then(|e| e.attr_str(n)).filter(|s| !s.is_empty());
        let (top, left, into) = (
            attr("scroll-top"),
            attr("scroll-left"),
            attr("scroll-into-view"),
        );
        let known = entry.scroll.views.contains_key(&id);
        let state = entry.scroll.views.get(&id);
        let changed =
            |now: &Option<String>, was: Option<&Option<String>>| now.is_some() && was != Some(now);
        let top_changed = changed(&top, state.map(|s| &s.top));
        let left_changed = changed(&left, state.map(|s| &s.left));
        let into_changed = changed(&into, state.map(|s| &s.into_view));
        // `scroll-into-view` wins over `scroll-top` (components.md).
        let target = into
            .as_deref()
            .filter(|_| into_changed)
            .and_then(|want| sv::find_by_id(tree, id, want));
        let cur = tree.get(id).map(|n| n.scroll).unwrap_or_default();
        let mut want = cur;
        if let Some(t) = target {
            let (Some(c), Some(v)) = (tree.get(t), sv::client_rect(tree, id)) else {
                return;
            };
            let axes = sv::scroll_axes(tree, id).unwrap_or_default();
            if axes[1] {
                want[1] = c.rect[1] - v[1];
            }
            if axes[0] {
                want[0] = c.rect[0] - v[0];
            }
        } else {
            if top_changed {
                want[1] = px_attr(tree, id, "scroll-top", width).unwrap_or(cur[1]);
            }
            if left_changed {
                want[0] = px_attr(tree, id, "scroll-left", width).unwrap_or(cur[0]);
            }
        }
        if !known {
            // A new scroll-view starts at its top-left, in its upper zone: no event for that.
            let client = sv::client_rect(tree, id).unwrap_or_default();
            let max = self
                .scroll_cache
                .max_scroll(tree, id, client, &self.paint_cache);
            let (u, l) = zones(
                cur,
                max,
                threshold(tree, id, "upper-threshold", width),
                threshold(tree, id, "lower-threshold", width),
            );
            if let Some(e) = self.stack.last_mut() {
                e.scroll.views.insert(
                    id,
                    ViewState {
                        upper: u.is_some(),
                        lower: l.is_some(),
                        ..ViewState::default()
                    },
                );
            }
        }
        if let Some(s) = self
            .stack
            .last_mut()
            .and_then(|e| e.scroll.views.get_mut(&id))
        {
            (s.top, s.left, s.into_view) = (top, left, into);
        }
        // Moving also clamps an offset the content no longer allows.
        self.set_offset(id, want);
    }

    /// `wx.pageScrollTo`: jumps (a `duration` is not animated) and answers.
    pub(super) fn page_scroll_to(
        &mut self,
        scroll_top: Option<f64>,
        selector: Option<String>,
        offset_top: f64,
        callback: CallbackId,
    ) {
        let result = self.page_scroll_target(scroll_top, selector.as_deref(), offset_top);
        let result = result.map(|top| {
            if let Some(root) = self.current().map(|p| p.tree.root()) {
                if !self.stack.last().is_some_and(|e| e.scroll.disabled) {
                    self.set_offset(root, [0.0, top]);
                }
            }
        });
        self.send(ToLogic::NavigateDone {
            callback,
            result: result.map_err(|r| format!("pageScrollTo:fail {r}")),
        });
    }

    fn page_scroll_target(
        &self,
        scroll_top: Option<f64>,
        selector: Option<&str>,
        offset_top: f64,
    ) -> Result<f32, String> {
        let page = self.current().ok_or("no page is open")?;
        let Some(sel) = selector else {
            return Ok(scroll_top.unwrap_or(0.0) as f32);
        };
        let parsed = Selector::parse(sel).ok_or_else(|| format!("invalid selector `{sel}`"))?;
        let node = parsed
            .first(&page.tree)
            .ok_or_else(|| format!("selector `{sel}` matches no node"))?;
        // The element's top in page coordinates: its content y below the page's top.
        let y = page.tree.get(node).map_or(0.0, |n| n.rect[1]);
        Ok(y - self.page_client()[1] + offset_top as f32)
    }

    /// `wx.startPullDownRefresh` / `wx.stopPullDownRefresh`.
    pub(super) fn pull_down_request(&mut self, start: bool) {
        if start {
            if !self.stack.last().is_some_and(|e| e.scroll.refreshing) {
                self.start_refresh();
            }
        } else if let Some(e) = self.stack.last_mut() {
            e.scroll.refreshing = false;
        }
    }
}

impl Player {
    /// While a pull-down refresh runs: a strip of the window's background colour at the top
    /// of the page with three dots (`backgroundTextStyle` is not read: the dots are grey).
    /// The page itself does not move down, as it does on a phone.
    pub(super) fn paint_refresh(&self, frame: &fc_paint::Frame, scene: &mut fc_paint::Scene) {
        if !self.stack.last().is_some_and(|e| e.scroll.refreshing) {
            return;
        }
        let (s, top) = (frame.scale, frame.page_top());
        scene
            .items
            .push(fc_paint::Item::Quad(fc_paint::Quad::filled(
                [0.0, top * s, frame.width * s, REFRESH_STRIP * s],
                frame.background,
            )));
        let (cx, cy, r) = (frame.width / 2.0, top + REFRESH_STRIP / 2.0, 3.5);
        for dx in [-16.0, 0.0, 16.0] {
            let mut dot = fc_paint::Quad::filled(
                [(cx + dx - r) * s, (cy - r) * s, 2.0 * r * s, 2.0 * r * s],
                [0.6, 0.6, 0.6, 1.0],
            );
            dot.corner_radii = [r * s; 4];
            scene.items.push(fc_paint::Item::Quad(dot));
        }
    }
}

/// Height of the pull-down refresh strip, logical px.
const REFRESH_STRIP: f32 = 32.0;

/// Which threshold zones an offset is in: the upper (`top`/`left`) and lower
/// (`bottom`/`right`) direction names, vertical first.
fn zones(
    at: [f32; 2],
    max: [f32; 2],
    upper: f32,
    lower: f32,
) -> (Option<&'static str>, Option<&'static str>) {
    // Only axes that can scroll have zones worth reporting.
    let up = if max[1] > 0.0 && at[1] <= upper {
        Some("top")
    } else if max[0] > 0.0 && at[0] <= upper {
        Some("left")
    } else {
        None
    };
    let down = if max[1] > 0.0 && at[1] >= max[1] - lower {
        Some("bottom")
    } else if max[0] > 0.0 && at[0] >= max[0] - lower {
        Some("right")
    } else {
        None
    };
    (up, down)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_by_axis() {
        assert_eq!(
            zones([0.0, 0.0], [0.0, 500.0], 50.0, 50.0),
            (Some("top"), None)
        );
        assert_eq!(
            zones([0.0, 460.0], [0.0, 500.0], 50.0, 50.0),
            (None, Some("bottom"))
        );
        assert_eq!(
            zones([300.0, 0.0], [300.0, 0.0], 50.0, 50.0),
            (None, Some("right"))
        );
        // Nothing to scroll: no zone.
        assert_eq!(zones([0.0, 0.0], [0.0, 0.0], 50.0, 50.0), (None, None));
    }

    #[test]
    fn config_defaults_and_page_override() {
        let s = PageScroll::from_config(&json!({}), &json!({}));
        assert_eq!(s.reach_bottom_distance, 50.0);
        assert!(!s.pull_down && !s.disabled);
        let s = PageScroll::from_config(
            &json!({"onReachBottomDistance": 10, "enablePullDownRefresh": true}),
            &json!({"onReachBottomDistance": 80, "disableScroll": true}),
        );
        assert_eq!(s.reach_bottom_distance, 80.0);
        assert!(s.pull_down && s.disabled);
        // disableScroll is a page key only.
        let s = PageScroll::from_config(&json!({"disableScroll": true}), &json!({}));
        assert!(!s.disabled);
    }
}
