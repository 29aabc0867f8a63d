//! Custom components (logic.md §7): installs `Component`/`Behavior` and routes the render
//! thread's instance messages to `component.js`, which keeps the definitions and
//! instances. This file is the native half `component.js` calls: loading a component's
//! script, queueing an instance's patches (page patches under the instance's data key, so
//! they share the page's per-turn batch and order), `triggerEvent`, and reports.

use crate::convert::{from_json, to_json};
use crate::errors::{report_here, report_js_error};
use crate::host::Host;
use crate::module::run_entry;
use boa_engine::property::Attribute;
use boa_engine::{
    js_string, Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction, Source,
};
use fc_bundle::PageFile;
use fc_protocol::{
    component_data_key, ComponentMsg, ConsoleLevel, DataPatch, DataPath, Diagnostic, PageId,
    PathSeg, ToRender,
};

const SCRIPT: &str = include_str!("component.js");
/// Where the JS half's entry points live (not enumerable; apps have no reason to touch it).
const API: &str = "__fcComponents";

fn arg_str(args: &[JsValue], i: usize, context: &mut Context) -> JsResult<String> {
    match args.get(i) {
        Some(v) if !v.is_undefined() && !v.is_null() => {
            Ok(v.to_string(context)?.to_std_string_escaped())
        }
        _ => Ok(String::new()),
    }
}

fn arg_u64(args: &[JsValue], i: usize) -> u64 {
    args.get(i)
        .and_then(JsValue::as_number)
        .filter(|n| *n >= 0.0)
        .map_or(0, |n| n as u64)
}

/// `native.load(path)`: runs the component's script; false when it is missing or failed.
fn load(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let path = arg_str(args, 0, context)?;
    let Some(file) = host.bundle.find_page_file(&path, PageFile::Script) else {
        let message = format!("component script not found: {path}.js");
        host.report(Diagnostic::error(format!("{path}.js"), 0, 0, message));
        return Ok(false.into());
    };
    Ok(run_entry(&file, context).into())
}

/// `native.patch(page, instance, key, value)`: queues `value` at `key` (a data path,
/// empty for the instance's whole data) of the instance's data.
fn patch(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let (page, instance) = (arg_u64(args, 0), arg_u64(args, 1));
    let key = arg_str(args, 2, context)?;
    let mut path = DataPath(vec![PathSeg::Key(component_data_key(instance).into())]);
    if !key.is_empty() {
        match DataPath::parse(&key) {
            Ok(p) => path.0.extend(p.0),
            Err(err) => {
                report_here(context, &format!("TypeError: setData: {err}"), "app.js");
                return Ok(JsValue::undefined());
            }
        }
    }
    let value = args.get(3).cloned().unwrap_or_default();
    if let Some(json) = to_json(&value, context)? {
        host.state
            .borrow_mut()
            .pending_for(page)
            .patches
            .push(DataPatch { path, value: json });
    }
    Ok(JsValue::undefined())
}

/// `native.trigger(page, instance, name, detail, bubbles, composed, capture)`.
fn trigger(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let name = arg_str(args, 2, context)?;
    let detail = to_json(&args.get(3).cloned().unwrap_or_default(), context)?
        .unwrap_or(serde_json::Value::Null);
    let flag = |i: usize| args.get(i).is_some_and(JsValue::to_boolean);
    host.send(ToRender::TriggerEvent {
        page: arg_u64(args, 0),
        instance: arg_u64(args, 1),
        name,
        detail,
        bubbles: flag(4),
        composed: flag(5),
        capture: flag(6),
    });
    Ok(JsValue::undefined())
}

