//! The message loop's body: one boa `Context` plus its `Host`, one turn per message.
//! A turn is the message's handler, then the promise jobs it queued, then the flush of its
//! `setData` batches, then `TurnEnd`.

use crate::convert::from_json;
use crate::errors::report_js_error;
use crate::globals::install_globals;
use crate::host::{Helpers, Host};
use crate::module::{run_entry, PRELUDE};
use crate::navigation::{navigate_done, page_show, page_unload, set_stack};
use crate::page::{call_hook, dispatch_event, load_page, run_callback};
use crate::set_data::flush;
use crate::thread::{Incoming, LogicOptions};
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsValue, Source};
use fc_protocol::{ToLogic, ToRender, Turn};
use std::rc::Rc;
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Instant;

pub(crate) struct Runtime {
    host: Rc<Host>,
    context: Context,
    wake: Arc<dyn Fn() + Send + Sync>,
}

fn global_function(context: &mut Context, object: &str, name: &str) -> JsResult<JsObject> {
    let global = context.global_object();
    let holder = global.get(boa_engine::JsString::from(object), context)?;
    let holder = holder.as_object().ok_or_else(|| missing(object))?;
    let function = holder.get(boa_engine::JsString::from(name), context)?;
    function.as_callable().ok_or_else(|| missing(name))
}

fn missing(name: &str) -> JsError {
    JsNativeError::error()
        .with_message(format!("built-in {name} is missing"))
        .into()
}

impl Runtime {
    pub fn new(opts: LogicOptions, own: Sender<Incoming>) -> JsResult<Runtime> {
        let mut context = Context::builder()
            .host_hooks(Rc::new(crate::event_loop::Hooks))
            .build()?;
        crate::limits::apply(&mut context);

        let deep_copy = context.eval(Source::from_bytes(PRELUDE))?;
        let deep_copy = deep_copy.as_callable().ok_or_else(|| missing("deepCopy"))?;
        let helpers = Helpers {
            stringify: global_function(&mut context, "JSON", "stringify")?,
            object_keys: global_function(&mut context, "Object", "keys")?,
            deep_copy,
        };
        // This app's own folder: the data folder (given or the platform's) + the app id.
        let storage_dir = opts
            .data_dir
            .or_else(fc_storage::default_root)
            .map(|root| root.join(opts.bundle.app_id()));
        let host = Rc::new(Host::new(
            opts.bundle,
            opts.to_render,
            opts.console,
            helpers,
            storage_dir,
            opts.window,
        ));
        host.requests.borrow_mut().sender = Some(own);
        context.insert_data(host.clone());
        install_globals(&mut context)?;
        crate::component::install(&mut context)?;
        Ok(Runtime {
            host,
            context,
            wake: opts.wake,
        })
    }

    /// Turn 0: `app.js`, then App's `onLaunch` and `onShow`.
    pub fn start(&mut self) {
        let context = &mut self.context;
        if self.host.bundle.exists("app.js") {
            run_entry("app.js", context);
        } else {
            tracing::warn!("the bundle has no app.js");
        }
        let app = {
            let mut state = self.host.state.borrow_mut();
            state
                .app
                .get_or_insert_with(|| JsObject::with_object_proto(context.intrinsics()))
                .clone()
        };
        let entry = self.host.bundle.config().entry_page.clone();
        let launch = serde_json::json!({
            "path": entry,
            "query": {},
            "scene": 1001,
            "referrerInfo": {},
        });
        *self.host.launch_options.borrow_mut() = Some(launch.clone());
        for hook in ["onLaunch", "onShow"] {
            let options = from_json(&launch, context);
            call_app_hook(&app, hook, &[options], context);
        }
        self.end_turn(0);
    }

