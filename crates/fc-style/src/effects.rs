//! Visual effects that do not affect layout: `box-shadow`, `transform` and
//! `transform-origin` — computed types and parsers.

use cssparser::{Parser, Token};

use crate::background::{parse_angle, to_calc};
use crate::calc::CalcLength;
use crate::color::{parse_color, SpecColor};
use crate::properties::{parse_length, LengthRules};
use crate::values::{Color, LengthBasis, SpecLength};
use crate::{invalid, PResult};

/// One `box-shadow` layer, in logical px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoxShadow {
    pub offset_x: f32,
    pub offset_y: f32,
    /// Blur radius (≥ 0).
    pub blur: f32,
    pub spread: f32,
    /// `currentColor` (the default) is already resolved.
    pub color: Color,
    pub inset: bool,
}

/// One transform function, in the order written (applied right to left to the box, as CSS
/// composes them left to right about `transform-origin`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TransformOp {
    /// `translate()`, `translateX/Y()`, `translate3d()` (z dropped); percentages are of the
    /// element's own border box.
    Translate { x: CalcLength, y: CalcLength },
    /// `scale()`, `scaleX/Y()`, `scale3d()` (z dropped).
    Scale { x: f32, y: f32 },
    /// `rotate()`/`rotateZ()`, radians, clockwise on screen.
    Rotate(f32),
    /// `skew()`, `skewX/Y()`, radians.
    Skew { x: f32, y: f32 },
    /// `matrix(a, b, c, d, e, f)` (e, f in px).
    Matrix([f32; 6]),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SpecShadow {
    lengths: [SpecLength; 4],
    color: SpecColor,
    inset: bool,
}

