//! The longhand properties fc-style knows, their specified-value types, and the value parser
//! for each. Shorthands expand into these (see `shorthands.rs`).

use std::sync::Arc;

use cssparser::{Parser, Token};

use crate::background::{
    parse_images, parse_origin, parse_positions, parse_repeats, parse_sizes, BackgroundRepeat,
    SpecImage, SpecPosition, SpecSize,
};
use crate::effects::{parse_box_shadows, parse_transform, SpecShadow, SpecTransform};
use crate::text::{
    parse_decoration_line, parse_line_clamp, parse_overflow_wrap, parse_vertical_align,
    parse_word_break, BoxOrient, OverflowWrap, SpecVerticalAlign, TextDecorationLine,
    TextDecorationStyle, TextOverflow, Visibility, WordBreak, DECORATION_STYLES,
};
use crate::vars::PendingValue;

use crate::calc::{is_calc, parse_calc_length, parse_calc_number, CalcSum};
use crate::color::{parse_color, SpecColor};
use crate::values::{
    AlignContent, AlignItems, AlignSelf, BorderStyle, BoxSizing, Display, FlexDirection, FlexWrap,
    JustifyContent, Overflow, Position, SpecLength, TextAlign, WhiteSpace,
};
use crate::{invalid, PResult};

macro_rules! longhands {
    ($($variant:ident = $name:literal, $inherited:literal;)*) => {
        /// A longhand property; the cascade picks one winning declaration per longhand.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub(crate) enum Longhand { $($variant),* }

        impl Longhand {
            pub(crate) const ALL: &'static [Longhand] = &[$(Longhand::$variant),*];
            pub(crate) const COUNT: usize = Self::ALL.len();

            pub(crate) fn from_name(name: &str) -> Option<Longhand> {
                match name { $($name => Some(Longhand::$variant),)* _ => None }
            }

            /// Inherited properties take the parent's computed value when no rule sets them.
            pub(crate) fn is_inherited(self) -> bool {
                match self { $(Longhand::$variant => $inherited),* }
            }
        }
    };
}

longhands! {
    Display = "display", false;
    Position = "position", false;
    Top = "top", false;
    Right = "right", false;
    Bottom = "bottom", false;
    Left = "left", false;
    FlexDirection = "flex-direction", false;
    FlexWrap = "flex-wrap", false;
    JustifyContent = "justify-content", false;
    AlignItems = "align-items", false;
    AlignSelf = "align-self", false;
    AlignContent = "align-content", false;
    FlexGrow = "flex-grow", false;
    FlexShrink = "flex-shrink", false;
    FlexBasis = "flex-basis", false;
    Width = "width", false;
    Height = "height", false;
    MinWidth = "min-width", false;
    MinHeight = "min-height", false;
    MaxWidth = "max-width", false;
    MaxHeight = "max-height", false;
    MarginTop = "margin-top", false;
    MarginRight = "margin-right", false;
    MarginBottom = "margin-bottom", false;
    MarginLeft = "margin-left", false;
    PaddingTop = "padding-top", false;
    PaddingRight = "padding-right", false;
    PaddingBottom = "padding-bottom", false;
    PaddingLeft = "padding-left", false;
    BorderTopWidth = "border-top-width", false;
    BorderRightWidth = "border-right-width", false;
    BorderBottomWidth = "border-bottom-width", false;
    BorderLeftWidth = "border-left-width", false;
    BorderTopColor = "border-top-color", false;
    BorderRightColor = "border-right-color", false;
    BorderBottomColor = "border-bottom-color", false;
    BorderLeftColor = "border-left-color", false;
    BorderTopStyle = "border-top-style", false;
    BorderRightStyle = "border-right-style", false;
    BorderBottomStyle = "border-bottom-style", false;
    BorderLeftStyle = "border-left-style", false;
    BorderTopLeftRadius = "border-top-left-radius", false;
    BorderTopRightRadius = "border-top-right-radius", false;
    BorderBottomRightRadius = "border-bottom-right-radius", false;
    BorderBottomLeftRadius = "border-bottom-left-radius", false;
    BoxSizing = "box-sizing", false;
    Color = "color", true;
    BackgroundColor = "background-color", false;
    FontSize = "font-size", true;
    FontWeight = "font-weight", true;
    FontStyle = "font-style", true;
    FontFamily = "font-family", true;
    LineHeight = "line-height", true;
    TextAlign = "text-align", true;
    WhiteSpace = "white-space", true;
    Opacity = "opacity", false;
    OverflowX = "overflow-x", false;
    OverflowY = "overflow-y", false;
    ZIndex = "z-index", false;
    RowGap = "row-gap", false;
    ColumnGap = "column-gap", false;
    Order = "order", false;
    Visibility = "visibility", true;
    TextDecorationLine = "text-decoration-line", false;
    TextDecorationStyle = "text-decoration-style", false;
    TextDecorationColor = "text-decoration-color", false;
    LetterSpacing = "letter-spacing", true;
    WordBreak = "word-break", true;
    OverflowWrap = "overflow-wrap", true;
    TextOverflow = "text-overflow", false;
    LineClamp = "-webkit-line-clamp", false;
    BoxOrient = "-webkit-box-orient", false;
    TextIndent = "text-indent", true;
    VerticalAlign = "vertical-align", false;
    BackgroundImage = "background-image", false;
    BackgroundPosition = "background-position", false;
    BackgroundSize = "background-size", false;
    BackgroundRepeat = "background-repeat", false;
    BoxShadow = "box-shadow", false;
    Transform = "transform", false;
    TransformOrigin = "transform-origin", false;
    Content = "content", false;
}

