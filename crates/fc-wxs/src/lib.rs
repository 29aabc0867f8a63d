//! fc-wxs runs a page's `<wxs>`/`<fxs>` modules: the small scripts a template may call in
//! a binding (`{{m.fmt(price)}}`). One [`WxsRuntime`] per page that declares modules, owned
//! by the render thread, called synchronously while bindings are evaluated (it implements
//! [`fc_view::WxsHost`]).
//!
//! It is for: an isolated boa `Context` (no `wx`/`ft`/`getApp`/`Page`, with the WXS
//! built-ins `getDate()` and `getRegExp()`), CommonJS modules (`module.exports`, `require` of
//! other `.wxs` files, each a singleton evaluated on first use), JSON in and out, and every
//! script error as a [`Diagnostic`] with file:line:col — never a panic.
//!
//! It is not for: page logic (fc-logic owns that engine, on its own thread), event handling
//! (wxs functions cannot be handlers), or finding the modules (linking in fc-template does).

#![deny(unsafe_code)]

mod errors;
mod module;
#[cfg(test)]
mod oracle;

use boa_engine::vm::RuntimeLimits;
use boa_engine::{js_string, Context, JsObject, JsValue, Source};
use fc_protocol::{Diagnostic, Value};
use fc_template::{Program, WxsModule};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Reads a bundle file (a `<wxs src>` or a `require`d file) as text.
pub type Loader = Box<dyn Fn(&str) -> Result<String, String>>;

/// Why a runtime could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WxsError {
    /// boa refused to build a context or run the built-ins (out of memory, a bug).
    #[error("cannot start the wxs engine: {0}")]
    Engine(String),
}

/// A template binding's loop guard: wxs runs on the render thread, so a runaway loop
/// would freeze the window. Real formatting helpers run far fewer iterations.
const LOOP_ITERATION_LIMIT: u64 = 10_000_000;
const RECURSION_LIMIT: usize = 256;

/// The WXS built-ins: `Date` and `RegExp` objects are made through these, not `new`.
const BUILTINS: &str = r#"
var getDate = function () {
  var args = [null];
  for (var i = 0; i < arguments.length; i++) args.push(arguments[i]);
  return new (Function.prototype.bind.apply(Date, args))();
};
var getRegExp = function (pattern, flags) {
  return flags === undefined ? new RegExp(pattern) : new RegExp(pattern, flags);
};
"#;

/// What the engine's native functions (`require`) share with the runtime.
pub(crate) struct Host {
    /// Declared modules by markup file.
    pub files: HashMap<String, Vec<WxsModule>>,
    /// `module` objects by key (`file#name` for inline modules, the path for files);
    /// `None` once loading failed, so a broken module is reported once.
    pub modules: RefCell<HashMap<String, Option<JsObject>>>,
    pub loader: Loader,
    pub diagnostics: RefCell<Vec<Diagnostic>>,
}

impl Host {
    pub(crate) fn of(context: &Context) -> Option<Rc<Host>> {
        context.get_data::<Rc<Host>>().cloned()
    }

    pub(crate) fn report(&self, d: Diagnostic) {
        let mut all = self.diagnostics.borrow_mut();
        if !all.contains(&d) {
            all.push(d);
        }
    }
}

/// The `<wxs>` modules of one page and the engine that runs them. One per page, owned by
/// the render thread (the engine is not `Send`).
pub struct WxsRuntime {
    host: Rc<Host>,
    context: RefCell<Context>,
    stringify: JsObject,
}

impl WxsRuntime {
    /// A runtime for every module the program's files declare; `None` when there are none
    /// (then no engine is started).
    pub fn for_program(program: &Program, loader: Loader) -> Result<Option<WxsRuntime>, WxsError> {
        let files: HashMap<String, Vec<WxsModule>> = program
            .files
            .iter()
            .filter(|f| !f.modules.is_empty())
            .map(|f| (f.path.clone(), f.modules.clone()))
            .collect();
        if files.is_empty() {
            return Ok(None);
        }
        WxsRuntime::new(files, loader).map(Some)
    }

