//! `wx.request` (api.md §5): each request runs on its own worker thread with a blocking
//! `ureq` client; the answer comes back through the logic thread's own channel
//! (`thread::Incoming::Network`) and its callbacks run as a turn of their own. The call
//! returns a `RequestTask` (`abort()`); it is never a Promise (api.md §1: task APIs are
//! not promisified).
//!
//! While a request is in flight the logic thread reports work as due now (see
//! `Runtime::next_timer`), so `wait idle` waits for the answer (up to its 20 s timeout).

use crate::convert::{from_json, object_keys};
use crate::errors::report_js_error;
use crate::host::Host;
use crate::storage::{callbacks_of, options_of, Callbacks};
use crate::thread::Incoming;
use boa_engine::object::builtins::JsArrayBuffer;
use boa_engine::object::ObjectInitializer;
use boa_engine::{js_string, Context, JsObject, JsResult, JsString, JsValue, NativeFunction};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Duration;

/// The platform's default and largest timeout.
const DEFAULT_TIMEOUT_MS: u64 = 60_000;
/// Bodies above this are cut off with a failure rather than filling memory.
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// The requests in flight, owned by the host.
#[derive(Default)]
pub(crate) struct Requests {
    next_id: u64,
    pending: HashMap<u64, Pending>,
    /// Where workers send their answers; set once the thread starts.
    pub sender: Option<Sender<Incoming>>,
}

impl Requests {
    pub fn in_flight(&self) -> bool {
        !self.pending.is_empty()
    }

    pub fn clear(&mut self) {
        self.pending.clear();
    }
}

struct Pending {
    callbacks: Callbacks,
    json: bool,
    array_buffer: bool,
    aborted: Arc<AtomicBool>,
}

/// A worker's answer.
pub(crate) struct Reply {
    id: u64,
    outcome: Result<Response, String>,
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

struct Outgoing {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    timeout: Duration,
}

fn string_of(value: &JsValue, context: &mut Context) -> JsResult<String> {
    Ok(value.to_string(context)?.to_std_string_escaped())
}

fn get(object: &JsObject, name: &str, context: &mut Context) -> JsResult<JsValue> {
    object.get(JsString::from(name), context)
}

/// `application/x-www-form-urlencoded` / query-string encoding of one component.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// An object's fields as `k=v&...` (objects as JSON, like the platform).
fn form(data: &JsObject, context: &mut Context) -> JsResult<String> {
    let mut parts = Vec::new();
    for key in object_keys(data, context)? {
        let value = get(data, &key, context)?;
        let text = if value.is_object() {
            crate::convert::stringify(&value, context)?.unwrap_or_default()
        } else {
            string_of(&value, context)?
        };
        parts.push(format!("{}={}", encode(&key), encode(&text)));
    }
    Ok(parts.join("&"))
}

fn build(options: &JsObject, context: &mut Context) -> JsResult<Result<Outgoing, String>> {
    let url = get(options, "url", context)?;
    let Some(url) = url.as_string().map(|s| s.to_std_string_escaped()) else {
        return Ok(Err(
            "parameter error: parameter.url should be String".to_string()
        ));
    };
    let method = get(options, "method", context)?;
    let method = if method.is_undefined() {
        "GET".to_string()
    } else {
        string_of(&method, context)?.to_ascii_uppercase()
    };
    let mut headers = Vec::new();
    if let Some(header) = get(options, "header", context)?.as_object() {
        for key in object_keys(&header, context)? {
            let value = get(&header, &key, context)?;
            headers.push((key, string_of(&value, context)?));
        }
    }
    let content_type = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.to_ascii_lowercase());
    let data = get(options, "data", context)?;
    let mut url = url;
    let mut body = None;
    if let Some(text) = data.as_string() {
        body = Some(text.to_std_string_escaped().into_bytes());
    } else if let Some(object) = data.as_object() {
        if let Ok(buffer) = JsArrayBuffer::from_object(object.clone()) {
            body = buffer.data().map(|d| d.to_vec());
        } else if method == "GET" {
            let query = form(&object, context)?;
            if !query.is_empty() {
                let joiner = if url.contains('?') { '&' } else { '?' };
                url = format!("{url}{joiner}{query}");
            }
        } else if content_type
            .as_deref()
            .is_some_and(|t| t.contains("x-www-form-urlencoded"))
        {
            body = Some(form(&object, context)?.into_bytes());
        } else {
            let text = crate::convert::stringify(&data, context)?.unwrap_or_default();
            body = Some(text.into_bytes());
        }
    }
    if body.is_some() && content_type.is_none() {
        headers.push(("content-type".into(), "application/json".into()));
    }
    let timeout = get(options, "timeout", context)?;
    let timeout = match timeout.as_number() {
        Some(ms) if ms.is_finite() && ms > 0.0 => (ms as u64).min(DEFAULT_TIMEOUT_MS),
        _ => DEFAULT_TIMEOUT_MS,
    };
    Ok(Ok(Outgoing {
        method,
        url,
        headers,
        body,
        timeout: Duration::from_millis(timeout),
    }))
}