use Longhand as L;

/// The four sides (top right bottom left) of each per-side property family.
pub(crate) const INSET: [Longhand; 4] = [L::Top, L::Right, L::Bottom, L::Left];
pub(crate) const MARGIN: [Longhand; 4] =
    [L::MarginTop, L::MarginRight, L::MarginBottom, L::MarginLeft];
pub(crate) const PADDING: [Longhand; 4] = [
    L::PaddingTop,
    L::PaddingRight,
    L::PaddingBottom,
    L::PaddingLeft,
];
pub(crate) const BORDER_WIDTH: [Longhand; 4] = [
    L::BorderTopWidth,
    L::BorderRightWidth,
    L::BorderBottomWidth,
    L::BorderLeftWidth,
];
pub(crate) const BORDER_COLOR: [Longhand; 4] = [
    L::BorderTopColor,
    L::BorderRightColor,
    L::BorderBottomColor,
    L::BorderLeftColor,
];
pub(crate) const BORDER_STYLE: [Longhand; 4] = [
    L::BorderTopStyle,
    L::BorderRightStyle,
    L::BorderBottomStyle,
    L::BorderLeftStyle,
];
/// Corners: top-left, top-right, bottom-right, bottom-left.
pub(crate) const BORDER_RADIUS: [Longhand; 4] = [
    L::BorderTopLeftRadius,
    L::BorderTopRightRadius,
    L::BorderBottomRightRadius,
    L::BorderBottomLeftRadius,
];

