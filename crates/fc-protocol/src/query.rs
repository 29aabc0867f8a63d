//! `wx.createSelectorQuery` across the threads (api.md §8): the logic thread sends one
//! `ToRender::Query` per `exec()` with every queued request; the render thread answers
//! with `ToLogic::QueryDone`, one result per request in the same order.

use serde_json::Value;

/// What one queued request selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryTarget {
    /// `select(sel)`: the first match (`null` when none).
    First(String),
    /// `selectAll(sel)`: every match, in document order (an array).
    All(String),
    /// `selectViewport()`: the page's viewport.
    Viewport,
}

/// The fields a request asks for (`fields({...})`; `boundingClientRect()` is id, dataset,
/// rect and size; `scrollOffset()` is id, dataset and scrollOffset).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryFields {
    pub id: bool,
    pub dataset: bool,
    /// `left`, `right`, `top`, `bottom`.
    pub rect: bool,
    /// `width`, `height`.
    pub size: bool,
    /// `scrollLeft`, `scrollTop`, `scrollWidth`, `scrollHeight`.
    pub scroll_offset: bool,
    /// Component properties by name (attributes of a native element).
    pub properties: Vec<String>,
    /// Computed style values by name (`backgroundColor` or `background-color`).
    pub computed_style: Vec<String>,
}

/// One request of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryRequest {
    pub target: QueryTarget,
    pub fields: QueryFields,
}

/// The answer to one request: an object, `null` (no match) or an array (`selectAll`).
pub type QueryResult = Value;
