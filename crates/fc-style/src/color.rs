//! Colour values: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, named colours (via cssparser's
//! tables), `transparent`, `currentColor`, `rgb()`/`rgba()` and `hsl()`/`hsla()` in both the
//! comma and the space-separated (`/ alpha`) syntax.
//!
//! cssparser 0.38 keeps only the hash and name tables; the functional forms moved to the
//! separate `cssparser-color` crate, which is not a workspace dependency, so they are parsed
//! here on cssparser's tokenizer.

use cssparser::color::{parse_hash_color, parse_named_color};
use cssparser::{ParseError, Parser, Token};

use crate::values::Color;
use crate::{invalid, PResult};

/// A specified colour: either fixed, or the element's computed `color`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum SpecColor {
    Rgba(Color),
    CurrentColor,
}

impl SpecColor {
    pub(crate) fn resolve(self, current: Color) -> Color {
        match self {
            SpecColor::Rgba(c) => c,
            SpecColor::CurrentColor => current,
        }
    }
}

/// Parses one colour value from the next token(s).
pub(crate) fn parse_color(input: &mut Parser<'_>) -> PResult<SpecColor> {
    let token = input.next()?.clone();
    match token {
        Token::Hash(ref v) | Token::IDHash(ref v) => match parse_hash_color(v.as_bytes()) {
            Ok((r, g, b, a)) => Ok(SpecColor::Rgba(Color::from_rgba8(r, g, b, a))),
            Err(()) => invalid(format!("bad hex colour `#{v}`")),
        },
        Token::Ident(ref name) => {
            if name.eq_ignore_ascii_case("transparent") {
                Ok(SpecColor::Rgba(Color::TRANSPARENT))
            } else if name.eq_ignore_ascii_case("currentcolor") {
                Ok(SpecColor::CurrentColor)
            } else {
                match parse_named_color(name) {
                    Ok((r, g, b)) => Ok(SpecColor::Rgba(Color::from_rgba8(r, g, b, 1.0))),
                    Err(()) => invalid(format!("unknown colour `{name}`")),
                }
            }
        }
        Token::Function(ref name) => {
            let name = name.to_ascii_lowercase();
            match name.as_str() {
                "rgb" | "rgba" => input
                    .parse_nested_block(parse_rgb_args)
                    .map(SpecColor::Rgba),
                "hsl" | "hsla" => input
                    .parse_nested_block(parse_hsl_args)
                    .map(SpecColor::Rgba),
                _ => invalid(format!("unsupported colour function `{name}()`")),
            }
        }
        _ => Err(ParseError::unexpected_token()),
    }
}

/// The separator style is fixed by what follows the first component: a comma means the
/// legacy `rgb(r, g, b, a)` form, otherwise `rgb(r g b / a)`.
fn parse_components(input: &mut Parser<'_>) -> PResult<([Token<'static>; 3], Option<f32>)> {
    let first = owned(input.next()?.clone());
    let legacy = input.try_parse(|i| i.expect_comma()).is_ok();
    let second = owned(input.next()?.clone());
    if legacy {
        input.expect_comma()?;
    }
    let third = owned(input.next()?.clone());
    let alpha = if input.is_exhausted() {
        None
    } else {
        if legacy {
            input.expect_comma()?;
        } else {
            input.expect_delim('/')?;
        }
        Some(parse_alpha(input)?)
    };
    input.expect_exhausted()?;
    Ok(([first, second, third], alpha))
}

/// Keeps only the numeric tokens colour functions use, detached from the input's lifetime.
fn owned(token: Token<'_>) -> Token<'static> {
    match token {
        Token::Number {
            has_sign,
            value,
            int_value,
        } => Token::Number {
            has_sign,
            value,
            int_value,
        },
        Token::Percentage {
            has_sign,
            unit_value,
            int_value,
        } => Token::Percentage {
            has_sign,
            unit_value,
            int_value,
        },
        Token::Dimension {
            has_sign,
            value,
            int_value,
            unit,
        } => Token::Dimension {
            has_sign,
            value,
            int_value,
            unit: unit.to_ascii_lowercase().into(),
        },
        _ => Token::Delim('?'),
    }
}

fn parse_alpha(input: &mut Parser<'_>) -> PResult<f32> {
    match *input.next()? {
        Token::Number { value, .. } => Ok(value.clamp(0.0, 1.0)),
        Token::Percentage { unit_value, .. } => Ok(unit_value.clamp(0.0, 1.0)),
        _ => invalid("bad alpha value"),
    }
}

fn parse_rgb_args(input: &mut Parser<'_>) -> PResult<Color> {
    let (parts, alpha) = parse_components(input)?;
    let mut channels = [0.0f32; 3];
    for (out, token) in channels.iter_mut().zip(parts.iter()) {
        *out = match *token {
            Token::Number { value, .. } => (value / 255.0).clamp(0.0, 1.0),
            Token::Percentage { unit_value, .. } => unit_value.clamp(0.0, 1.0),
            _ => return invalid("rgb() takes numbers or percentages"),
        };
    }
    let [r, g, b] = channels;
    Ok(Color {
        r,
        g,
        b,
        a: alpha.unwrap_or(1.0),
    })
}

fn parse_hsl_args(input: &mut Parser<'_>) -> PResult<Color> {
    let (parts, alpha) = parse_components(input)?;
    let hue_deg = match parts[0] {
        Token::Number { value, .. } => value,
        Token::Dimension {
            value, ref unit, ..
        } => match unit.as_ref() {
            "deg" => value,
            "turn" => value * 360.0,
            "rad" => value.to_degrees(),
            "grad" => value * 0.9,
            _ => return invalid("bad hue unit"),
        },
        _ => return invalid("bad hue"),
    };
    let percent = |t: &Token<'_>| match *t {
        Token::Percentage { unit_value, .. } => Ok(unit_value.clamp(0.0, 1.0)),
        Token::Number { value, .. } => Ok((value / 100.0).clamp(0.0, 1.0)),
        _ => invalid("hsl() saturation and lightness are percentages"),
    };
    let (s, l) = (percent(&parts[1])?, percent(&parts[2])?);
    let [r, g, b] = hsl_to_rgb(hue_deg.rem_euclid(360.0) / 360.0, s, l);
    Ok(Color {
        r,
        g,
        b,
        a: alpha.unwrap_or(1.0),
    })
}

