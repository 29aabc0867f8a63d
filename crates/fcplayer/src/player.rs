//! The render thread's state: the page stack with each page's tree and data, the logic
//! thread's channel, and the passes run before each frame. Both front ends (the window and
//! the headless `shot` runner) drive the same `Player`.

use crate::compile::{compile_page, CompiledPage};
use fc_bundle::{Bundle, PageFile};
use fc_layout::{Layouter, Viewport};
use fc_logic::LogicThread;
use fc_paint::{Frame, NavBar, Scene};
use fc_protocol::{CallbackId, Diagnostic, PageId, ToLogic, ToRender, Turn};
use fc_style::ResolveContext;
use fc_view::{NodeId, Page};
use serde_json::{json, Value};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod components;
mod dialogs;
mod edit;
mod fonts;
mod images;
mod input;
mod navigate;
mod query;
mod scroll;
mod watchdog;

pub use input::{keys_of, Key};

/// Options shared by `run`, `shot` and `bench`.
#[derive(Debug, Clone)]
pub struct PlayerOptions {
    pub width: f32,
    pub height: f32,
    pub scale: f32,
    /// Load the system's fonts as fallback (off in tests: output depends on the repo only).
    pub system_fonts: bool,
    /// `--data-dir`: where each app's storage lives; `None`: the user's data directory.
    pub data_dir: Option<std::path::PathBuf>,
    /// Print the app's console on stderr (`bench --json` keeps stdout for its report).
    pub console_to_stderr: bool,
}

/// One page in the stack, with its window config.
struct StackEntry {
    page: Page,
    nav: Option<NavBar>,
    background: [f32; 4],
    /// `onReady` sent after its first drawn frame.
    ready_sent: bool,
    /// When the page was opened: event `timeStamp`s count from here.
    opened: Instant,
    /// Scroll config and zones (`player/scroll.rs`; the offsets live in the tree).
    scroll: scroll::PageScroll,
}

/// A press held longer than this (ms) is a long press (template.md §10).
pub const LONGPRESS_MS: u64 = 350;

/// A finger that moves further than this (logical px) makes a drag, not a tap.
pub const TAP_SLOP: f32 = 10.0;

/// One touch gesture in progress: every event of it goes to the element it started on.
#[derive(Debug, Clone)]
struct Gesture {
    page: PageId,
    target: NodeId,
    start: (f32, f32),
    /// Where the last `touchmove` was: a drag scrolls by the distance since.
    last: (f32, f32),
    moved: bool,
}

/// The player: one per process, owned by the render (main) thread.
pub struct Player {
    bundle: Arc<Bundle>,
    logic: LogicThread,
    rx: Receiver<ToRender>,
    stack: Vec<StackEntry>,
    pub layouter: Layouter,
    /// The current page's paint extents, kept between frames (`fc_paint::PaintCache`).
    paint_cache: fc_paint::PaintCache,
    /// Content sizes of scroll containers and the list of scroll-views, as of the last
    /// layout that moved anything (`player/scroll.rs`): a scroll frame on a 10,000-row
    /// page would otherwise walk every node several times.
    scroll_cache: scroll::ScrollCache,
    /// The current tree's images, background pictures and fields, collected when it changed.
    collected: Collected,
    pub opts: PlayerOptions,
    /// Errors not tied to a page (app.js, app.json), shown on every page's overlay.
    app_errors: Vec<Diagnostic>,
    /// What component scripts declared (`ComponentInfo`), by path, for pages opened later.
    component_infos: std::collections::HashMap<String, fc_view::ComponentInfo>,
    last_sent: Turn,
    last_done: Turn,
    /// setData callbacks to run once the frame showing their patches is drawn.
    callbacks_after_frame: Vec<CallbackId>,
    needs_frame: bool,
    next_page_id: PageId,
    gesture: Option<Gesture>,
    /// When the logic thread's earliest timer is due, as its last turn end said.
    next_timer: Option<Instant>,
    /// The window size the logic thread reports to `wx.getSystemInfoSync` (shared).
    window_info: fc_logic::SharedWindow,
    /// Tab pages switched away from: alive (hidden), not in the stack (logic.md §5).
    kept_tabs: Vec<StackEntry>,
    /// app.json's `tabBar` with its badges (`None`: the app has none).
    tab_bar: Option<fc_paint::TabBar>,
    /// Toast, loading box, modal, action sheet (`player/dialogs.rs`).
    ui: dialogs::UiState,
    /// `<image>` loading (see `player/images.rs`).
    images: images::Images,
    /// `@font-face` fonts loaded so far (see `player/fonts.rs`).
    web_fonts: fonts::WebFonts,
    /// The endless-loop watchdog and reload (`player/watchdog.rs`).
    watchdog: watchdog::Watchdog,
    /// `<input>`/`<textarea>` state and focus (see `player/input.rs`).
    fields: input::Fields,
}

