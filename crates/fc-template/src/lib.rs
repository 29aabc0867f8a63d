//! fc-template compiles one mini-program markup file (`.fxml`/`.wxml`) into a checked
//! [`Template`]: a tree of elements and text whose attribute values and text are
//! [`Binding`]s, with `{{ }}` expressions that evaluate against data with JavaScript
//! semantics and report the data paths they read ([`Binding::deps`]).
//!
//! It is for: parsing the markup (with `xmlparser`, after a position-preserving pass that
//! accepts WXML's valueless attributes and `<` inside expressions), separating directives
//! (`wx:if`, `wx:for`, … in both the `wx:` and the extension's own spelling) and event
//! bindings from ordinary attributes, parsing and evaluating expressions, and reporting
//! every problem as a [`Diagnostic`] with file:line:col.
//!
//! [`link`] takes a page's file and every file it reaches through `<import>`/`<include>`
//! (read through a [`MarkupSource`] the caller provides) into a [`Program`]: declarations
//! (`<template name>`, `<import>`, `<wxs>`) separated from what renders, include cycles and
//! missing files reported at their tags, unknown tags warned about once per page.
//!
//! It is not for: building or diffing node trees, styles, layout, threads, reading files,
//! running `<wxs>` or page scripts (a [`Scope`] supplies data and wxs calls). [`compile`]
//! alone keeps `<import>`, `<include>`, `<template>` and `<wxs>` as ordinary elements.
//!
//! ```
//! use serde_json::json;
//! let out = fc_template::compile("pages/a/a.fxml", r#"<view fx:if="{{n > 1}}">{{n}} items</view>"#);
//! assert!(out.diagnostics.is_empty());
//! let fc_template::Node::Element(view) = &out.template.roots[0] else { panic!() };
//! let Some(fc_template::Cond::If(test)) = &view.cond else { panic!() };
//! let data = json!({"n": 3});
//! assert_eq!(test.eval(&data), json!(true));
//! let fc_template::Node::Text(text) = &view.children[0] else { panic!() };
//! assert_eq!(text.value.eval_string(&data), "3 items");
//! assert_eq!(text.value.deps()[0].to_string(), "n");
//! ```

#![deny(unsafe_code)]

mod binding;
mod directives;
mod entities;
mod eval;
#[cfg(test)]
mod eval_table;
mod expr;
mod expr_parse;
mod lexer;
mod link;
mod number;
mod parse;
mod prepare;
mod tags;
mod tree;
mod value;

pub use binding::{Binding, Part};
pub use eval::Scope;
pub use expr::{
    ArrayItem, BinaryOp, EqualityUse, Expr, ExprError, Lit, LogicalOp, ObjectItem, Prop, UnaryOp,
};
pub use fc_protocol::{DataPath, Diagnostic, PathSeg, Value};
pub use link::{
    link, template_name, LinkedFile, MarkupSource, ModuleSource, NoFiles, Program, WxsModule,
};
pub use number::string_to_number;
pub use tags::{renders_nothing, RENDER_NOTHING};
pub use tree::{
    Attr, Cond, Element, EventBinding, EventKind, ForEach, Node, Pos, Template, TextNode,
};
pub use value::{js_to_string, truthy};

/// The result of parsing one expression on its own ([`Expr::parse`]).
pub type Result<T> = std::result::Result<T, ExprError>;

/// A compiled file and everything found wrong with it. Errors do not stop compilation:
/// `template` holds what could be built.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub template: Template,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    /// True when at least one diagnostic is an error (not just a warning).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Compiles one markup file. `file` is its bundle path (e.g. `pages/index/index.fxml`); it
/// names the file in diagnostics and picks the directive prefixes: `wx:` always, plus the
/// one the extension implies (`.fxml` → `fx:`, `.xyml` → `xy:`).
pub fn compile(file: &str, source: &str) -> Compiled {
    parse::compile_source(file, source)
}
