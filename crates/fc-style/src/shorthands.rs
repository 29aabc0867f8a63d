//! Property names → longhand values: longhands parse directly, shorthands (`margin`, `border`,
//! `flex`, `font`, `background`…) expand to the longhands they set, resetting the ones they
//! leave out to their initial values as CSS does.

use cssparser::Parser;

use crate::background::parse_background;
use crate::color::{parse_color, SpecColor};
use crate::properties::{
    parse_border_width, parse_font_family, parse_font_size, parse_font_weight, parse_gap,
    parse_keyword, parse_length, parse_line_height, parse_longhand, parse_overflow,
    FontWeightValue, LineHeightValue, Longhand, Value, BORDER_COLOR, BORDER_RADIUS, BORDER_STYLE,
    BORDER_STYLES, BORDER_WIDTH, FLEX_DIRECTIONS, FLEX_WRAPS, INSET, LEN_AUTO, LEN_AUTO_NEG,
    LEN_POSITIVE, MARGIN, PADDING,
};
use crate::text::parse_text_decoration;
use crate::values::{BorderStyle, FlexDirection, FlexWrap, SpecLength};
use crate::{invalid, PResult};

use Longhand as L;

const SIDES: [&str; 4] = ["top", "right", "bottom", "left"];

/// Other spellings of a property: legacy names and `-webkit-` prefixes that WebViews accept.
fn unalias(name: &str) -> &str {
    match name {
        "word-wrap" => "overflow-wrap",
        "line-clamp" => "-webkit-line-clamp",
        "grid-gap" => "gap",
        "-webkit-transform" => "transform",
        "-webkit-transform-origin" => "transform-origin",
        "-webkit-box-shadow" => "box-shadow",
        "-webkit-text-decoration" => "text-decoration",
        "-webkit-background-size" => "background-size",
        "-webkit-border-radius" => "border-radius",
        "-webkit-box-sizing" => "box-sizing",
        "-webkit-flex" => "flex",
        "-webkit-flex-direction" => "flex-direction",
        "-webkit-flex-wrap" => "flex-wrap",
        "-webkit-justify-content" => "justify-content",
        "-webkit-align-items" => "align-items",
        other => other,
    }
}

/// The longhands a property name sets (itself for a longhand); `None` if unknown.
/// `name` must be lowercase.
pub(crate) fn longhands_of(name: &str) -> Option<Vec<Longhand>> {
    let name = unalias(name);
    if let Some(l) = Longhand::from_name(name) {
        return Some(vec![l]);
    }
    let list: Vec<Longhand> = match name {
        "inset" => INSET.to_vec(),
        "margin" => MARGIN.to_vec(),
        "padding" => PADDING.to_vec(),
        "border-width" => BORDER_WIDTH.to_vec(),
        "border-color" => BORDER_COLOR.to_vec(),
        "border-style" => BORDER_STYLE.to_vec(),
        "border-radius" => BORDER_RADIUS.to_vec(),
        "border" => [BORDER_WIDTH, BORDER_STYLE, BORDER_COLOR].concat(),
        "flex" => vec![L::FlexGrow, L::FlexShrink, L::FlexBasis],
        "flex-flow" => vec![L::FlexDirection, L::FlexWrap],
        "font" => {
            vec![
                L::FontStyle,
                L::FontWeight,
                L::FontSize,
                L::LineHeight,
                L::FontFamily,
            ]
        }
        "background" => vec![
            L::BackgroundColor,
            L::BackgroundImage,
            L::BackgroundPosition,
            L::BackgroundSize,
            L::BackgroundRepeat,
        ],
        "gap" => vec![L::RowGap, L::ColumnGap],
        "text-decoration" => vec![
            L::TextDecorationLine,
            L::TextDecorationStyle,
            L::TextDecorationColor,
        ],
        "overflow" => vec![L::OverflowX, L::OverflowY],
        _ => {
            let side = name.strip_prefix("border-")?;
            let i = SIDES.iter().position(|s| *s == side)?;
            vec![BORDER_WIDTH[i], BORDER_STYLE[i], BORDER_COLOR[i]]
        }
    };
    Some(list)
}

