//! `<image>` elements of the shown page: their `src` resolved against the page and handed to
//! the decode pool (`fc-image`), loaded pixels given to the layouter (which sizes and, via
//! fc-paint, draws them), and `load` / `error` events sent once per element and source.

use super::Player;
use fc_image::{resolve, Loader, ReadFile, Status};
use fc_paint::ImagePixels;
use fc_view::{NodeId, NodeKind, Tree};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

/// The player's image state.
pub(super) struct Images {
    loader: Loader,
    /// Decoded images as the painter takes them, by source key.
    pixels: HashMap<String, Arc<ImagePixels>>,
    /// (page, element) -> the source key whose outcome was reported to it.
    reported: HashMap<(fc_protocol::PageId, NodeId), String>,
    /// Background URLs whose failure was logged already.
    failed_backgrounds: std::collections::HashSet<String>,
    next_id: u64,
    /// Tab bar icons whose failure was reported.
    tab_icon_errors: std::collections::HashSet<String>,
}

impl Images {
    pub fn new(bundle: Arc<fc_bundle::Bundle>, wake: Arc<dyn Fn() + Send + Sync>) -> Images {
        let read: ReadFile = Arc::new(move |p: &str| bundle.read(p).map_err(|e| e.to_string()));
        Images {
            loader: Loader::with_wake(read, wake),
            pixels: HashMap::new(),
            reported: HashMap::new(),
            failed_backgrounds: Default::default(),
            next_id: 1,
            tab_icon_errors: Default::default(),
        }
    }

    /// Takes finished decodes; true when any finished (a frame is owed).
    pub fn poll(&mut self) -> bool {
        !self.loader.poll().is_empty()
    }

    /// Bundle or data: loads still decoding (`wait idle` waits for them; remote ones not).
    pub fn pending_local(&self) -> usize {
        self.loader.pending_local()
    }

    fn pixels_of(&mut self, key: &str) -> Option<Arc<ImagePixels>> {
        if let Some(p) = self.pixels.get(key) {
            return Some(p.clone());
        }
        let d = self.loader.get(key)?;
        let px = Arc::new(ImagePixels {
            id: self.next_id,
            width: d.width,
            height: d.height,
            rgba: d.rgba.clone(),
        });
        self.next_id += 1;
        self.pixels.insert(key.to_string(), px.clone());
        Some(px)
    }
}

