//! The logic (JS) thread of fcplayer: one boa `Context` for the whole mini-program, created
//! and used only on that thread. It runs `app.js` and page scripts (each file a CommonJS-style
//! module with its own scope), keeps the `App` and page instances, turns `setData` calls into
//! data patches batched per JS turn, and sends them to the render thread as
//! [`fc_protocol::ToRender`] messages. Script errors become located
//! [`fc_protocol::Diagnostic`]s; `console.*` calls go to a sink given by the caller.
//!
//! It is not for rendering: it never sees the view tree, templates, styles or layout, and it
//! decides nothing about the page stack (the render thread owns that and tells this thread
//! what to load). It is the only crate that touches boa; nothing JS-shaped leaves it — values
//! cross as `serde_json::Value`. It owns the app's storage (`fc_storage::Store`), which
//! the storage APIs read and write on this thread.
//!
//! One [`LogicThread`] per running mini-program, owned by the render thread.

#![deny(unsafe_code)]

mod component;
mod console;
mod convert;
mod errors;
mod esm;
mod event_loop;
mod feedback;
mod globals;
mod host;
mod limits;
mod module;
mod navigation;
mod page;
mod query;
mod rejections;
mod request;
mod runtime;
mod scroll;
mod set_data;
mod storage;
mod stubs;
mod system;
mod thread;
mod timers;
mod watch;

pub use system::{SharedWindow, WindowInfo};
pub use thread::{ConsoleSink, LogicOptions, LogicThread};