/// Parses the value of property `name` (lowercase, known to `longhands_of`) into longhand
/// values. `notes` collects parts that were understood but ignored (e.g. background images).
pub(crate) fn parse_property_value(
    name: &str,
    input: &mut Parser<'_>,
    notes: &mut Vec<String>,
) -> PResult<Vec<(Longhand, Value)>> {
    let name = unalias(name);
    if let Some(l) = Longhand::from_name(name) {
        return Ok(vec![(l, parse_longhand(l, input)?)]);
    }
    let length = |rules| move |i: &mut Parser<'_>| parse_length(i, rules).map(Value::Length);
    match name {
        "inset" => four_sides(input, &INSET, length(LEN_AUTO_NEG)),
        "margin" => four_sides(input, &MARGIN, length(LEN_AUTO_NEG)),
        "padding" => four_sides(input, &PADDING, length(LEN_POSITIVE)),
        "border-width" => four_sides(input, &BORDER_WIDTH, |i| {
            parse_border_width(i).map(Value::Length)
        }),
        "border-color" => four_sides(input, &BORDER_COLOR, |i| parse_color(i).map(Value::Color)),
        "border-style" => four_sides(input, &BORDER_STYLE, |i| {
            parse_keyword(i, BORDER_STYLES).map(Value::BorderStyle)
        }),
        "border-radius" => parse_border_radius(input),
        "gap" => {
            let row = parse_gap(input)?;
            let column = if input.is_exhausted() {
                row
            } else {
                parse_gap(input)?
            };
            Ok(vec![
                (L::RowGap, Value::Length(row)),
                (L::ColumnGap, Value::Length(column)),
            ])
        }
        "text-decoration" => {
            let (line, style, color) = parse_text_decoration(input)?;
            Ok(vec![
                (L::TextDecorationLine, Value::DecorationLine(line)),
                (L::TextDecorationStyle, Value::DecorationStyle(style)),
                (L::TextDecorationColor, Value::Color(color)),
            ])
        }
        "border" => {
            let (w, s, c) = parse_border_side(input)?;
            let mut out = Vec::with_capacity(12);
            for i in 0..4 {
                out.push((BORDER_WIDTH[i], Value::Length(w)));
                out.push((BORDER_STYLE[i], Value::BorderStyle(s)));
                out.push((BORDER_COLOR[i], Value::Color(c)));
            }
            Ok(out)
        }
        "flex" => parse_flex(input),
        "flex-flow" => parse_flex_flow(input),
        "font" => parse_font(input),
        "background" => parse_background(input, notes),
        "overflow" => {
            let x = parse_overflow(input)?;
            let y = if input.is_exhausted() {
                x
            } else {
                parse_overflow(input)?
            };
            Ok(vec![
                (L::OverflowX, Value::Overflow(x)),
                (L::OverflowY, Value::Overflow(y)),
            ])
        }
        _ => {
            let side = name
                .strip_prefix("border-")
                .and_then(|s| SIDES.iter().position(|x| *x == s));
            let Some(i) = side else {
                return invalid(format!("unknown property `{name}`"));
            };
            let (w, s, c) = parse_border_side(input)?;
            Ok(vec![
                (BORDER_WIDTH[i], Value::Length(w)),
                (BORDER_STYLE[i], Value::BorderStyle(s)),
                (BORDER_COLOR[i], Value::Color(c)),
            ])
        }
    }
}

/// `border-radius: <h>{1,4} [/ <v>{1,4}]?`, each list expanded like a box shorthand.
fn parse_border_radius(input: &mut Parser<'_>) -> PResult<Vec<(Longhand, Value)>> {
    let list = |input: &mut Parser<'_>| -> PResult<[SpecLength; 4]> {
        let mut values = vec![parse_length(input, LEN_POSITIVE)?];
        while values.len() < 4 {
            match input.try_parse(|i| parse_length(i, LEN_POSITIVE)) {
                Ok(v) => values.push(v),
                Err(_) => break,
            }
        }
        let pick = match values.len() {
            1 => [0, 0, 0, 0],
            2 => [0, 1, 0, 1],
            3 => [0, 1, 2, 1],
            _ => [0, 1, 2, 3],
        };
        Ok(pick.map(|i| values[i]))
    };
    let horizontal = list(input)?;
    let vertical = if input.try_parse(|i| i.expect_delim('/')).is_ok() {
        Some(list(input)?)
    } else {
        None
    };
    input.expect_exhausted()?;
    Ok((0..4)
        .map(|i| {
            let v = vertical.map(|v| v[i]);
            (BORDER_RADIUS[i], Value::Radius(horizontal[i], v))
        })
        .collect())
}

