//! The state the native functions (`Page`, `setData`, `require`, ...) share with the
//! message loop. One `Host` per logic thread; it lives in the boa `Context`'s host data (as
//! `Rc<Host>`) so native functions, which only get `&mut Context`, can reach it.
//!
//! Borrowing rule: `state` is borrowed only for short, JS-free stretches. Never call into
//! JS while holding the borrow — JS may call a native function that borrows it again.

use crate::storage::StorageSlot;
use crate::thread::ConsoleSink;
use boa_engine::{Context, JsNativeError, JsObject, JsResult};
use fc_protocol::{CallbackId, ConsoleLevel, DataPatch, Diagnostic, PageId, ToRender};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::mpsc::Sender;
use std::sync::Arc;

pub(crate) struct Host {
    pub bundle: Arc<fc_bundle::Bundle>,
    to_render: Sender<ToRender>,
    console: ConsoleSink,
    pub state: RefCell<State>,
    pub helpers: Helpers,
    /// True while `App.onError` runs, so an error inside it is not fed back to it.
    pub in_on_error: Cell<bool>,
    /// The app's storage, opened on first use. Borrowed only around plain-Rust store calls.
    pub storage: RefCell<StorageSlot>,
    /// Pending `setTimeout`/`setInterval` timers (`event_loop.rs`).
    pub timers: RefCell<crate::event_loop::Timers>,
    /// Promises rejected with no handler so far this turn (`event_loop::Hooks`).
    pub rejections: RefCell<Vec<JsObject>>,
    /// The player's window, kept current by the render thread (`system.rs`).
    pub window: crate::system::SharedWindow,
    /// `wx.onAppShow`/`onAppHide`/`onError`/`onThemeChange` listeners, by event name.
    pub listeners: RefCell<HashMap<&'static str, Vec<JsObject>>>,
    /// What `App.onLaunch` got, for `getLaunchOptionsSync`.
    pub launch_options: RefCell<Option<serde_json::Value>>,
    /// `setClipboardData`'s text (an in-process clipboard).
    pub clipboard: RefCell<String>,
    /// `wx.request`s in flight (`request.rs`).
    pub requests: RefCell<crate::request::Requests>,
}

/// Built-in functions captured before any app code runs (an app may replace the globals).
pub(crate) struct Helpers {
    /// `JSON.stringify`.
    pub stringify: JsObject,
    /// `Object.keys`.
    pub object_keys: JsObject,
    /// Deep copy used for `Page()` options (see `module::PRELUDE`).
    pub deep_copy: JsObject,
}

/// A live page instance.
pub(crate) struct PageEntry {
    pub id: PageId,
    pub route: String,
    pub instance: JsObject,
}

/// Patches and callbacks of one page, queued during the current turn.
pub(crate) struct PendingSetData {
    pub page: PageId,
    pub patches: Vec<DataPatch>,
    pub callbacks: Vec<CallbackId>,
}

/// A page script being run: `Page()` stores its options here.
pub(crate) struct Registration {
    pub file: String,
    pub options: Option<JsObject>,
}

#[derive(Default)]
pub(crate) struct State {
    /// The object passed to `App()` (or an empty object once `app.js` ran without calling it).
    pub app: Option<JsObject>,
    /// Live page instances in stack order (bottom first), as `getCurrentPages()` returns them.
    pub pages: Vec<PageEntry>,
    /// Route -> the options its script passed to `Page()`; `None` when the script failed or
    /// never called `Page()`. Each script runs once per route.
    pub page_defs: HashMap<String, Option<JsObject>>,
    pub registering: Option<Registration>,
    /// Bundle path -> its `module` object, so each file runs once (`require` cache).
    pub modules: HashMap<String, JsObject>,
    /// This turn's `setData` batches, in the order pages first called it.
    pub pending: Vec<PendingSetData>,
    /// `setData` callbacks waiting for `ToLogic::Callback`.
    pub callbacks: HashMap<CallbackId, (PageId, JsObject)>,
    pub next_callback: CallbackId,
}

impl State {
    pub fn page(&self, id: PageId) -> Option<&PageEntry> {
        self.pages.iter().find(|p| p.id == id)
    }

    /// The queue entry of `page` for this turn, created on first use.
    pub fn pending_for(&mut self, page: PageId) -> &mut PendingSetData {
        let index = match self.pending.iter().position(|p| p.page == page) {
            Some(i) => i,
            None => {
                self.pending.push(PendingSetData {
                    page,
                    patches: Vec::new(),
                    callbacks: Vec::new(),
                });
                self.pending.len() - 1
            }
        };
        &mut self.pending[index]
    }
}

impl Host {
    pub fn new(
        bundle: Arc<fc_bundle::Bundle>,
        to_render: Sender<ToRender>,
        console: ConsoleSink,
        helpers: Helpers,
        storage_dir: Option<std::path::PathBuf>,
        window: crate::system::SharedWindow,
    ) -> Host {
        Host {
            bundle,
            to_render,
            console,
            state: RefCell::new(State::default()),
            helpers,
            in_on_error: Cell::new(false),
            storage: RefCell::new(StorageSlot::new(storage_dir)),
            timers: RefCell::default(),
            rejections: RefCell::default(),
            window,
            listeners: RefCell::default(),
            launch_options: RefCell::default(),
            clipboard: RefCell::default(),
            requests: RefCell::default(),
        }
    }

    /// The host of the context a native function runs in.
    pub fn of(context: &Context) -> JsResult<Rc<Host>> {
        context.get_data::<Rc<Host>>().cloned().ok_or_else(|| {
            JsNativeError::error()
                .with_message("fc-logic host data is missing")
                .into()
        })
    }

    pub fn send(&self, msg: ToRender) {
        if self.to_render.send(msg).is_err() {
            tracing::debug!("render thread is gone; message dropped");
        }
    }

    pub fn console(&self, level: ConsoleLevel, line: &str) {
        (self.console)(level, line);
    }

    /// Sends a script error to the render side and prints it on stderr (player-cli.md).
    pub fn report(&self, diagnostic: Diagnostic) {
        // The render thread prints it (stderr) and shows it on the overlay.
        tracing::debug!("{diagnostic}");
        self.send(ToRender::ScriptError(diagnostic));
    }
}