impl Player {
    /// Opens the bundle's entry page. The logic thread starts at once (turn 0: app.js).
    pub fn start(
        bundle: Arc<Bundle>,
        opts: PlayerOptions,
        wake: Arc<dyn Fn() + Send + Sync>,
    ) -> anyhow::Result<Player> {
        let (bundle_for_images, wake_for_images) = (bundle.clone(), wake.clone());
        let window_info = Arc::new(std::sync::Mutex::new(window_info_of(&opts)));
        let watchdog::Spawned {
            logic,
            rx,
            watchdog,
        } = watchdog::spawn_logic(
            &bundle,
            opts.data_dir.clone(),
            wake,
            window_info.clone(),
            opts.console_to_stderr,
        )?;
        let layouter = Layouter::new(fc_layout::new_font_system(opts.system_fonts));
        let mut player = Player {
            bundle,
            logic,
            rx,
            stack: Vec::new(),
            layouter,
            paint_cache: fc_paint::PaintCache::default(),
            scroll_cache: Default::default(),
            collected: Collected::default(),
            opts,
            app_errors: Vec::new(),
            component_infos: Default::default(),
            last_sent: 0,
            last_done: u64::MAX,
            callbacks_after_frame: Vec::new(),
            needs_frame: true,
            next_page_id: 1,
            gesture: None,
            next_timer: None,
            window_info,
            kept_tabs: Vec::new(),
            tab_bar: None,
            ui: Default::default(),
            images: images::Images::new(bundle_for_images, wake_for_images),
            web_fonts: Default::default(),
            watchdog,
            fields: Default::default(),
        };
        player.tab_bar = player.tab_bar_config();
        let entry = player.bundle.config().entry_page.clone();
        player.open_page(&entry, serde_json::Map::new());
        Ok(player)
    }

    fn send(&mut self, msg: ToLogic) {
        self.last_sent = self.logic.send(msg);
    }

    /// Compiles a page, pushes it, and asks the logic thread to create its instance.
    pub fn open_page(&mut self, route: &str, query: serde_json::Map<String, Value>) {
        let id = self.next_page_id;
        self.next_page_id += 1;
        let CompiledPage {
            program,
            cascade,
            config,
            mut diagnostics,
            components,
        } = compile_page(&self.bundle, route);
        let mut page = Page::with_components(id, route, &program, cascade, components);
        for (path, info) in &self.component_infos {
            page.set_component_info(path, info);
        }
        let bundle = self.bundle.clone();
        let loader: fc_wxs::Loader =
            Box::new(move |p: &str| bundle.read_text(p).map_err(|e| e.to_string()));
        match fc_wxs::WxsRuntime::for_program(&program, loader) {
            Ok(Some(wxs)) => page.set_wxs(Box::new(wxs)),
            Ok(None) => {}
            Err(e) => diagnostics.push(Diagnostic::error(
                program.page().path.clone(),
                0,
                0,
                e.to_string(),
            )),
        }
        diagnostics.extend(self.web_fonts.load(
            &self.bundle,
            page.cascade.sheets(),
            &mut self.layouter,
        ));
        for d in &diagnostics {
            eprintln!("{d}");
        }
        page.diagnostics = diagnostics;
        let window = self.bundle.config().window.overlaid(&config);
        let nav = (window.navigation_style != "custom").then(|| NavBar {
            title: window.navigation_bar_title_text.clone(),
            background: fc_paint::hex_color(&window.navigation_bar_background_color)
                .unwrap_or([0.0, 0.0, 0.0, 1.0]),
            white_text: window.navigation_bar_text_style != "black",
        });
        let background = fc_paint::hex_color(&window.background_color).unwrap_or([1.0; 4]);
        if self
            .bundle
            .find_page_file(route, PageFile::Template)
            .is_none()
            && !self.bundle.config().pages.iter().any(|p| p == route)
        {
            page.diagnostics.push(Diagnostic::error(
                "app.json",
                1,
                1,
                format!("page `{route}` is not in app.json's pages"),
            ));
        }
        let scroll = scroll::PageScroll::from_config(&self.bundle.config().raw["window"], &config);
        self.stack.push(StackEntry {
            page,
            nav,
            background,
            ready_sent: false,
            opened: Instant::now(),
            scroll,
        });
        self.send_stack();
        self.remember_query(id, &query);
        self.send(ToLogic::LoadPage {
            page: id,
            route: route.to_string(),
            query,
        });
        self.needs_frame = true;
    }

