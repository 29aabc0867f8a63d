//! The vocabulary shared by fcplayer's threads and crates: ids, data paths and patches,
//! the messages that cross between the logic (JS) thread and the render thread, and
//! `Diagnostic` (an error or warning located at file:line:col).
//!
//! It holds no logic beyond parsing and printing these types, so every other crate can
//! depend on it without depending on each other.

#![deny(unsafe_code)]

mod diagnostic;
pub mod js_error;
mod messages;
mod path;
mod query;

pub use diagnostic::{Diagnostic, Severity};
pub use messages::{
    component_data_key, CallbackId, ComponentMsg, ConsoleLevel, InstanceId, NavOp, PageId, ToLogic,
    ToRender, Turn, UiRequest,
};
pub use path::{field, ChangeSet, DataPatch, DataPath, PathError, PathSeg};
pub use query::{QueryFields, QueryRequest, QueryResult, QueryTarget};

/// Values cross threads as JSON values; no JS handle ever crosses.
pub use serde_json::Value;
