//! The global names the platform gives every file: `App`, `Page`, `getApp`,
//! `getCurrentPages`, `console`, and the API object under both of its names, `wx` (WeChat)
//! and `ft` (FinClip) — one object, so code mixing the two works. Its storage methods are
//! in `storage.rs`.

use crate::console::create_console;
use crate::errors::report_here;
use crate::host::Host;
use crate::navigation::{current_pages, navigation_functions};
use crate::request::request;
use crate::storage::storage_functions;
use crate::stubs::stub_functions;
use crate::system::system_functions;
use crate::timers::{next_tick, timer_globals};
use boa_engine::object::builtins::JsArray;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{js_string, Context, JsObject, JsResult, JsString, JsValue, NativeFunction};

/// Installs the globals. Run once, before any bundle code.
pub(crate) fn install_globals(context: &mut Context) -> JsResult<()> {
    let functions: [(&str, usize, NativeFunction); 4] = [
        ("App", 1, NativeFunction::from_fn_ptr(app)),
        ("Page", 1, NativeFunction::from_fn_ptr(page)),
        ("getApp", 0, NativeFunction::from_fn_ptr(get_app)),
        (
            "getCurrentPages",
            0,
            NativeFunction::from_fn_ptr(get_current_pages),
        ),
    ];
    for (name, length, function) in functions.into_iter().chain(timer_globals()) {
        context.register_global_builtin_callable(JsString::from(name), length, function)?;
    }

    // Writable and configurable like any script-defined global, but not enumerable.
    let attr = Attribute::WRITABLE | Attribute::CONFIGURABLE;
    let console = create_console(context);
    context.register_global_property(js_string!("console"), console, attr)?;
    let api = create_api(context);
    context.register_global_property(js_string!("wx"), api.clone(), attr)?;
    context.register_global_property(js_string!("ft"), api, attr)?;
    Ok(())
}

/// The `wx`/`ft` object: storage, navigation, system info, `nextTick`, stubs, `canIUse`.
fn create_api(context: &mut Context) -> JsObject {
    let mut api = ObjectInitializer::new(context);
    // Runtime APIs (timers.rs, system.rs, stubs.rs; `canIUse` is in stubs.rs).
    api.function(
        NativeFunction::from_fn_ptr(next_tick),
        js_string!("nextTick"),
        1,
    );
    api.function(
        NativeFunction::from_fn_ptr(request),
        js_string!("request"),
        1,
    );
    for (name, length, function) in system_functions().into_iter().chain(stub_functions()) {
        api.function(function, JsString::from(name), length);
    }
    for (name, length, function) in storage_functions()
        .into_iter()
        .chain(navigation_functions())
        .chain(crate::feedback::feedback_functions())
        .chain(crate::scroll::scroll_functions())
        .chain(crate::query::query_functions())
    {
        api.function(function, JsString::from(name), length);
    }
    api.build()
}

/// The object argument of `App()`/`Page()`; none (or not an object) counts as `{}`.
fn options_arg(args: &[JsValue], context: &mut Context) -> JsObject {
    args.first()
        .and_then(JsValue::as_object)
        .unwrap_or_else(|| JsObject::with_object_proto(context.intrinsics()))
}

/// `App(options)`: the options object itself becomes the app instance (`getApp()` returns
/// it with the same identity).
fn app(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let options = options_arg(args, context);
    let already = host.state.borrow().app.is_some();
    if already {
        report_here(
            context,
            "App() may only be called once; this call is ignored",
            "app.js",
        );
    } else {
        host.state.borrow_mut().app = Some(options);
    }
    Ok(JsValue::undefined())
}

/// `Page(options)`: registers the definition of the page whose script is running.
fn page(_this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let options = options_arg(args, context);
    let problem = {
        let mut state = host.state.borrow_mut();
        match state.registering.as_mut() {
            Some(reg) if reg.options.is_none() => {
                reg.options = Some(options);
                None
            }
            Some(reg) => Some((
                format!(
                    "Page() may only be called once in {}; this call is ignored",
                    reg.file
                ),
                reg.file.clone(),
            )),
            None => Some((
                "Page() must be called by a page script while it loads; this call is ignored"
                    .to_string(),
                "app.js".to_string(),
            )),
        }
    };
    if let Some((message, file)) = problem {
        report_here(context, &message, &file);
    }
    Ok(JsValue::undefined())
}

/// `getApp()`: the app instance; undefined before `App()` ran.
fn get_app(_this: &JsValue, _args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let host = Host::of(context)?;
    let app = host.state.borrow().app.clone();
    Ok(app.map(JsValue::from).unwrap_or_default())
}

/// `getCurrentPages()`: the live page instances, bottom of the stack first.
fn get_current_pages(
    _this: &JsValue,
    _args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let pages = current_pages(context)?;
    Ok(JsArray::from_iter(pages, context).into())
}