    fn page_mut(&mut self, id: PageId) -> Option<&mut StackEntry> {
        self.stack.iter_mut().find(|e| e.page.id == id)
    }

    pub fn current(&self) -> Option<&Page> {
        self.stack.last().map(|e| &e.page)
    }

    /// Handles one message from the logic thread.
    fn handle(&mut self, msg: ToRender) {
        match msg {
            ToRender::PageCreated { page, data } => {
                if let Some(e) = self.page_mut(page) {
                    for d in e.page.set_initial_data(data) {
                        eprintln!("{d}");
                    }
                }
                self.sync_components(page);
                self.needs_frame = true;
            }
            ToRender::SetData {
                page,
                patches,
                callbacks,
            } => {
                if let Some(e) = self.page_mut(page) {
                    let _span = tracing::debug_span!("apply", patches = patches.len()).entered();
                    for d in e.page.apply_patches_owned(patches) {
                        eprintln!("{d}");
                    }
                }
                self.sync_components(page);
                self.callbacks_after_frame.extend(callbacks);
                self.needs_frame = true;
            }
            ToRender::ScriptError(d) => {
                eprintln!("{d}");
                // A page script's error belongs to that page; anything else to the app.
                let file = d.file.clone();
                match self
                    .stack
                    .iter_mut()
                    .rev()
                    .find(|e| file.starts_with(&format!("{}.", e.page.route)))
                {
                    Some(e) => e.page.diagnostics.push(d),
                    None => match self.stack.last_mut() {
                        Some(e) if !file.starts_with("app.") => e.page.diagnostics.push(d),
                        _ => self.app_errors.push(d),
                    },
                }
                self.needs_frame = true;
            }
            ToRender::Navigate {
                op,
                url,
                delta,
                callback,
            } => {
                let result = self.navigate(op, &url, delta);
                self.send(ToLogic::NavigateDone { callback, result });
            }
            ToRender::NavigationBar {
                title,
                front_color,
                background,
            } => self.set_nav_bar(title, front_color, background),
            ToRender::TabBarItem {
                index,
                badge,
                red_dot,
            } => self.set_tab_item(index, badge, red_dot),
            ToRender::TurnEnd { turn, next_timer } => {
                self.last_done = turn;
                self.next_timer = next_timer;
            }
            ToRender::TimerTurnEnd { next_timer } => self.next_timer = next_timer,
            ToRender::Ui { request, callback } => self.show_ui(request, callback),
            ToRender::PageScrollTo {
                scroll_top,
                selector,
                offset_top,
                callback,
            } => self.page_scroll_to(scroll_top, selector, offset_top, callback),
            ToRender::PullDownRefresh { start } => self.pull_down_request(start),
            ToRender::Query {
                page,
                query,
                requests,
            } => self.answer_query(page, query, requests),
            ToRender::ComponentInfo {
                path,
                external_classes,
                style_isolation,
            } => {
                let info = fc_view::ComponentInfo {
                    external_classes,
                    style_isolation,
                };
                self.component_info(path, info);
            }
            ToRender::TriggerEvent {
                page,
                instance,
                name,
                detail,
                bubbles,
                composed,
                capture,
            } => {
                let opts = fc_view::TriggerOptions {
                    bubbles,
                    composed,
                    capture,
                };
                self.trigger_event(page, instance, &name, &detail, opts);
            }
        }
    }

    /// Drops the nodes, boxes and shaped text that updates removed (`Tree::collect_garbage`,
    /// `Layouter::collect_garbage`): call when idle, once the frame that no longer shows
    /// them is drawn.
    pub fn collect_garbage(&mut self) {
        for e in &mut self.stack {
            e.page.tree.collect_garbage();
        }
        self.layouter.collect_garbage();
    }

