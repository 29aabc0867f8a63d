//! Pages: running a page's script once per route to get its `Page()` definition, making
//! instances from it, and calling their lifecycle hooks, event handlers and `setData`
//! callbacks.

use crate::convert::{from_json, object_keys, to_json};
use crate::errors::report_js_error;
use crate::host::{Host, PageEntry, Registration};
use crate::module::run_entry;
use crate::set_data::{data_object, set_data};
use boa_engine::{js_string, Context, JsObject, JsResult, JsString, JsValue, NativeFunction};
use fc_bundle::PageFile;
use fc_protocol::{CallbackId, ConsoleLevel, Diagnostic, PageId, ToRender};
use serde_json::{Map, Value};

/// The script file of a route, as diagnostics name it.
fn script_file(route: &str) -> String {
    format!("{route}.js")
}

/// The `Page()` options of `route`, running its script the first time. `None` when the
/// script is missing, failed before calling `Page()`, or never called it (all reported).
fn page_definition(route: &str, context: &mut Context) -> JsResult<Option<JsObject>> {
    let host = Host::of(context)?;
    if let Some(def) = host.state.borrow().page_defs.get(route) {
        return Ok(def.clone());
    }
    let Some(file) = host.bundle.find_page_file(route, PageFile::Script) else {
        let file = script_file(route);
        let message = format!("page script not found: {file}");
        host.report(Diagnostic::error(file, 0, 0, message));
        host.state
            .borrow_mut()
            .page_defs
            .insert(route.to_string(), None);
        return Ok(None);
    };

    host.state.borrow_mut().registering = Some(Registration {
        file: file.clone(),
        options: None,
    });
    let ran = run_entry(&file, context);
    let registration = host.state.borrow_mut().registering.take();
    let options = registration.and_then(|r| r.options);
    if ran && options.is_none() {
        let message = format!("Page() was not called in {file}");
        host.report(Diagnostic::error(file, 0, 0, message));
    }
    host.state
        .borrow_mut()
        .page_defs
        .insert(route.to_string(), options.clone());
    Ok(options)
}

/// Makes an instance: the definition's fields copied (functions shared, everything else
/// deep-copied, so two instances never share objects), plus `route`, `is`, `options` (the
/// query) and `setData`. Without a definition, the instance has `data: {}` only.
fn create_instance(
    page: PageId,
    route: &str,
    query: &JsValue,
    def: Option<&JsObject>,
    context: &mut Context,
) -> JsResult<JsObject> {
    let host = Host::of(context)?;
    let instance = JsObject::with_object_proto(context.intrinsics());
    if let Some(def) = def {
        for key in object_keys(def, context)? {
            let key = JsString::from(key.as_str());
            let value = def.get(key.clone(), context)?;
            let value = if value.is_callable() {
                value
            } else {
                host.helpers
                    .deep_copy
                    .call(&JsValue::undefined(), &[value], context)?
            };
            instance.set(key, value, true, context)?;
        }
    }
    data_object(&instance, context)?;
    let route_js = JsValue::from(JsString::from(route));
    instance.set(js_string!("route"), route_js.clone(), true, context)?;
    instance.set(js_string!("is"), route_js, true, context)?;
    instance.set(js_string!("options"), query.clone(), true, context)?;
    let set_data = NativeFunction::from_copy_closure(move |_this, args, context| {
        set_data(page, args, context)
    })
    .to_js_function(context.realm());
    instance.set(js_string!("setData"), set_data, true, context)?;
    crate::query::install_on_page(&instance, page, context)?;
    crate::component::equip_page(page, &instance, context);
    Ok(instance)
}