/// CSS Color 4 §7.1 reference conversion; `h` in turns (0..1).
fn hsl_to_rgb(h: f32, s: f32, l: f32) -> [f32; 3] {
    let t2 = if l <= 0.5 {
        l * (s + 1.0)
    } else {
        l + s - l * s
    };
    let t1 = l * 2.0 - t2;
    let channel = |h6: f32| {
        let h6 = h6.rem_euclid(6.0);
        if h6 < 1.0 {
            t1 + (t2 - t1) * h6
        } else if h6 < 3.0 {
            t2
        } else if h6 < 4.0 {
            t1 + (t2 - t1) * (4.0 - h6)
        } else {
            t1
        }
    };
    let h6 = h * 6.0;
    [channel(h6 + 2.0), channel(h6), channel(h6 - 2.0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn color(src: &str) -> Option<SpecColor> {
        let mut input = Parser::new(src);
        input.parse_entirely(parse_color).ok()
    }

    fn rgba8(src: &str) -> Option<(u8, u8, u8, f32)> {
        match color(src)? {
            SpecColor::Rgba(c) => Some((
                (c.r * 255.0).round() as u8,
                (c.g * 255.0).round() as u8,
                (c.b * 255.0).round() as u8,
                (c.a * 1000.0).round() / 1000.0,
            )),
            SpecColor::CurrentColor => None,
        }
    }

    #[test]
    fn hex_forms() {
        assert_eq!(rgba8("#f00"), Some((255, 0, 0, 1.0)));
        assert_eq!(rgba8("#F8F8F8"), Some((248, 248, 248, 1.0)));
        assert_eq!(rgba8("#00ff0080"), Some((0, 255, 0, 0.502)));
        assert_eq!(rgba8("#0f08"), Some((0, 255, 0, 0.533)));
        assert_eq!(rgba8("#12345"), None);
        assert_eq!(rgba8("#ggg"), None);
    }

    #[test]
    fn functional_forms() {
        assert_eq!(rgba8("rgb(26, 173, 25)"), Some((26, 173, 25, 1.0)));
        assert_eq!(rgba8("rgba(0,0,0,.2)"), Some((0, 0, 0, 0.2)));
        assert_eq!(rgba8("RGBA(0, 0, 0, 50%)"), Some((0, 0, 0, 0.5)));
        assert_eq!(rgba8("rgb(100% 0% 0% / 0.5)"), Some((255, 0, 0, 0.5)));
        assert_eq!(rgba8("rgb(300, -5, 0)"), Some((255, 0, 0, 1.0)));
        assert_eq!(rgba8("hsl(120, 100%, 50%)"), Some((0, 255, 0, 1.0)));
        assert_eq!(rgba8("hsla(0deg 100% 50% / .25)"), Some((255, 0, 0, 0.25)));
        assert_eq!(rgba8("rgb(1, 2)"), None);
        assert_eq!(rgba8("rgb(1, 2, 3, 4, 5)"), None);
        assert_eq!(rgba8("lab(50% 40 59)"), None);
    }

    #[test]
    fn named_and_keywords() {
        assert_eq!(rgba8("red"), Some((255, 0, 0, 1.0)));
        assert_eq!(rgba8("White"), Some((255, 255, 255, 1.0)));
        assert_eq!(rgba8("rebeccapurple"), Some((102, 51, 153, 1.0)));
        assert_eq!(rgba8("transparent"), Some((0, 0, 0, 0.0)));
        assert_eq!(color("currentColor"), Some(SpecColor::CurrentColor));
        assert_eq!(color("notacolour"), None);
        assert_eq!(color("12px"), None);
    }
}