    /// Drains every message waiting from the logic thread. Returns whether any came.
    pub fn pump(&mut self) -> bool {
        self.watchdog_check();
        let mut any = false;
        while let Ok(msg) = self.rx.try_recv() {
            self.handle(msg);
            any = true;
        }
        if self.images.poll() {
            self.needs_frame = true;
            any = true;
        }
        any
    }

    /// Waits up to `timeout` for one message, then drains the rest.
    pub fn pump_wait(&mut self, timeout: Duration) -> bool {
        match self.rx.recv_timeout(timeout) {
            Ok(msg) => {
                self.handle(msg);
                self.pump();
                true
            }
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => {
                // The logic thread is gone (it only stops on shutdown or a panic): treat the
                // app as idle so the render side keeps going.
                self.last_done = self.last_sent;
                self.next_timer = None;
                false
            }
        }
    }

    /// True when the logic thread has answered everything sent to it and nothing waits to
    /// be drawn or called back.
    pub fn logic_idle(&self) -> bool {
        // A timer due within this much keeps the app busy (player-cli.md `wait idle`). A
        // timer already due stays "due" here until the logic thread's `TimerTurnEnd` for it
        // arrives, after that turn's patches: no gap in which a running timer looks idle.
        const TIMER_SOON: Duration = Duration::from_millis(50);
        if self.not_responding() {
            return true; // stuck: nothing to wait for (player/watchdog.rs)
        }
        let timer_soon = self
            .next_timer
            .is_some_and(|due| due <= Instant::now() + TIMER_SOON);
        self.last_done == self.last_sent && !timer_soon && self.images.pending_local() == 0
    }

    pub fn needs_frame(&self) -> bool {
        self.needs_frame || !self.callbacks_after_frame.is_empty() || self.toast_expired()
    }

    pub fn frame(&self) -> Frame {
        let top = self.stack.last();
        Frame {
            width: self.opts.width,
            height: self.opts.height,
            scale: self.opts.scale,
            nav_bar: top.and_then(|e| e.nav.clone()),
            back_arrow: self.stack.len() > 1,
            tab_bar: self.current_tab_bar(),
            background: top.map(|e| e.background).unwrap_or([1.0; 4]),
        }
    }

    /// Restyles the current page, syncs its images and fields, lays it out and clamps its
    /// scroll offsets: what a frame, and a selector query, need first.
    pub(crate) fn layout_current(&mut self) {
        let frame = self.frame();
        let ctx = ResolveContext {
            viewport_width: self.opts.width,
            viewport_height: self.opts.height,
        };
        let viewport = Viewport {
            x: 0.0,
            y: frame.page_top(),
            width: self.opts.width,
            height: frame.page_bottom() - frame.page_top(),
        };
        let Some(entry) = self.stack.last_mut() else {
            return;
        };
        {
            let _span = tracing::debug_span!("restyle").entered();
            entry.page.restyle(&ctx);
        }
        // The images and fields are made again only when nodes came or went, or their
        // sources or background images changed (`Tree::content_version`).
        let tree = &entry.page.tree;
        if self.collected.uid != Some(tree.uid())
            || self.collected.version != tree.content_version()
        {
            self.collected = Collected::of(tree);
        }
        self.sync_images();
        self.sync_fields(&ctx);
        let Some(entry) = self.stack.last_mut() else {
            return;
        };
        self.layouter.layout(&mut entry.page.tree, viewport);
        let stats = self.layouter.stats();
        if stats.computed || stats.rebuilt > 0 {
            self.scroll_cache.clear();
        }
        // Extents first: scrolling reads how far the content reaches from them. Then again
        // for the offsets scrolling clamped (the root's extent only, as a rule).
        self.sync_extents();
        {
            let _span = tracing::debug_span!("scroll").entered();
            self.sync_scroll();
        }
        self.sync_extents();
    }

    /// The element of the current page under window point (`x`, `y`): `fc_view::hit_test`
    /// passing over what the painted extents show the point is not in.
    pub(crate) fn hit_test(&mut self, x: f32, y: f32) -> Option<NodeId> {
        self.sync_extents();
        let tree = &self.stack.last()?.page.tree;
        let cache = &self.paint_cache;
        fc_view::hit_test_within(tree, x, y, &|id, p| cache.may_hold(tree, id, p))
    }