/// `font-size` as written; keywords other than `smaller`/`larger` are already px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum FontSizeValue {
    /// `em` and `%` are relative to the parent's font size.
    Length(SpecLength),
    Smaller,
    Larger,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum FontWeightValue {
    Absolute(u16),
    Bolder,
    Lighter,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum LineHeightValue {
    Normal,
    Number(f32),
    /// `%` is relative to the element's own font size.
    Length(SpecLength),
}

/// A specified value of some longhand; which variant goes with which longhand is fixed by
/// `parse_longhand`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Display(Display),
    Position(Position),
    FlexDirection(FlexDirection),
    FlexWrap(FlexWrap),
    JustifyContent(JustifyContent),
    AlignItems(AlignItems),
    AlignSelf(AlignSelf),
    AlignContent(AlignContent),
    BoxSizing(BoxSizing),
    BorderStyle(BorderStyle),
    TextAlign(TextAlign),
    WhiteSpace(WhiteSpace),
    Length(SpecLength),
    Number(f32),
    Color(SpecColor),
    FontSize(FontSizeValue),
    FontWeight(FontWeightValue),
    /// `font-style: italic|oblique` (true) or `normal`; `overflow-*` clips (true) or not.
    Bool(bool),
    FontFamily(Vec<String>),
    LineHeight(LineHeightValue),
    /// `None` for `auto`.
    ZIndex(Option<i32>),
    Integer(i32),
    Overflow(Overflow),
    /// A corner radius: horizontal, and vertical when elliptical.
    Radius(SpecLength, Option<SpecLength>),
    Visibility(Visibility),
    DecorationLine(TextDecorationLine),
    DecorationStyle(TextDecorationStyle),
    WordBreak(WordBreak),
    OverflowWrap(OverflowWrap),
    TextOverflow(TextOverflow),
    /// `None` for `none`.
    LineClamp(Option<u32>),
    BoxOrient(BoxOrient),
    VerticalAlign(SpecVerticalAlign),
    Images(Vec<SpecImage>),
    Positions(Vec<[SpecPosition; 2]>),
    Sizes(Vec<SpecSize>),
    Repeats(Vec<BackgroundRepeat>),
    Shadows(Vec<SpecShadow>),
    Transform(Vec<SpecTransform>),
    Origin([SpecPosition; 2]),
    /// `None` for `none`/`normal`.
    Content(Option<Vec<ContentPart>>),
}

/// One item of a `content` list; `attr()` is looked up on the element at compute time.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ContentPart {
    Text(String),
    Attr(String),
}

/// What a declaration sets a longhand to: a value or one of the CSS-wide keywords.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum DeclValue {
    Value(Value),
    /// The value mentions `var()`: parsed per element after substitution (one shared
    /// `PendingValue` for all the longhands of a shorthand).
    Pending(Arc<PendingValue>),
    Inherit,
    Initial,
    /// `inherit` for inherited properties, `initial` for the rest.
    Unset,
}

/// One longhand declaration (shorthands are expanded at parse time).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Declaration {
    pub(crate) prop: Longhand,
    pub(crate) value: DeclValue,
    pub(crate) important: bool,
}

/// Which lengths a property accepts.
#[derive(Clone, Copy)]
pub(crate) struct LengthRules {
    pub(crate) auto: bool,
    /// `none` is accepted and stored as `Auto` (`max-width`/`max-height`).
    pub(crate) none: bool,
    pub(crate) percent: bool,
    pub(crate) negative: bool,
}

pub(crate) const LEN_AUTO_NEG: LengthRules = LengthRules {
    auto: true,
    none: false,
    percent: true,
    negative: true,
};
pub(crate) const LEN_AUTO: LengthRules = LengthRules {
    auto: true,
    none: false,
    percent: true,
    negative: false,
};
pub(crate) const LEN_NONE: LengthRules = LengthRules {
    auto: false,
    none: true,
    percent: true,
    negative: false,
};
pub(crate) const LEN_POSITIVE: LengthRules = LengthRules {
    auto: false,
    none: false,
    percent: true,
    negative: false,
};
pub(crate) const LEN_ABSOLUTE: LengthRules = LengthRules {
    auto: false,
    none: false,
    percent: false,
    negative: false,
};

pub(crate) const LEN_SIGNED_ABSOLUTE: LengthRules = LengthRules {
    auto: false,
    none: false,
    percent: false,
    negative: true,
};
pub(crate) const LEN_PERCENT_NEG: LengthRules = LengthRules {
    auto: false,
    none: false,
    percent: true,
    negative: true,
};

