//! fc-style: the style language of mini-programs (FTSS/WXSS, a CSS dialect with `rpx` and
//! `@import`). It parses style files into `StyleSheet`s, holds the player's default sheet for
//! the basic components, and computes each element's `ComputedStyle` (selector matching,
//! cascade, inheritance, unit resolution) through `Cascade::compute`, and the styles of
//! `::before`/`::after`/`::placeholder` through `Cascade::compute_pseudo`. It also handles
//! custom properties and `var()`, `calc()`, `env()`, `@media` (evaluated per compute, so a
//! resize changes which rules apply) and collects `@font-face` rules
//! (`StyleSheet::font_faces`) for the renderer to load.
//!
//! It is not for: loading files or resolving `@import` paths (the bundle loader does that and
//! hands the sheets over in cascade order), walking or owning the element tree (callers
//! implement `StyleNode` and call `compute` parent first), deciding which sheets reach an
//! isolated component, layout or painting. It knows nothing of threads or templates.
//!
//! ```
//! use std::sync::Arc;
//! use fc_style::{parse_stylesheet, Cascade, ComputedStyle, Length, ResolveContext};
//!
//! let (sheet, warnings) = parse_stylesheet("app.wxss", ".card { width: 750rpx; color: #333 }");
//! assert!(warnings.is_empty());
//! let cascade = Cascade::new(vec![Arc::new(sheet)]);
//! # #[derive(Clone, Copy)] struct Card;
//! # impl fc_style::StyleNode for Card {
//! #     fn tag(&self) -> &str { "view" }
//! #     fn id(&self) -> Option<&str> { None }
//! #     fn has_class(&self, c: &str) -> bool { c == "card" }
//! #     fn attr(&self, _: &str) -> Option<&str> { None }
//! #     fn parent(&self) -> Option<Self> { None }
//! #     fn prev_sibling(&self) -> Option<Self> { None }
//! #     fn next_sibling(&self) -> Option<Self> { None }
//! # }
//! let ctx = ResolveContext { viewport_width: 375.0, viewport_height: 667.0 };
//! let style: ComputedStyle = cascade.compute(Card, None, Some("height: 20px"), &ctx);
//! assert_eq!(style.width, Length::Px(375.0));
//! assert_eq!(style.height, Length::Px(20.0));
//! ```

#![deny(unsafe_code)]

mod background;
mod calc;
mod cascade;
mod color;
mod compute;
mod computed;
mod declarations;
mod effects;
mod font_face;
mod media;
mod parse;
mod properties;
mod selector;
mod selector_parse;
mod sheet;
mod shorthands;
mod text;
mod values;
mod vars;

#[cfg(test)]
mod testing;

use std::sync::{Arc, OnceLock};

pub use background::{
    BackgroundImage, BackgroundPosition, BackgroundRepeat, BackgroundSize, ColorStop,
    GradientDirection, LinearGradient, RepeatStyle,
};
pub use calc::{CalcLength, CalcProperty};
pub use cascade::{Cascade, MatchedRules};
pub use computed::{ComputedStyle, INITIAL_FONT_SIZE};
pub use effects::{BoxShadow, TransformOp};
pub use font_face::{FontFace, FontSource};
pub use parse::parse_stylesheet;
pub use selector::{Pseudo, StyleNode};
pub use sheet::StyleSheet;
pub use text::{
    BoxOrient, OverflowWrap, TextDecoration, TextDecorationLine, TextDecorationStyle, TextOverflow,
    VerticalAlign, Visibility, WordBreak,
};
pub use values::{
    rpx_to_px, AlignContent, AlignItems, AlignSelf, BorderStyle, BoxSizing, Color, Display,
    FlexDirection, FlexWrap, JustifyContent, Length, LineHeight, Overflow, Position,
    ResolveContext, TextAlign, WhiteSpace,
};
pub use vars::CustomProperties;

/// Result of the value and selector parsers; the custom error is a message for the warning.
pub(crate) type PResult<T> = Result<T, cssparser::ParseError<String>>;

pub(crate) fn invalid<T>(message: impl Into<String>) -> PResult<T> {
    Err(cssparser::ParseError {
        kind: cssparser::ParseErrorKind::Custom(message.into()),
    })
}

const DEFAULT_SHEET_PATH: &str = "assets/styles/default.ftss";
const DEFAULT_SHEET: &str = include_str!("../../../assets/styles/default.ftss");

/// The player's user-agent sheet for the basic components (`view` is a block, `image` is
/// 320×240…), parsed once on first use. It goes first in every page's `Cascade`; use
/// `shared_default_stylesheet` to put it there without copying it.
pub fn default_stylesheet() -> &'static StyleSheet {
    shared_default_sheet()
}

/// The same sheet as `default_stylesheet`, as the `Arc` a `Cascade` holds.
pub fn shared_default_stylesheet() -> Arc<StyleSheet> {
    Arc::clone(shared_default_sheet())
}

fn shared_default_sheet() -> &'static Arc<StyleSheet> {
    static SHEET: OnceLock<Arc<StyleSheet>> = OnceLock::new();
    SHEET.get_or_init(|| parse_ua_sheet(DEFAULT_SHEET_PATH, DEFAULT_SHEET))
}

const V2_SHEET_PATH: &str = "assets/styles/default-v2.ftss";
const V2_SHEET: &str = include_str!("../../../assets/styles/default-v2.ftss");

/// The rules app.json `"style": "v2"` (the WeUI 2 look) lays over the default sheet, parsed
/// once. It only makes sense right after `shared_default_stylesheet` in a cascade.
pub fn shared_default_stylesheet_v2() -> Arc<StyleSheet> {
    static SHEET: OnceLock<Arc<StyleSheet>> = OnceLock::new();
    Arc::clone(SHEET.get_or_init(|| parse_ua_sheet(V2_SHEET_PATH, V2_SHEET)))
}

/// The user-agent sheets, lowest priority first, that start the cascade of a page (or of a
/// component) in an app of the given look: the v1 sheet, then the v2 overrides if `v2`.
pub fn ua_stylesheets(v2: bool) -> Vec<Arc<StyleSheet>> {
    let mut sheets = vec![shared_default_stylesheet()];
    if v2 {
        sheets.push(shared_default_stylesheet_v2());
    }
    sheets
}

fn parse_ua_sheet(path: &str, text: &str) -> Arc<StyleSheet> {
    let (sheet, diagnostics) = parse_stylesheet(path, text);
    for d in diagnostics {
        tracing::warn!("{d}");
    }
    Arc::new(sheet)
}
