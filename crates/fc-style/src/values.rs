//! Computed value types (what layout and paint read) and the unit conversions that produce
//! them: `rpx`, `em`, `rem`, `vw`, `vh` all become logical px at compute time.

use crate::calc::{CalcLength, CalcSum};

/// What unit resolution needs from the outside world. One per page (its root box size).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResolveContext {
    /// Logical page width in px; `750rpx` and `100vw` equal this.
    pub viewport_width: f32,
    /// Logical page height in px; `100vh` equals this.
    pub viewport_height: f32,
}

/// Converts rpx to logical px the way WeChat does (spec style.md §1):
/// `floor(rpx / 750 * width + 1e-4)`, and 1px when that floors a non-zero value to 0, so
/// hairlines never vanish. Negative values keep their sign (floor rounds them away from 0).
///
/// This is the only rpx → px conversion in the player; it takes the page width explicitly.
pub fn rpx_to_px(rpx: f32, viewport_width: f32) -> f32 {
    if rpx == 0.0 {
        return 0.0;
    }
    let px = (rpx / 750.0 * viewport_width + 1e-4).floor();
    if px == 0.0 {
        1.0
    } else {
        px
    }
}

/// A computed length: everything but percentages and `auto` is already in logical px.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Length {
    /// `auto`; for `max-width`/`max-height` it means `none`.
    #[default]
    Auto,
    /// Logical px.
    Px(f32),
    /// Percent of the containing block's size, 0..100.
    Percent(f32),
}

impl Length {
    /// Resolves against `basis` (the containing block's size in px). `None` for `auto`.
    pub fn resolve(self, basis: f32) -> Option<f32> {
        match self {
            Length::Auto => None,
            Length::Px(px) => Some(px),
            Length::Percent(p) => Some(basis * p / 100.0),
        }
    }
}

/// Straight (not premultiplied) sRGB, each channel 0..1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Color {
    pub r: f32,
    pub g: f32,
    pub b: f32,
    pub a: f32,
}

impl Color {
    pub const TRANSPARENT: Color = Color {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        a: 0.0,
    };
    pub const BLACK: Color = Color {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        a: 1.0,
    };
    pub const WHITE: Color = Color {
        r: 1.0,
        g: 1.0,
        b: 1.0,
        a: 1.0,
    };

    /// From 8-bit channels and an alpha in 0..1.
    pub fn from_rgba8(r: u8, g: u8, b: u8, a: f32) -> Color {
        Color {
            r: f32::from(r) / 255.0,
            g: f32::from(g) / 255.0,
            b: f32::from(b) / 255.0,
            a: a.clamp(0.0, 1.0),
        }
    }
}

impl Default for Color {
    fn default() -> Self {
        Color::BLACK
    }
}

/// Outer display type. `display: none` removes the box; everything else is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Display {
    None,
    Block,
    #[default]
    Inline,
    InlineBlock,
    Flex,
    InlineFlex,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Position {
    #[default]
    Static,
    Relative,
    Absolute,
    Fixed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FlexDirection {
    #[default]
    Row,
    RowReverse,
    Column,
    ColumnReverse,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FlexWrap {
    #[default]
    NoWrap,
    Wrap,
    WrapReverse,
}

/// `justify-content`; `normal`, `start`, `left` parse as `FlexStart`, `end`, `right` as `FlexEnd`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum JustifyContent {
    #[default]
    FlexStart,
    FlexEnd,
    Center,
    SpaceBetween,
    SpaceAround,
    SpaceEvenly,
}

/// `align-items`; `normal` parses as `Stretch`, `start`/`end` as `FlexStart`/`FlexEnd`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AlignItems {
    FlexStart,
    FlexEnd,
    Center,
    Baseline,
    #[default]
    Stretch,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AlignSelf {
    #[default]
    Auto,
    FlexStart,
    FlexEnd,
    Center,
    Baseline,
    Stretch,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AlignContent {
    FlexStart,
    FlexEnd,
    Center,
    SpaceBetween,
    SpaceAround,
    SpaceEvenly,
    #[default]
    Stretch,
}

/// Border line style. `groove`, `ridge`, `inset` and `outset` are drawn as `Solid`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum BorderStyle {
    #[default]
    None,
    Hidden,
    Solid,
    Dashed,
    Dotted,
    Double,
}

impl BorderStyle {
    /// `none` and `hidden` make the computed border width 0.
    pub fn is_visible(self) -> bool {
        !matches!(self, BorderStyle::None | BorderStyle::Hidden)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum BoxSizing {
    #[default]
    ContentBox,
    BorderBox,
}

/// Computed `line-height`: `em` and `%` are already multiplied out to `Px`; a bare number
/// stays a number so children scale it by their own font size.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum LineHeight {
    #[default]
    Normal,
    Number(f32),
    Px(f32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TextAlign {
    /// CSS initial value (left in the left-to-right text the player supports).
    #[default]
    Start,
    End,
    Left,
    Right,
    Center,
    Justify,
}

/// `white-space`; `break-spaces` parses as `PreWrap`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WhiteSpace {
    #[default]
    Normal,
    NoWrap,
    Pre,
    PreWrap,
    PreLine,
}

/// `overflow-x`/`overflow-y`. If one axis is `visible`/`clip` and the other is not, the
/// visible one computes to `auto` (CSS Overflow 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Overflow {
    #[default]
    Visible,
    Hidden,
    Clip,
    Scroll,
    Auto,
}

/// A specified length as written, before units are resolved.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum SpecLength {
    Auto,
    /// `calc()` mixing units (a single-unit `calc()` parses as that unit).
    Calc(CalcSum),
    Px(f32),
    /// 0..100.
    Percent(f32),
    Rpx(f32),
    Em(f32),
    Rem(f32),
    Vw(f32),
    Vh(f32),
}

/// Everything needed to turn a `SpecLength` into a `Length` for one element.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LengthBasis {
    pub viewport_width: f32,
    pub viewport_height: f32,
    /// The font size `em` refers to (the element's own, or the parent's for `font-size`).
    pub em: f32,
    /// The root (`page`) font size, for `rem`.
    pub rem: f32,
}

