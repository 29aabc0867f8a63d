//! The compiled template: a tree of elements and text with directives already separated from
//! ordinary attributes. One [`Template`] per markup file, shared read-only by every page
//! instance that uses the file.

use crate::binding::Binding;

/// One compiled markup file.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// The bundle path it was compiled from, e.g. `pages/index/index.fxml`.
    pub file: String,
    pub roots: Vec<Node>,
}

// Elements outnumber text nodes and are walked far more often; boxing them would cost an
// allocation each and change the shape other crates match on.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(TextNode),
}

/// A position in the source file, 1-based; `col` counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// An element and its subtree. `<block>`, `<template>`, `<import>`, `<include>` and
/// `<wxs>`/`<fxs>` are elements like any other; later passes give them meaning.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub tag: String,
    /// Where `<` of the start tag is.
    pub pos: Pos,
    /// Ordinary attributes (id, class, style, hidden, data-*, mark:*, anything else) in source
    /// order, names as written.
    pub attrs: Vec<Attr>,
    pub events: Vec<EventBinding>,
    /// From `wx:if`/`wx:elif`/`wx:else`. After compilation every `Elif` and `Else` directly
    /// follows a sibling element whose `cond` is `If` or `Elif` (orphans are reported and
    /// demoted: `elif` to `if`, `else` to none).
    pub cond: Option<Cond>,
    pub for_each: Option<ForEach>,
    pub children: Vec<Node>,
}

impl Element {
    /// The ordinary attribute called `name`, if any.
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    If(Binding),
    Elif(Binding),
    Else,
}

/// `wx:for` and its companions.
#[derive(Debug, Clone, PartialEq)]
pub struct ForEach {
    /// `wx:for` (or the legacy `wx:for-items`). Without `{{ }}` it is a string, and a string
    /// iterates its characters.
    pub list: Binding,
    /// `wx:for-item`, default `item`.
    pub item: String,
    /// `wx:for-index`, default `index`.
    pub index: String,
    /// `wx:key`: `*this` or a field name (braces, a common mistake, are stripped). `None` when
    /// absent or written without a value.
    pub key: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    pub name: String,
    /// A valueless attribute (`<button disabled>`) is `Static("")`.
    pub value: Binding,
    pub pos: Pos,
    /// Written without `=`: `<scroll-view scroll-y>`. A Boolean property reads this as true
    /// but `scroll-y=""` as false, so the two must stay distinguishable.
    pub valueless: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// `bindtap`, `bind:tap`: handle and let it bubble.
    Bind,
    /// `catchtap`, `catch:tap`: handle and stop bubbling.
    Catch,
    /// `capture-bind:tap`: handle during capture, go on.
    CaptureBind,
    /// `capture-catch:tap`: handle during capture and stop everything.
    CaptureCatch,
    /// `mut-bind:tap`: at most one `mut-bind` handler runs per event.
    MutBind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventBinding {
    pub kind: EventKind,
    /// The event name, e.g. `tap`.
    pub event: String,
    /// The handler's method name; an empty string disables the binding.
    pub handler: Binding,
    pub pos: Pos,
}

/// A run of text, whitespace kept (collapsing is the layout's job).
#[derive(Debug, Clone, PartialEq)]
pub struct TextNode {
    pub value: Binding,
    pub pos: Pos,
}