    /// A runtime for `files` (markup file path → the modules it declares).
    pub fn new(
        files: HashMap<String, Vec<WxsModule>>,
        loader: Loader,
    ) -> Result<WxsRuntime, WxsError> {
        let engine = |e: boa_engine::JsError| WxsError::Engine(e.to_string());
        let mut context = Context::builder().build().map_err(engine)?;
        let mut limits = RuntimeLimits::default();
        limits.set_loop_iteration_limit(LOOP_ITERATION_LIMIT);
        limits.set_recursion_limit(RECURSION_LIMIT);
        context.set_runtime_limits(limits);
        context.eval(Source::from_bytes(BUILTINS)).map_err(engine)?;
        let json = context
            .global_object()
            .get(js_string!("JSON"), &mut context)
            .map_err(engine)?;
        let stringify = json
            .as_object()
            .map(|j| j.get(js_string!("stringify"), &mut context))
            .transpose()
            .map_err(engine)?
            .and_then(|f| f.as_callable())
            .ok_or_else(|| WxsError::Engine("JSON.stringify is missing".into()))?;
        let host = Rc::new(Host {
            files,
            modules: RefCell::new(HashMap::new()),
            loader,
            diagnostics: RefCell::new(Vec::new()),
        });
        context.insert_data(host.clone());
        Ok(WxsRuntime {
            host,
            context: RefCell::new(context),
            stringify,
        })
    }

    fn declared(&self, file: &str, name: &str) -> Option<&WxsModule> {
        self.host.files.get(file)?.iter().find(|m| m.name == name)
    }

    /// The module's `exports` value, loading the module on first use.
    fn exports_value(&self, file: &str, name: &str, context: &mut Context) -> Option<JsValue> {
        let declared = self.declared(file, name)?;
        let module = module::load_declared(file, declared, context)?;
        match module.get(js_string!("exports"), context) {
            Ok(v) => Some(v),
            Err(err) => {
                let d = errors::diagnostic_of(&err, file);
                self.host.report(d);
                None
            }
        }
    }

    /// JSON of a JS value, as `JSON.stringify` makes it; `None` for `undefined`/functions.
    fn to_json(&self, value: &JsValue, context: &mut Context, file: &str) -> Option<Value> {
        match self
            .stringify
            .call(&JsValue::undefined(), std::slice::from_ref(value), context)
        {
            Ok(text) => {
                let text = text.as_string()?.to_std_string_escaped();
                serde_json::from_str(&text).ok()
            }
            Err(err) => {
                self.host.report(errors::diagnostic_of(&err, file));
                None
            }
        }
    }
}

impl fc_view::WxsHost for WxsRuntime {
    fn has_module(&self, file: &str, name: &str) -> bool {
        self.declared(file, name).is_some()
    }

    fn call(&self, file: &str, module: &str, function: &str, args: &[Value]) -> Option<Value> {
        self.declared(file, module)?;
        // A call from inside a call cannot happen (wxs cannot reach templates); if the
        // engine is busy anyway, the binding reads undefined rather than panicking.
        let mut context = self.context.try_borrow_mut().ok()?;
        let context = &mut *context;
        let exports = self.exports_value(file, module, context)?;
        let exports = exports.as_object()?;
        let f = match exports.get(boa_engine::JsString::from(function), context) {
            Ok(f) => f.as_callable()?,
            Err(err) => {
                self.host.report(errors::diagnostic_of(&err, file));
                return None;
            }
        };
        let js_args: Vec<JsValue> = args
            .iter()
            .map(|a| JsValue::from_json(a, context).unwrap_or_default())
            .collect();
        match f.call(&exports.clone().into(), &js_args, context) {
            Ok(v) => self.to_json(&v, context, file),
            Err(err) => {
                let d = errors::diagnostic_of(&err, file);
                self.host.report(d);
                None
            }
        }
    }

    fn exports(&self, file: &str, name: &str) -> Option<Value> {
        self.declared(file, name)?;
        let mut context = self.context.try_borrow_mut().ok()?;
        let context = &mut *context;
        let exports = self.exports_value(file, name, context)?;
        Some(self.to_json(&exports, context, file).unwrap_or(Value::Null))
    }

    fn take_diagnostics(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut *self.host.diagnostics.borrow_mut())
    }
}

#[cfg(test)]
mod tests;
