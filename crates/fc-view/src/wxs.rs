//! The hook through which bindings call `<wxs>` module functions (`{{m.fmt(x)}}`).
//!
//! fc-view does not run scripts: a page is given a [`WxsHost`] (fcplayer wires in
//! `fc-wxs`, which owns a JS engine) and calls it synchronously while it evaluates bindings
//! on the render thread. Keeping the engine behind this trait keeps it out of fc-view's API
//! and the crate arrows pointing one way (fc-wxs depends on fc-view, not the reverse).

use fc_protocol::{Diagnostic, Value};

/// Runs the `<wxs>` modules of one page. A module is visible only in the file that declares
/// it, so every call names the file (bundle path) the binding was written in.
pub trait WxsHost {
    /// True when `file` declares a module called `name`. Cheap: no script runs.
    fn has_module(&self, file: &str, name: &str) -> bool;

    /// Calls `module.function(args…)`; `None` when there is no such module or function, or
    /// the call failed (the failure is kept for [`take_diagnostics`](WxsHost::take_diagnostics))
    /// or returned `undefined`.
    fn call(&self, file: &str, module: &str, function: &str, args: &[Value]) -> Option<Value>;

    /// The module's exports as JSON (functions left out), for bindings that read a module's
    /// constants (`{{m.PI}}`); `None` when `file` has no module `name`.
    fn exports(&self, file: &str, name: &str) -> Option<Value>;

    /// Errors (and warnings) found since the last call: syntax errors, thrown exceptions,
    /// missing `require`d files, each with file:line:col.
    fn take_diagnostics(&self) -> Vec<Diagnostic>;
}
