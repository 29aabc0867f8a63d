//! Background layers: `background-image` (`url()` and `linear-gradient()`), `-size`,
//! `-position`, `-repeat` and the `background` shorthand — computed types and parsers.
//!
//! Each longhand is a comma list, one entry per layer, as in CSS; the computed lists are kept
//! as written and an empty list means the initial value. A painter cycles the shorter lists
//! to the number of images (`ComputedStyle::background_layer`).

use cssparser::{Parser, Token};

use crate::calc::CalcLength;
use crate::color::{parse_color, SpecColor};
use crate::properties::{parse_keyword, parse_length, LengthRules, Longhand, Value, LEN_AUTO};
use crate::values::{Color, Length, LengthBasis, SpecLength};
use crate::{invalid, PResult};

/// One background image layer.
#[derive(Clone, Debug, PartialEq)]
pub enum BackgroundImage {
    /// A `none` layer inside a list of several.
    None,
    /// The URL as written (relative to the style file, a bundle path, or a `data:` URL).
    Url(String),
    LinearGradient(LinearGradient),
}

#[derive(Clone, Debug, PartialEq)]
pub struct LinearGradient {
    pub direction: GradientDirection,
    /// At least two stops, in order.
    pub stops: Vec<ColorStop>,
    /// `repeating-linear-gradient()`.
    pub repeating: bool,
}

