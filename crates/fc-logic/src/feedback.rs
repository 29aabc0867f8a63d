//! The interaction APIs (api.md §3): `wx.showToast`/`hideToast`, `showLoading`/
//! `hideLoading`, `showModal`, `showActionSheet`.
//!
//! The render thread owns the surfaces (`ToRender::Ui`). Toasts and loading boxes succeed
//! as soon as they are asked for; a modal or an action sheet waits for the user: its
//! callbacks (or Promise) are kept under a callback id until `ToLogic::UiDone`.

use crate::convert::from_json;
use crate::host::Host;
use crate::storage::{callbacks_of, options_of, Callbacks};
use crate::stubs::{answer_async, deliver};
use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, NativeFunction};
use fc_protocol::{CallbackId, ToRender, UiRequest};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// How a waiting modal or action sheet reports back.
enum Reply {
    Callbacks(Callbacks),
    Promise { resolve: JsObject, reject: JsObject },
}

#[derive(Default)]
struct UiState {
    pending: HashMap<CallbackId, (&'static str, Reply)>,
    next: CallbackId,
}

type Shared = Rc<RefCell<UiState>>;

fn state(context: &mut Context) -> Shared {
    if let Some(s) = context.get_data::<Shared>() {
        return s.clone();
    }
    let s: Shared = Rc::default();
    context.insert_data(s.clone());
    s
}

/// The `wx` methods this module provides: name, `length`, function.
pub(crate) fn feedback_functions() -> Vec<(&'static str, usize, NativeFunction)> {
    vec![
        ("showToast", 1, NativeFunction::from_fn_ptr(show_toast)),
        ("hideToast", 1, NativeFunction::from_fn_ptr(hide_toast)),
        ("showLoading", 1, NativeFunction::from_fn_ptr(show_loading)),
        ("hideLoading", 1, NativeFunction::from_fn_ptr(hide_loading)),
        ("showModal", 1, NativeFunction::from_fn_ptr(show_modal)),
        (
            "showActionSheet",
            1,
            NativeFunction::from_fn_ptr(show_action_sheet),
        ),
    ]
}

fn get(options: &JsObject, name: &str, context: &mut Context) -> JsResult<JsValue> {
    options.get(JsString::from(name), context)
}

/// A string option; `None` when absent (undefined/null).
fn string(options: &JsObject, name: &str, context: &mut Context) -> JsResult<Option<String>> {
    let v = get(options, name, context)?;
    if v.is_null_or_undefined() {
        return Ok(None);
    }
    Ok(Some(v.to_string(context)?.to_std_string_escaped()))
}

fn boolean(options: &JsObject, name: &str, default: bool, context: &mut Context) -> JsResult<bool> {
    let v = get(options, name, context)?;
    Ok(if v.is_null_or_undefined() {
        default
    } else {
        v.to_boolean()
    })
}

fn send(request: UiRequest, callback: Option<CallbackId>, context: &mut Context) -> JsResult<()> {
    Host::of(context)?.send(ToRender::Ui { request, callback });
    Ok(())
}

fn toast(
    api: &'static str,
    loading: bool,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let Some(title) = string(&options, "title", context)? else {
        let reason = "parameter error: parameter.title should be String instead of Undefined;";
        return answer_async(api, args, Err(reason.into()), context);
    };
    let icon = if loading {
        "loading".to_string()
    } else {
        match string(&options, "icon", context)?.as_deref() {
            Some(i @ ("success" | "error" | "loading" | "none")) => i.to_string(),
            _ => "success".to_string(),
        }
    };
    let duration_ms = if loading {
        None
    } else {
        let d = get(&options, "duration", context)?;
        let d = d.as_number().filter(|d| d.is_finite() && *d >= 0.0);
        Some(d.unwrap_or(1500.0) as u64)
    };
    let mask = boolean(&options, "mask", false, context)?;
    let request = UiRequest::Toast {
        title,
        icon,
        duration_ms,
        mask,
        loading,
    };
    send(request, None, context)?;
    answer_async(api, args, Ok(json!({})), context)
}

fn show_toast(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    toast("showToast", false, args, context)
}
fn show_loading(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    toast("showLoading", true, args, context)
}

fn hide(
    api: &'static str,
    loading: bool,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    send(UiRequest::HideToast { loading }, None, context)?;
    answer_async(api, args, Ok(json!({})), context)
}

fn hide_toast(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    hide("hideToast", false, args, context)
}
fn hide_loading(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    hide("hideLoading", true, args, context)
}

/// Keeps the call's callbacks, or makes the Promise it returns, under a fresh id.
fn register(
    api: &'static str,
    callbacks: Callbacks,
    context: &mut Context,
) -> (CallbackId, JsValue) {
    let none =
        callbacks.success.is_none() && callbacks.fail.is_none() && callbacks.complete.is_none();
    let (reply, returned) = if none {
        let (promise, resolvers) = JsPromise::new_pending(context);
        let reply = Reply::Promise {
            resolve: resolvers.resolve.into(),
            reject: resolvers.reject.into(),
        };
        (reply, promise.into())
    } else {
        (Reply::Callbacks(callbacks), JsValue::undefined())
    };
    let shared = state(context);
    let mut s = shared.borrow_mut();
    s.next += 1;
    let id = s.next;
    s.pending.insert(id, (api, reply));
    (id, returned)
}

fn show_modal(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let callbacks = callbacks_of(&options, context)?;
    let text = |name: &str, default: &str, context: &mut Context| -> JsResult<String> {
        Ok(string(&options, name, context)?.unwrap_or_else(|| default.to_string()))
    };
    let request = UiRequest::Modal {
        title: text("title", "", context)?,
        content: text("content", "", context)?,
        show_cancel: boolean(&options, "showCancel", true, context)?,
        cancel_text: text("cancelText", "取消", context)?,
        cancel_color: text("cancelColor", "#000000", context)?,
        confirm_text: text("confirmText", "确定", context)?,
        confirm_color: text("confirmColor", "#576B95", context)?,
        editable: boolean(&options, "editable", false, context)?,
        placeholder_text: text("placeholderText", "", context)?,
    };
    let (id, returned) = register("showModal", callbacks, context);
    send(request, Some(id), context)?;
    Ok(returned)
}

fn show_action_sheet(
    _this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let api = "showActionSheet";
    let options = options_of(args, context);
    let list = get(&options, "itemList", context)?;
    let Some(list) = list.as_object().filter(|o| o.is_array()) else {
        let reason = "parameter error: parameter.itemList should be Array;";
        return answer_async(api, args, Err(reason.into()), context);
    };
    let len = list
        .get(JsString::from("length"), context)?
        .to_length(context)?;
    if len == 0 {
        let reason = "parameter error: parameter.itemList should have at least 1 item;";
        return answer_async(api, args, Err(reason.into()), context);
    }
    if len > 6 {
        let reason = "parameter error: parameter.itemList should not be large than 6";
        return answer_async(api, args, Err(reason.into()), context);
    }
    let mut items = Vec::new();
    for i in 0..len {
        let item = list.get(i, context)?;
        items.push(item.to_string(context)?.to_std_string_escaped());
    }
    let item_color = string(&options, "itemColor", context)?.unwrap_or_else(|| "#000000".into());
    let callbacks = callbacks_of(&options, context)?;
    let (id, returned) = register(api, callbacks, context);
    send(
        UiRequest::ActionSheet { items, item_color },
        Some(id),
        context,
    )?;
    Ok(returned)
}

/// `ToLogic::UiDone`: the user closed a modal or action sheet.
pub(crate) fn ui_done(id: CallbackId, result: Result<Value, String>, context: &mut Context) {
    let Some((api, reply)) = state(context).borrow_mut().pending.remove(&id) else {
        return tracing::warn!(id, "unknown dialog callback");
    };
    let ok = result.is_ok();
    let mut fields = serde_json::Map::new();
    match result {
        Ok(value) => {
            fields.insert("errMsg".into(), json!(format!("{api}:ok")));
            if let Value::Object(map) = value {
                fields.extend(map);
            }
        }
        Err(message) => {
            fields.insert("errMsg".into(), json!(message));
        }
    }
    let result = from_json(&Value::Object(fields), context);
    let result = match result.as_object() {
        Some(object) => object,
        None => JsObject::with_object_proto(context.intrinsics()),
    };
    match reply {
        Reply::Callbacks(callbacks) => {
            let _ = deliver(result, ok, callbacks, context);
        }
        Reply::Promise { resolve, reject } => {
            let settle = if ok { resolve } else { reject };
            if let Err(err) = settle.call(&JsValue::undefined(), &[result.into()], context) {
                crate::errors::report_js_error(context, &err, "app.js");
            }
        }
    }
}
