//! Running bundle `.js` files as CommonJS modules: each file gets its own function scope
//! (top-level `var`/`function` stay private), `module`, `exports` and a `require` that
//! resolves paths relative to the file; each file runs once and is cached.
//!
//! The wrapper header is put on the file's first line, so line numbers in errors are the
//! file's own; only columns on line 1 move (see `errors.rs`).

use crate::errors::{report_js_error, syntax_diagnostic};
use crate::host::Host;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{
    js_string, Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction, Script, Source,
};
use fc_protocol::Diagnostic;
use std::path::Path;

/// Opens every file's function; ends on the same line, so no line numbers move.
pub(crate) const WRAP_PREFIX: &str = "(function (module, exports, require) {";
/// The newline keeps a `//` comment on the file's last line from swallowing the brace.
const WRAP_SUFFIX: &str = "\n})";

/// Helpers written in JS, run once when the context is made. Not reachable from app code.
pub(crate) const PRELUDE: &str = r#"(function () {
  // Page({data}) is deep-copied per instance, so two instances never share objects.
  // Dates are copied, functions and class instances shared, cycles kept as cycles.
  function copy(v, seen) {
    if (typeof v !== 'object' || v === null) return v;
    if (v instanceof Date) return new Date(v.getTime());
    var done = seen.get(v);
    if (done !== undefined) return done;
    var out;
    if (Array.isArray(v)) {
      out = [];
      seen.set(v, out);
      for (var i = 0; i < v.length; i++) out[i] = copy(v[i], seen);
      return out;
    }
    var proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    out = {};
    seen.set(v, out);
    var keys = Object.keys(v);
    for (var k = 0; k < keys.length; k++) out[keys[k]] = copy(v[keys[k]], seen);
    return out;
  }
  return function deepCopy(v) { return copy(v, new Map()); };
})()"#;

/// Why a file could not be run.
pub(crate) enum LoadError {
    /// No such file in the bundle (or unreadable).
    Missing(Diagnostic),
    /// It does not parse.
    Syntax(Diagnostic),
    /// Its top-level code threw.
    Thrown(JsError),
}

/// Parses a file and returns its module function (not yet called).
fn compile(path: &str, text: &str, context: &mut Context) -> Result<JsObject, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // `import`/`export` become CommonJS first, on the same lines (esm.rs).
    let converted = crate::esm::to_commonjs(text);
    let body = converted.as_deref().unwrap_or(text);
    let wrapped = format!("{WRAP_PREFIX}{body}{WRAP_SUFFIX}");
    let source = Source::from_bytes(wrapped.as_bytes()).with_path(Path::new(path));
    let script = Script::parse(source, None, context)
        .map_err(|err| LoadError::Syntax(syntax_diagnostic(path, text, &err)))?;
    let function = script.evaluate(context).map_err(LoadError::Thrown)?;
    function.as_callable().ok_or_else(|| {
        // Only a file that closes the wrapper itself (`}) ; (...`) can get here.
        LoadError::Syntax(Diagnostic::error(
            path,
            0,
            0,
            "SyntaxError: unbalanced braces",
        ))
    })
}

/// Runs the file at bundle path `path` once and returns its `module` object; later calls
/// return the cached one (also while it is still running: circular `require`s see the
/// exports made so far, as in CommonJS).
pub(crate) fn load_module(path: &str, context: &mut Context) -> Result<JsObject, LoadError> {
    let host = Host::of(context).map_err(LoadError::Thrown)?;
    if let Some(module) = host.state.borrow().modules.get(path) {
        return Ok(module.clone());
    }
    let text = host.bundle.read_text(path).map_err(|err| {
        LoadError::Missing(Diagnostic::error(
            path,
            0,
            0,
            format!("cannot load script: {err}"),
        ))
    })?;
    let function = compile(path, &text, context)?;

    let exports = JsObject::with_object_proto(context.intrinsics());
    let module = ObjectInitializer::new(context)
        .property(js_string!("exports"), exports.clone(), Attribute::all())
        .property(js_string!("id"), JsString::from(path), Attribute::all())
        .build();
    let require = make_require(path, context);
    host.state
        .borrow_mut()
        .modules
        .insert(path.to_string(), module.clone());

    let args = [module.clone().into(), exports.clone().into(), require];
    if let Err(err) = function.call(&exports.into(), &args, context) {
        // A failed module is not cached: a later require runs it again, as Node does.
        host.state.borrow_mut().modules.remove(path);
        return Err(LoadError::Thrown(err));
    }
    Ok(module)
}

/// Runs an entry file (`app.js`, a page script), reporting any error itself.
/// Returns false when the file failed.
pub(crate) fn run_entry(path: &str, context: &mut Context) -> bool {
    match load_module(path, context) {
        Ok(_) => true,
        Err(LoadError::Missing(diagnostic)) | Err(LoadError::Syntax(diagnostic)) => {
            if let Ok(host) = Host::of(context) {
                host.report(diagnostic);
            }
            false
        }
        Err(LoadError::Thrown(err)) => {
            report_js_error(context, &err, path);
            false
        }
    }
}

/// The `require` of the file at `from`.
fn make_require(from: &str, context: &mut Context) -> JsValue {
    let function = NativeFunction::from_copy_closure_with_captures(
        |_this, args, from: &String, context| require(from, args, context),
        from.to_string(),
    );
    function.to_js_function(context.realm()).into()
}

fn require(from: &str, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let target = args
        .first()
        .cloned()
        .unwrap_or_default()
        .to_string(context)?;
    let target = target.to_std_string_escaped();
    let host = Host::of(context)?;
    let resolved = fc_bundle::join_relative(from, &target).map_err(|err| {
        JsError::from(JsNativeError::error().with_message(format!("require(\"{target}\"): {err}")))
    })?;
    let candidates = if resolved.ends_with(".js") {
        vec![resolved.clone()]
    } else {
        vec![
            format!("{resolved}.js"),
            format!("{resolved}/index.js"),
            resolved.clone(),
        ]
    };
    let Some(path) = candidates.into_iter().find(|p| host.bundle.exists(p)) else {
        let shown = if resolved.ends_with(".js") {
            resolved
        } else {
            format!("{resolved}.js")
        };
        return Err(JsNativeError::error()
            .with_message(format!("module \"{shown}\" is not defined"))
            .into());
    };
    match load_module(&path, context) {
        Ok(module) => module.get(js_string!("exports"), context),
        Err(LoadError::Thrown(err)) => Err(err),
        Err(LoadError::Missing(diagnostic)) | Err(LoadError::Syntax(diagnostic)) => {
            // Report it where it is, then fail the require at the caller too.
            let message = format!(
                "{} ({}:{}:{})",
                diagnostic.message, diagnostic.file, diagnostic.line, diagnostic.col
            );
            host.report(diagnostic);
            Err(JsNativeError::error().with_message(message).into())
        }
    }
}