impl SpecLength {
    /// The computed `Length`; a `calc()` mixing px and % gives its % part (see `calc.rs`;
    /// `resolve_calc` has the whole value).
    pub(crate) fn resolve(self, basis: &LengthBasis) -> Length {
        match self {
            SpecLength::Auto => Length::Auto,
            SpecLength::Percent(p) => Length::Percent(p),
            SpecLength::Calc(c) if c.percent != 0.0 => match self.resolve_calc(basis) {
                Some(mixed) => Length::Percent(mixed.percent),
                None => Length::Percent(c.percent),
            },
            other => Length::Px(other.resolve_px(basis).unwrap_or(0.0)),
        }
    }

    /// For a `calc()` with both a px part and a % part: both; `None` for anything else.
    pub(crate) fn resolve_calc(self, basis: &LengthBasis) -> Option<CalcLength> {
        let SpecLength::Calc(c) = self else {
            return None;
        };
        let px = SpecLength::Calc(CalcSum { percent: 0.0, ..c }).resolve_px(basis)?;
        (c.percent != 0.0 && px != 0.0).then_some(CalcLength {
            px,
            percent: c.percent,
        })
    }

    /// Px with `%` taken of `percent_basis` (font sizes, line heights); `None` for `auto`.
    pub(crate) fn resolve_px_with_percent(
        self,
        basis: &LengthBasis,
        percent_basis: f32,
    ) -> Option<f32> {
        match self {
            SpecLength::Percent(p) => Some(percent_basis * p / 100.0),
            SpecLength::Calc(c) => {
                let px = SpecLength::Calc(CalcSum { percent: 0.0, ..c }).resolve_px(basis)?;
                Some(px + percent_basis * c.percent / 100.0)
            }
            other => other.resolve_px(basis),
        }
    }

    /// Px for absolute and font/viewport-relative units; `None` for `auto` and `%` (and a
    /// `calc()` with a % part).
    pub(crate) fn resolve_px(self, basis: &LengthBasis) -> Option<f32> {
        Some(match self {
            SpecLength::Auto | SpecLength::Percent(_) => return None,
            SpecLength::Calc(c) => {
                if c.percent != 0.0 {
                    return None;
                }
                c.px + rpx_to_px(c.rpx, basis.viewport_width)
                    + c.em * basis.em
                    + c.rem * basis.rem
                    + (c.vw * basis.viewport_width + c.vh * basis.viewport_height) / 100.0
            }
            SpecLength::Px(v) => v,
            SpecLength::Rpx(v) => rpx_to_px(v, basis.viewport_width),
            SpecLength::Em(v) => v * basis.em,
            SpecLength::Rem(v) => v * basis.rem,
            SpecLength::Vw(v) => v * basis.viewport_width / 100.0,
            SpecLength::Vh(v) => v * basis.viewport_height / 100.0,
        })
    }

    /// Whether the value is negative as written (a `calc()` is clamped by layout instead).
    pub(crate) fn is_negative(self) -> bool {
        match self {
            SpecLength::Auto | SpecLength::Calc(_) => false,
            SpecLength::Px(v)
            | SpecLength::Percent(v)
            | SpecLength::Rpx(v)
            | SpecLength::Em(v)
            | SpecLength::Rem(v)
            | SpecLength::Vw(v)
            | SpecLength::Vh(v) => v < 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rpx_full_width_equals_viewport() {
        assert_eq!(rpx_to_px(750.0, 375.0), 375.0);
        assert_eq!(rpx_to_px(750.0, 750.0), 750.0);
        assert_eq!(rpx_to_px(750.0, 414.0), 414.0);
    }

    #[test]
    fn rpx_floors_with_one_px_minimum() {
        assert_eq!(rpx_to_px(1.0, 375.0), 1.0); // 0.5 floors to 0, hairline rule gives 1
        assert_eq!(rpx_to_px(1.0, 750.0), 1.0);
        assert_eq!(rpx_to_px(3.0, 375.0), 1.0); // 1.5 -> 1
        assert_eq!(rpx_to_px(0.0, 375.0), 0.0);
        assert_eq!(rpx_to_px(-3.0, 375.0), -2.0); // floor rounds away from zero
        assert_eq!(rpx_to_px(100.0, 320.0), 42.0); // 42.67
    }

    #[test]
    fn spec_lengths_resolve_against_basis() {
        let b = LengthBasis {
            viewport_width: 375.0,
            viewport_height: 600.0,
            em: 20.0,
            rem: 16.0,
        };
        assert_eq!(SpecLength::Em(1.5).resolve(&b), Length::Px(30.0));
        assert_eq!(SpecLength::Rem(2.0).resolve(&b), Length::Px(32.0));
        assert_eq!(SpecLength::Vw(10.0).resolve(&b), Length::Px(37.5));
        assert_eq!(SpecLength::Vh(50.0).resolve(&b), Length::Px(300.0));
        assert_eq!(SpecLength::Percent(50.0).resolve(&b), Length::Percent(50.0));
        assert_eq!(SpecLength::Auto.resolve(&b), Length::Auto);
        assert_eq!(Length::Percent(50.0).resolve(200.0), Some(100.0));
        assert_eq!(Length::Auto.resolve(200.0), None);
    }
}