/// CSS 1–4 value box shorthand: `a` → all, `a b` → vertical/horizontal, `a b c` → top,
/// horizontal, bottom, `a b c d` → top right bottom left.
fn four_sides(
    input: &mut Parser<'_>,
    longhands: &[Longhand; 4],
    mut parse_one: impl FnMut(&mut Parser<'_>) -> PResult<Value>,
) -> PResult<Vec<(Longhand, Value)>> {
    let mut values = vec![parse_one(input)?];
    while values.len() < 4 && !input.is_exhausted() {
        values.push(parse_one(input)?);
    }
    input.expect_exhausted()?;
    let pick = match values.len() {
        1 => [0, 0, 0, 0],
        2 => [0, 1, 0, 1],
        3 => [0, 1, 2, 1],
        _ => [0, 1, 2, 3],
    };
    Ok(longhands
        .iter()
        .zip(pick)
        .map(|(&l, i)| (l, values[i].clone()))
        .collect())
}

/// `<width> || <style> || <color>`; parts left out take their initial values
/// (medium, none, currentColor).
fn parse_border_side(input: &mut Parser<'_>) -> PResult<(SpecLength, BorderStyle, SpecColor)> {
    let (mut width, mut style, mut color) = (None, None, None);
    while !input.is_exhausted() {
        if width.is_none() {
            if let Ok(w) = input.try_parse(parse_border_width) {
                width = Some(w);
                continue;
            }
        }
        if style.is_none() {
            if let Ok(s) = input.try_parse(|i| parse_keyword(i, BORDER_STYLES)) {
                style = Some(s);
                continue;
            }
        }
        if color.is_none() {
            if let Ok(c) = input.try_parse(parse_color) {
                color = Some(c);
                continue;
            }
        }
        return invalid("expected a border width, style or colour");
    }
    if width.is_none() && style.is_none() && color.is_none() {
        return invalid("empty border value");
    }
    Ok((
        width.unwrap_or(SpecLength::Px(3.0)),
        style.unwrap_or(BorderStyle::None),
        color.unwrap_or(SpecColor::CurrentColor),
    ))
}

/// `none` | `auto` | `<grow> <shrink>? || <basis>`; a lone number means `<n> 1 0`.
fn parse_flex(input: &mut Parser<'_>) -> PResult<Vec<(Longhand, Value)>> {
    let triple = |g: f32, s: f32, b: SpecLength| {
        Ok(vec![
            (L::FlexGrow, Value::Number(g)),
            (L::FlexShrink, Value::Number(s)),
            (L::FlexBasis, Value::Length(b)),
        ])
    };
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return triple(0.0, 0.0, SpecLength::Auto);
    }
    let positive = |i: &mut Parser<'_>| -> PResult<f32> {
        let n = i.expect_number()?;
        if n < 0.0 {
            return invalid("negative flex factor");
        }
        Ok(n)
    };
    let basis = |i: &mut Parser<'_>| -> PResult<SpecLength> {
        if i.try_parse(|i| i.expect_ident_matching("content")).is_ok() {
            return Ok(SpecLength::Auto);
        }
        parse_length(i, LEN_AUTO)
    };
    let (mut grow, mut shrink, mut flex_basis) = (None, None, None);
    while !input.is_exhausted() {
        if grow.is_none() {
            if let Ok(g) = input.try_parse(positive) {
                grow = Some(g);
                shrink = input.try_parse(positive).ok();
                continue;
            }
        }
        if flex_basis.is_none() {
            if let Ok(b) = input.try_parse(basis) {
                flex_basis = Some(b);
                continue;
            }
        }
        return invalid("expected flex factors and/or a basis");
    }
    match (grow, flex_basis) {
        (None, None) => invalid("empty flex value"),
        // `flex: auto` is `1 1 auto`, like any lone basis.
        (None, Some(b)) => triple(1.0, 1.0, b),
        (Some(g), b) => triple(g, shrink.unwrap_or(1.0), b.unwrap_or(SpecLength::Px(0.0))),
    }
}

