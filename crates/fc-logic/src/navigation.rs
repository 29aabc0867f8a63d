//! The routing APIs (`wx.navigateTo`, `redirectTo`, `navigateBack`, `switchTab`, `reLaunch`;
//! api.md §4, logic.md §5), the navigation bar APIs, and the page lifecycle messages the
//! render thread sends after a route.
//!
//! The render thread owns the page stack (design/architecture.md §4): a routing call only
//! sends `ToRender::Navigate` and remembers its callbacks (or Promise) under a callback id.
//! The render thread decides, sends the lifecycle messages (`PageHide`, `LoadPage`,
//! `PageUnload`, `PageShow`), then `ToLogic::NavigateDone` with the outcome, which runs
//! `success`/`fail` then `complete` — or settles the Promise when none was given.

use crate::errors::report_js_error;
use crate::host::Host;
use crate::page::call_hook;
use boa_engine::job::{Job, PromiseJob};
use boa_engine::object::builtins::JsPromise;
use boa_engine::{js_string, Context, JsObject, JsResult, JsString, JsValue, NativeFunction};
use fc_protocol::{CallbackId, NavOp, PageId, ToRender};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// How a pending routing call reports back.
pub(crate) enum Reply {
    Callbacks {
        success: Option<JsObject>,
        fail: Option<JsObject>,
        complete: Option<JsObject>,
    },
    Promise {
        resolve: JsObject,
        reject: JsObject,
    },
}

/// Routing state kept in the context's host data next to the `Host`.
#[derive(Default)]
struct NavState {
    /// Callback id -> the API's name and how it reports.
    pending: HashMap<CallbackId, (&'static str, Reply)>,
    next: CallbackId,
    /// The stack as the render thread last announced it, bottom first.
    stack: Option<Vec<PageId>>,
}

type Shared = Rc<RefCell<NavState>>;

fn state(context: &mut Context) -> Shared {
    if let Some(s) = context.get_data::<Shared>() {
        return s.clone();
    }
    let s: Shared = Rc::default();
    context.insert_data(s.clone());
    s
}

/// The `wx` methods this module provides: name, `length`, function.
pub(crate) fn navigation_functions() -> Vec<(&'static str, usize, NativeFunction)> {
    vec![
        ("navigateTo", 1, NativeFunction::from_fn_ptr(navigate_to)),
        ("redirectTo", 1, NativeFunction::from_fn_ptr(redirect_to)),
        (
            "navigateBack",
            1,
            NativeFunction::from_fn_ptr(navigate_back),
        ),
        ("switchTab", 1, NativeFunction::from_fn_ptr(switch_tab)),
        ("reLaunch", 1, NativeFunction::from_fn_ptr(re_launch)),
        (
            "setNavigationBarTitle",
            1,
            NativeFunction::from_fn_ptr(set_navigation_bar_title),
        ),
        (
            "setNavigationBarColor",
            1,
            NativeFunction::from_fn_ptr(set_navigation_bar_color),
        ),
        (
            "setTabBarBadge",
            1,
            NativeFunction::from_fn_ptr(set_tab_bar_badge),
        ),
        (
            "removeTabBarBadge",
            1,
            NativeFunction::from_fn_ptr(remove_tab_bar_badge),
        ),
        (
            "showTabBarRedDot",
            1,
            NativeFunction::from_fn_ptr(show_tab_bar_red_dot),
        ),
        (
            "hideTabBarRedDot",
            1,
            NativeFunction::from_fn_ptr(hide_tab_bar_red_dot),
        ),
    ]
}

pub(crate) fn options_of(args: &[JsValue], context: &mut Context) -> JsObject {
    args.first()
        .and_then(JsValue::as_object)
        .unwrap_or_else(|| JsObject::with_object_proto(context.intrinsics()))
}

pub(crate) fn get(object: &JsObject, name: &str, context: &mut Context) -> JsResult<JsValue> {
    object.get(JsString::from(name), context)
}

/// The reply of a call: its callbacks, or a Promise (returned) when none is given.
pub(crate) fn reply_of(options: &JsObject, context: &mut Context) -> JsResult<(Reply, JsValue)> {
    let success = get(options, "success", context)?.as_callable();
    let fail = get(options, "fail", context)?.as_callable();
    let complete = get(options, "complete", context)?.as_callable();
    if success.is_none() && fail.is_none() && complete.is_none() {
        let (promise, resolvers) = JsPromise::new_pending(context);
        let reply = Reply::Promise {
            resolve: resolvers.resolve.into(),
            reject: resolvers.reject.into(),
        };
        return Ok((reply, promise.into()));
    }
    let reply = Reply::Callbacks {
        success,
        fail,
        complete,
    };
    Ok((reply, JsValue::undefined()))
}

/// The JS type name used in the platform's parameter errors.
pub(crate) fn type_name(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "Undefined"
    } else if value.is_null() {
        "Null"
    } else if value.is_number() {
        "Number"
    } else if value.is_boolean() {
        "Boolean"
    } else if value.is_callable() {
        "Function"
    } else if value.as_object().is_some_and(|o| o.is_array()) {
        "Array"
    } else if value.is_object() {
        "Object"
    } else {
        "Unknown"
    }
}