/// `native.info(path, externalClasses, isolation)`: `ToRender::ComponentInfo`.
fn info(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let path = arg_str(args, 0, context)?;
    let external = to_json(&args.get(1).cloned().unwrap_or_default(), context)?;
    let external_classes = match external {
        Some(serde_json::Value::Array(a)) => a
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    let style_isolation = Some(arg_str(args, 2, context)?).filter(|s| !s.is_empty());
    host.send(ToRender::ComponentInfo {
        path,
        external_classes,
        style_isolation,
    });
    Ok(JsValue::undefined())
}

/// `native.callback(page, fn)`: a `setData` callback of an instance on `page`, run by
/// `ToLogic::Callback` after the frame with this turn's patches is drawn (`fn` is bound to
/// the instance).
fn callback(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let page = arg_u64(args, 0);
    let Some(f) = args.get(1).and_then(JsValue::as_callable) else {
        return Ok(JsValue::undefined());
    };
    let mut state = host.state.borrow_mut();
    state.next_callback += 1;
    let id = state.next_callback;
    state.callbacks.insert(id, (page, f));
    state.pending_for(page).callbacks.push(id);
    Ok(JsValue::undefined())
}

/// `native.report(error, file)`: an error thrown by user code, with its location.
fn report(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let file = arg_str(args, 1, context)?;
    let err = JsError::from_opaque(args.first().cloned().unwrap_or_default());
    report_js_error(context, &err, &file);
    Ok(JsValue::undefined())
}

/// `native.error(file, message)`.
fn error(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let file = arg_str(args, 0, context)?;
    let message = arg_str(args, 1, context)?;
    if file.is_empty() {
        report_here(context, &message, "app.js");
    } else {
        host.report(Diagnostic::error(file, 0, 0, message));
    }
    Ok(JsValue::undefined())
}

/// `native.warn(line)`: a console warning, as the platform prints them.
fn warn(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    host.console(ConsoleLevel::Warn, &arg_str(args, 0, context)?);
    Ok(JsValue::undefined())
}

/// 1-based line and column of byte offset `at` in `text`.
fn line_col(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.len(), |i| before.len() - i - 1)
        + 1;
    (line as u32, col as u32)
}

/// `native.propError(path, name, message)`: a property given a value of the wrong type,
/// reported at the property's declaration in the component's script.
fn prop_error(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let path = arg_str(args, 0, context)?;
    let name = arg_str(args, 1, context)?;
    let message = arg_str(args, 2, context)?;
    let file = host
        .bundle
        .find_page_file(&path, PageFile::Script)
        .unwrap_or_else(|| format!("{path}.js"));
    let text = host.bundle.read_text(&file).unwrap_or_default();
    let (line, col) = text
        .find("properties")
        .and_then(|start| text[start..].find(&name).map(|i| start + i))
        .map_or((0, 0), |at| line_col(&text, at));
    host.report(Diagnostic::warning(file, line, col, message));
    Ok(JsValue::undefined())
}

/// `native.pageInstance(page)`: the live page instance, or null.
fn page_instance(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let page = arg_u64(args, 0);
    let state = host.state.borrow();
    Ok(state
        .page(page)
        .map_or(JsValue::null(), |p| p.instance.clone().into()))
}

/// `native.registeringPage()`: whether a page script is running for its `Page()` call.
fn registering_page(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let registering = host.state.borrow().registering.is_some();
    Ok(registering.into())
}

/// `native.pageFile()`: the page script being registered ("" when none).
fn page_file(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let file = host
        .state
        .borrow()
        .registering
        .as_ref()
        .map(|r| r.file.clone())
        .unwrap_or_default();
    Ok(JsString::from(file.as_str()).into())
}

/// Evaluates `component.js` and defines `Component` and `Behavior` (writable globals, so a
/// library may wrap them). Run once, after the other globals.
pub(crate) fn install(context: &mut Context) -> JsResult<()> {
    let native = JsObject::with_object_proto(context.intrinsics());
    let functions: [(&str, NativeFunction); 12] = [
        ("callback", NativeFunction::from_fn_ptr(callback)),
        ("info", NativeFunction::from_fn_ptr(info)),
        ("load", NativeFunction::from_fn_ptr(load)),
        ("patch", NativeFunction::from_fn_ptr(patch)),
        ("trigger", NativeFunction::from_fn_ptr(trigger)),
        ("report", NativeFunction::from_fn_ptr(report)),
        ("error", NativeFunction::from_fn_ptr(error)),
        ("warn", NativeFunction::from_fn_ptr(warn)),
        ("propError", NativeFunction::from_fn_ptr(prop_error)),
        ("pageInstance", NativeFunction::from_fn_ptr(page_instance)),
        (
            "registeringPage",
            NativeFunction::from_fn_ptr(registering_page),
        ),
        ("pageFile", NativeFunction::from_fn_ptr(page_file)),
    ];
    for (name, f) in functions {
        let f = f.to_js_function(context.realm());
        native.set(JsString::from(name), f, false, context)?;
    }
    let factory = context.eval(Source::from_bytes(SCRIPT))?;
    let factory = factory.as_callable().ok_or_else(|| {
        JsError::from(JsNativeError::error().with_message("component.js is not a function"))
    })?;
    let global = context.global_object();
    let page = global.get(js_string!("Page"), context)?;
    let host = Host::of(context)?;
    let deep_copy: JsValue = host.helpers.deep_copy.clone().into();
    let api = factory.call(
        &JsValue::undefined(),
        &[native.into(), page, deep_copy],
        context,
    )?;
    let api_obj = api.as_object().ok_or_else(|| {
        JsError::from(JsNativeError::error().with_message("component.js gave no API"))
    })?;
    let attr = Attribute::WRITABLE | Attribute::CONFIGURABLE;
    for name in ["Component", "Behavior"] {
        let f = api_obj.get(JsString::from(name), context)?;
        context.register_global_property(JsString::from(name), f, attr)?;
    }
    context.register_global_property(JsString::from(API), api, Attribute::empty())?;
    Ok(())
}