fn parse_flex_flow(input: &mut Parser<'_>) -> PResult<Vec<(Longhand, Value)>> {
    let (mut dir, mut wrap) = (None, None);
    while !input.is_exhausted() {
        if dir.is_none() {
            if let Ok(d) = input.try_parse(|i| parse_keyword(i, FLEX_DIRECTIONS)) {
                dir = Some(d);
                continue;
            }
        }
        if wrap.is_none() {
            if let Ok(w) = input.try_parse(|i| parse_keyword(i, FLEX_WRAPS)) {
                wrap = Some(w);
                continue;
            }
        }
        return invalid("expected a flex direction or wrap");
    }
    if dir.is_none() && wrap.is_none() {
        return invalid("empty flex-flow value");
    }
    Ok(vec![
        (
            L::FlexDirection,
            Value::FlexDirection(dir.unwrap_or(FlexDirection::Row)),
        ),
        (
            L::FlexWrap,
            Value::FlexWrap(wrap.unwrap_or(FlexWrap::NoWrap)),
        ),
    ])
}

/// `[style || weight || variant]? <size> [/ <line-height>]? <family>`.
fn parse_font(input: &mut Parser<'_>) -> PResult<Vec<(Longhand, Value)>> {
    let (mut italic, mut weight) = (None, None);
    for _ in 0..3 {
        if input
            .try_parse(|i| i.expect_ident_matching("normal"))
            .is_ok()
        {
            continue;
        }
        if italic.is_none() {
            if let Ok(s) =
                input.try_parse(|i| parse_keyword(i, &[("italic", true), ("oblique", true)]))
            {
                italic = Some(s);
                continue;
            }
        }
        if weight.is_none() {
            if let Ok(w) = input.try_parse(parse_font_weight) {
                weight = Some(w);
                continue;
            }
        }
        if input
            .try_parse(|i| i.expect_ident_matching("small-caps"))
            .is_ok()
        {
            continue;
        }
        break;
    }
    let size = parse_font_size(input)?;
    let line_height = if input.try_parse(|i| i.expect_delim('/')).is_ok() {
        parse_line_height(input)?
    } else {
        LineHeightValue::Normal
    };
    let family = parse_font_family(input)?;
    Ok(vec![
        (L::FontStyle, Value::Bool(italic.unwrap_or(false))),
        (
            L::FontWeight,
            Value::FontWeight(weight.unwrap_or(FontWeightValue::Absolute(400))),
        ),
        (L::FontSize, Value::FontSize(size)),
        (L::LineHeight, Value::LineHeight(line_height)),
        (L::FontFamily, Value::FontFamily(family)),
    ])
}

#[cfg(test)]
mod tests {
    use crate::parse_stylesheet;
    use crate::testing::{compute, single};
    use crate::values::{
        BorderStyle, Color, FlexDirection, FlexWrap, Length, LineHeight, SpecLength,
    };
    use crate::ComputedStyle;

    fn px(v: f32) -> Length {
        Length::Px(v)
    }

    fn style(decls: &str) -> ComputedStyle {
        let (t, n) = single("view.a");
        compute(&format!(".a {{ {decls} }}"), &t, n, None, 750.0)
    }

    fn warns(decls: &str) -> usize {
        parse_stylesheet("t.wxss", &format!(".a {{ {decls} }}"))
            .1
            .len()
    }