impl SpecShadow {
    pub(crate) fn resolve(&self, basis: &LengthBasis, current: Color) -> BoxShadow {
        let px = |l: SpecLength| l.resolve_px(basis).unwrap_or(0.0);
        BoxShadow {
            offset_x: px(self.lengths[0]),
            offset_y: px(self.lengths[1]),
            blur: px(self.lengths[2]).max(0.0),
            spread: px(self.lengths[3]),
            color: self.color.resolve(current),
            inset: self.inset,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum SpecTransform {
    Translate(SpecLength, SpecLength),
    Other(TransformOp),
}

impl SpecTransform {
    pub(crate) fn resolve(self, basis: &LengthBasis) -> TransformOp {
        match self {
            SpecTransform::Translate(x, y) => TransformOp::Translate {
                x: to_calc(x, basis),
                y: to_calc(y, basis),
            },
            SpecTransform::Other(op) => op,
        }
    }
}

const SIGNED_ABSOLUTE: LengthRules = LengthRules {
    auto: false,
    none: false,
    percent: false,
    negative: true,
};

const SIGNED: LengthRules = LengthRules {
    percent: true,
    ..SIGNED_ABSOLUTE
};

/// `none` (empty list) or a comma list of shadows.
pub(crate) fn parse_box_shadows(input: &mut Parser<'_>) -> PResult<Vec<SpecShadow>> {
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(Vec::new());
    }
    input.parse_comma_separated(parse_box_shadow)
}

/// `inset? && <length>{2,4} && <color>?`, in any order of the three groups.
fn parse_box_shadow(input: &mut Parser<'_>) -> PResult<SpecShadow> {
    let mut inset = false;
    let mut color = None;
    let mut lengths: Vec<SpecLength> = Vec::new();
    while !input.is_exhausted() {
        if !inset
            && input
                .try_parse(|i| i.expect_ident_matching("inset"))
                .is_ok()
        {
            inset = true;
            continue;
        }
        if lengths.is_empty() {
            while lengths.len() < 4 {
                match input.try_parse(|i| parse_length(i, SIGNED_ABSOLUTE)) {
                    Ok(l) => lengths.push(l),
                    Err(_) => break,
                }
            }
            if !lengths.is_empty() {
                continue;
            }
        }
        if color.is_none() {
            if let Ok(c) = input.try_parse(parse_color) {
                color = Some(c);
                continue;
            }
        }
        return invalid("expected shadow offsets, blur, spread, colour or `inset`");
    }
    if lengths.len() < 2 {
        return invalid("a shadow needs at least two offsets");
    }
    if lengths.get(2).is_some_and(|b| b.is_negative()) {
        return invalid("negative shadow blur");
    }
    lengths.resize(4, SpecLength::Px(0.0));
    Ok(SpecShadow {
        lengths: [lengths[0], lengths[1], lengths[2], lengths[3]],
        color: color.unwrap_or(SpecColor::CurrentColor),
        inset,
    })
}

/// `none` (empty list) or a space-separated list of transform functions.
pub(crate) fn parse_transform(input: &mut Parser<'_>) -> PResult<Vec<SpecTransform>> {
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(Vec::new());
    }
    let mut ops = Vec::new();
    while !input.is_exhausted() {
        let name = input.expect_function()?.to_ascii_lowercase();
        let op = input.parse_nested_block(|i| parse_transform_function(&name, i))?;
        ops.extend(op);
    }
    if ops.is_empty() && !input.is_exhausted() {
        return invalid("empty transform");
    }
    Ok(ops)
}

/// One function's arguments; `None` for an identity we can drop (`translateZ()`).
fn parse_transform_function(name: &str, input: &mut Parser<'_>) -> PResult<Option<SpecTransform>> {
    let zero = SpecLength::Px(0.0);
    let len = |i: &mut Parser<'_>| parse_length(i, SIGNED);
    let comma_len = |i: &mut Parser<'_>| -> PResult<SpecLength> {
        i.expect_comma()?;
        len(i)
    };
    let number = |i: &mut Parser<'_>| -> PResult<f32> {
        match *i.next()? {
            Token::Number { value, .. } => Ok(value),
            Token::Percentage { unit_value, .. } => Ok(unit_value),
            _ => invalid("expected a number"),
        }
    };
    let comma_number = |i: &mut Parser<'_>| -> PResult<f32> {
        i.expect_comma()?;
        number(i)
    };
    let angle = |i: &mut Parser<'_>| parse_angle(i).map(f32::to_radians);
    let other = |op| Ok(Some(SpecTransform::Other(op)));
    let op = match name {
        "translate" => {
            let x = len(input)?;
            let y = input.try_parse(comma_len).unwrap_or(zero);
            Ok(Some(SpecTransform::Translate(x, y)))
        }
        "translatex" => Ok(Some(SpecTransform::Translate(len(input)?, zero))),
        "translatey" => Ok(Some(SpecTransform::Translate(zero, len(input)?))),
        "translate3d" => {
            let x = len(input)?;
            let y = comma_len(input)?;
            input.expect_comma()?;
            parse_length(input, SIGNED_ABSOLUTE)?;
            Ok(Some(SpecTransform::Translate(x, y)))
        }
        "translatez" => parse_length(input, SIGNED_ABSOLUTE).map(|_| None),
        "scale" => {
            let x = number(input)?;
            let y = input.try_parse(comma_number).unwrap_or(x);
            other(TransformOp::Scale { x, y })
        }
        "scalex" => other(TransformOp::Scale {
            x: number(input)?,
            y: 1.0,
        }),
        "scaley" => other(TransformOp::Scale {
            x: 1.0,
            y: number(input)?,
        }),
        "scale3d" => {
            let x = number(input)?;
            let y = comma_number(input)?;
            comma_number(input)?;
            other(TransformOp::Scale { x, y })
        }
        "rotate" | "rotatez" => other(TransformOp::Rotate(angle(input)?)),
        "skew" => {
            let x = angle(input)?;
            let y = input
                .try_parse(|i| {
                    i.expect_comma()?;
                    angle(i)
                })
                .unwrap_or(0.0);
            other(TransformOp::Skew { x, y })
        }
        "skewx" => other(TransformOp::Skew {
            x: angle(input)?,
            y: 0.0,
        }),
        "skewy" => other(TransformOp::Skew {
            x: 0.0,
            y: angle(input)?,
        }),
        "matrix" => {
            let mut m = [number(input)?, 0.0, 0.0, 0.0, 0.0, 0.0];
            for v in m.iter_mut().skip(1) {
                *v = comma_number(input)?;
            }
            other(TransformOp::Matrix(m))
        }
        _ => invalid(format!("transform function `{name}()` is not supported")),
    };
    input.expect_exhausted()?;
    op
}

#[cfg(test)]
mod tests {
    use std::f32::consts::PI;

    use super::*;
    use crate::background::BackgroundPosition;
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

