//! `wx.createSelectorQuery()` and the page instance's `this.createSelectorQuery()`
//! (api.md §8).
//!
//! `SelectorQuery`/`NodesRef` are plain JS objects (`query/selector_query.js`): they only
//! queue requests. `exec()` calls the native `send`, which keeps the answer callback under
//! an id and sends one `ToRender::Query` with the page id and every request; the render
//! thread lays the page out and answers with `ToLogic::QueryDone`, a turn of its own, in
//! which the per-request callbacks and then `exec`'s callback run.
//!
//! `in(component)` takes a page instance (its page) or anything else (ignored: the query
//! stays on its page). Custom components do not exist yet, so no query is scoped to one.

use crate::convert::{from_json, to_json};
use crate::errors::report_js_error;
use crate::host::Host;
use boa_engine::{
    js_string, Context, JsNativeError, JsObject, JsResult, JsValue, NativeFunction, Source,
};
use fc_protocol::{CallbackId, PageId, QueryFields, QueryRequest, QueryTarget, ToRender};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

const SELECTOR_QUERY_JS: &str = include_str!("query/selector_query.js");

#[derive(Default)]
struct QueryState {
    /// `createSelectorQuery(pageId)` from `selector_query.js`, made on first use.
    factory: Option<JsObject>,
    /// `exec()` answer callbacks waiting for `ToLogic::QueryDone`.
    pending: HashMap<CallbackId, JsObject>,
    next: CallbackId,
}

type Shared = Rc<RefCell<QueryState>>;

fn state(context: &mut Context) -> Shared {
    if let Some(s) = context.get_data::<Shared>() {
        return s.clone();
    }
    let s: Shared = Rc::default();
    context.insert_data(s.clone());
    s
}

/// The `wx` methods this module provides: name, `length`, function.
pub(crate) fn query_functions() -> Vec<(&'static str, usize, NativeFunction)> {
    vec![(
        "createSelectorQuery",
        0,
        NativeFunction::from_fn_ptr(wx_create_selector_query),
    )]
}

/// Gives a page instance its `createSelectorQuery()`, scoped to that page.
pub(crate) fn install_on_page(
    instance: &JsObject,
    page: PageId,
    context: &mut Context,
) -> JsResult<()> {
    let method = NativeFunction::from_copy_closure(move |_this, _args, context| {
        create_query(Some(page), context)
    })
    .to_js_function(context.realm());
    instance.set(js_string!("createSelectorQuery"), method, true, context)?;
    Ok(())
}

/// `wx.createSelectorQuery()`: a query on the current page (the top of the stack).
fn wx_create_selector_query(
    _this: &JsValue,
    _args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let page = current_page(context)?;
    create_query(page, context)
}

fn create_query(page: Option<PageId>, context: &mut Context) -> JsResult<JsValue> {
    let factory = factory(context)?;
    let page = page.map_or(JsValue::null(), |p| JsValue::from(p as f64));
    factory.call(&JsValue::undefined(), &[page], context)
}

/// The JS factory, evaluated once with the two natives it closes over.
fn factory(context: &mut Context) -> JsResult<JsObject> {
    let shared = state(context);
    let cached = shared.borrow().factory.clone();
    if let Some(f) = cached {
        return Ok(f);
    }
    let make = context.eval(Source::from_bytes(SELECTOR_QUERY_JS))?;
    let make = make.as_callable().ok_or_else(|| {
        JsNativeError::error().with_message("selector_query.js is not a function")
    })?;
    let send = NativeFunction::from_fn_ptr(send).to_js_function(context.realm());
    let page_of = NativeFunction::from_fn_ptr(page_of).to_js_function(context.realm());
    let f = make.call(
        &JsValue::undefined(),
        &[send.into(), page_of.into()],
        context,
    )?;
    let f = f
        .as_callable()
        .ok_or_else(|| JsNativeError::error().with_message("selector_query.js gave no function"))?;
    shared.borrow_mut().factory = Some(f.clone());
    Ok(f)
}

/// The page on top of the stack (`getCurrentPages()`'s last).
fn current_page(context: &mut Context) -> JsResult<Option<PageId>> {
    let pages = crate::navigation::current_pages(context)?;
    let Some(top) = pages.last().and_then(JsValue::as_object) else {
        return Ok(None);
    };
    page_id_of(&top, context)
}

fn page_id_of(instance: &JsObject, context: &Context) -> JsResult<Option<PageId>> {
    let host = Host::of(context)?;
    let state = host.state.borrow();
    Ok(state
        .pages
        .iter()
        .find(|p| JsObject::equals(&p.instance, instance))
        .map(|p| p.id))
}

/// Native `pageOf(x)`: the page id of a page instance, else `null`.
fn page_of(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let Some(object) = args.first().and_then(JsValue::as_object) else {
        return Ok(JsValue::null());
    };
    Ok(page_id_of(&object, context)?.map_or(JsValue::null(), |p| JsValue::from(p as f64)))
}

/// Native `send(page, requests, done)`: one `ToRender::Query`.
fn send(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    // No page (a query made before any page exists) is answered as an empty page: page
    // ids start at 1.
    let page = arg(0).as_number().map_or(0, |p| p as PageId);
    let requests = match to_json(&arg(1), context)? {
        Some(Value::Array(items)) => items.iter().map(request_of).collect(),
        _ => Vec::new(),
    };
    let Some(done) = arg(2).as_callable() else {
        return Ok(JsValue::undefined());
    };
    let shared = state(context);
    let query = {
        let mut s = shared.borrow_mut();
        s.next += 1;
        let id = s.next;
        s.pending.insert(id, done);
        id
    };
    let host = Host::of(context)?;
    // The `setData` calls made so far this turn go first, so the answer sees their effect
    // (both travel on one channel, in order, as on the platform).
    crate::set_data::flush(&host);
    host.send(ToRender::Query {
        page,
        query,
        requests,
    });
    Ok(JsValue::undefined())
}

/// One queued request as `selector_query.js` builds it.
fn request_of(item: &Value) -> QueryRequest {
    let selector = item
        .get("selector")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let target = match item.get("target").and_then(Value::as_str) {
        Some("all") => QueryTarget::All(selector),
        Some("viewport") => QueryTarget::Viewport,
        _ => QueryTarget::First(selector),
    };
    let fields = item.get("fields").cloned().unwrap_or_default();
    let flag = |name: &str| fields.get(name).and_then(Value::as_bool).unwrap_or(false);
    let list = |name: &str| -> Vec<String> {
        fields
            .get(name)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    QueryRequest {
        target,
        fields: QueryFields {
            id: flag("id"),
            dataset: flag("dataset"),
            rect: flag("rect"),
            size: flag("size"),
            scroll_offset: flag("scrollOffset"),
            properties: list("properties"),
            computed_style: list("computedStyle"),
        },
    }
}

/// `ToLogic::QueryDone`: runs the query's callbacks with the results array.
pub(crate) fn query_done(query: CallbackId, results: Vec<Value>, context: &mut Context) {
    let Some(done) = state(context).borrow_mut().pending.remove(&query) else {
        tracing::warn!(query, "answer to an unknown selector query");
        return;
    };
    let results = from_json(&Value::Array(results), context);
    if let Err(err) = done.call(&JsValue::undefined(), &[results], context) {
        report_js_error(context, &err, "app.js");
    }
}
