//! `ComputedStyle`: the per-element result of the cascade, in the units layout and paint use.

use crate::background::{BackgroundImage, BackgroundPosition, BackgroundRepeat, BackgroundSize};
use crate::calc::{CalcLength, CalcProperty};
use crate::effects::{BoxShadow, TransformOp};
use crate::text::{
    BoxOrient, OverflowWrap, TextDecoration, TextOverflow, VerticalAlign, Visibility, WordBreak,
};
use crate::values::{
    AlignContent, AlignItems, AlignSelf, BorderStyle, BoxSizing, Color, Display, FlexDirection,
    FlexWrap, JustifyContent, Length, LineHeight, Overflow, Position, TextAlign, WhiteSpace,
};
use crate::vars::CustomProperties;

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

    /// Vertical radius of each corner where it differs from the horizontal one
    /// (`border-radius: 10px / 5px`); `None` = circular. `Percent` is of the box height.
    pub border_radius_y: [Option<Length>; 4],
    /// Lengths given as a `calc()` mixing px and %: the whole value. The property's own field
    /// then holds only the % part (see `calc.rs`). Empty for nearly every element.
    pub calc: Vec<(CalcProperty, CalcLength)>,
    pub overflow_x: Overflow,
    pub overflow_y: Overflow,
    pub row_gap: Length,
    pub column_gap: Length,
    pub order: i32,
    pub visibility: Visibility,
    pub text_decoration: TextDecoration,
    /// px, added after every character; 0 for `normal`.
    pub letter_spacing: f32,
    pub word_break: WordBreak,
    pub overflow_wrap: OverflowWrap,
    pub text_overflow: TextOverflow,
    /// `-webkit-line-clamp`: show at most this many lines (ellipsis on the last).
    pub line_clamp: Option<u32>,
    pub box_orient: BoxOrient,
    /// First-line indent: px, or percent of the containing block's width.
    pub text_indent: Length,
    pub vertical_align: VerticalAlign,
    /// Layers, topmost first; empty = `none`.
    pub background_image: Vec<BackgroundImage>,
    /// Per layer, cycled to the image count; empty = initial (`0% 0%`).
    pub background_position: Vec<BackgroundPosition>,
    /// Per layer, cycled; empty = initial (`auto`).
    pub background_size: Vec<BackgroundSize>,
    /// Per layer, cycled; empty = initial (`repeat`).
    pub background_repeat: Vec<BackgroundRepeat>,
    /// Outer and inset shadows in the order written (the first is on top); empty = `none`.
    pub box_shadow: Vec<BoxShadow>,
    /// Empty = `none`.
    pub transform: Vec<TransformOp>,
    /// x, y; percent of the border box. Initial `50% 50%`.
    pub transform_origin: [CalcLength; 2],
    /// Generated content of a `::before`/`::after` box (`attr()` already looked up); `None`
    /// for `none`/`normal`, which means no box. Only meaningful on pseudo-element styles.
    pub content: Option<String>,
    /// Custom properties (`--x`), inherited.
    pub custom_properties: CustomProperties,
}

impl ComputedStyle {
    /// Whether `self` and `other` differ at most in properties that only painting reads
    /// (colours, backgrounds, border colours and styles — a side's width is already 0 where
    /// its style hides it — radii, shadows, opacity, stacking order, transforms). Everything
    /// else counts as able to move, size or reshape something, text `color` excepted: layout
    /// keeps no colour that painting uses for a text node (it reads the node's style).
    /// Conservative: a property not listed here, even one layout ignores, is layout's.
    pub fn same_layout(&self, other: &ComputedStyle) -> bool {
        let mut a = self.clone();
        a.color = other.color;
        a.background_color = other.background_color;
        a.border_color = other.border_color;
        a.border_style = other.border_style;
        a.border_radius = other.border_radius;
        a.border_radius_percent = other.border_radius_percent;
        a.border_radius_y = other.border_radius_y;
        a.opacity = other.opacity;
        a.z_index = other.z_index;
        a.background_image = other.background_image.clone();
        a.background_position = other.background_position.clone();
        a.background_size = other.background_size.clone();
        a.background_repeat = other.background_repeat.clone();
        a.box_shadow = other.box_shadow.clone();
        a.transform = other.transform.clone();
        a.transform_origin = other.transform_origin;
        // A decoration's colour is laid out with its line (fc-layout's spans carry it).
        if self.text_decoration.line.is_none() && other.text_decoration.line.is_none() {
            a.text_decoration.color = other.text_decoration.color;
        }
        a == *other
    }

    /// Whether where this style's box can paint (fc-paint's off-screen culling) is what it
    /// is with `other`: the same layout, shadows and transform; colours, backgrounds,
    /// borders' looks and opacity may differ.
    pub fn same_extent(&self, other: &ComputedStyle) -> bool {
        self.box_shadow == other.box_shadow
            && self.transform == other.transform
            && self.transform_origin == other.transform_origin
            && self.same_layout(other)
    }

    /// The whole `calc()` value of `property` when it mixes px and %, else `None` (the
    /// property's own field is then exact).
    pub fn calc_of(&self, property: CalcProperty) -> Option<CalcLength> {
        self.calc
            .iter()
            .find(|(p, _)| *p == property)
            .map(|&(_, c)| c)
    }

    /// Background layer `i` (of `background_image.len()`): its image, position, size and
    /// repeat, with the shorter lists cycled as CSS does.
    pub fn background_layer(
        &self,
        i: usize,
    ) -> Option<(
        &BackgroundImage,
        BackgroundPosition,
        BackgroundSize,
        BackgroundRepeat,
    )> {
        fn cycle<T: Copy + Default>(list: &[T], i: usize) -> T {
            if list.is_empty() {
                T::default()
            } else {
                list[i % list.len()]
            }
        }
        let image = self.background_image.get(i)?;
        Some((
            image,
            cycle(&self.background_position, i),
            cycle(&self.background_size, i),
            cycle(&self.background_repeat, i),
        ))
    }
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
            border_radius_y: [None; 4],
            calc: Vec::new(),
            overflow_x: Overflow::Visible,
            overflow_y: Overflow::Visible,
            row_gap: ZERO,
            column_gap: ZERO,
            order: 0,
            visibility: Visibility::Visible,
            text_decoration: TextDecoration::default(),
            letter_spacing: 0.0,
            word_break: WordBreak::Normal,
            overflow_wrap: OverflowWrap::Normal,
            text_overflow: TextOverflow::Clip,
            line_clamp: None,
            box_orient: BoxOrient::Horizontal,
            text_indent: ZERO,
            vertical_align: VerticalAlign::Baseline,
            background_image: Vec::new(),
            background_position: Vec::new(),
            background_size: Vec::new(),
            background_repeat: Vec::new(),
            box_shadow: Vec::new(),
            transform: Vec::new(),
            transform_origin: [CalcLength {
                px: 0.0,
                percent: 50.0,
            }; 2],
            content: None,
            custom_properties: CustomProperties::default(),
        }
    }
}
