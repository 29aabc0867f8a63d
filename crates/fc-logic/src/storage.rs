//! `wx.setStorage/getStorage/removeStorage/clearStorage/getStorageInfo` and their `*Sync`
//! forms (api.md §1, §2) over the app's [`fc_storage::Store`].
//!
//! Every call does its work on disk at once, in call order, so a `getStorageSync` right after
//! an async `setStorage` sees the value. The async forms only *report* later: their
//! callbacks (`success`/`fail`, then `complete`) or their Promise (when none of the three is
//! given) run from a promise job queued by the call, never inside it — the platform's rule.
//! The sync forms return the result and throw `Error("<api>:fail <reason>")`.
//!
//! A top-level `Date` is stored as a date and comes back as a `Date`; `undefined` (and what
//! `JSON.stringify` drops: a function, a symbol) comes back as `undefined`; everything else
//! as its `JSON.stringify` form, a fresh copy (see `fc-storage`'s docs).
//!
//! The store opens on the first storage call, so an app that never uses storage never
//! touches the data folder.

use crate::convert::{from_json, to_json};
use crate::errors::error_message;
use crate::host::Host;
use boa_engine::object::builtins::{JsArray, JsDate};
use boa_engine::value::JsVariant;
use boa_engine::{
    js_string, Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction,
};
use fc_storage::{Store, StoredValue};
use std::path::PathBuf;

/// The app's store: not opened until first used. One per logic thread, in its `Host`.
pub(crate) enum StorageSlot {
    /// Not used yet; the folder it will open (`None`: no data folder could be found).
    Unopened(Option<PathBuf>),
    Open(Store),
    /// Opening failed; every call fails with this reason.
    Failed(String),
}

impl StorageSlot {
    pub fn new(dir: Option<PathBuf>) -> StorageSlot {
        StorageSlot::Unopened(dir)
    }
}

/// The `wx` methods this module provides: name, `length`, function.
pub(crate) fn storage_functions() -> Vec<(&'static str, usize, NativeFunction)> {
    vec![
        ("setStorage", 1, NativeFunction::from_fn_ptr(set_storage)),
        ("getStorage", 1, NativeFunction::from_fn_ptr(get_storage)),
        (
            "removeStorage",
            1,
            NativeFunction::from_fn_ptr(remove_storage),
        ),
        (
            "clearStorage",
            1,
            NativeFunction::from_fn_ptr(clear_storage),
        ),
        (
            "getStorageInfo",
            1,
            NativeFunction::from_fn_ptr(get_storage_info),
        ),
        (
            "setStorageSync",
            2,
            NativeFunction::from_fn_ptr(set_storage_sync),
        ),
        (
            "getStorageSync",
            1,
            NativeFunction::from_fn_ptr(get_storage_sync),
        ),
        (
            "removeStorageSync",
            1,
            NativeFunction::from_fn_ptr(remove_storage_sync),
        ),
        (
            "clearStorageSync",
            0,
            NativeFunction::from_fn_ptr(clear_storage_sync),
        ),
        (
            "getStorageInfoSync",
            0,
            NativeFunction::from_fn_ptr(get_storage_info_sync),
        ),
    ]
}

/// Runs `f` on the store, opening it first if needed. `Err` is the `errMsg` reason.
fn with_store<R>(
    context: &Context,
    f: impl FnOnce(&mut Store) -> Result<R, String>,
) -> Result<R, String> {
    let host = Host::of(context).map_err(|e| e.to_string())?;
    // No JS runs while the slot is borrowed: `f` is plain Rust.
    let mut slot = host.storage.borrow_mut();
    if let StorageSlot::Unopened(dir) = &*slot {
        *slot = match dir {
            Some(dir) => match Store::open(dir.clone()) {
                Ok(store) => {
                    tracing::debug!("storage: {}", dir.display());
                    StorageSlot::Open(store)
                }
                Err(err) => {
                    tracing::error!("storage cannot be opened: {err}");
                    StorageSlot::Failed(err.to_string())
                }
            },
            None => StorageSlot::Failed(
                "no user data directory for storage; pass --data-dir".to_string(),
            ),
        };
    }
    match &mut *slot {
        StorageSlot::Open(store) => f(store),
        StorageSlot::Failed(reason) => Err(reason.clone()),
        StorageSlot::Unopened(_) => Err("storage is not open".to_string()),
    }
}