/// Where a linear gradient runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GradientDirection {
    /// Degrees, CSS convention: 0 points up (`to top`), 90 right, 180 down (the default).
    Angle(f32),
    /// `to top right` and friends: the angle depends on the box's aspect ratio, so the
    /// painter computes it. `right`/`bottom` say which corner the gradient runs to.
    ToCorner { right: bool, bottom: bool },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColorStop {
    pub color: Color,
    /// Along the gradient line: px or percent of its length; `None` = spread evenly.
    pub position: Option<Length>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BackgroundSize {
    Cover,
    Contain,
    /// Width and height; `None` is `auto`.
    Explicit {
        width: Option<Length>,
        height: Option<Length>,
    },
}

impl Default for BackgroundSize {
    fn default() -> Self {
        BackgroundSize::Explicit {
            width: None,
            height: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RepeatStyle {
    #[default]
    Repeat,
    NoRepeat,
    Space,
    Round,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct BackgroundRepeat {
    pub x: RepeatStyle,
    pub y: RepeatStyle,
}

/// A point in a box: `percent` of (box size − image size) plus `px`, per axis, as CSS
/// positions backgrounds (for `transform-origin` the percent is of the box size).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct BackgroundPosition {
    pub x: CalcLength,
    pub y: CalcLength,
}

/// One axis of a position as written: `anchor`% plus `sign` × `offset`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SpecPosition {
    anchor: f32,
    sign: f32,
    offset: SpecLength,
}

impl SpecPosition {
    pub(crate) fn resolve(self, basis: &LengthBasis) -> CalcLength {
        let off = to_calc(self.offset, basis);
        CalcLength {
            px: self.sign * off.px,
            percent: self.anchor + self.sign * off.percent,
        }
    }
}

/// A length as `px + percent` (`auto` is 0).
pub(crate) fn to_calc(len: SpecLength, basis: &LengthBasis) -> CalcLength {
    match len {
        SpecLength::Percent(p) => CalcLength {
            px: 0.0,
            percent: p,
        },
        other => other.resolve_calc(basis).unwrap_or(CalcLength {
            px: other.resolve_px(basis).unwrap_or(0.0),
            percent: match other {
                SpecLength::Calc(c) => c.percent,
                _ => 0.0,
            },
        }),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SpecImage {
    None,
    Url(String),
    Linear {
        direction: GradientDirection,
        stops: Vec<(SpecColor, Option<SpecLength>)>,
        repeating: bool,
    },
}

impl SpecImage {
    pub(crate) fn resolve(&self, basis: &LengthBasis, current: Color) -> BackgroundImage {
        match self {
            SpecImage::None => BackgroundImage::None,
            SpecImage::Url(u) => BackgroundImage::Url(u.clone()),
            SpecImage::Linear {
                direction,
                stops,
                repeating,
            } => BackgroundImage::LinearGradient(LinearGradient {
                direction: *direction,
                stops: stops
                    .iter()
                    .map(|(c, p)| ColorStop {
                        color: c.resolve(current),
                        position: p.map(|p| p.resolve(basis)),
                    })
                    .collect(),
                repeating: *repeating,
            }),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum SpecSize {
    Cover,
    Contain,
    Explicit(SpecLength, SpecLength),
}

impl SpecSize {
    pub(crate) fn resolve(self, basis: &LengthBasis) -> BackgroundSize {
        let len = |l: SpecLength| match l {
            SpecLength::Auto => None,
            l => Some(l.resolve(basis)),
        };
        match self {
            SpecSize::Cover => BackgroundSize::Cover,
            SpecSize::Contain => BackgroundSize::Contain,
            SpecSize::Explicit(w, h) => BackgroundSize::Explicit {
                width: len(w),
                height: len(h),
            },
        }
    }
}

/// `none` (empty list) or a comma list of images.
pub(crate) fn parse_images(input: &mut Parser<'_>) -> PResult<Vec<SpecImage>> {
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(Vec::new());
    }
    input.parse_comma_separated(parse_image)
}

fn parse_image(input: &mut Parser<'_>) -> PResult<SpecImage> {
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(SpecImage::None);
    }
    if let Ok(url) = input.try_parse(|i| i.expect_url()) {
        return Ok(SpecImage::Url(url.to_string()));
    }
    let name = input.expect_function()?.to_ascii_lowercase();
    let (repeating, legacy) = match name.as_str() {
        "linear-gradient" => (false, false),
        "repeating-linear-gradient" => (true, false),
        "-webkit-linear-gradient" => (false, true),
        "-webkit-repeating-linear-gradient" => (true, true),
        _ => return invalid(format!("`{name}()` images are not supported yet")),
    };
    input.parse_nested_block(|i| {
        let direction = i
            .try_parse(|i| {
                let d = parse_direction(i, legacy)?;
                i.expect_comma()?;
                Ok::<_, cssparser::ParseError<String>>(d)
            })
            .unwrap_or(GradientDirection::Angle(180.0));
        let mut stops = Vec::new();
        for stop in i.parse_comma_separated(parse_stop)? {
            stops.extend(stop);
        }
        if stops.len() < 2 {
            return invalid("a gradient needs at least two colour stops");
        }
        Ok(SpecImage::Linear {
            direction,
            stops,
            repeating,
        })
    })
}

/// `<angle>` or `to <side-or-corner>`; the legacy `-webkit-` form names the start side
/// instead and measures angles from the east, counter-clockwise.
fn parse_direction(input: &mut Parser<'_>, legacy: bool) -> PResult<GradientDirection> {
    if let Ok(deg) = input.try_parse(parse_angle) {
        return Ok(GradientDirection::Angle(if legacy {
            90.0 - deg
        } else {
            deg
        }));
    }
    if !legacy {
        input.expect_ident_matching("to")?;
    }
    let sides = [("top", 0), ("right", 1), ("bottom", 2), ("left", 3)];
    let first = parse_keyword(input, &sides)?;
    let second = input.try_parse(|i| parse_keyword(i, &sides)).ok();
    // The side the gradient runs towards, as (dx, dy).
    let towards = |s: usize| {
        let s = if legacy { (s + 2) % 4 } else { s };
        [(0, -1), (1, 0), (0, 1), (-1, 0)][s]
    };
    let (x1, y1) = towards(first);
    let (x2, y2) = second.map(towards).unwrap_or((0, 0));
    let (x, y) = (x1 + x2, y1 + y2);
    if second.is_some() && (x == 0 || y == 0) {
        return invalid("a corner needs one horizontal and one vertical side");
    }
    Ok(match (x, y) {
        (0, -1) => GradientDirection::Angle(0.0),
        (1, 0) => GradientDirection::Angle(90.0),
        (0, 1) => GradientDirection::Angle(180.0),
        (-1, 0) => GradientDirection::Angle(270.0),
        (x, y) => GradientDirection::ToCorner {
            right: x > 0,
            bottom: y > 0,
        },
    })
}

/// An angle in degrees (`deg`, `rad`, `grad`, `turn`; a bare 0 too).
pub(crate) fn parse_angle(input: &mut Parser<'_>) -> PResult<f32> {
    match input.next()?.clone() {
        Token::Dimension { value, unit, .. } => match unit.to_ascii_lowercase().as_str() {
            "deg" => Ok(value),
            "rad" => Ok(value.to_degrees()),
            "grad" => Ok(value * 0.9),
            "turn" => Ok(value * 360.0),
            _ => invalid(format!("`{unit}` is not an angle unit")),
        },
        Token::Number { value: 0.0, .. } => Ok(0.0),
        _ => invalid("expected an angle"),
    }
}

/// `<color> <position>{0,2}` (two positions make two stops of one colour).
fn parse_stop(input: &mut Parser<'_>) -> PResult<Vec<(SpecColor, Option<SpecLength>)>> {
    let rules = LengthRules {
        auto: false,
        none: false,
        percent: true,
        negative: true,
    };
    let color = parse_color(input)?;
    let first = input.try_parse(|i| parse_length(i, rules)).ok();
    let second = input.try_parse(|i| parse_length(i, rules)).ok();
    let mut out = vec![(color, first)];
    if second.is_some() {
        out.push((color, second));
    }
    Ok(out)
}

pub(crate) fn parse_sizes(input: &mut Parser<'_>) -> PResult<Vec<SpecSize>> {
    input.parse_comma_separated(parse_size)
}

fn parse_size(input: &mut Parser<'_>) -> PResult<SpecSize> {
    if let Ok(s) = input.try_parse(|i| {
        parse_keyword(
            i,
            &[("cover", SpecSize::Cover), ("contain", SpecSize::Contain)],
        )
    }) {
        return Ok(s);
    }
    let w = parse_length(input, LEN_AUTO)?;
    let h = input
        .try_parse(|i| parse_length(i, LEN_AUTO))
        .unwrap_or(SpecLength::Auto);
    Ok(SpecSize::Explicit(w, h))
}

pub(crate) fn parse_repeats(input: &mut Parser<'_>) -> PResult<Vec<BackgroundRepeat>> {
    input.parse_comma_separated(parse_repeat)
}

fn parse_repeat(input: &mut Parser<'_>) -> PResult<BackgroundRepeat> {
    use RepeatStyle as R;
    if let Ok(r) = input.try_parse(|i| {
        parse_keyword(
            i,
            &[
                ("repeat-x", (R::Repeat, R::NoRepeat)),
                ("repeat-y", (R::NoRepeat, R::Repeat)),
            ],
        )
    }) {
        return Ok(BackgroundRepeat { x: r.0, y: r.1 });
    }
    let styles = [
        ("repeat", R::Repeat),
        ("no-repeat", R::NoRepeat),
        ("space", R::Space),
        ("round", R::Round),
    ];
    let x = parse_keyword(input, &styles)?;
    let y = input.try_parse(|i| parse_keyword(i, &styles)).unwrap_or(x);
    Ok(BackgroundRepeat { x, y })
}

pub(crate) fn parse_positions(input: &mut Parser<'_>) -> PResult<Vec<[SpecPosition; 2]>> {
    input.parse_comma_separated(parse_position)
}

#[derive(Clone, Copy)]
enum PosPart {
    /// 0 left, 1 right, 2 top, 3 bottom, 4 center.
    Keyword(usize),
    Length(SpecLength),
}

/// A `<position>` (1 to 4 values): keywords, lengths, and `right 10px bottom 5px` offsets.
pub(crate) fn parse_position(input: &mut Parser<'_>) -> PResult<[SpecPosition; 2]> {
    parse_position_parts(input, 4)
}

/// `transform-origin`: a one- or two-value position and an ignored z offset.
pub(crate) fn parse_origin(input: &mut Parser<'_>) -> PResult<[SpecPosition; 2]> {
    let xy = parse_position_parts(input, 2)?;
    if !input.is_exhausted() {
        parse_length(
            input,
            LengthRules {
                auto: false,
                none: false,
                percent: false,
                negative: true,
            },
        )?;
    }
    Ok(xy)
}

fn parse_position_parts(input: &mut Parser<'_>, max: usize) -> PResult<[SpecPosition; 2]> {
    let keywords = [
        ("left", 0),
        ("right", 1),
        ("top", 2),
        ("bottom", 3),
        ("center", 4),
    ];
    let rules = LengthRules {
        auto: false,
        none: false,
        percent: true,
        negative: true,
    };
    let mut parts = Vec::new();
    while parts.len() < max {
        if let Ok(k) = input.try_parse(|i| parse_keyword(i, &keywords)) {
            parts.push(PosPart::Keyword(k));
        } else if let Ok(l) = input.try_parse(|i| parse_length(i, rules)) {
            parts.push(PosPart::Length(l));
        } else {
            break;
        }
    }
    let at = |anchor: f32| SpecPosition {
        anchor,
        sign: 1.0,
        offset: SpecLength::Px(0.0),
    };
    let len = |offset| SpecPosition {
        anchor: 0.0,
        sign: 1.0,
        offset,
    };
    let anchor = |k: usize| [0.0, 100.0, 0.0, 100.0, 50.0][k];
    let horizontal = |k: usize| k == 0 || k == 1;
    let vertical = |k: usize| k == 2 || k == 3;
    use PosPart::{Keyword as K, Length as L};
    Ok(match parts[..] {
        [K(k)] if vertical(k) => [at(50.0), at(anchor(k))],
        [K(k)] => [at(anchor(k)), at(50.0)],
        [L(l)] => [len(l), at(50.0)],
        [K(a), K(b)] if vertical(a) || horizontal(b) => {
            if (vertical(a) && vertical(b)) || (horizontal(a) && horizontal(b)) {
                return invalid("two keywords for the same axis");
            }
            [at(anchor(b)), at(anchor(a))]
        }
        [K(a), K(b)] => [at(anchor(a)), at(anchor(b))],
        [K(a), L(l)] if !vertical(a) => [at(anchor(a)), len(l)],
        [L(l), K(b)] if !horizontal(b) => [len(l), at(anchor(b))],
        [L(a), L(b)] => [len(a), len(b)],
        [_, _, ..] if parts.len() >= 3 => offsets(&parts)?,
        _ => return invalid("bad position"),
    })
}

/// The 3- and 4-value forms: each keyword may be followed by an offset from that side.
fn offsets(parts: &[PosPart]) -> PResult<[SpecPosition; 2]> {
    let mut x: Option<SpecPosition> = None;
    let mut y: Option<SpecPosition> = None;
    let mut centers = 0;
    let mut i = 0;
    while i < parts.len() {
        let PosPart::Keyword(k) = parts[i] else {
            return invalid("an offset must follow a side keyword");
        };
        let offset = match parts.get(i + 1) {
            Some(PosPart::Length(l)) if k != 4 => {
                i += 1;
                *l
            }
            _ => SpecLength::Px(0.0),
        };
        i += 1;
        let (anchor, sign) = match k {
            0 | 2 => (0.0, 1.0),
            1 | 3 => (100.0, -1.0),
            _ => (50.0, 1.0),
        };
        let p = SpecPosition {
            anchor,
            sign,
            offset,
        };
        let slot = match k {
            0 | 1 => &mut x,
            2 | 3 => &mut y,
            _ => {
                centers += 1;
                continue;
            }
        };
        if slot.replace(p).is_some() {
            return invalid("two positions for the same axis");
        }
    }
    let center = SpecPosition {
        anchor: 50.0,
        sign: 1.0,
        offset: SpecLength::Px(0.0),
    };
    if centers > 1 || (x.is_some() && y.is_some() && centers > 0) {
        return invalid("bad position");
    }
    Ok([x.unwrap_or(center), y.unwrap_or(center)])
}

/// The `background` shorthand: comma-separated layers of `<image> || <position> [/ <size>]
/// || <repeat> || <attachment> || <box>{1,2}`, the last one also `|| <color>`. Attachment
/// and boxes are accepted and ignored, with a note.
pub(crate) fn parse_background(
    input: &mut Parser<'_>,
    notes: &mut Vec<String>,
) -> PResult<Vec<(Longhand, Value)>> {
    let mut color = None;
    let mut ignored = false;
    let layers = input.parse_comma_separated(|layer| {
        if color.is_some() {
            return invalid("only the last background layer may have a colour");
        }
        let mut image = None;
        let mut position = None;
        let mut size = None;
        let mut repeat = None;
        while !layer.is_exhausted() {
            if image.is_none() {
                if let Ok(i) = layer.try_parse(parse_image) {
                    image = Some(i);
                    continue;
                }
            }
            if position.is_none() {
                if let Ok(p) = layer.try_parse(parse_position) {
                    position = Some(p);
                    if layer.try_parse(|i| i.expect_delim('/')).is_ok() {
                        size = Some(parse_size(layer)?);
                    }
                    continue;
                }
            }
            if repeat.is_none() {
                if let Ok(r) = layer.try_parse(parse_repeat) {
                    repeat = Some(r);
                    continue;
                }
            }
            if color.is_none() {
                if let Ok(c) = layer.try_parse(parse_color) {
                    color = Some(c);
                    continue;
                }
            }
            let keywords = [
                "scroll",
                "fixed",
                "local",
                "border-box",
                "padding-box",
                "content-box",
                "text",
            ];
            if layer
                .try_parse(|i| parse_keyword(i, &keywords.map(|k| (k, ()))))
                .is_ok()
            {
                ignored = true;
                continue;
            }
            return invalid("expected a background image, position, size, repeat or colour");
        }
        Ok((image, position, size, repeat))
    })?;
    if ignored {
        notes.push(
            "`background-attachment`, `-origin` and `-clip` are not supported; ignored".into(),
        );
    }
    let mut images = Vec::new();
    let mut positions = Vec::new();
    let mut sizes = Vec::new();
    let mut repeats = Vec::new();
    let any_image = layers
        .iter()
        .any(|l| !matches!(l.0, None | Some(SpecImage::None)));
    for (image, position, size, repeat) in layers {
        if any_image {
            images.push(image.unwrap_or(SpecImage::None));
        }
        positions.push(position.unwrap_or(
            [SpecPosition {
                anchor: 0.0,
                sign: 1.0,
                offset: SpecLength::Px(0.0),
            }; 2],
        ));
        sizes.push(size.unwrap_or(SpecSize::Explicit(SpecLength::Auto, SpecLength::Auto)));
        repeats.push(repeat.unwrap_or_default());
    }
    let color = color.unwrap_or(SpecColor::Rgba(Color::TRANSPARENT));
    Ok(vec![
        (Longhand::BackgroundColor, Value::Color(color)),
        (Longhand::BackgroundImage, Value::Images(images)),
        (Longhand::BackgroundPosition, Value::Positions(positions)),
        (Longhand::BackgroundSize, Value::Sizes(sizes)),
        (Longhand::BackgroundRepeat, Value::Repeats(repeats)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_stylesheet;
    use crate::testing::{compute, single};
    use crate::ComputedStyle;

    fn style(decls: &str) -> ComputedStyle {
        let (t, n) = single("view.a");
        compute(&format!(".a {{ {decls} }}"), &t, n, None, 375.0)
    }

    fn warns(decls: &str) -> usize {
        parse_stylesheet("t.wxss", &format!(".a {{ {decls} }}"))
            .1
            .len()
    }

    fn pos(xp: f32, xpx: f32, yp: f32, ypx: f32) -> BackgroundPosition {
        BackgroundPosition {
            x: CalcLength {
                px: xpx,
                percent: xp,
            },
            y: CalcLength {
                px: ypx,
                percent: yp,
            },
        }
    }

    #[test]
    fn gradients_parse_direction_and_stops() {
        let rgb = |r, g, b| Color::from_rgba8(r, g, b, 1.0);
        let s = style("color: #00f; background-image: linear-gradient(to right, red, currentColor 40%, #0f0 20rpx 60%)");
        let [BackgroundImage::LinearGradient(g)] = &s.background_image[..] else {
            panic!("{:?}", s.background_image);
        };
        assert_eq!(g.direction, GradientDirection::Angle(90.0));
        assert_eq!(
            g.stops,
            vec![
                ColorStop {
                    color: rgb(255, 0, 0),
                    position: None
                },
                ColorStop {
                    color: rgb(0, 0, 255),
                    position: Some(Length::Percent(40.0))
                },
                ColorStop {
                    color: rgb(0, 255, 0),
                    position: Some(Length::Px(10.0))
                },
                ColorStop {
                    color: rgb(0, 255, 0),
                    position: Some(Length::Percent(60.0))
                },
            ]
        );
        let dir = |v: &str| match &style(&format!("background-image: {v}")).background_image[..] {
            [BackgroundImage::LinearGradient(g)] => Some(g.direction),
            _ => None,
        };
        assert_eq!(
            dir("linear-gradient(red, blue)"),
            Some(GradientDirection::Angle(180.0))
        );
        assert_eq!(
            dir("linear-gradient(45deg, red, blue)"),
            Some(GradientDirection::Angle(45.0))
        );
        assert_eq!(
            dir("linear-gradient(.25turn, red, blue)"),
            Some(GradientDirection::Angle(90.0))
        );
        assert_eq!(
            dir("linear-gradient(to top left, red, blue)"),
            Some(GradientDirection::ToCorner {
                right: false,
                bottom: false
            })
        );
        assert_eq!(
            dir("-webkit-linear-gradient(top, red, blue)"),
            Some(GradientDirection::Angle(180.0))
        );
        assert_eq!(
            dir("-webkit-linear-gradient(left, red, blue)"),
            Some(GradientDirection::Angle(90.0))
        );
        assert_eq!(warns("background-image: linear-gradient(red)"), 1);
        assert_eq!(
            warns("background-image: linear-gradient(to top bottom, red, blue)"),
            1
        );
        assert_eq!(warns("background-image: radial-gradient(red, blue)"), 1);
    }

    #[test]
    fn urls_sizes_positions_repeats() {
        let s = style(
            "background-image: url(/img/a.png), url('data:image/png;base64,iVBOR'), none; \
             background-size: cover, 50% auto, 20rpx; background-position: right 10px bottom, center; \
             background-repeat: no-repeat, repeat-x",
        );
        assert_eq!(s.background_image.len(), 3);
        assert_eq!(
            s.background_image[0],
            BackgroundImage::Url("/img/a.png".into())
        );
        assert_eq!(
            s.background_image[1],
            BackgroundImage::Url("data:image/png;base64,iVBOR".into())
        );
        assert_eq!(s.background_image[2], BackgroundImage::None);
        assert_eq!(s.background_size[0], BackgroundSize::Cover);
        assert_eq!(
            s.background_size[1],
            BackgroundSize::Explicit {
                width: Some(Length::Percent(50.0)),
                height: None
            }
        );
        assert_eq!(
            s.background_size[2],
            BackgroundSize::Explicit {
                width: Some(Length::Px(10.0)),
                height: None
            }
        );
        assert_eq!(s.background_position[0], pos(100.0, -10.0, 100.0, 0.0));
        assert_eq!(s.background_position[1], pos(50.0, 0.0, 50.0, 0.0));
        let third = s.background_layer(2).map(|(_, p, _, r)| (p, r));
        assert_eq!(
            third,
            Some((
                pos(100.0, -10.0, 100.0, 0.0),
                BackgroundRepeat {
                    x: RepeatStyle::NoRepeat,
                    y: RepeatStyle::NoRepeat
                }
            )),
            "shorter lists cycle"
        );
        assert_eq!(
            s.background_repeat[1],
            BackgroundRepeat {
                x: RepeatStyle::Repeat,
                y: RepeatStyle::NoRepeat
            }
        );
        let p = |v: &str| style(&format!("background-position: {v}")).background_position[0];
        assert_eq!(p("top"), pos(50.0, 0.0, 0.0, 0.0));
        assert_eq!(p("10px 20%"), pos(0.0, 10.0, 20.0, 0.0));
        assert_eq!(p("bottom right"), pos(100.0, 0.0, 100.0, 0.0));
        assert_eq!(p("left 5px top 6px"), pos(0.0, 5.0, 0.0, 6.0));
        assert_eq!(warns("background-position: left right"), 1);
        assert_eq!(warns("background-size: big"), 1);
    }

    #[test]
    fn background_shorthand_layers() {
        let s = style(
            "background: url(a.png) center / contain no-repeat, linear-gradient(#fff, #000) #f00",
        );
        assert_eq!(s.background_color, Color::from_rgba8(255, 0, 0, 1.0));
        assert_eq!(s.background_image.len(), 2);
        assert_eq!(s.background_size[0], BackgroundSize::Contain);
        assert_eq!(s.background_position[0], pos(50.0, 0.0, 50.0, 0.0));
        assert_eq!(s.background_repeat[0].x, RepeatStyle::NoRepeat);
        assert_eq!(
            s.background_repeat[1].x,
            RepeatStyle::Repeat,
            "reset by the shorthand"
        );
        let s = style("background-image: url(a.png); background: #123");
        assert!(
            s.background_image.is_empty(),
            "the shorthand resets the image"
        );
    }
}
