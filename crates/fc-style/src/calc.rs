//! `calc()`: parsing the expression and its computed form.
//!
//! A length expression is linear in its units, so it is folded at parse time into one
//! coefficient per unit (`CalcSum`). At compute time every unit but `%` becomes px, leaving
//! `px + percent%`. With no `%` part that is a plain `Length::Px`; with only a `%` part a plain
//! `Length::Percent`. A mix cannot be a `Length` (layout must resolve it against the
//! containing block), so it goes to `ComputedStyle::calc` as a `CalcLength`, keyed by
//! `CalcProperty`, and the main field holds `Length::Percent` of the `%` part alone as the
//! nearest plain value for consumers that do not read `calc` yet.
//!
//! Deviation: rpx terms are summed before the one rpx→px conversion (WeChat converts each
//! rpx token on its own, then computes), so `calc(1rpx + 1rpx)` floors once, not twice.

use cssparser::{Parser, Token};

use crate::{invalid, PResult};

/// A computed length that mixes px and percent: `px + percent / 100 × basis`.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct CalcLength {
    /// Logical px.
    pub px: f32,
    /// Percent of the basis (the containing block's size, or the box's own for
    /// `transform`/`background-position`), 0..100 scale.
    pub percent: f32,
}

impl CalcLength {
    pub fn resolve(self, basis: f32) -> f32 {
        self.px + basis * self.percent / 100.0
    }
}

/// Which length of a `ComputedStyle` a mixed `calc()` belongs to. Sides are indexed top,
/// right, bottom, left as in the style's arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CalcProperty {
    Inset(usize),
    Margin(usize),
    Padding(usize),
    Width,
    Height,
    MinWidth,
    MinHeight,
    MaxWidth,
    MaxHeight,
    FlexBasis,
    RowGap,
    ColumnGap,
    TextIndent,
}

/// A length `calc()` folded to one coefficient per unit.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub(crate) struct CalcSum {
    pub(crate) px: f32,
    pub(crate) rpx: f32,
    pub(crate) em: f32,
    pub(crate) rem: f32,
    pub(crate) vw: f32,
    pub(crate) vh: f32,
    pub(crate) percent: f32,
}

impl CalcSum {
    fn map(self, f: impl Fn(f32) -> f32) -> CalcSum {
        CalcSum {
            px: f(self.px),
            rpx: f(self.rpx),
            em: f(self.em),
            rem: f(self.rem),
            vw: f(self.vw),
            vh: f(self.vh),
            percent: f(self.percent),
        }
    }

    fn add(self, o: CalcSum, sign: f32) -> CalcSum {
        CalcSum {
            px: self.px + sign * o.px,
            rpx: self.rpx + sign * o.rpx,
            em: self.em + sign * o.em,
            rem: self.rem + sign * o.rem,
            vw: self.vw + sign * o.vw,
            vh: self.vh + sign * o.vh,
            percent: self.percent + sign * o.percent,
        }
    }

    fn unit(unit: &str, value: f32) -> Option<CalcSum> {
        let mut s = CalcSum::default();
        match unit {
            "px" => s.px = value,
            "rpx" => s.rpx = value,
            "em" => s.em = value,
            "rem" => s.rem = value,
            "vw" => s.vw = value,
            "vh" => s.vh = value,
            "pt" => s.px = value * 4.0 / 3.0,
            _ => return None,
        }
        Some(s)
    }
}

enum Term {
    Number(f32),
    Length(CalcSum),
}

/// Whether `name` is a function this module parses (`calc`, `-webkit-calc`).
pub(crate) fn is_calc(name: &str) -> bool {
    name.eq_ignore_ascii_case("calc") || name.eq_ignore_ascii_case("-webkit-calc")
}

/// The inside of `calc(…)` for a length.
pub(crate) fn parse_calc_length(input: &mut Parser<'_>) -> PResult<CalcSum> {
    match parse_sum(input)? {
        Term::Length(s) => Ok(s),
        Term::Number(0.0) => Ok(CalcSum::default()),
        Term::Number(_) => invalid("`calc()` gives a number where a length is needed"),
    }
}

/// The inside of `calc(…)` for a plain number (`opacity`, `line-height`, `flex-grow`…).
pub(crate) fn parse_calc_number(input: &mut Parser<'_>) -> PResult<f32> {
    match parse_sum(input)? {
        Term::Number(n) => Ok(n),
        Term::Length(_) => invalid("`calc()` gives a length where a number is needed"),
    }
}