/// The type name WeChat's parameter checks print (`String`, `Undefined`, `Array`, ...).
fn type_name(value: &JsValue) -> &'static str {
    match value.variant() {
        JsVariant::Undefined => "Undefined",
        JsVariant::Null => "Null",
        JsVariant::Boolean(_) => "Boolean",
        JsVariant::Integer32(_) | JsVariant::Float64(_) => "Number",
        JsVariant::String(_) => "String",
        JsVariant::Symbol(_) => "Symbol",
        JsVariant::BigInt(_) => "BigInt",
        JsVariant::Object(obj) if obj.is_array() => "Array",
        JsVariant::Object(obj) if obj.is_callable() => "Function",
        JsVariant::Object(_) => "Object",
    }
}

/// The `key` argument: a string, else the platform's parameter error.
fn key_of(value: &JsValue) -> Result<String, String> {
    match value.as_string() {
        Some(key) => Ok(key.to_std_string_escaped()),
        None => Err(format!(
            "parameter error: parameter.key should be String instead of {};",
            type_name(value)
        )),
    }
}

/// A JS value as it will be stored. A cyclic object or a BigInt fails, with the error
/// `JSON.stringify` throws.
fn to_stored(value: &JsValue, context: &mut Context) -> Result<StoredValue, String> {
    if value.is_undefined() {
        return Ok(StoredValue::Undefined);
    }
    if let Some(date) = value.as_object().and_then(|o| JsDate::from_object(o).ok()) {
        let time = date
            .get_time(context)
            .map_err(|e| error_message(&e, context))?;
        return Ok(StoredValue::Date(time.as_number().unwrap_or(f64::NAN)));
    }
    match to_json(value, context) {
        Ok(Some(json)) => Ok(StoredValue::Json(json)),
        Ok(None) => Ok(StoredValue::Undefined),
        Err(err) => Err(error_message(&err, context)),
    }
}

/// A stored value as a fresh JS value.
fn from_stored(value: &StoredValue, context: &mut Context) -> JsResult<JsValue> {
    Ok(match value {
        StoredValue::Undefined => JsValue::undefined(),
        StoredValue::Date(ms) => {
            let date = JsDate::new(context);
            date.set_time(*ms, context)?;
            date.into()
        }
        StoredValue::Json(json) => from_json(json, context),
    })
}

/// `getStorageInfo`'s fields.
fn info_fields(context: &mut Context) -> Result<Fields, String> {
    let (keys, current, limit) = with_store(context, |store| {
        let keys: Vec<String> = store.keys().map(str::to_string).collect();
        Ok((keys, store.current_size_kb(), fc_storage::LIMIT_SIZE_KB))
    })?;
    let keys: Vec<JsValue> = keys
        .into_iter()
        .map(|k| JsString::from(k.as_str()).into())
        .collect();
    Ok(vec![
        ("keys", JsArray::from_iter(keys, context).into()),
        ("currentSize", JsValue::from(current as f64)),
        ("limitSize", JsValue::from(limit as f64)),
    ])
}

fn do_set(key: &JsValue, data: &JsValue, context: &mut Context) -> Result<(), String> {
    let key = key_of(key)?;
    let value = to_stored(data, context)?;
    with_store(context, |store| {
        store.set(&key, value).map_err(|e| e.to_string())
    })
}

/// The value under `key`; `Ok(None)` when there is none.
fn do_get(key: &JsValue, context: &mut Context) -> Result<Option<JsValue>, String> {
    let key = key_of(key)?;
    let value = with_store(context, |store| Ok(store.get(&key).cloned()))?;
    match value {
        Some(value) => from_stored(&value, context)
            .map(Some)
            .map_err(|e| error_message(&e, context)),
        None => Ok(None),
    }
}

fn do_remove(key: &JsValue, context: &mut Context) -> Result<(), String> {
    let key = key_of(key)?;
    with_store(context, |store| {
        store.remove(&key).map(|_| ()).map_err(|e| e.to_string())
    })
}

fn do_clear(context: &mut Context) -> Result<(), String> {
    with_store(context, |store| store.clear().map_err(|e| e.to_string()))
}

// ---- async forms ------------------------------------------------------------------------