    fn calc(px: f32, percent: f32) -> CalcLength {
        CalcLength { px, percent }
    }

    #[test]
    fn box_shadow_lists() {
        let s =
            style("color: red; box-shadow: 0 1px 3px rgba(0,0,0,.4), inset 2rpx 4rpx 6rpx 8rpx");
        assert_eq!(s.box_shadow.len(), 2);
        let a = s.box_shadow[0];
        assert_eq!(
            (a.offset_x, a.offset_y, a.blur, a.spread),
            (0.0, 1.0, 3.0, 0.0)
        );
        assert_eq!(a.color, Color::from_rgba8(0, 0, 0, 0.4));
        assert!(!a.inset);
        let b = s.box_shadow[1];
        assert_eq!(
            (b.offset_x, b.offset_y, b.blur, b.spread),
            (1.0, 2.0, 3.0, 4.0)
        );
        assert_eq!(b.color, Color::from_rgba8(255, 0, 0, 1.0), "currentColor");
        assert!(b.inset);
        assert!(style("box-shadow: 1px 1px red; box-shadow: none")
            .box_shadow
            .is_empty());
        assert_eq!(
            style("box-shadow: #000 1px 2px inset").box_shadow[0].offset_y,
            2.0
        );
        assert_eq!(warns("box-shadow: 1px"), 1);
        assert_eq!(warns("box-shadow: 1px 1px -1px"), 1);
        assert_eq!(warns("box-shadow: 1px 1px 1px 1px 1px"), 1);
    }

    #[test]
    fn transforms_in_order() {
        let s = style(
            "transform: translate(-50%, 10px) scale(.5) rotate(90deg) translateX(2rpx) \
             rotate(.5turn) scaleY(2) translate3d(0, 0, 0) translateZ(0)",
        );
        assert_eq!(
            s.transform,
            vec![
                TransformOp::Translate {
                    x: calc(0.0, -50.0),
                    y: calc(10.0, 0.0)
                },
                TransformOp::Scale { x: 0.5, y: 0.5 },
                TransformOp::Rotate(PI / 2.0),
                TransformOp::Translate {
                    x: calc(1.0, 0.0),
                    y: calc(0.0, 0.0)
                },
                TransformOp::Rotate(PI),
                TransformOp::Scale { x: 1.0, y: 2.0 },
                TransformOp::Translate {
                    x: calc(0.0, 0.0),
                    y: calc(0.0, 0.0)
                },
            ]
        );
        assert_eq!(
            style("transform: rotate(1rad) skew(10deg)").transform,
            vec![
                TransformOp::Rotate(1.0),
                TransformOp::Skew {
                    x: 10f32.to_radians(),
                    y: 0.0
                }
            ]
        );
        assert_eq!(
            style("transform: matrix(1, 0, 0, 1, 5, 6)").transform,
            vec![TransformOp::Matrix([1.0, 0.0, 0.0, 1.0, 5.0, 6.0])]
        );
        assert!(style("transform: scale(2); transform: none")
            .transform
            .is_empty());
        assert_eq!(warns("transform: rotate(10px)"), 1);
        assert_eq!(warns("transform: perspective(10px)"), 1);
        assert_eq!(warns("transform: scale(1, 2, 3)"), 1);
    }

    #[test]
    fn transform_origin_keywords_and_lengths() {
        let o = |v: &str| {
            let s = style(&format!("transform-origin: {v}"));
            BackgroundPosition {
                x: s.transform_origin[0],
                y: s.transform_origin[1],
            }
        };
        let at = |x: CalcLength, y: CalcLength| BackgroundPosition { x, y };
        assert_eq!(o("0 0"), at(calc(0.0, 0.0), calc(0.0, 0.0)));
        assert_eq!(o("top left"), at(calc(0.0, 0.0), calc(0.0, 0.0)));
        assert_eq!(o("right"), at(calc(0.0, 100.0), calc(0.0, 50.0)));
        assert_eq!(o("bottom"), at(calc(0.0, 50.0), calc(0.0, 100.0)));
        assert_eq!(o("20rpx 30%"), at(calc(10.0, 0.0), calc(0.0, 30.0)));
        assert_eq!(o("left 10px 0"), at(calc(0.0, 0.0), calc(10.0, 0.0)));
        assert_eq!(style("").transform_origin, [calc(0.0, 50.0); 2]);
    }
}