fn parse_sum(input: &mut Parser<'_>) -> PResult<Term> {
    let mut acc = parse_product(input)?;
    loop {
        let sign = input.try_parse(|i| match i.next() {
            Ok(Token::Delim('+')) => Ok(1.0),
            Ok(Token::Delim('-')) => Ok(-1.0),
            _ => invalid("no operator"),
        });
        let Ok(sign) = sign else { break };
        let rhs = parse_product(input)?;
        acc = match (acc, rhs) {
            (Term::Number(a), Term::Number(b)) => Term::Number(a + sign * b),
            (Term::Length(a), Term::Length(b)) => Term::Length(a.add(b, sign)),
            _ => return invalid("`calc()` cannot add a number to a length"),
        };
    }
    input.expect_exhausted()?;
    Ok(acc)
}

fn parse_product(input: &mut Parser<'_>) -> PResult<Term> {
    let mut acc = parse_value(input)?;
    loop {
        let divide = input.try_parse(|i| match i.next() {
            Ok(Token::Delim('*')) => Ok(false),
            Ok(Token::Delim('/')) => Ok(true),
            _ => invalid("no operator"),
        });
        let Ok(divide) = divide else { break };
        let rhs = parse_value(input)?;
        acc = match (acc, rhs, divide) {
            (_, Term::Number(0.0), true) => return invalid("division by zero"),
            (Term::Number(a), Term::Number(b), false) => Term::Number(a * b),
            (Term::Number(a), Term::Number(b), true) => Term::Number(a / b),
            (Term::Length(a), Term::Number(b), false)
            | (Term::Number(b), Term::Length(a), false) => Term::Length(a.map(|v| v * b)),
            (Term::Length(a), Term::Number(b), true) => Term::Length(a.map(|v| v / b)),
            _ => return invalid("`calc()` can only multiply or divide by a number"),
        };
    }
    Ok(acc)
}

fn parse_value(input: &mut Parser<'_>) -> PResult<Term> {
    match input.next()?.clone() {
        Token::Number { value, .. } => Ok(Term::Number(value)),
        Token::Dimension { value, unit, .. } => {
            match CalcSum::unit(&unit.to_ascii_lowercase(), value) {
                Some(s) => Ok(Term::Length(s)),
                None => invalid(format!("unit `{unit}` is not supported in `calc()`")),
            }
        }
        Token::Percentage { unit_value, .. } => Ok(Term::Length(CalcSum {
            percent: unit_value * 100.0,
            ..CalcSum::default()
        })),
        Token::ParenthesisBlock => input.parse_nested_block(parse_sum),
        Token::Function(name) if is_calc(&name) => input.parse_nested_block(parse_sum),
        Token::Function(name) => invalid(format!("`{name}()` is not supported in `calc()`")),
        _ => invalid("unexpected token in `calc()`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calc(src: &str) -> Option<CalcSum> {
        Parser::new(src)
            .parse_entirely(|i| {
                i.expect_function_matching("calc")?;
                i.parse_nested_block(parse_calc_length)
            })
            .ok()
    }

    #[test]
    fn folds_units_and_operators() {
        let s = calc("calc(100% - 20px)").unwrap_or_default();
        assert_eq!((s.percent, s.px), (100.0, -20.0));
        let s = calc("calc(750rpx*100/375)").unwrap_or_default();
        assert_eq!(s.rpx, 200.0);
        let s = calc("calc((10px + 2em) * 2 - 1vw / 2)").unwrap_or_default();
        assert_eq!((s.px, s.em, s.vw), (20.0, 4.0, -0.5));
        let s = calc("calc(2 * calc(1rem + 50vh))").unwrap_or_default();
        assert_eq!((s.rem, s.vh), (2.0, 100.0));
        assert_eq!(calc("calc(0)"), Some(CalcSum::default()));
    }

    #[test]
    fn rejects_bad_expressions() {
        for bad in [
            "calc(10px * 2px)",
            "calc(10px + 2)",
            "calc(10px / 0)",
            "calc(10px -5px)",
            "calc(10px +)",
            "calc()",
            "calc(3)",
            "calc(1deg + 1px)",
            "calc(min(1px, 2px))",
        ] {
            assert_eq!(calc(bad), None, "{bad}");
        }
        let n = Parser::new("2 * 3 - 1")
            .parse_entirely(parse_calc_number)
            .ok();
        assert_eq!(n, Some(5.0));
    }

    #[test]
    fn calc_length_resolves_against_a_basis() {
        let c = CalcLength {
            px: -20.0,
            percent: 50.0,
        };
        assert_eq!(c.resolve(200.0), 80.0);
    }
}