    fn sync_extents(&mut self) {
        if let Some(entry) = self.stack.last_mut() {
            let _span = tracing::debug_span!("extents").entered();
            self.paint_cache.sync(&mut entry.page.tree);
        }
    }

    /// Restyle and relayout the current page, then build the scene to draw.
    pub fn build_scene(&mut self) -> Scene {
        self.sync_tab_icons();
        self.layout_current();
        let frame = self.frame();
        let mut overlay: Vec<String> = self.app_errors.iter().map(|d| d.to_string()).collect();
        let Some(entry) = self.stack.last() else {
            return fc_paint::build_scene(
                &fc_view::Tree::new(),
                &mut self.layouter,
                &frame,
                &overlay,
            );
        };
        overlay.extend(
            entry
                .page
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.to_string()),
        );
        let mut scene = fc_paint::build_scene_cached(
            &entry.page.tree,
            &mut self.layouter,
            &frame,
            &overlay,
            &self.paint_cache,
        );
        self.paint_refresh(&frame, &mut scene);
        self.paint_ui(&frame, &mut scene);
        self.paint_watchdog(&frame, &mut scene);
        self.field_lines_laid_out();
        scene
    }

    /// Call after the frame built by `build_scene` is drawn: runs setData callbacks and
    /// the page's `onReady`.
    pub fn frame_drawn(&mut self) {
        self.needs_frame = false;
        self.count_frame();
        for id in std::mem::take(&mut self.callbacks_after_frame) {
            self.send(ToLogic::Callback { id });
        }
        let ready = match self.stack.last_mut() {
            Some(e) if !e.ready_sent && e.page.is_instantiated() => {
                e.ready_sent = true;
                Some(e.page.id)
            }
            _ => None,
        };
        if let Some(page) = ready {
            self.send(ToLogic::PageReady { page });
        }
    }

    /// A tap at window coordinates (logical px): `touchstart`, `touchend`, then `tap`, each
    /// hit-tested once and routed separately (capture, bubble, catch).
    pub fn tap(&mut self, x: f32, y: f32) {
        self.touch_start(x, y);
        self.touch_end(x, y, false);
    }

    /// A finger (the mouse button) goes down at window coordinates: hit-test, remember the
    /// target for the whole gesture, send `touchstart`.
    pub fn touch_start(&mut self, x: f32, y: f32) {
        self.gesture = None;
        if self.watchdog_touch(x, y) || self.ui_touch(x, y) {
            return;
        }
        let top = self.frame().page_top();
        let Some(page) = self.stack.last().map(|e| e.page.id) else {
            return;
        };
        if let Some(i) = self.frame().tab_at(x, y) {
            self.tab_tap(i);
            return;
        }
        if y < top {
            // The navigation bar: its back arrow (shown when the stack is deeper than one).
            if x < fc_paint::BACK_ARROW_WIDTH && self.stack.len() > 1 {
                self.back();
            }
            return;
        }
        let Some(target) = self.hit_test(x, y) else {
            return;
        };
        self.gesture = Some(Gesture {
            page,
            target,
            start: (x, y),
            last: (x, y),
            moved: false,
        });
        self.route_touch("touchstart", x, y, true);
    }

    /// The finger moves: `touchmove` to the gesture's target; past [`TAP_SLOP`] no tap follows.
    pub fn touch_move(&mut self, x: f32, y: f32) {
        let Some(g) = self.gesture.as_mut() else {
            return;
        };
        if (x - g.start.0).hypot(y - g.start.1) > TAP_SLOP {
            g.moved = true;
        }
        let (moved, start, last) = (g.moved, g.start, g.last);
        if moved {
            g.last = (x, y);
        }
        self.route_touch("touchmove", x, y, true);
        if moved {
            self.drag_scroll(start, [x - last.0, y - last.1]);
        }
    }

    /// The finger lifts: `longpress` (when `long`), `touchend`, then `tap` unless the finger
    /// moved away or a `longpress` handler ran.
    pub fn touch_end(&mut self, x: f32, y: f32, long: bool) {
        let Some(g) = self.gesture.clone() else {
            return;
        };
        let long_handled = long && !g.moved && self.route_touch("longpress", x, y, true) > 0;
        self.route_touch("touchend", x, y, false);
        if !g.moved && !long_handled {
            // Focus moves before the tap's handlers run, as a browser focuses on press.
            self.field_tap(g.page, g.target, x, y);
            self.route_touch("tap", x, y, true);
            // A `<navigator>` routes natively after the page's own tap handlers.
            if self.stack.last().is_some_and(|e| e.page.id == g.page) {
                self.navigator_tap(g.target);
            }
        }
        self.gesture = None;
    }

    /// The gesture is interrupted (the window lost focus): `touchcancel`, no tap.
    pub fn touch_cancel(&mut self) {
        if let Some((x, y)) = self.gesture.as_ref().map(|g| g.start) {
            self.route_touch("touchcancel", x, y, false);
        }
        self.gesture = None;
    }

    /// Routes one event of the current gesture and sends each handler it reaches to the
    /// logic thread. `down` says whether the point is still in `touches`. Returns how many
    /// handlers fired.
    fn route_touch(&mut self, ty: &'static str, x: f32, y: f32, down: bool) -> usize {
        let top = self.frame().page_top();
        let Some(g) = self.gesture.clone() else {
            return 0;
        };
        let Some(entry) = self.stack.iter().find(|e| e.page.id == g.page) else {
            return 0;
        };
        // Client coordinates are below the navigation bar; page coordinates add the page's
        // scroll offset.
        let (cx, cy) = (x, y - top);
        let (px, py) = (
            cx,
            cy + entry
                .page
                .tree
                .get(entry.page.tree.root())
                .map_or(0.0, |n| n.scroll[1]),
        );
        let point =
            json!({"identifier": 0, "pageX": px, "pageY": py, "clientX": cx, "clientY": cy});
        let init = fc_view::EventInit {
            ty,
            detail: json!({"x": px, "y": py}),
            touches: if down {
                json!([point.clone()])
            } else {
                json!([])
            },
            changed_touches: json!([point]),
            time_stamp: (entry.opened.elapsed().as_secs_f64() * 1000.0).round(),
        };
        let fired = fc_view::dispatch(&entry.page.tree, g.target, &init, top);
        let count = fired.len();
        for f in fired {
            self.send_fired(g.page, f);
        }
        count
    }

    /// The centre of a node's box where it is drawn (scroll offsets applied), window
    /// coordinates.
    pub fn center_of(&self, id: NodeId) -> Option<(f32, f32)> {
        let [x, y, w, h] = fc_view::scroll::window_rect(&self.current()?.tree, id)?;
        Some((x + w / 2.0, y + h / 2.0))
    }

    pub fn dump(&self) -> String {
        let mut out = String::new();
        if let Some(p) = self.current() {
            fc_view::dump_tree_with(&p.tree, &|id| self.field_dump(id), &mut out);
        }
        out
    }

    pub fn shutdown(self) {
        self.stop_logic();
    }
}