pub(crate) fn parse_length(input: &mut Parser<'_>, rules: LengthRules) -> PResult<SpecLength> {
    let length = match input.next()?.clone() {
        Token::Dimension { value, unit, .. } => {
            let unit = unit.to_ascii_lowercase();
            match unit.as_str() {
                "px" => SpecLength::Px(value),
                "rpx" => SpecLength::Rpx(value),
                "em" => SpecLength::Em(value),
                "rem" => SpecLength::Rem(value),
                "vw" => SpecLength::Vw(value),
                "vh" => SpecLength::Vh(value),
                "pt" => SpecLength::Px(value * 4.0 / 3.0),
                "pc" => SpecLength::Px(value * 16.0),
                "in" => SpecLength::Px(value * 96.0),
                "cm" => SpecLength::Px(value * 96.0 / 2.54),
                "mm" => SpecLength::Px(value * 96.0 / 25.4),
                _ => return invalid(format!("unit `{unit}` is not supported")),
            }
        }
        // The integer form avoids `0.3 * 100 = 30.000002`.
        Token::Percentage {
            unit_value,
            int_value,
            ..
        } if rules.percent => {
            SpecLength::Percent(int_value.map_or(unit_value * 100.0, |i| i as f32))
        }
        Token::Number { value: 0.0, .. } => SpecLength::Px(0.0),
        Token::Number { .. } => return invalid("a non-zero length needs a unit"),
        Token::Ident(ref id) if rules.auto && id.eq_ignore_ascii_case("auto") => SpecLength::Auto,
        Token::Ident(ref id) if rules.none && id.eq_ignore_ascii_case("none") => SpecLength::Auto,
        Token::Function(ref f) if is_calc(f) => {
            let sum = input.parse_nested_block(parse_calc_length)?;
            if sum.percent != 0.0 && !rules.percent {
                return invalid("percentages are not allowed here");
            }
            simplify_calc(sum)
        }
        Token::Function(ref f) => return invalid(format!("`{f}()` is not supported yet")),
        _ => return invalid("expected a length"),
    };
    if !rules.negative && length.is_negative() {
        return invalid("negative values are not allowed here");
    }
    Ok(length)
}

/// A `calc()` over one unit is just that unit (so `calc(2 * 10px)` is a plain `Px`).
fn simplify_calc(c: CalcSum) -> SpecLength {
    let parts = [
        (c.px, SpecLength::Px as fn(f32) -> SpecLength),
        (c.rpx, SpecLength::Rpx),
        (c.em, SpecLength::Em),
        (c.rem, SpecLength::Rem),
        (c.vw, SpecLength::Vw),
        (c.vh, SpecLength::Vh),
        (c.percent, SpecLength::Percent),
    ];
    let mut nonzero = parts.iter().filter(|(v, _)| *v != 0.0);
    match (nonzero.next(), nonzero.next()) {
        (None, _) => SpecLength::Px(0.0),
        (Some(&(v, make)), None) => make(v),
        _ => SpecLength::Calc(c),
    }
}

/// Parses one identifier from `table` (ASCII case-insensitive).
pub(crate) fn parse_keyword<T: Copy>(input: &mut Parser<'_>, table: &[(&str, T)]) -> PResult<T> {
    let ident = input.expect_ident()?.clone();
    match table.iter().find(|(k, _)| ident.eq_ignore_ascii_case(k)) {
        Some(&(_, v)) => Ok(v),
        None => invalid(format!("unsupported keyword `{ident}`")),
    }
}

fn parse_number(input: &mut Parser<'_>, negative: bool) -> PResult<f32> {
    let calc = input.try_parse(|i| match i.expect_function() {
        Ok(f) if is_calc(f) => Ok(()),
        _ => invalid("not calc"),
    });
    let value = match calc {
        Ok(()) => input.parse_nested_block(parse_calc_number)?,
        Err(_) => input.expect_number()?,
    };
    if !negative && value < 0.0 {
        return invalid("negative values are not allowed here");
    }
    Ok(value)
}

pub(crate) const BORDER_STYLES: &[(&str, BorderStyle)] = &[
    ("none", BorderStyle::None),
    ("hidden", BorderStyle::Hidden),
    ("solid", BorderStyle::Solid),
    ("dashed", BorderStyle::Dashed),
    ("dotted", BorderStyle::Dotted),
    ("double", BorderStyle::Double),
    ("groove", BorderStyle::Solid),
    ("ridge", BorderStyle::Solid),
    ("inset", BorderStyle::Solid),
    ("outset", BorderStyle::Solid),
];