/// `ToLogic::LoadPage`: define (once per route), instantiate, announce, then
/// `onLoad(query)` and `onShow()`.
pub(crate) fn load_page(
    page: PageId,
    route: &str,
    query: &Map<String, Value>,
    context: &mut Context,
) {
    let Ok(host) = Host::of(context) else { return };
    let route = route.trim_start_matches('/').to_string();
    let file = script_file(&route);
    let def = match page_definition(&route, context) {
        Ok(def) => def,
        Err(err) => {
            report_js_error(context, &err, &file);
            None
        }
    };
    let query_js = from_json(&Value::Object(query.clone()), context);
    let instance = match create_instance(page, &route, &query_js, def.as_ref(), context) {
        Ok(instance) => instance,
        Err(err) => {
            report_js_error(context, &err, &file);
            // Still a page: the render side shows it (with the error overlay).
            match create_instance(page, &route, &query_js, None, context) {
                Ok(instance) => instance,
                Err(_) => JsObject::with_object_proto(context.intrinsics()),
            }
        }
    };
    host.state.borrow_mut().pages.push(PageEntry {
        id: page,
        route: route.clone(),
        instance: instance.clone(),
    });

    let data = match instance
        .get(js_string!("data"), context)
        .and_then(|d| to_json(&d, context))
    {
        Ok(Some(data @ Value::Object(_))) => data,
        Ok(_) => Value::Object(Map::new()),
        Err(err) => {
            report_js_error(context, &err, &file);
            Value::Object(Map::new())
        }
    };
    host.send(ToRender::PageCreated { page, data });

    call_hook(page, "onLoad", &[query_js], context);
    call_hook(page, "onShow", &[], context);
}

/// The instance and route of a live page.
fn lookup(page: PageId, context: &Context) -> Option<(JsObject, String)> {
    let host = Host::of(context).ok()?;
    let state = host.state.borrow();
    let found = state
        .page(page)
        .map(|p| (p.instance.clone(), p.route.clone()));
    if found.is_none() {
        tracing::warn!(page, "message for a page the logic thread does not know");
    }
    found
}

/// Calls `instance[name](...args)` with `this` = the instance, reporting what it throws.
fn call_method(
    instance: &JsObject,
    route: &str,
    method: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) {
    let Some(method) = method.as_callable() else {
        return;
    };
    if let Err(err) = method.call(&instance.clone().into(), args, context) {
        report_js_error(context, &err, &script_file(route));
    }
}

/// Calls a lifecycle hook if the page defines it.
pub(crate) fn call_hook(page: PageId, name: &str, args: &[JsValue], context: &mut Context) {
    let Some((instance, route)) = lookup(page, context) else {
        return;
    };
    match instance.get(JsString::from(name), context) {
        Ok(method) => call_method(&instance, &route, &method, args, context),
        Err(err) => report_js_error(context, &err, &script_file(&route)),
    }
}

/// `ToLogic::Event`: calls the handler method with the event object; a missing method gets
/// the platform's warning.
pub(crate) fn dispatch_event(page: PageId, handler: &str, event: &Value, context: &mut Context) {
    let Some((instance, route)) = lookup(page, context) else {
        return;
    };
    let method = match instance.get(JsString::from(handler), context) {
        Ok(method) => method,
        Err(err) => return report_js_error(context, &err, &script_file(&route)),
    };
    if !method.is_callable() {
        let kind = event.get("type").and_then(Value::as_str).unwrap_or("");
        let line = format!(
            "Component \"{route}\" does not have a method \"{handler}\" to handle event \"{kind}\"."
        );
        if let Ok(host) = Host::of(context) {
            host.console(ConsoleLevel::Warn, &line);
        }
        return;
    }
    let event = from_json(event, context);
    call_method(&instance, &route, &method, &[event], context);
}

/// `ToLogic::Callback`: runs a `setData` callback once, `this` = its page instance.
pub(crate) fn run_callback(id: CallbackId, context: &mut Context) {
    let Ok(host) = Host::of(context) else { return };
    let Some((page, callback)) = host.state.borrow_mut().callbacks.remove(&id) else {
        tracing::warn!(id, "unknown setData callback");
        return;
    };
    let Some((instance, route)) = lookup(page, context) else {
        return;
    };
    call_method(&instance, &route, &callback.into(), &[], context);
}