/// Calls `component.js`'s `api[name](...args)`, reporting what escapes.
fn call_api(name: &str, args: &[JsValue], context: &mut Context) {
    let api = context
        .global_object()
        .get(JsString::from(API), context)
        .ok()
        .and_then(|v| v.as_object());
    let Some(api) = api else { return };
    let result = api
        .get(JsString::from(name), context)
        .and_then(|f| match f.as_callable() {
            Some(f) => f.call(&api.clone().into(), args, context),
            None => Ok(JsValue::undefined()),
        });
    if let Err(err) = result {
        report_js_error(context, &err, "app.js");
    }
}

fn num(n: u64) -> JsValue {
    JsValue::from(n as f64)
}

fn classes_js(classes: &[String], context: &mut Context) -> JsValue {
    from_json(&serde_json::json!(classes), context)
}

/// `ToLogic::Components`: each message in order; then `attached` and `ready` of the
/// instances made, in tree order.
pub(crate) fn handle(msgs: Vec<ComponentMsg>, context: &mut Context) {
    let mut made = Vec::new();
    for msg in msgs {
        if let ComponentMsg::Attach { page, instance, .. } = &msg {
            made.push((*page, *instance));
        }
        handle_one(msg, context);
    }
    for hook in ["attached", "ready"] {
        for (page, instance) in &made {
            let args = [num(*page), num(*instance), JsString::from(hook).into()];
            call_api("lifetime", &args, context);
        }
    }
}

fn handle_one(msg: ComponentMsg, context: &mut Context) {
    match msg {
        ComponentMsg::Attach {
            page,
            instance,
            path,
            props,
            owner,
            parent,
            id,
            classes,
        } => {
            let args = [
                num(page),
                num(instance),
                JsString::from(path.as_str()).into(),
                from_json(&serde_json::Value::Object(props), context),
                owner.map_or(JsValue::null(), num),
                JsString::from(id.as_str()).into(),
                classes_js(&classes, context),
                parent.map_or(JsValue::null(), num),
            ];
            call_api("attach", &args, context);
        }
        ComponentMsg::Props {
            page,
            instance,
            props,
            id,
            classes,
        } => {
            let args = [
                num(page),
                num(instance),
                from_json(&serde_json::Value::Object(props), context),
                JsString::from(id.as_str()).into(),
                classes_js(&classes, context),
            ];
            call_api("props", &args, context);
        }
        ComponentMsg::Detach { page, instance } => {
            call_api("detach", &[num(page), num(instance)], context)
        }
        ComponentMsg::Moved { page, instance } => {
            let args = [num(page), num(instance), JsString::from("moved").into()];
            call_api("lifetime", &args, context);
        }
        ComponentMsg::Event {
            page,
            instance,
            handler,
            event,
        } => {
            let args = [
                num(page),
                num(instance),
                JsString::from(handler.as_str()).into(),
                from_json(&event, context),
            ];
            call_api("event", &args, context);
        }
    }
}

/// Gives a new page instance `selectComponent`/`selectAllComponents`.
pub(crate) fn equip_page(page: PageId, instance: &JsObject, context: &mut Context) {
    call_api("equipPage", &[num(page), instance.clone().into()], context);
}

/// The hosting page's `show`/`hide` reach its instances' `pageLifetimes`; `unload`
/// detaches them.
pub(crate) fn page_event(page: PageId, what: &str, context: &mut Context) {
    call_api("page", &[num(page), JsString::from(what).into()], context);
}