pub(crate) const FLEX_DIRECTIONS: &[(&str, FlexDirection)] = &[
    ("row", FlexDirection::Row),
    ("row-reverse", FlexDirection::RowReverse),
    ("column", FlexDirection::Column),
    ("column-reverse", FlexDirection::ColumnReverse),
];

pub(crate) const FLEX_WRAPS: &[(&str, FlexWrap)] = &[
    ("nowrap", FlexWrap::NoWrap),
    ("wrap", FlexWrap::Wrap),
    ("wrap-reverse", FlexWrap::WrapReverse),
];

/// `thin`, `medium`, `thick` or a non-negative length without percent.
pub(crate) fn parse_border_width(input: &mut Parser<'_>) -> PResult<SpecLength> {
    if let Ok(px) =
        input.try_parse(|i| parse_keyword(i, &[("thin", 1.0), ("medium", 3.0), ("thick", 5.0)]))
    {
        return Ok(SpecLength::Px(px));
    }
    parse_length(input, LEN_ABSOLUTE)
}

/// `normal`, `bold`, `bolder`, `lighter` or 1..=1000.
pub(crate) fn parse_font_weight(input: &mut Parser<'_>) -> PResult<FontWeightValue> {
    if let Ok(n) = input.try_parse(|i| i.expect_number()) {
        return if (1.0..=1000.0).contains(&n) {
            Ok(FontWeightValue::Absolute(n.round() as u16))
        } else {
            invalid("font-weight must be between 1 and 1000")
        };
    }
    parse_keyword(
        input,
        &[
            ("normal", FontWeightValue::Absolute(400)),
            ("bold", FontWeightValue::Absolute(700)),
            ("bolder", FontWeightValue::Bolder),
            ("lighter", FontWeightValue::Lighter),
        ],
    )
}

pub(crate) fn parse_font_size(input: &mut Parser<'_>) -> PResult<FontSizeValue> {
    let keywords = [
        ("xx-small", 9.0),
        ("x-small", 10.0),
        ("small", 13.0),
        ("medium", 16.0),
        ("large", 18.0),
        ("x-large", 24.0),
        ("xx-large", 32.0),
        ("xxx-large", 48.0),
    ];
    if let Ok(px) = input.try_parse(|i| parse_keyword(i, &keywords)) {
        return Ok(FontSizeValue::Length(SpecLength::Px(px)));
    }
    if let Ok(v) = input.try_parse(|i| {
        parse_keyword(
            i,
            &[
                ("smaller", FontSizeValue::Smaller),
                ("larger", FontSizeValue::Larger),
            ],
        )
    }) {
        return Ok(v);
    }
    parse_length(input, LEN_POSITIVE).map(FontSizeValue::Length)
}

pub(crate) fn parse_line_height(input: &mut Parser<'_>) -> PResult<LineHeightValue> {
    if let Ok(n) = input.try_parse(|i| i.expect_number()) {
        return if n < 0.0 {
            invalid("negative line-height")
        } else {
            Ok(LineHeightValue::Number(n))
        };
    }
    if input
        .try_parse(|i| i.expect_ident_matching("normal"))
        .is_ok()
    {
        return Ok(LineHeightValue::Normal);
    }
    parse_length(input, LEN_POSITIVE).map(LineHeightValue::Length)
}

/// A comma-separated list of quoted names or runs of identifiers (`Helvetica Neue`).
pub(crate) fn parse_font_family(input: &mut Parser<'_>) -> PResult<Vec<String>> {
    input.parse_comma_separated(|item| {
        if let Ok(s) = item.try_parse(|i| i.expect_string_cloned()) {
            return Ok(s.to_string());
        }
        let mut words = vec![item.expect_ident()?.to_string()];
        while let Ok(w) = item.try_parse(|i| i.expect_ident_cloned()) {
            words.push(w.to_string());
        }
        Ok(words.join(" "))
    })
}

pub(crate) fn parse_overflow(input: &mut Parser<'_>) -> PResult<Overflow> {
    parse_keyword(
        input,
        &[
            ("visible", Overflow::Visible),
            ("hidden", Overflow::Hidden),
            ("clip", Overflow::Clip),
            ("scroll", Overflow::Scroll),
            ("auto", Overflow::Auto),
        ],
    )
}

