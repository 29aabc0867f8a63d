//! The page stack's routes (logic.md §5): `navigateTo`, `redirectTo`, `navigateBack`,
//! `switchTab`, `reLaunch`, asked for by `wx.*` calls (`ToRender::Navigate`), `<navigator>`
//! taps, the navigation bar's back arrow and the scenario's `back` step. The render thread
//! owns the stack: it checks the route, changes the stack, and tells the logic thread which
//! hooks to run, in the platform's order (old page's `onHide`/`onUnload` first, then the new
//! page's `onLoad`, `onShow`).

use super::{Player, StackEntry};
use fc_protocol::{NavOp, ToLogic};
use serde_json::{Map, Value};

/// The platform's page limit for the stack (`navigateTo` fails beyond it).
pub const MAX_PAGES: usize = 10;

/// Splits `url` into its route (resolved against `current`, the current page's route) and
/// its query. `?a` without `=` gives `"undefined"` (logic.md §4: the routing APIs' quirk).
pub fn parse_url(url: &str, current: &str) -> (String, Map<String, Value>) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let route = if let Some(abs) = path.strip_prefix('/') {
        abs.to_string()
    } else {
        // Relative to the current page's folder.
        let mut parts: Vec<&str> = current.split('/').collect();
        parts.pop();
        for seg in path.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        parts.join("/")
    };
    let mut map = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = match pair.split_once('=') {
            Some((k, v)) => (k, v.to_string()),
            None => (pair, "undefined".to_string()),
        };
        map.insert(k.to_string(), Value::String(v));
    }
    (route, map)
}