    pub fn handle(&mut self, turn: Turn, msg: ToLogic) {
        let _span = tracing::debug_span!("turn").entered();
        let context = &mut self.context;
        match msg {
            ToLogic::LoadPage { page, route, query } => load_page(page, &route, &query, context),
            ToLogic::PageReady { page } => call_hook(page, "onReady", &[], context),
            ToLogic::Event {
                page,
                handler,
                event,
            } => dispatch_event(page, &handler, &event, context),
            ToLogic::Callback { id } => run_callback(id, context),
            ToLogic::PageShow { page } => {
                page_show(page, true, context);
                crate::component::page_event(page, "show", context);
            }
            ToLogic::PageHide { page } => {
                page_show(page, false, context);
                crate::component::page_event(page, "hide", context);
            }
            ToLogic::PageUnload { page } => {
                crate::component::page_event(page, "unload", context);
                page_unload(page, context);
            }
            ToLogic::Components(msgs) => crate::component::handle(msgs, context),
            ToLogic::Stack { pages } => set_stack(pages, context),
            ToLogic::PageScroll { page, scroll_top } => {
                crate::scroll::page_scroll(page, scroll_top, context)
            }
            ToLogic::ReachBottom { page } => call_hook(page, "onReachBottom", &[], context),
            ToLogic::PullDownRefresh { page } => call_hook(page, "onPullDownRefresh", &[], context),
            ToLogic::NavigateDone { callback, result } => navigate_done(callback, result, context),
            ToLogic::UiDone { callback, result } => {
                crate::feedback::ui_done(callback, result, context)
            }
            ToLogic::QueryDone { query, results } => {
                crate::query::query_done(query, results, context)
            }
            ToLogic::Shutdown => {}
        }
        self.end_turn(turn);
    }

    /// Runs the queued promise jobs, reports promises left rejected with no handler,
    /// flushes the patches, ends the turn (with the next timer's deadline) and wakes the
    /// render thread.
    fn end_turn(&mut self, turn: Turn) {
        self.run_jobs();
        {
            let _span = tracing::debug_span!("flush").entered();
            flush(&self.host);
        }
        let next_timer = self.next_timer();
        self.host.send(ToRender::TurnEnd { turn, next_timer });
        (self.wake)();
    }

    /// Promise jobs until none is left (a failing job stops boa's queue: go on after it).
    fn run_jobs(&mut self) {
        // Reporting a rejection runs JS (onError) that may queue jobs or reject again: a few
        // rounds, bounded so a handler that always rejects cannot hold the turn.
        for _ in 0..4 {
            for _ in 0..1000 {
                match self.context.run_jobs() {
                    Ok(()) => break,
                    Err(err) => report_js_error(&mut self.context, &err, "app.js"),
                }
            }
            if self.host.rejections.borrow().is_empty() {
                break;
            }
            crate::rejections::report_unhandled(&mut self.context);
        }
    }

    /// When the earliest timer is due (what the loop waits for).
    pub fn timer_due(&self) -> Option<Instant> {
        self.host.timers.borrow().next_due()
    }

    /// The deadline the render side is told: the earliest timer, or now while a request
    /// is in flight (its answer will be a turn; `wait idle` waits for it).
    fn next_timer(&self) -> Option<Instant> {
        if self.host.requests.borrow().in_flight() {
            return Some(Instant::now());
        }
        self.timer_due()
    }

    /// A network worker's answer: its callbacks are a turn of their own, ending like a
    /// timer turn.
    pub fn network_reply(&mut self, reply: crate::request::Reply) {
        crate::request::answer(reply, &mut self.context);
        self.end_own_turn();
    }

    /// Runs the earliest timer if it is due, as a turn of its own: its callback, its promise
    /// jobs, its patches, then `TimerTurnEnd`. Returns false when none was due.
    pub fn run_timer(&mut self) -> bool {
        let Some((callback, args)) = self.host.timers.borrow_mut().take_due(Instant::now()) else {
            return false;
        };
        if let Err(err) = callback.call(&JsValue::undefined(), &args, &mut self.context) {
            report_js_error(&mut self.context, &err, "app.js");
        }
        self.end_own_turn();
        true
    }

    /// The end of a turn the logic thread started itself (a timer, a network answer).
    fn end_own_turn(&mut self) {
        self.run_jobs();
        flush(&self.host);
        let next_timer = self.next_timer();
        self.host.send(ToRender::TimerTurnEnd { next_timer });
        (self.wake)();
    }

    /// Drops every JS handle the host keeps while the context is still alive.
    pub fn stop(self) {
        *self.host.state.borrow_mut() = Default::default();
        self.host.timers.borrow_mut().clear_all();
        self.host.rejections.borrow_mut().clear();
        self.host.listeners.borrow_mut().clear();
        self.host.requests.borrow_mut().clear();
        drop(self.context);
    }
}

/// Calls an App hook with `this` = the app instance.
fn call_app_hook(app: &JsObject, name: &str, args: &[JsValue], context: &mut Context) {
    let method = match app.get(boa_engine::JsString::from(name), context) {
        Ok(method) => method,
        Err(err) => return report_js_error(context, &err, "app.js"),
    };
    let Some(method) = method.as_callable() else {
        return;
    };
    if let Err(err) = method.call(&app.clone().into(), args, context) {
        report_js_error(context, &err, "app.js");
    }
}