/// A corner: one radius, or horizontal and vertical (elliptical).
fn parse_radius(input: &mut Parser<'_>) -> PResult<Value> {
    let h = parse_length(input, LEN_POSITIVE)?;
    let v = input.try_parse(|i| parse_length(i, LEN_POSITIVE)).ok();
    Ok(Value::Radius(h, v))
}

/// `normal` for `gap`, else a non-negative length.
pub(crate) fn parse_gap(input: &mut Parser<'_>) -> PResult<SpecLength> {
    if input
        .try_parse(|i| i.expect_ident_matching("normal"))
        .is_ok()
    {
        return Ok(SpecLength::Px(0.0));
    }
    parse_length(input, LEN_POSITIVE)
}

/// `none`, `normal`, or a list of strings and `attr(name)` (quotes count as empty strings).
fn parse_content(input: &mut Parser<'_>) -> PResult<Option<Vec<ContentPart>>> {
    if input
        .try_parse(|i| parse_keyword(i, &[("none", ()), ("normal", ())]))
        .is_ok()
    {
        return Ok(None);
    }
    let mut parts = Vec::new();
    while !input.is_exhausted() {
        match input.next()?.clone() {
            Token::QuotedString(s) => parts.push(ContentPart::Text(s.to_string())),
            Token::Function(f) if f.eq_ignore_ascii_case("attr") => {
                let name = input.parse_nested_block(|i| {
                    let n = i.expect_ident()?.to_ascii_lowercase();
                    i.expect_exhausted()?;
                    Ok::<_, cssparser::ParseError<String>>(n)
                })?;
                parts.push(ContentPart::Attr(name));
            }
            Token::Ident(q)
                if [
                    "open-quote",
                    "close-quote",
                    "no-open-quote",
                    "no-close-quote",
                ]
                .iter()
                .any(|k| q.eq_ignore_ascii_case(k)) => {}
            _ => return invalid("`content` supports strings and `attr()` only"),
        }
    }
    if parts.is_empty() {
        return invalid("empty content");
    }
    Ok(Some(parts))
}