impl Player {
    /// The `pagePath`s of `app.json`'s `tabBar.list`, in order.
    pub fn tab_routes(&self) -> Vec<String> {
        self.bundle.config().raw["tabBar"]["list"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|item| item["pagePath"].as_str())
                    .map(|p| p.trim_start_matches('/').to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn is_tab(&self, route: &str) -> bool {
        self.tab_routes().iter().any(|t| t == route)
    }

    fn is_page(&self, route: &str) -> bool {
        self.bundle.config().pages.iter().any(|p| p == route)
    }

    /// Tells the logic thread the stack, for `getCurrentPages()`.
    pub(super) fn send_stack(&mut self) {
        let pages = self.stack.iter().map(|e| e.page.id).collect();
        self.send(ToLogic::Stack { pages });
    }

    /// Pops the top entry and unloads it (a kept tab page is hidden and kept instead when
    /// `keep_tabs`).
    fn pop_top(&mut self, keep_tabs: bool, top: bool) {
        let Some(entry) = self.stack.pop() else {
            return;
        };
        let id = entry.page.id;
        if keep_tabs && self.is_tab(&entry.page.route) {
            if top {
                self.send(ToLogic::PageHide { page: id });
            }
            self.kept_tabs.push(entry);
        } else {
            self.send(ToLogic::PageUnload { page: id });
        }
    }

    /// Performs a route. `Err` is the platform's whole `errMsg`.
    pub fn navigate(&mut self, op: NavOp, url: &str, delta: u32) -> Result<(), String> {
        let api = op.api_name();
        let current = self
            .stack
            .last()
            .map(|e| e.page.route.clone())
            .unwrap_or_default();
        let (route, query) = parse_url(url, &current);
        if op != NavOp::NavigateBack && !self.is_page(&route) {
            return Err(format!("{api}:fail page \"{route}\" is not found"));
        }
        self.gesture = None;
        self.needs_frame = true;
        match op {
            NavOp::NavigateTo => {
                if self.is_tab(&route) {
                    return Err(format!("{api}:fail can not navigateTo a tabbar page"));
                }
                if self.stack.len() >= MAX_PAGES {
                    return Err(format!("{api}:fail webview count limit exceed"));
                }
                if let Some(top) = self.stack.last() {
                    let page = top.page.id;
                    self.send(ToLogic::PageHide { page });
                }
                self.open_page(&route, query);
            }
            NavOp::RedirectTo => {
                if self.is_tab(&route) {
                    return Err(format!("{api}:fail can not redirectTo a tabbar page"));
                }
                self.pop_top(false, true);
                self.open_page(&route, query);
            }
            NavOp::NavigateBack => {
                if self.stack.len() <= 1 {
                    return Err(format!("{api}:fail cannot navigate back at first page."));
                }
                let n = (delta.max(1) as usize).min(self.stack.len() - 1);
                for _ in 0..n {
                    self.pop_top(false, true);
                }
                self.send_stack();
                if let Some(top) = self.stack.last() {
                    let page = top.page.id;
                    self.send(ToLogic::PageShow { page });
                }
            }
            NavOp::SwitchTab => {
                if !self.is_tab(&route) {
                    return Err(format!("{api}:fail can not switch to no-tabBar page"));
                }
                if self.stack.len() == 1 && current == route {
                    return Ok(()); // the current tab: nothing happens
                }
                let mut top = true;
                while !self.stack.is_empty() {
                    self.pop_top(true, top);
                    top = false;
                }
                self.show_tab(&route);
            }
            NavOp::ReLaunch => {
                let mut top = true;
                while !self.stack.is_empty() {
                    self.pop_top(false, top);
                    top = false;
                }
                for entry in std::mem::take(&mut self.kept_tabs) {
                    self.send(ToLogic::PageUnload {
                        page: entry.page.id,
                    });
                }
                // A tab page takes no query.
                let query = if self.is_tab(&route) {
                    Map::new()
                } else {
                    query
                };
                self.open_page(&route, query);
            }
        }
        Ok(())
    }

    /// Shows a tab page: the kept instance (`onShow`), or a new one the first time.
    fn show_tab(&mut self, route: &str) {
        match self.kept_tabs.iter().position(|e| e.page.route == route) {
            Some(i) => {
                let entry: StackEntry = self.kept_tabs.remove(i);
                let page = entry.page.id;
                self.stack.push(entry);
                self.send_stack();
                self.send(ToLogic::PageShow { page });
            }
            None => self.open_page(route, Map::new()),
        }
    }

    /// app.json's `tabBar`, with the platform's default colours for missing fields.
    pub(super) fn tab_bar_config(&self) -> Option<fc_paint::TabBar> {
        let raw = &self.bundle.config().raw["tabBar"];
        let list = raw["list"].as_array()?;
        let color = |key: &str, default: &str| {
            raw[key]
                .as_str()
                .and_then(fc_paint::hex_color)
                .or_else(|| fc_paint::hex_color(default))
                .unwrap_or([0.0, 0.0, 0.0, 1.0])
        };
        Some(fc_paint::TabBar {
            items: list
                .iter()
                .map(|item| fc_paint::TabItem {
                    text: item["text"].as_str().unwrap_or_default().to_string(),
                    badge: None,
                    red_dot: false,
                    icon: None,
                    selected_icon: None,
                })
                .collect(),
            selected: None,
            color: color("color", "#7A7E83"),
            selected_color: color("selectedColor", "#3cc51f"),
            background: color("backgroundColor", "#ffffff"),
            black_border: raw["borderStyle"].as_str() != Some("white"),
        })
    }

    /// The tab bar as drawn now: only while the current page is a tab page.
    pub(super) fn current_tab_bar(&self) -> Option<fc_paint::TabBar> {
        let route = &self.stack.last()?.page.route;
        let index = self.tab_routes().iter().position(|t| t == route)?;
        let mut bar = self.tab_bar.clone()?;
        bar.selected = Some(index);
        Some(bar)
    }

    /// A tap on tab item `i`: `switchTab` to its page.
    pub fn tab_tap(&mut self, i: usize) {
        if let Some(route) = self.tab_routes().get(i).cloned() {
            if let Err(message) = self.navigate(NavOp::SwitchTab, &format!("/{route}"), 0) {
                eprintln!("tabBar: {message}");
            }
        }
    }

    /// `ToRender::TabBarItem`: a badge or red dot on tab `index` changes.
    pub(super) fn set_tab_item(&mut self, index: usize, badge: Option<String>, red_dot: bool) {
        if let Some(item) = self.tab_bar.as_mut().and_then(|b| b.items.get_mut(index)) {
            item.badge = badge;
            item.red_dot = red_dot;
            self.needs_frame = true;
        }
    }

    /// Where a scenario's `tap` on the native frame lands: `#fc-nav-back` (the back arrow,
    /// only while shown) and `#fc-tabbar-N` (tab item N, from 0, while the tab bar shows).
    pub fn frame_point(&self, sel: &str) -> Option<(f32, f32)> {
        let frame = self.frame();
        if sel == "#fc-nav-back" {
            let shown = frame.nav_bar.is_some() && frame.back_arrow;
            return shown.then(|| {
                let h = fc_paint::NAV_BAR_HEIGHT;
                (fc_paint::BACK_ARROW_WIDTH / 2.0, h / 2.0)
            });
        }
        let i = sel.strip_prefix("#fc-tabbar-")?.parse().ok()?;
        frame.tab_center(i)
    }

    /// The hardware/system back (the scenario's `back` step, the nav bar's arrow):
    /// `navigateBack(1)`, or nothing on the first page.
    pub fn back(&mut self) {
        let _ = self.navigate(NavOp::NavigateBack, "", 1);
    }

    /// A `<navigator>` at or above `target` in the current page, tapped: performs its
    /// `open-type` route. Returns whether one was found.
    pub fn navigator_tap(&mut self, target: fc_view::NodeId) -> bool {
        let Some(entry) = self.stack.last() else {
            return false;
        };
        let tree = &entry.page.tree;
        let mut at = Some(target);
        let mut found = None;
        while let Some(id) = at {
            if let Some(el) = tree.element(id).filter(|el| &*el.tag == "navigator") {
                found = Some((
                    el.attr_str("url").unwrap_or_default(),
                    el.attr_str("open-type").unwrap_or_default(),
                    el.attr_str("delta"),
                ));
                break;
            }
            at = tree.get(id).and_then(|n| n.parent);
        }
        let Some((url, open_type, delta)) = found else {
            return false;
        };
        let op = match open_type.as_str() {
            "redirect" => NavOp::RedirectTo,
            "switchTab" => NavOp::SwitchTab,
            "reLaunch" => NavOp::ReLaunch,
            "navigateBack" => NavOp::NavigateBack,
            // `exit` acts only in a plugin/another mini-program: treat as navigate.
            _ => NavOp::NavigateTo,
        };
        let delta = delta.and_then(|d| d.trim().parse().ok()).unwrap_or(1);
        if let Err(message) = self.navigate(op, &url, delta) {
            eprintln!("navigator: {message}");
        }
        true
    }

    /// `ToRender::NavigationBar`: the current page's bar changes.
    pub(super) fn set_nav_bar(
        &mut self,
        title: Option<String>,
        front: Option<String>,
        background: Option<String>,
    ) {
        let Some(nav) = self.stack.last_mut().and_then(|e| e.nav.as_mut()) else {
            return;
        };
        if let Some(title) = title {
            nav.title = title;
        }
        if let Some(front) = front {
            nav.white_text = front == "#ffffff";
        }
        if let Some(bg) = background.and_then(|b| fc_paint::hex_color(&b)) {
            nav.background = bg;
        }
        self.needs_frame = true;
    }
}

#[cfg(test)]
mod tests {
    use super::parse_url;
    use serde_json::json;

    #[test]
    fn urls_resolve_and_queries_parse() {
        let (route, query) = parse_url("/pages/b/b?x=1&flag", "pages/a/a");
        assert_eq!(route, "pages/b/b");
        assert_eq!(json!(query), json!({"x": "1", "flag": "undefined"}));
        let (route, query) = parse_url("../c/c?", "pages/a/a");
        assert_eq!(route, "pages/c/c");
        assert!(query.is_empty());
        assert_eq!(parse_url("d", "pages/a/a").0, "pages/a/d");
    }
}