/// The worker: one blocking exchange. An HTTP error status is a response, not a failure.
fn fetch(out: Outgoing) -> Result<Response, String> {
    let agent = ureq::AgentBuilder::new().timeout(out.timeout).build();
    let mut request = agent.request(&out.method, &out.url);
    for (name, value) in &out.headers {
        request = request.set(name, value);
    }
    let result = match &out.body {
        Some(body) => request.send_bytes(body),
        None => request.call(),
    };
    let response = match result {
        Ok(response) | Err(ureq::Error::Status(_, response)) => response,
        Err(ureq::Error::Transport(err)) => return Err(failure_reason(&err.to_string())),
    };
    let status = response.status();
    let headers = response
        .headers_names()
        .into_iter()
        .filter_map(|name| {
            let value = response.header(&name)?.to_string();
            Some((name, value))
        })
        .collect();
    let mut body = Vec::new();
    response
        .into_reader()
        .take(MAX_BODY)
        .read_to_end(&mut body)
        .map_err(|err| failure_reason(&err.to_string()))?;
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// The platform's short reasons where it has one.
fn failure_reason(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    if lower.contains("timed out") || lower.contains("timeout") {
        "timeout".to_string()
    } else {
        text.to_string()
    }
}

/// `wx.request(options)`.
pub(crate) fn request(
    _this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let options = options_of(args, context);
    let callbacks = callbacks_of(&options, context)?;
    let data_type = get(&options, "dataType", context)?;
    let json = data_type.is_undefined() || string_of(&data_type, context)? == "json";
    let response_type = get(&options, "responseType", context)?;
    let array_buffer =
        !response_type.is_undefined() && string_of(&response_type, context)? == "arraybuffer";
    let outgoing = build(&options, context)?;
    let aborted = Arc::new(AtomicBool::new(false));
    let id = {
        let mut requests = host.requests.borrow_mut();
        requests.next_id += 1;
        requests.next_id
    };
    host.requests.borrow_mut().pending.insert(
        id,
        Pending {
            callbacks,
            json,
            array_buffer,
            aborted: aborted.clone(),
        },
    );
    let sender = host.requests.borrow().sender.clone();
    match (outgoing, sender) {
        (Ok(outgoing), Some(sender)) => {
            let spawned = std::thread::Builder::new()
                .name("fc-request".into())
                .spawn(move || {
                    let outcome = fetch(outgoing);
                    if !aborted.load(Ordering::Relaxed) {
                        let _ = sender.send(Incoming::Network(Reply { id, outcome }));
                    }
                });
            if let Err(err) = spawned {
                fail_later(id, format!("cannot start a request thread: {err}"), context);
            }
        }
        (Err(reason), _) => fail_later(id, reason, context),
        (Ok(_), None) => fail_later(id, "the network is not available".into(), context),
    }
    Ok(task(id, context).into())
}

/// Fails request `id` from a promise job (never inside the call).
fn fail_later(id: u64, reason: String, context: &mut Context) {
    let realm = context.realm().clone();
    let job = boa_engine::job::PromiseJob::with_realm(
        move |context| {
            answer(
                Reply {
                    id,
                    outcome: Err(reason),
                },
                context,
            );
            Ok(JsValue::undefined())
        },
        realm,
    );
    context.enqueue_job(boa_engine::job::Job::PromiseJob(job));
}

/// The `RequestTask`: `abort()` (fails the request with `request:fail abort` unless it
/// already answered) and header/chunk listeners, accepted and never called.
fn task(id: u64, context: &mut Context) -> JsObject {
    let abort = NativeFunction::from_copy_closure(move |_this, _args, context| {
        let host = Host::of(context)?;
        let pending = host
            .requests
            .borrow()
            .pending
            .get(&id)
            .map(|p| p.aborted.clone());
        if let Some(flag) = pending {
            flag.store(true, Ordering::Relaxed);
            fail_later(id, "abort".into(), context);
        }
        Ok(JsValue::undefined())
    });
    let noop = || NativeFunction::from_fn_ptr(|_, _, _| Ok(JsValue::undefined()));
    ObjectInitializer::new(context)
        .function(abort, js_string!("abort"), 0)
        .function(noop(), js_string!("onHeadersReceived"), 1)
        .function(noop(), js_string!("offHeadersReceived"), 1)
        .function(noop(), js_string!("onChunkReceived"), 1)
        .function(noop(), js_string!("offChunkReceived"), 1)
        .build()
}

/// Runs a request's callbacks with its answer (success with the response, whatever its
/// status, or fail), then `complete`. A request already answered (aborted) is ignored.
pub(crate) fn answer(reply: Reply, context: &mut Context) {
    let Ok(host) = Host::of(context) else { return };
    let Some(pending) = host.requests.borrow_mut().pending.remove(&reply.id) else {
        return;
    };
    let (ok, result) = match reply.outcome {
        Ok(response) => (true, success_object(response, &pending, context)),
        Err(reason) => {
            let fields = json!({"errMsg": format!("request:fail {reason}"), "errno": 600001});
            (false, from_json(&fields, context))
        }
    };
    let first = if ok {
        pending.callbacks.success
    } else {
        pending.callbacks.fail
    };
    for callback in [first, pending.callbacks.complete].into_iter().flatten() {
        if let Err(err) = callback.call(
            &JsValue::undefined(),
            std::slice::from_ref(&result),
            context,
        ) {
            report_js_error(context, &err, "app.js");
        }
    }
}

fn success_object(response: Response, pending: &Pending, context: &mut Context) -> JsValue {
    let mut header = serde_json::Map::new();
    for (name, value) in &response.headers {
        header.insert(name.clone(), Value::String(value.clone()));
    }
    let fields = json!({
        "errMsg": "request:ok",
        "statusCode": response.status,
        "header": header,
        "cookies": [],
    });
    let result = from_json(&fields, context);
    let data = if pending.array_buffer {
        match JsArrayBuffer::new(response.body.len(), context) {
            Ok(buffer) => {
                if let Some(mut bytes) = buffer.data_mut() {
                    bytes.copy_from_slice(&response.body);
                }
                buffer.into()
            }
            Err(_) => JsValue::undefined(),
        }
    } else {
        let text = String::from_utf8_lossy(&response.body).into_owned();
        // dataType json: parsed when it parses, else the text (the platform does the same).
        match serde_json::from_str::<Value>(&text) {
            Ok(parsed) if pending.json => from_json(&parsed, context),
            _ => JsString::from(text.as_str()).into(),
        }
    };
    if let Some(object) = result.as_object() {
        let _ = object.set(js_string!("data"), data, true, context);
    }
    result
}