    #[test]
    fn box_shorthands_take_one_to_four_values() {
        assert_eq!(style("margin: 4px").margin, [px(4.0); 4]);
        assert_eq!(
            style("margin: 1px auto").margin,
            [px(1.0), Length::Auto, px(1.0), Length::Auto]
        );
        assert_eq!(
            style("padding: 1px 2px 3px").padding,
            [px(1.0), px(2.0), px(3.0), px(2.0)]
        );
        assert_eq!(
            style("padding: 1px 2px 3px 4px; padding-left: 10%").padding,
            [px(1.0), px(2.0), px(3.0), Length::Percent(10.0)]
        );
        assert_eq!(style("margin: -10rpx 0").margin[0], px(-10.0));
        assert_eq!(
            style("inset: 0 auto").inset,
            [px(0.0), Length::Auto, px(0.0), Length::Auto]
        );
        assert_eq!(warns("margin: 1px 2px 3px 4px 5px"), 1);
        assert_eq!(warns("padding: -1px"), 1);
        assert_eq!(warns("padding: auto"), 1);
        assert_eq!(warns("margin: 10"), 1);
    }

    #[test]
    fn border_shorthands() {
        let s = style("border: 2px dashed #f00");
        assert_eq!(s.border_width, [2.0; 4]);
        assert_eq!(s.border_style, [BorderStyle::Dashed; 4]);
        assert_eq!(s.border_color, [Color::from_rgba8(255, 0, 0, 1.0); 4]);
        let s = style("border: #00f solid; border-top: 4px double; border-bottom: 0");
        assert_eq!(s.border_width, [4.0, 3.0, 0.0, 3.0]);
        assert_eq!(s.border_style[0], BorderStyle::Double);
        assert_eq!(
            s.border_color[0],
            Color::BLACK,
            "border-top reset the colour to currentColor"
        );
        assert_eq!(s.border_color[1], Color::from_rgba8(0, 0, 255, 1.0));
        let s = style("border-style: solid none; border-width: thin thick; border-color: red blue");
        assert_eq!(s.border_width, [1.0, 0.0, 1.0, 0.0]);
        assert_eq!(s.border_color[3], Color::from_rgba8(0, 0, 255, 1.0));
        assert_eq!(style("border: none").border_width, [0.0; 4]);
        assert_eq!(warns("border: 1px solid red blue"), 1);
        assert_eq!(warns("border: 10%"), 1);
    }

    #[test]
    fn border_radius_corners_and_percent() {
        assert_eq!(style("border-radius: 8px").border_radius, [8.0; 4]);
        assert_eq!(
            style("border-radius: 1px 2px").border_radius,
            [1.0, 2.0, 1.0, 2.0]
        );
        assert_eq!(
            style("border-radius: 1px 2px 3px").border_radius,
            [1.0, 2.0, 3.0, 2.0]
        );
        assert_eq!(style("border-radius: 20rpx").border_radius, [20.0; 4]);
        let s = style("border-radius: 50%; border-top-left-radius: 4px");
        assert_eq!(
            s.border_radius_percent,
            [None, Some(50.0), Some(50.0), Some(50.0)]
        );
        assert_eq!(s.border_radius[0], 4.0);
        let s = style("border-radius: 10px 20px / 5px");
        assert_eq!(s.border_radius, [10.0, 20.0, 10.0, 20.0]);
        assert_eq!(s.border_radius_y, [Some(px(5.0)); 4]);
        let s = style("border-radius: 8px / 8px; border-top-left-radius: 2px 50%");
        assert_eq!(
            s.border_radius_y,
            [Some(Length::Percent(50.0)), None, None, None]
        );
        assert_eq!(warns("border-radius: 10px / 5px / 1px"), 1);
        assert_eq!(warns("border-radius: / 5px"), 1);
    }