impl Player {
    /// The window's size or scale changed: every page restyles (rpx and vw move).
    pub fn viewport_changed(&mut self) {
        if let Ok(mut info) = self.window_info.lock() {
            *info = window_info_of(&self.opts);
        }
        for e in &mut self.stack {
            e.page.restyle_all();
        }
        self.needs_frame = true;
    }
}

/// What the passes before layout look for in the tree (`Player::layout_current`).
#[derive(Default)]
pub(crate) struct Collected {
    /// The tree's `uid`; `None` before the first collection.
    uid: Option<u64>,
    /// The tree's `content_version` when collected.
    version: u64,
    /// `image` elements and their `src`.
    pub(crate) images: Vec<(fc_view::NodeId, Option<String>)>,
    /// `background-image: url()` values.
    pub(crate) backgrounds: Vec<String>,
    /// `input`/`textarea` elements, in tree order.
    pub(crate) fields: Vec<fc_view::NodeId>,
}

impl Collected {
    fn of(tree: &fc_view::Tree) -> Collected {
        images::collect_media(tree)
    }
}

/// What the logic thread reports as the window (`wx.getSystemInfoSync`).
fn window_info_of(opts: &PlayerOptions) -> fc_logic::WindowInfo {
    fc_logic::WindowInfo {
        width: opts.width as f64,
        height: opts.height as f64,
        pixel_ratio: opts.scale as f64,
    }
}