/// One outcome to report: (element, event type, detail).
type Outcome = (NodeId, &'static str, serde_json::Value);

impl Player {
    /// Before layout: requests the current page's images, gives the loaded ones to the
    /// layouter and sends `load`/`error` for newly finished ones.
    pub(super) fn sync_images(&mut self) {
        let Some(entry) = self.stack.last() else {
            return;
        };
        let page = entry.page.id;
        let route = entry.page.route.clone();
        let found = self.collected.images.clone();
        let backgrounds = self.collected.backgrounds.clone();
        self.layouter.images.clear();
        self.sync_backgrounds(&route, backgrounds);
        let mut outcomes: Vec<Outcome> = Vec::new();
        for (id, src) in found {
            let src = src.unwrap_or_default();
            let Some(source) = resolve(&route, &src) else {
                if !src.trim().is_empty() {
                    self.report(
                        page,
                        id,
                        &src,
                        &mut outcomes,
                        Err("invalid image path".into()),
                    );
                }
                continue;
            };
            let key = source.key().to_string();
            match self.images.loader.request(&source) {
                Status::Pending => {}
                Status::Ready(_) => {
                    if let Some(px) = self.images.pixels_of(&key) {
                        let size = (px.width, px.height);
                        self.layouter.images.insert(id, px);
                        self.report(page, id, &key, &mut outcomes, Ok(size));
                    }
                }
                Status::Failed(msg) => self.report(page, id, &key, &mut outcomes, Err(msg)),
            }
        }
        if outcomes.is_empty() {
            return;
        }
        let Some(entry) = self.stack.last() else {
            return;
        };
        let top = self.frame().page_top();
        let mut events = Vec::new();
        for (id, ty, detail) in outcomes {
            let init = fc_view::EventInit {
                ty,
                detail,
                touches: json!([]),
                changed_touches: json!([]),
                time_stamp: (entry.opened.elapsed().as_secs_f64() * 1000.0).round(),
            };
            events.extend(fc_view::dispatch(&entry.page.tree, id, &init, top));
        }
        for f in events {
            self.send_fired(page, f);
        }
    }

    /// `background-image: url()`. WeChat takes only network and `data:` URLs here; fcplayer
    /// also takes bundle paths, a relative one resolved against the page (computed styles no
    /// longer know their style file). Failures are traced: there is no event for them.
    fn sync_backgrounds(&mut self, route: &str, mut urls: Vec<String>) {
        urls.sort();
        urls.dedup();
        self.layouter.background_images.clear();
        for url in urls {
            let Some(source) = resolve(route, &url) else {
                continue;
            };
            match self.images.loader.request(&source) {
                Status::Ready(_) => {
                    if let Some(px) = self.images.pixels_of(source.key()) {
                        self.layouter.background_images.insert(url, px);
                    }
                }
                Status::Failed(msg) => {
                    if self.images.failed_backgrounds.insert(url.clone()) {
                        tracing::warn!("background-image {url}: {msg}");
                    }
                }
                Status::Pending => {}
            }
        }
    }

    fn report(
        &mut self,
        page: fc_protocol::PageId,
        id: NodeId,
        key: &str,
        out: &mut Vec<Outcome>,
        result: Result<(u32, u32), String>,
    ) {
        if self.images.reported.get(&(page, id)).map(String::as_str) == Some(key) {
            return;
        }
        self.images.reported.insert((page, id), key.to_string());
        match result {
            Ok((w, h)) => out.push((id, "load", json!({"width": w, "height": h}))),
            Err(msg) => {
                tracing::debug!("image {key}: {msg}");
                out.push((
                    id,
                    "error",
                    json!({"errMsg": format!("GET {key} failed: {msg}")}),
                ));
            }
        }
    }
}

/// The page's `image` elements (with their `src`), the `background-image: url()` values of
/// its elements, and its fields (`input`, `textarea`; none inside another), in tree order:
/// one walk, made again whenever nodes come or go.
pub(super) fn collect_media(tree: &Tree) -> super::Collected {
    let mut c = super::Collected {
        uid: Some(tree.uid()),
        version: tree.content_version(),
        ..Default::default()
    };
    walk(tree, tree.root(), false, &mut c);
    c
}

fn walk(tree: &Tree, id: NodeId, in_field: bool, out: &mut super::Collected) {
    // Visited without collecting each node's children.
    tree.for_each_flat_child(id, &mut |c| {
        let Some(n) = tree.get(c) else { return };
        let NodeKind::Element(e) = &n.kind else {
            return;
        };
        if &*e.tag == "image" {
            out.images.push((c, e.attr_str("src")));
        }
        for layer in &n.style.background_image {
            if let fc_style::BackgroundImage::Url(u) = layer {
                out.backgrounds.push(u.clone());
            }
        }
        let field = super::input::is_field(tree, c);
        if field && !in_field {
            out.fields.push(c);
        }
        walk(tree, c, in_field || field, out);
    });
}

impl Player {
    /// Before a frame: requests the tab bar's `iconPath`/`selectedIconPath` images (bundle
    /// paths from the app's root) and gives the loaded ones to the tab bar; a failed icon is
    /// reported once and its tab keeps only its text.
    pub(super) fn sync_tab_icons(&mut self) {
        let Some(list) = self.bundle.config().raw["tabBar"]["list"].as_array() else {
            return;
        };
        let paths: Vec<[Option<String>; 2]> = list
            .iter()
            .map(|item| {
                ["iconPath", "selectedIconPath"].map(|k| item[k].as_str().map(str::to_string))
            })
            .collect();
        for (i, pair) in paths.into_iter().enumerate() {
            for (slot, path) in pair.into_iter().enumerate() {
                let Some(path) = path.filter(|p| !p.trim().is_empty()) else {
                    continue;
                };
                let pixels = match resolve("app.json", &path) {
                    Some(source @ fc_image::Source::Bundle(_)) => {
                        match self.images.loader.request(&source) {
                            Status::Pending => None,
                            Status::Ready(_) => self.images.pixels_of(source.key()),
                            Status::Failed(msg) => {
                                self.tab_icon_error(&path, &msg);
                                None
                            }
                        }
                    }
                    _ => {
                        self.tab_icon_error(&path, "not a path inside the bundle");
                        None
                    }
                };
                if let Some(tab) = self.tab_bar.as_mut().and_then(|t| t.items.get_mut(i)) {
                    if slot == 0 {
                        tab.icon = pixels;
                    } else {
                        tab.selected_icon = pixels;
                    }
                }
            }
        }
    }

    fn tab_icon_error(&mut self, path: &str, msg: &str) {
        if self.images.tab_icon_errors.insert(path.to_string()) {
            eprintln!("app.json: warning: tabBar icon `{path}`: {msg}");
        }
    }
}