/// Extra fields of a success result (besides `errMsg`).
type Fields = Vec<(&'static str, JsValue)>;

/// The callbacks of an async call; all `None` means Promise style.
pub(crate) struct Callbacks {
    pub success: Option<JsObject>,
    pub fail: Option<JsObject>,
    pub complete: Option<JsObject>,
}

/// The object argument of an async call (none, or not an object, counts as `{}`).
pub(crate) fn options_of(args: &[JsValue], context: &mut Context) -> JsObject {
    args.first()
        .and_then(JsValue::as_object)
        .unwrap_or_else(|| JsObject::with_object_proto(context.intrinsics()))
}

fn property(object: &JsObject, name: &str, context: &mut Context) -> JsResult<JsValue> {
    object.get(JsString::from(name), context)
}

pub(crate) fn callbacks_of(options: &JsObject, context: &mut Context) -> JsResult<Callbacks> {
    let mut callable = |name: &str| -> JsResult<Option<JsObject>> {
        Ok(property(options, name, context)?.as_callable())
    };
    Ok(Callbacks {
        success: callable("success")?,
        fail: callable("fail")?,
        complete: callable("complete")?,
    })
}

/// Builds the result object, then reports it from a promise job: callbacks, or the returned
/// Promise when no callback was given.
fn finish(
    api: &str,
    outcome: Result<Fields, String>,
    callbacks: Callbacks,
    context: &mut Context,
) -> JsResult<JsValue> {
    let result = JsObject::with_object_proto(context.intrinsics());
    let ok = outcome.is_ok();
    match outcome {
        Ok(fields) => {
            result.set(
                js_string!("errMsg"),
                js(&format!("{api}:ok")),
                true,
                context,
            )?;
            for (name, value) in fields {
                result.set(JsString::from(name), value, true, context)?;
            }
        }
        Err(reason) => {
            let message = format!("{api}:fail {reason}");
            result.set(js_string!("errMsg"), js(&message), true, context)?;
        }
    }
    crate::stubs::deliver(result, ok, callbacks, context)
}

fn js(text: &str) -> JsValue {
    JsString::from(text).into()
}

fn set_storage(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let callbacks = callbacks_of(&options, context)?;
    let key = property(&options, "key", context)?;
    let data = property(&options, "data", context)?;
    let outcome = do_set(&key, &data, context).map(|()| Vec::new());
    finish("setStorage", outcome, callbacks, context)
}

fn get_storage(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let callbacks = callbacks_of(&options, context)?;
    let key = property(&options, "key", context)?;
    let outcome = match do_get(&key, context) {
        Ok(Some(data)) => Ok(vec![("data", data)]),
        Ok(None) => Err("data not found".to_string()),
        Err(reason) => Err(reason),
    };
    finish("getStorage", outcome, callbacks, context)
}

fn remove_storage(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let callbacks = callbacks_of(&options, context)?;
    let key = property(&options, "key", context)?;
    let outcome = do_remove(&key, context).map(|()| Vec::new());
    finish("removeStorage", outcome, callbacks, context)
}

fn clear_storage(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let callbacks = callbacks_of(&options, context)?;
    let outcome = do_clear(context).map(|()| Vec::new());
    finish("clearStorage", outcome, callbacks, context)
}

fn get_storage_info(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let options = options_of(args, context);
    let callbacks = callbacks_of(&options, context)?;
    let outcome = info_fields(context);
    finish("getStorageInfo", outcome, callbacks, context)
}

// ---- sync forms -------------------------------------------------------------------------

/// `Error("<api>:fail <reason>")`, what the sync forms throw.
fn sync_error(api: &str, reason: String) -> JsError {
    JsNativeError::error()
        .with_message(format!("{api}:fail {reason}"))
        .into()
}

fn arg(args: &[JsValue], i: usize) -> JsValue {
    args.get(i).cloned().unwrap_or_default()
}

fn set_storage_sync(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    do_set(&arg(args, 0), &arg(args, 1), context)
        .map_err(|reason| sync_error("setStorageSync", reason))?;
    Ok(JsValue::undefined())
}

/// The value, or `''` for a missing key (the platform's choice, not `undefined`).
fn get_storage_sync(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let value =
        do_get(&arg(args, 0), context).map_err(|reason| sync_error("getStorageSync", reason))?;
    Ok(value.unwrap_or_else(|| js("")))
}

fn remove_storage_sync(
    _this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    do_remove(&arg(args, 0), context).map_err(|reason| sync_error("removeStorageSync", reason))?;
    Ok(JsValue::undefined())
}

fn clear_storage_sync(
    _this: &JsValue,
    _args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    do_clear(context).map_err(|reason| sync_error("clearStorageSync", reason))?;
    Ok(JsValue::undefined())
}

fn get_storage_info_sync(
    _this: &JsValue,
    _args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let fields = info_fields(context).map_err(|reason| sync_error("getStorageInfoSync", reason))?;
    let result = JsObject::with_object_proto(context.intrinsics());
    for (name, value) in fields {
        result.set(JsString::from(name), value, true, context)?;
    }
    Ok(result.into())
}