/// Parses the value of one longhand (no CSS-wide keywords, no `!important`).
pub(crate) fn parse_longhand(prop: Longhand, input: &mut Parser<'_>) -> PResult<Value> {
    use Value as V;
    Ok(match prop {
        L::Display => V::Display(parse_keyword(
            input,
            &[
                ("none", Display::None),
                ("block", Display::Block),
                ("inline", Display::Inline),
                ("inline-block", Display::InlineBlock),
                ("flex", Display::Flex),
                ("-webkit-flex", Display::Flex),
                ("inline-flex", Display::InlineFlex),
                ("-webkit-inline-flex", Display::InlineFlex),
                // The legacy box is used almost only for the multi-line ellipsis idiom
                // (with `-webkit-line-clamp`), which lays its text out as a block.
                ("-webkit-box", Display::Block),
                ("-webkit-inline-box", Display::InlineBlock),
            ],
        )?),
        L::Position => V::Position(parse_keyword(
            input,
            &[
                ("static", Position::Static),
                ("relative", Position::Relative),
                ("absolute", Position::Absolute),
                ("fixed", Position::Fixed),
            ],
        )?),
        L::Top | L::Right | L::Bottom | L::Left => V::Length(parse_length(input, LEN_AUTO_NEG)?),
        L::MarginTop | L::MarginRight | L::MarginBottom | L::MarginLeft => {
            V::Length(parse_length(input, LEN_AUTO_NEG)?)
        }
        L::FlexDirection => V::FlexDirection(parse_keyword(input, FLEX_DIRECTIONS)?),
        L::FlexWrap => V::FlexWrap(parse_keyword(input, FLEX_WRAPS)?),
        L::JustifyContent => V::JustifyContent(parse_keyword(
            input,
            &[
                ("flex-start", JustifyContent::FlexStart),
                ("start", JustifyContent::FlexStart),
                ("left", JustifyContent::FlexStart),
                ("normal", JustifyContent::FlexStart),
                ("flex-end", JustifyContent::FlexEnd),
                ("end", JustifyContent::FlexEnd),
                ("right", JustifyContent::FlexEnd),
                ("center", JustifyContent::Center),
                ("space-between", JustifyContent::SpaceBetween),
                ("space-around", JustifyContent::SpaceAround),
                ("space-evenly", JustifyContent::SpaceEvenly),
            ],
        )?),
        L::AlignItems => V::AlignItems(parse_keyword(
            input,
            &[
                ("flex-start", AlignItems::FlexStart),
                ("start", AlignItems::FlexStart),
                ("flex-end", AlignItems::FlexEnd),
                ("end", AlignItems::FlexEnd),
                ("center", AlignItems::Center),
                ("baseline", AlignItems::Baseline),
                ("stretch", AlignItems::Stretch),
                ("normal", AlignItems::Stretch),
            ],
        )?),
        L::AlignSelf => V::AlignSelf(parse_keyword(
            input,
            &[
                ("auto", AlignSelf::Auto),
                ("flex-start", AlignSelf::FlexStart),
                ("start", AlignSelf::FlexStart),
                ("flex-end", AlignSelf::FlexEnd),
                ("end", AlignSelf::FlexEnd),
                ("center", AlignSelf::Center),
                ("baseline", AlignSelf::Baseline),
                ("stretch", AlignSelf::Stretch),
                ("normal", AlignSelf::Auto),
            ],
        )?),
        L::AlignContent => V::AlignContent(parse_keyword(
            input,
            &[
                ("flex-start", AlignContent::FlexStart),
                ("start", AlignContent::FlexStart),
                ("flex-end", AlignContent::FlexEnd),
                ("end", AlignContent::FlexEnd),
                ("center", AlignContent::Center),
                ("space-between", AlignContent::SpaceBetween),
                ("space-around", AlignContent::SpaceAround),
                ("space-evenly", AlignContent::SpaceEvenly),
                ("stretch", AlignContent::Stretch),
                ("normal", AlignContent::Stretch),
            ],
        )?),
        L::FlexGrow | L::FlexShrink => V::Number(parse_number(input, false)?),
        L::FlexBasis => {
            if input
                .try_parse(|i| i.expect_ident_matching("content"))
                .is_ok()
            {
                V::Length(SpecLength::Auto)
            } else {
                V::Length(parse_length(input, LEN_AUTO)?)
            }
        }
        L::Width | L::Height | L::MinWidth | L::MinHeight => {
            V::Length(parse_length(input, LEN_AUTO)?)
        }
        L::MaxWidth | L::MaxHeight => V::Length(parse_length(input, LEN_NONE)?),
        L::PaddingTop | L::PaddingRight | L::PaddingBottom | L::PaddingLeft => {
            V::Length(parse_length(input, LEN_POSITIVE)?)
        }
        L::BorderTopWidth | L::BorderRightWidth | L::BorderBottomWidth | L::BorderLeftWidth => {
            V::Length(parse_border_width(input)?)
        }
        L::BorderTopColor | L::BorderRightColor | L::BorderBottomColor | L::BorderLeftColor => {
            V::Color(parse_color(input)?)
        }
        L::BorderTopStyle | L::BorderRightStyle | L::BorderBottomStyle | L::BorderLeftStyle => {
            V::BorderStyle(parse_keyword(input, BORDER_STYLES)?)
        }
        L::BorderTopLeftRadius
        | L::BorderTopRightRadius
        | L::BorderBottomRightRadius
        | L::BorderBottomLeftRadius => parse_radius(input)?,
        L::BoxSizing => V::BoxSizing(parse_keyword(
            input,
            &[
                ("content-box", BoxSizing::ContentBox),
                ("border-box", BoxSizing::BorderBox),
            ],
        )?),
        L::Color | L::BackgroundColor => V::Color(parse_color(input)?),
        L::FontSize => V::FontSize(parse_font_size(input)?),
        L::FontWeight => V::FontWeight(parse_font_weight(input)?),
        L::FontStyle => V::Bool(parse_keyword(
            input,
            &[("normal", false), ("italic", true), ("oblique", true)],
        )?),
        L::FontFamily => V::FontFamily(parse_font_family(input)?),
        L::LineHeight => V::LineHeight(parse_line_height(input)?),
        L::TextAlign => V::TextAlign(parse_keyword(
            input,
            &[
                ("start", TextAlign::Start),
                ("end", TextAlign::End),
                ("left", TextAlign::Left),
                ("right", TextAlign::Right),
                ("center", TextAlign::Center),
                ("justify", TextAlign::Justify),
            ],
        )?),
        L::WhiteSpace => V::WhiteSpace(parse_keyword(
            input,
            &[
                ("normal", WhiteSpace::Normal),
                ("nowrap", WhiteSpace::NoWrap),
                ("pre", WhiteSpace::Pre),
                ("pre-wrap", WhiteSpace::PreWrap),
                ("break-spaces", WhiteSpace::PreWrap),
                ("pre-line", WhiteSpace::PreLine),
            ],
        )?),
        L::Opacity => {
            let v = match *input.next()? {
                Token::Number { value, .. } => value,
                Token::Percentage { unit_value, .. } => unit_value,
                _ => return invalid("expected a number"),
            };
            V::Number(v.clamp(0.0, 1.0))
        }
        L::OverflowX | L::OverflowY => V::Overflow(parse_overflow(input)?),
        L::RowGap | L::ColumnGap => V::Length(parse_gap(input)?),
        L::Order => V::Integer(input.expect_integer()?),
        L::Visibility => V::Visibility(parse_keyword(
            input,
            &[
                ("visible", Visibility::Visible),
                ("hidden", Visibility::Hidden),
                ("collapse", Visibility::Collapse),
            ],
        )?),
        L::TextDecorationLine => V::DecorationLine(parse_decoration_line(input)?),
        L::TextDecorationStyle => V::DecorationStyle(parse_keyword(input, DECORATION_STYLES)?),
        L::TextDecorationColor => V::Color(parse_color(input)?),
        L::LetterSpacing => {
            if input
                .try_parse(|i| i.expect_ident_matching("normal"))
                .is_ok()
            {
                V::Length(SpecLength::Px(0.0))
            } else {
                V::Length(parse_length(input, LEN_SIGNED_ABSOLUTE)?)
            }
        }
        L::WordBreak => V::WordBreak(parse_word_break(input)?),
        L::OverflowWrap => V::OverflowWrap(parse_overflow_wrap(input)?),
        L::TextOverflow => V::TextOverflow(parse_keyword(
            input,
            &[
                ("clip", TextOverflow::Clip),
                ("ellipsis", TextOverflow::Ellipsis),
            ],
        )?),
        L::LineClamp => V::LineClamp(parse_line_clamp(input)?),
        L::BoxOrient => V::BoxOrient(parse_keyword(
            input,
            &[
                ("horizontal", BoxOrient::Horizontal),
                ("inline-axis", BoxOrient::Horizontal),
                ("vertical", BoxOrient::Vertical),
                ("block-axis", BoxOrient::Vertical),
            ],
        )?),
        L::TextIndent => V::Length(parse_length(input, LEN_PERCENT_NEG)?),
        L::VerticalAlign => V::VerticalAlign(parse_vertical_align(input)?),
        L::BackgroundImage => V::Images(parse_images(input)?),
        L::BackgroundPosition => V::Positions(parse_positions(input)?),
        L::BackgroundSize => V::Sizes(parse_sizes(input)?),
        L::BackgroundRepeat => V::Repeats(parse_repeats(input)?),
        L::BoxShadow => V::Shadows(parse_box_shadows(input)?),
        L::Transform => V::Transform(parse_transform(input)?),
        L::TransformOrigin => V::Origin(parse_origin(input)?),
        L::Content => V::Content(parse_content(input)?),
        L::ZIndex => {
            if input.try_parse(|i| i.expect_ident_matching("auto")).is_ok() {
                V::ZIndex(None)
            } else {
                V::ZIndex(Some(input.expect_integer()?))
            }
        }
    })
}
