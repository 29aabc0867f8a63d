//! `ComputedStyle`: the per-element result of the cascade, in the units layout and paint use.

use crate::values::{
    AlignContent, AlignItems, AlignSelf, BorderStyle, BoxSizing, Color, Display, FlexDirection,
    FlexWrap, JustifyContent, Length, LineHeight, Position, TextAlign, WhiteSpace,
};

/// The browser's initial font size, also the root's unless `page { font-size }` changes it.
pub const INITIAL_FONT_SIZE: f32 = 16.0;

/// One element's computed style. One per element, owned by the render thread's tree and
/// recomputed when the element's classes, inline style or ancestors change.
///
/// `Default` gives the CSS initial values (so `display` is `Inline`): the style of an element
/// no rule matches, under a parent with initial inherited values.
#[derive(Clone, Debug, PartialEq)]
pub struct ComputedStyle {
    pub display: Display,
    pub position: Position,
    /// top, right, bottom, left.
    pub inset: [Length; 4],
    pub flex_direction: FlexDirection,
    pub flex_wrap: FlexWrap,
    pub justify_content: JustifyContent,
    pub align_items: AlignItems,
    pub align_self: AlignSelf,
    pub align_content: AlignContent,
    pub flex_grow: f32,
    pub flex_shrink: f32,
    pub flex_basis: Length,
    pub width: Length,
    pub height: Length,
    pub min_width: Length,
    pub min_height: Length,
    /// `Auto` means `none`.
    pub max_width: Length,
    /// `Auto` means `none`.
    pub max_height: Length,
    /// top, right, bottom, left.
    pub margin: [Length; 4],
    /// top, right, bottom, left.
    pub padding: [Length; 4],
    /// px, top right bottom left; 0 where the side's style is `none`/`hidden`.
    pub border_width: [f32; 4],
    pub border_color: [Color; 4],
    pub border_style: [BorderStyle; 4],
    /// px: top-left, top-right, bottom-right, bottom-left.
    pub border_radius: [f32; 4],
    /// Corners given in percent (0..100 of the border box: horizontal radius of its width,
    /// vertical of its height, as CSS does); where `Some`, the corner's `border_radius` is 0
    /// and unused. Same corner order as `border_radius`.
    pub border_radius_percent: [Option<f32>; 4],
    pub box_sizing: BoxSizing,
    pub color: Color,
    pub background_color: Color,
    /// px.
    pub font_size: f32,
    pub font_weight: u16,
    pub font_italic: bool,
    /// Family names in preference order; empty = the player's default font.
    pub font_family: Vec<String>,
    pub line_height: LineHeight,
    pub text_align: TextAlign,
    pub white_space: WhiteSpace,
    pub opacity: f32,
    /// `overflow` (either axis) is anything but `visible`: clip the content to the padding box.
    pub overflow_hidden: bool,
    /// `None` for `auto`.
    pub z_index: Option<i32>,
    /// Font size of the page root in px, what `rem` refers to; carried down the tree.
    pub root_font_size: f32,
}

impl Default for ComputedStyle {
    fn default() -> Self {
        const ZERO: Length = Length::Px(0.0);
        ComputedStyle {
            display: Display::Inline,
            position: Position::Static,
            inset: [Length::Auto; 4],
            flex_direction: FlexDirection::Row,
            flex_wrap: FlexWrap::NoWrap,
            justify_content: JustifyContent::FlexStart,
            align_items: AlignItems::Stretch,
            align_self: AlignSelf::Auto,
            align_content: AlignContent::Stretch,
            flex_grow: 0.0,
            flex_shrink: 1.0,
            flex_basis: Length::Auto,
            width: Length::Auto,
            height: Length::Auto,
            min_width: Length::Auto,
            min_height: Length::Auto,
            max_width: Length::Auto,
            max_height: Length::Auto,
            margin: [ZERO; 4],
            padding: [ZERO; 4],
            border_width: [0.0; 4],
            border_color: [Color::BLACK; 4],
            border_style: [BorderStyle::None; 4],
            border_radius: [0.0; 4],
            border_radius_percent: [None; 4],
            box_sizing: BoxSizing::ContentBox,
            color: Color::BLACK,
            background_color: Color::TRANSPARENT,
            font_size: INITIAL_FONT_SIZE,
            font_weight: 400,
            font_italic: false,
            font_family: Vec::new(),
            line_height: LineHeight::Normal,
            text_align: TextAlign::Start,
            white_space: WhiteSpace::Normal,
            opacity: 1.0,
            overflow_hidden: false,
            z_index: None,
            root_font_size: INITIAL_FONT_SIZE,
        }
    }
}