/// Common body of the five routing calls.
fn route(op: NavOp, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let (reply, returned) = reply_of(&options, context)?;
    let id = register(op.api_name(), reply, context);
    let (url, delta) = if op == NavOp::NavigateBack {
        let delta = get(&options, "delta", context)?;
        let delta = delta.as_number().filter(|d| d.is_finite()).unwrap_or(1.0);
        (String::new(), delta.max(1.0).min(u32::MAX as f64) as u32)
    } else {
        let url = get(&options, "url", context)?;
        match url.as_string() {
            Some(url) => (url.to_std_string_escaped(), 0),
            None => {
                let reason = format!(
                    "parameter error: parameter.url should be String instead of {};",
                    type_name(&url)
                );
                let message = format!("{}:fail {reason}", op.api_name());
                settle_later(id, false, message, context);
                return Ok(returned);
            }
        }
    };
    let host = Host::of(context)?;
    host.send(ToRender::Navigate {
        op,
        url,
        delta,
        callback: id,
    });
    Ok(returned)
}

fn navigate_to(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    route(NavOp::NavigateTo, args, context)
}
fn redirect_to(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    route(NavOp::RedirectTo, args, context)
}
fn navigate_back(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    route(NavOp::NavigateBack, args, context)
}
fn switch_tab(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    route(NavOp::SwitchTab, args, context)
}
fn re_launch(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    route(NavOp::ReLaunch, args, context)
}

/// `ToLogic::NavigateDone`.
pub(crate) fn navigate_done(id: CallbackId, result: Result<(), String>, context: &mut Context) {
    let api = match state(context).borrow().pending.get(&id) {
        Some((api, _)) => *api,
        None => return tracing::warn!(id, "unknown navigation callback"),
    };
    match result {
        Ok(()) => settle(id, true, format!("{api}:ok"), context),
        Err(message) => settle(id, false, message, context),
    }
}

/// `ToLogic::Stack`: remembers the stack for `getCurrentPages()`.
pub(crate) fn set_stack(pages: Vec<PageId>, context: &mut Context) {
    state(context).borrow_mut().stack = Some(pages);
}

/// The live pages in stack order, bottom first, as `getCurrentPages()` returns them.
pub(crate) fn current_pages(context: &mut Context) -> JsResult<Vec<JsValue>> {
    let host = Host::of(context)?;
    let stack = state(context).borrow().stack.clone();
    let state = host.state.borrow();
    Ok(match stack {
        Some(stack) => stack
            .iter()
            .filter_map(|id| state.page(*id))
            .map(|p| p.instance.clone().into())
            .collect(),
        None => state
            .pages
            .iter()
            .map(|p| p.instance.clone().into())
            .collect(),
    })
}

/// `ToLogic::PageShow` / `PageHide`.
pub(crate) fn page_show(page: PageId, show: bool, context: &mut Context) {
    call_hook(page, if show { "onShow" } else { "onHide" }, &[], context);
}

/// `ToLogic::PageUnload`: `onUnload()`, then the instance is gone.
pub(crate) fn page_unload(page: PageId, context: &mut Context) {
    call_hook(page, "onUnload", &[], context);
    if let Ok(host) = Host::of(context) {
        let mut state = host.state.borrow_mut();
        state.pages.retain(|p| p.id != page);
        state.callbacks.retain(|_, (p, _)| *p != page);
        state.pending.retain(|p| p.page != page);
    }
}

/// Remembers a call's reply under a fresh callback id.
pub(crate) fn register(api: &'static str, reply: Reply, context: &mut Context) -> CallbackId {
    let shared = state(context);
    let mut s = shared.borrow_mut();
    s.next += 1;
    let id = s.next;
    s.pending.insert(id, (api, reply));
    id
}

/// Runs an API that finishes at once: `success`/`fail` + `complete` (or the Promise).
pub(crate) fn immediate(
    api: &'static str,
    result: Result<(), String>,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let (reply, returned) = reply_of(&options, context)?;
    let id = register(api, reply, context);
    match result {
        Ok(()) => settle_later(id, true, format!("{api}:ok"), context),
        Err(reason) => settle_later(id, false, format!("{api}:fail {reason}"), context),
    }
    Ok(returned)
}

/// [`settle`] from a promise job: callbacks never run inside the API call itself.
pub(crate) fn settle_later(id: CallbackId, ok: bool, message: String, context: &mut Context) {
    let realm = context.realm().clone();
    let job = PromiseJob::with_realm(
        move |context| {
            settle(id, ok, message, context);
            Ok(JsValue::undefined())
        },
        realm,
    );
    context.enqueue_job(Job::PromiseJob(job));
}