    #[test]
    fn flex_shorthand_forms() {
        let f = |d: &str| {
            let s = style(d);
            (s.flex_grow, s.flex_shrink, s.flex_basis)
        };
        assert_eq!(f("flex: 1"), (1.0, 1.0, px(0.0)));
        assert_eq!(f("flex: none"), (0.0, 0.0, Length::Auto));
        assert_eq!(f("flex: auto"), (1.0, 1.0, Length::Auto));
        assert_eq!(f("flex: 1 1 0"), (1.0, 1.0, px(0.0)));
        assert_eq!(f("flex: 2 3 100rpx"), (2.0, 3.0, px(100.0)));
        assert_eq!(f("flex: 30%"), (1.0, 1.0, Length::Percent(30.0)));
        assert_eq!(f("flex: 0 0 auto"), (0.0, 0.0, Length::Auto));
        assert_eq!(f("flex: initial"), (0.0, 1.0, Length::Auto));
        assert_eq!(warns("flex: 1 2 3 4"), 1);
        assert_eq!(warns("flex: -1"), 1);
        let s = style("flex-flow: column wrap");
        assert_eq!(
            (s.flex_direction, s.flex_wrap),
            (FlexDirection::Column, FlexWrap::Wrap)
        );
        let s = style("flex-flow: wrap-reverse");
        assert_eq!(
            (s.flex_direction, s.flex_wrap),
            (FlexDirection::Row, FlexWrap::WrapReverse)
        );
    }

    #[test]
    fn font_shorthand() {
        let s = style("font: italic bold 20px/30px \"Helvetica Neue\", Arial, sans-serif");
        assert!(s.font_italic);
        assert_eq!(s.font_weight, 700);
        assert_eq!(s.font_size, 20.0);
        assert_eq!(s.line_height, LineHeight::Px(30.0));
        assert_eq!(s.font_family, ["Helvetica Neue", "Arial", "sans-serif"]);
        let s = style("line-height: 3; font: 12px serif");
        assert_eq!(s.line_height, LineHeight::Normal, "font resets line-height");
        assert_eq!((s.font_weight, s.font_italic), (400, false));
        assert_eq!(warns("font: bold"), 1);
    }

    #[test]
    fn background_shorthand_colour_layer() {
        assert_eq!(
            style("background: #123").background_color,
            Color::from_rgba8(0x11, 0x22, 0x33, 1.0)
        );
        let s = style("background-color: red; background: none");
        assert_eq!(s.background_color, Color::TRANSPARENT);
        assert_eq!(warns("background: url(a.png) no-repeat"), 0);
        assert_eq!(warns("background: red blue"), 1);
        assert_eq!(warns("background: red, url(a.png)"), 1);
    }

    #[test]
    fn overflow_and_misc_longhands() {
        assert!(style("overflow: hidden").overflow_hidden);
        assert!(style("overflow-y: scroll").overflow_hidden);
        assert!(!style("overflow: hidden visible; overflow-x: visible").overflow_hidden);
        let s = style("opacity: 40%; z-index: -2; font-weight: 300; max-width: none; min-width: 0");
        assert_eq!(s.opacity, 0.4);
        assert_eq!(s.z_index, Some(-2));
        assert_eq!(s.font_weight, 300);
        assert_eq!((s.max_width, s.min_width), (Length::Auto, px(0.0)));
        assert_eq!(warns("z-index: 1.5"), 1);
        assert_eq!(warns("width: min(100%, 10px)"), 1);
        assert_eq!(warns("position: sticky"), 1);
        assert_eq!(warns("-webkit-line-clamp: 2"), 0);
    }

    #[test]
    fn colour_forms_through_the_cascade() {
        let c = |v: &str| style(&format!("color: {v}")).color;
        assert_eq!(c("#fff"), Color::WHITE);
        assert_eq!(c("#000000"), Color::BLACK);
        assert_eq!(c("#ff000080").a, 128.0 / 255.0);
        assert_eq!(c("rgb(255, 255, 255)"), Color::WHITE);
        assert_eq!(c("rgba(0, 0, 0, 0)"), Color::TRANSPARENT);
        assert_eq!(c("white"), Color::WHITE);
        assert_eq!(
            style("color: red; background-color: currentColor")
                .background_color
                .r,
            1.0
        );
    }

    #[test]
    fn lengths_reject_bad_units() {
        let (t, n) = single("view.a");
        let s = compute(".a { width: 1pt }", &t, n, None, 375.0);
        assert_eq!(s.width, Length::Px(4.0 / 3.0));
        assert_eq!(warns("width: 10furlongs"), 1);
        assert_eq!(warns("width: 10"), 1);
        assert_eq!(warns("width: -10px"), 1);
        assert_eq!(warns("border-width: 10%"), 1);
        assert!(SpecLength::Px(-1.0).is_negative());
    }
}
