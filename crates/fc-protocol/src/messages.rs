use crate::{DataPatch, Diagnostic};
use serde_json::Value;

/// Identifies one page instance for its whole life (a page opened twice gets two ids).
pub type PageId = u64;
/// A `setData` callback or an API callback waiting on the other thread.
pub type CallbackId = u64;
/// Sequence number of a message sent to the logic thread; echoed back in `TurnEnd`.
pub type Turn = u64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleLevel {
    Log,
    Info,
    Warn,
    Error,
    Debug,
}

/// Render thread -> logic thread.
#[derive(Debug, Clone)]
pub enum ToLogic {
    /// Open a page: run its script (once per route), create the instance, send `PageCreated`,
    /// then call `onLoad(query)` and `onShow()`.
    LoadPage {
        page: PageId,
        route: String,
        query: serde_json::Map<String, Value>,
    },
    /// The first frame of the page is drawn: call `onReady()`.
    PageReady { page: PageId },
    /// Call the page method `handler` with `event` (the platform's event object).
    Event {
        page: PageId,
        handler: String,
        event: Value,
    },
    /// The frame showing a `setData` is drawn: run its callback.
    Callback { id: CallbackId },
    /// Stop the thread.
    Shutdown,
}

/// Logic thread -> render thread.
#[derive(Debug, Clone)]
pub enum ToRender {
    /// A page instance exists; `data` is its initial data (deep copy of `Page({data})`).
    PageCreated { page: PageId, data: Value },
    /// One JS turn's coalesced `setData` patches for one page, in call order.
    SetData {
        page: PageId,
        patches: Vec<DataPatch>,
        callbacks: Vec<CallbackId>,
    },
    /// An error in the bundle found by the logic thread (script syntax or runtime error).
    ScriptError(Diagnostic),
    /// The logic thread finished handling the message numbered `turn` (and its microtasks).
    TurnEnd { turn: Turn },
}
