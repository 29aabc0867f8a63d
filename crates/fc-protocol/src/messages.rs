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
    /// The page is shown again (revealed by `navigateBack`, or a kept tab page switched
    /// to): call `onShow()`.
    PageShow { page: PageId },
    /// The page is covered (`navigateTo`) or a tab page switched away from: call `onHide()`.
    PageHide { page: PageId },
    /// The page leaves the stack for good: call `onUnload()` and drop the instance.
    PageUnload { page: PageId },
    /// The page stack after a route, bottom first, as `getCurrentPages()` returns it
    /// (kept tab pages that are not in the stack are live but not listed).
    Stack { pages: Vec<PageId> },
    /// The page's scroll offset changed: call `onPageScroll({scrollTop})`.
    PageScroll { page: PageId, scroll_top: f64 },
    /// The page scrolled into `onReachBottomDistance` of its bottom: call `onReachBottom()`.
    ReachBottom { page: PageId },
    /// The page was pulled down at its top (or `wx.startPullDownRefresh`): call
    /// `onPullDownRefresh()`.
    PullDownRefresh { page: PageId },
    /// The answer to a `ToRender::Navigate` or `ToRender::PageScrollTo`: `Ok` or the
    /// `errMsg` of the failure.
    NavigateDone {
        callback: CallbackId,
        result: Result<(), String>,
    },
    /// The answer to a `ToRender::Ui` that waits for the user (`showModal`,
    /// `showActionSheet`): `Ok(fields)` (an object: `confirm`/`cancel`, `tapIndex`) or the
    /// whole `errMsg` of the failure (`showActionSheet:fail cancel`).
    UiDone {
        callback: CallbackId,
        result: Result<Value, String>,
    },
    /// The answer to a `ToRender::Query`: one result per request, in request order.
    QueryDone {
        query: CallbackId,
        results: Vec<crate::QueryResult>,
    },
    /// Custom components (logic.md §7): the render thread made, changed or removed
    /// instances, or an event reached a handler inside a component's template. One message
    /// per rebuild, so the instances it made get `attached` and `ready` together (owners
    /// first), after every one of them was created.
    Components(Vec<ComponentMsg>),
    /// Stop the thread.
    Shutdown,
}

/// A custom-component instance: its page and its page-local number. Its data lives in the
/// page's data mirror under `component_data_key(instance)` (ARCHITECTURE.md, Components).
pub type InstanceId = u64;

/// The render side's page-data key that holds instance `id`'s data.
pub fn component_data_key(id: InstanceId) -> String {
    format!("$component{id}")
}

#[derive(Debug, Clone)]
pub enum ComponentMsg {
    /// An instance was built (tree order: owners before the components they contain).
    /// `props` are the host tag's attributes by camelCase name, before type coercion;
    /// `owner` is the instance whose template holds the tag (none: the page's).
    Attach {
        page: PageId,
        instance: InstanceId,
        path: String,
        props: serde_json::Map<String, Value>,
        owner: Option<InstanceId>,
        /// The nearest instance whose host is an ancestor in the tree (slotted content
        /// included): the other side of `relations`.
        parent: Option<InstanceId>,
        id: String,
        classes: Vec<String>,
    },
    /// Host attributes whose value changed (the parent's data changed).
    Props {
        page: PageId,
        instance: InstanceId,
        props: serde_json::Map<String, Value>,
        id: String,
        classes: Vec<String>,
    },
    /// The instance's host left the tree.
    Detach { page: PageId, instance: InstanceId },
    /// The instance's host moved among its siblings (a keyed `wx:for` list re-ordered its
    /// items and kept the instance): its `moved` lifetime runs.
    Moved { page: PageId, instance: InstanceId },
    /// An event reached `handler` bound in the instance's own template.
    Event {
        page: PageId,
        instance: InstanceId,
        handler: String,
        event: Value,
    },
}

/// A native feedback surface the render thread draws above the page (api.md §3).
#[derive(Debug, Clone, PartialEq)]
pub enum UiRequest {
    /// `wx.showToast` (`loading: false`) or `wx.showLoading` (`loading: true`, no timeout:
    /// `duration_ms` is `None`). `icon`: `success`, `error`, `loading` or `none`.
    Toast {
        title: String,
        icon: String,
        duration_ms: Option<u64>,
        mask: bool,
        loading: bool,
    },
    /// `wx.hideToast` (`loading: false`) / `wx.hideLoading` (`loading: true`).
    HideToast { loading: bool },
    /// `wx.showModal`. Colours as given (`#rrggbb`).
    Modal {
        title: String,
        content: String,
        show_cancel: bool,
        cancel_text: String,
        cancel_color: String,
        confirm_text: String,
        confirm_color: String,
        /// `editable`: a text field (pre-filled with `content`) whose text the answer
        /// carries as `content`.
        editable: bool,
        /// `placeholderText`: the field's placeholder.
        placeholder_text: String,
    },
    /// `wx.showActionSheet`.
    ActionSheet {
        items: Vec<String>,
        item_color: String,
    },
}

