//! Loading modules: each runs once, wrapped in a function that gives it `module`,
//! `exports` and `require`, and its `module` object is cached (a singleton per page).
//!
//! Inline code is padded with newlines and spaces so that it sits on the same line and
//! column of the generated source as in the markup file; errors then point into the markup
//! with no mapping beyond the wrapper's header on line 1.

use crate::errors::{diagnostic_of, syntax_diagnostic};
use crate::Host;
use boa_engine::object::ObjectInitializer;
use boa_engine::property::Attribute;
use boa_engine::{
    js_string, Context, JsNativeError, JsObject, JsResult, JsValue, NativeFunction, Script, Source,
};
use fc_protocol::Diagnostic;
use fc_template::{ModuleSource, WxsModule};
use std::path::Path;

pub(crate) const WRAP_PREFIX: &str = "(function (module, exports, require) {";
/// The newline keeps a `//` comment on the code's last line from swallowing the brace.
const WRAP_SUFFIX: &str = "\n})";

/// Loads (once) the module `declared` in markup file `file`. `None` when it is broken (the
/// problem is reported once).
pub(crate) fn load_declared(
    file: &str,
    declared: &WxsModule,
    context: &mut Context,
) -> Option<JsObject> {
    let host = Host::of(context)?;
    let key = match &declared.source {
        ModuleSource::Inline { .. } => format!("{file}#{}", declared.name),
        ModuleSource::File(path) => path.clone(),
    };
    // Loaded before, or failed before (then reported already).
    if let Some(cached) = host.modules.borrow().get(&key) {
        return cached.clone();
    }
    let (key, path, code, at) = match &declared.source {
        ModuleSource::Inline { code, pos } => (
            format!("{file}#{}", declared.name),
            file.to_string(),
            code.clone(),
            (pos.line.max(1), pos.col.max(1)),
        ),
        ModuleSource::File(path) => match (host.loader)(path) {
            Ok(code) => (path.clone(), path.clone(), code, (1, 1)),
            Err(e) => {
                host.report(Diagnostic::error(
                    file,
                    declared.pos.line,
                    declared.pos.col,
                    format!("wxs module `{}`: cannot read `{path}`: {e}", declared.name),
                ));
                host.modules.borrow_mut().insert(path.clone(), None);
                return None;
            }
        },
    };
    match load(&key, &path, &code, at, context) {
        Ok(m) => Some(m),
        Err(d) => {
            host.report(d);
            None
        }
    }
}

/// Runs `code` (from bundle file `path`, starting at line/col `at`) as module `key`, or
/// returns the cached module. A failure is cached too: the module is not run again.
fn load(
    key: &str,
    path: &str,
    code: &str,
    at: (u32, u32),
    context: &mut Context,
) -> Result<JsObject, Diagnostic> {
    let Some(host) = Host::of(context) else {
        return Err(Diagnostic::error(path, 0, 0, "wxs: engine state missing"));
    };
    if let Some(cached) = host.modules.borrow().get(key) {
        return cached
            .clone()
            .ok_or_else(|| Diagnostic::warning(path, 0, 0, "wxs: module failed earlier"));
    }
    let code = code.strip_prefix('\u{feff}').unwrap_or(code);
    let (line, col) = at;
    let mut wrapped = String::with_capacity(code.len() + 64);
    wrapped.push_str(WRAP_PREFIX);
    for _ in 1..line {
        wrapped.push('\n');
    }
    for _ in 1..col {
        wrapped.push(' ');
    }
    wrapped.push_str(code);
    wrapped.push_str(WRAP_SUFFIX);
    let lines = code.lines().count().max(1) as u32;
    let last_line = line + lines - 1;
    let last_col = code.lines().last().map_or(0, |l| l.chars().count()) as u32
        + if lines == 1 { col } else { 1 };
    // Marked failed first: a module that requires itself while loading sees the failure
    // instead of recursing (CommonJS would hand back partial exports; wxs code rarely
    // cycles and a clear error is kinder than a stack overflow).
    host.modules.borrow_mut().insert(key.to_string(), None);
    let source = Source::from_bytes(wrapped.as_bytes()).with_path(Path::new(path));
    let script = Script::parse(source, None, context)
        .map_err(|err| syntax_diagnostic(path, &err, (last_line, last_col)))?;
    let function = script
        .evaluate(context)
        .map_err(|err| diagnostic_of(&err, path))?;
    let Some(function) = function.as_callable() else {
        return Err(Diagnostic::error(
            path,
            line,
            col,
            "wxs: SyntaxError: unbalanced braces",
        ));
    };
    let exports = JsObject::with_object_proto(context.intrinsics());
    let module = ObjectInitializer::new(context)
        .property(js_string!("exports"), exports.clone(), Attribute::all())
        .build();
    let require = NativeFunction::from_copy_closure_with_captures(
        |_this, args, from: &String, context| require(from, args, context),
        path.to_string(),
    )
    .to_js_function(context.realm());
    let args = [
        module.clone().into(),
        exports.clone().into(),
        require.into(),
    ];
    function
        .call(&exports.into(), &args, context)
        .map_err(|err| diagnostic_of(&err, path))?;
    host.modules
        .borrow_mut()
        .insert(key.to_string(), Some(module.clone()));
    Ok(module)
}

/// `require("./other.wxs")`: only other module files, relative to the requiring file.
fn require(from: &str, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let target = args
        .first()
        .cloned()
        .unwrap_or_default()
        .to_string(context)?
        .to_std_string_escaped();
    let error =
        |msg: String| -> boa_engine::JsError { JsNativeError::error().with_message(msg).into() };
    let Some(host) = Host::of(context) else {
        return Err(error("wxs engine state missing".into()));
    };
    if target.starts_with('/') {
        return Err(error(format!(
            "require(\"{target}\"): wxs modules are required by relative path"
        )));
    }
    let resolved = fc_bundle::join_relative(from, &target)
        .map_err(|e| error(format!("require(\"{target}\"): {e}")))?;
    let is_script = |p: &str| {
        p.rsplit_once('.')
            .is_some_and(|(_, ext)| ext.len() == 3 && ext.ends_with('s'))
    };
    let path = if is_script(&resolved) {
        resolved
    } else {
        format!("{resolved}.wxs")
    };
    if let Some(cached) = host.modules.borrow().get(&path) {
        return match cached {
            Some(m) => m.get(js_string!("exports"), context),
            None => Err(error(format!(
                "require(\"{target}\"): module `{path}` failed to load"
            ))),
        };
    }
    let code = (host.loader)(&path)
        .map_err(|e| error(format!("require(\"{target}\"): cannot read `{path}`: {e}")))?;
    match load(&path, &path, &code, (1, 1), context) {
        Ok(module) => module.get(js_string!("exports"), context),
        Err(d) => {
            let message = format!("{} ({}:{}:{})", d.message, d.file, d.line, d.col);
            host.report(d);
            Err(error(message))
        }
    }
}