/// Reports a finished call with its whole `errMsg`: runs its callbacks now (`success` or
/// `fail`, then `complete`) or settles its Promise.
fn settle(id: CallbackId, ok: bool, message: String, context: &mut Context) {
    let Some((_, reply)) = state(context).borrow_mut().pending.remove(&id) else {
        return;
    };
    let object = JsObject::with_object_proto(context.intrinsics());
    let message = JsValue::from(JsString::from(message.as_str()));
    if let Err(err) = object.set(js_string!("errMsg"), message, true, context) {
        return report_js_error(context, &err, "app.js");
    }
    let arg: JsValue = object.into();
    let calls = match reply {
        Reply::Promise { resolve, reject } => vec![if ok { resolve } else { reject }],
        Reply::Callbacks {
            success,
            fail,
            complete,
        } => [if ok { success } else { fail }, complete]
            .into_iter()
            .flatten()
            .collect(),
    };
    for f in calls {
        // A throwing callback goes to App.onError; `complete` still runs.
        if let Err(err) = f.call(&JsValue::undefined(), std::slice::from_ref(&arg), context) {
            report_js_error(context, &err, "app.js");
        }
    }
}

fn string_field(options: &JsObject, name: &str, context: &mut Context) -> JsResult<Option<String>> {
    Ok(get(options, name, context)?
        .as_string()
        .map(|s| s.to_std_string_escaped()))
}

/// `wx.setNavigationBarTitle({title})`.
fn set_navigation_bar_title(
    _this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let title = string_field(&options, "title", context)?;
    let result = match title {
        Some(title) => {
            Host::of(context)?.send(ToRender::NavigationBar {
                title: Some(title),
                front_color: None,
                background: None,
            });
            Ok(())
        }
        None => {
            let value = get(&options, "title", context)?;
            Err(format!(
                "parameter error: parameter.title should be String instead of {};",
                type_name(&value)
            ))
        }
    };
    immediate("setNavigationBarTitle", result, args, context)
}

/// `wx.setNavigationBarColor({frontColor, backgroundColor})`: both required; `frontColor`
/// only `#ffffff` or `#000000`.
fn set_navigation_bar_color(
    _this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let front = string_field(&options, "frontColor", context)?;
    let background = string_field(&options, "backgroundColor", context)?;
    let result = match (front, background) {
        (Some(front), Some(background)) => {
            let lower = front.to_ascii_lowercase();
            if lower != "#ffffff" && lower != "#000000" {
                Err("invalid frontColor".to_string())
            } else {
                Host::of(context)?.send(ToRender::NavigationBar {
                    title: None,
                    front_color: Some(lower),
                    background: Some(background),
                });
                Ok(())
            }
        }
        (None, _) => Err("parameter error: parameter.frontColor should be String;".to_string()),
        (_, None) => {
            Err("parameter error: parameter.backgroundColor should be String;".to_string())
        }
    };
    immediate("setNavigationBarColor", result, args, context)
}

/// From a call's `text` to the item's badge and red dot, or the failure's reason.
type MakeItem = fn(Option<String>) -> Result<(Option<String>, bool), String>;

/// The four tab decoration calls: `index` (a number) is required, `text` for a badge.
fn tab_item(
    api: &'static str,
    args: &[JsValue],
    context: &mut Context,
    make: MakeItem,
) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let index = get(&options, "index", context)?;
    let text = string_field(&options, "text", context)?;
    let result = match index.as_number() {
        Some(i) if i >= 0.0 && i.fract() == 0.0 => make(text).map(|(badge, red_dot)| {
            if let Ok(host) = Host::of(context) {
                host.send(ToRender::TabBarItem {
                    index: i as usize,
                    badge,
                    red_dot,
                });
            }
        }),
        Some(_) => Err("tabbar item not found".to_string()),
        None => Err(format!(
            "parameter error: parameter.index should be Number instead of {};",
            type_name(&index)
        )),
    };
    immediate(api, result, args, context)
}

fn set_tab_bar_badge(
    _this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    tab_item("setTabBarBadge", args, context, |text| match text {
        Some(text) => Ok((Some(text), false)),
        None => {
            Err("parameter error: parameter.text should be String instead of Undefined;".into())
        }
    })
}
fn remove_tab_bar_badge(
    _this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    tab_item("removeTabBarBadge", args, context, |_| Ok((None, false)))
}
fn show_tab_bar_red_dot(
    _this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    tab_item("showTabBarRedDot", args, context, |_| Ok((None, true)))
}
fn hide_tab_bar_red_dot(
    _this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    tab_item("hideTabBarRedDot", args, context, |_| Ok((None, false)))
}