/// The routing call a `ToRender::Navigate` asks for (logic.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavOp {
    NavigateTo,
    RedirectTo,
    NavigateBack,
    SwitchTab,
    ReLaunch,
}

impl NavOp {
    /// The API's name, as `errMsg`s start.
    pub fn api_name(self) -> &'static str {
        match self {
            NavOp::NavigateTo => "navigateTo",
            NavOp::RedirectTo => "redirectTo",
            NavOp::NavigateBack => "navigateBack",
            NavOp::SwitchTab => "switchTab",
            NavOp::ReLaunch => "reLaunch",
        }
    }
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
    /// A routing call (`wx.navigateTo` ...). The render thread owns the stack: it decides,
    /// sends the lifecycle messages, then `ToLogic::NavigateDone { callback, .. }`.
    /// `url` is as given (absolute, or relative to the current page's route); `delta` for
    /// `NavigateBack`.
    Navigate {
        op: NavOp,
        url: String,
        delta: u32,
        callback: CallbackId,
    },
    /// `wx.setNavigationBarTitle`/`setNavigationBarColor` on the current page: fields left
    /// `None` keep their value.
    NavigationBar {
        title: Option<String>,
        front_color: Option<String>,
        background: Option<String>,
    },
    /// `wx.setTabBarBadge`/`removeTabBarBadge`/`showTabBarRedDot`/`hideTabBarRedDot`: tab
    /// `index` now shows `badge` (text), or a red dot, or neither.
    TabBarItem {
        index: usize,
        badge: Option<String>,
        red_dot: bool,
    },
    /// Show or hide a toast, loading box, modal or action sheet. `callback` is set for the
    /// kinds that answer later with `ToLogic::UiDone` (modal, action sheet).
    Ui {
        request: UiRequest,
        callback: Option<CallbackId>,
    },
    /// `wx.pageScrollTo`: scroll the current page to `scroll_top`, or to the top of the
    /// first element `selector` matches plus `offset_top`; answered with
    /// `ToLogic::NavigateDone { callback, .. }`.
    PageScrollTo {
        scroll_top: Option<f64>,
        selector: Option<String>,
        offset_top: f64,
        callback: CallbackId,
    },
    /// `wx.startPullDownRefresh` (`start: true`, which also fires `onPullDownRefresh`) /
    /// `wx.stopPullDownRefresh` (`false`) on the current page.
    PullDownRefresh { start: bool },
    /// `SelectorQuery.exec()`: answer `requests` against `page`'s view tree after applying
    /// the patches sent before it and laying out, with `ToLogic::QueryDone { query, .. }`.
    Query {
        page: PageId,
        query: CallbackId,
        requests: Vec<crate::QueryRequest>,
    },
    /// The logic thread finished handling the message numbered `turn` (and its microtasks).
    /// `next_timer`: when its earliest pending `setTimeout`/`setInterval` is due, `None`
    /// when none is pending (the render side's `wait idle` waits for timers due soon).
    TurnEnd {
        turn: Turn,
        next_timer: Option<std::time::Instant>,
    },
    /// The logic thread ran a due timer as its own turn (callback, microtasks, then its
    /// `setData` messages, all sent before this). `next_timer` as in `TurnEnd`. Until this
    /// arrives the render side still holds the earlier, already due deadline, so it never
    /// sees the app idle while a timer is running.
    TimerTurnEnd {
        next_timer: Option<std::time::Instant>,
    },
    /// The script of component `path` ran: what only it says (`externalClasses`,
    /// `options.styleIsolation` / `options.addGlobalClass` as an isolation name).
    ComponentInfo {
        path: String,
        external_classes: Vec<String>,
        style_isolation: Option<String>,
    },
    /// `this.triggerEvent(name, detail, options)` of a component instance: dispatch it from
    /// the instance's host node.
    TriggerEvent {
        page: PageId,
        instance: InstanceId,
        name: String,
        detail: Value,
        bubbles: bool,
        composed: bool,
        capture: bool,
    },
}
