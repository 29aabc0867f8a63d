//! `@media` queries: parsing a query list and evaluating it against the page.
//!
//! Supported: media types (`all`, `screen` match; `print` and others don't), `only`, `not`,
//! `and`, comma lists, and the features `width`/`height` (with `min-`/`max-` and the range
//! syntax `(width >= 600px)`), `orientation` and `prefers-color-scheme`. A query with an
//! unknown feature or bad syntax never matches (Media Queries 4: it becomes `not all`), with
//! a warning. Rules are kept with their query and tested at compute time, so a resize
//! changes which apply.

use cssparser::{Parser, Token};

use crate::properties::{parse_length, LengthRules};
use crate::values::{LengthBasis, SpecLength};
use crate::{invalid, PResult};

/// What media queries test: the page size and the colour scheme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct MediaEnv {
    pub(crate) width: f32,
    pub(crate) height: f32,
    pub(crate) dark: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Cmp {
    Lt,
    Le,
    Eq,
    Ge,
    Gt,
}

impl Cmp {
    fn test(self, a: f32, b: f32) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Eq => a == b,
            Cmp::Ge => a >= b,
            Cmp::Gt => a > b,
        }
    }

    /// `a op b` read as `b op' a`.
    fn flip(self) -> Cmp {
        match self {
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            Cmp::Eq => Cmp::Eq,
            Cmp::Ge => Cmp::Le,
            Cmp::Gt => Cmp::Lt,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Feature {
    /// The page width compared with a length.
    Width(Cmp, SpecLength),
    Height(Cmp, SpecLength),
    Portrait(bool),
    Dark(bool),
    /// A feature that is always true here (`(color)`, `(hover)`…).
    Always,
}

#[derive(Clone, Debug, PartialEq)]
struct MediaQuery {
    not: bool,
    /// `false` for a media type other than `all`/`screen`, or a malformed query.
    type_matches: bool,
    features: Vec<Feature>,
}

/// A parsed `@media` prelude: matches when any query matches (an empty list matches).
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct MediaQueryList {
    queries: Vec<MediaQuery>,
}

impl MediaQueryList {
    pub(crate) fn matches(&self, env: &MediaEnv) -> bool {
        self.queries.is_empty() || self.queries.iter().any(|q| q.matches(env))
    }
}

impl MediaQuery {
    fn matches(&self, env: &MediaEnv) -> bool {
        let basis = LengthBasis {
            viewport_width: env.width,
            viewport_height: env.height,
            em: 16.0,
            rem: 16.0,
        };
        let px = |l: &SpecLength| l.resolve_px(&basis).unwrap_or(0.0);
        let all = self.type_matches
            && self.features.iter().all(|f| match f {
                Feature::Width(c, l) => c.test(env.width, px(l)),
                Feature::Height(c, l) => c.test(env.height, px(l)),
                Feature::Portrait(p) => (env.height >= env.width) == *p,
                Feature::Dark(d) => env.dark == *d,
                Feature::Always => true,
            });
        all != self.not
    }
}

/// Parses a whole `@media` prelude. Malformed queries become never-matching and are
/// described in `notes`.
pub(crate) fn parse_media_query_list(
    input: &mut Parser<'_>,
    notes: &mut Vec<String>,
) -> MediaQueryList {
    let mut queries = Vec::new();
    if input.is_exhausted() {
        return MediaQueryList { queries };
    }
    loop {
        let start = input.position();
        let parsed = input.parse_until_before(cssparser::Delimiter::Comma, |i| {
            let q = parse_query(i)?;
            i.expect_exhausted()?;
            Ok(q)
        });
        match parsed {
            Ok(q) => queries.push(q),
            Err(e) => {
                let why = match e.kind {
                    cssparser::ParseErrorKind::Custom(m) => m,
                    cssparser::ParseErrorKind::Basic(b) => b.to_string(),
                };
                let text = input.slice_from(start).trim().to_owned();
                notes.push(format!("media query `{text}` never matches: {why}"));
                queries.push(MediaQuery {
                    not: false,
                    type_matches: false,
                    features: Vec::new(),
                });
            }
        }
        if input.next().is_err() {
            break;
        }
    }
    MediaQueryList { queries }
}

fn parse_query(input: &mut Parser<'_>) -> PResult<MediaQuery> {
    let not = input.try_parse(|i| i.expect_ident_matching("not")).is_ok();
    if !not {
        let _ = input.try_parse(|i| i.expect_ident_matching("only"));
    }
    let mut type_matches = true;
    let mut features = Vec::new();
    if let Ok(media_type) = input.try_parse(|i| i.expect_ident_cloned()) {
        let media_type = media_type.to_ascii_lowercase();
        if media_type == "and" {
            return invalid("`and` without a media type before it");
        }
        type_matches = matches!(media_type.as_str(), "all" | "screen");
        if input.is_exhausted() {
            return Ok(MediaQuery {
                not,
                type_matches,
                features,
            });
        }
        input.expect_ident_matching("and")?;
    }
    loop {
        input.expect_parenthesis_block()?;
        features.push(input.parse_nested_block(parse_feature)?);
        if input.is_exhausted() {
            break;
        }
        input.expect_ident_matching("and")?;
    }
    Ok(MediaQuery {
        not,
        type_matches,
        features,
    })
}

const MEDIA_LENGTH: LengthRules = LengthRules {
    auto: false,
    none: false,
    percent: false,
    negative: true,
};

fn parse_cmp(input: &mut Parser<'_>) -> PResult<Cmp> {
    let first = match input.next()? {
        Token::Delim('<') => Cmp::Lt,
        Token::Delim('>') => Cmp::Gt,
        Token::Delim('=') => return Ok(Cmp::Eq),
        _ => return invalid("expected `<`, `>` or `=`"),
    };
    // `<=` is two tokens; no whitespace may separate them.
    if input
        .try_parse(|i| match i.next_including_whitespace() {
            Ok(Token::Delim('=')) => Ok(()),
            _ => Err(()),
        })
        .is_ok()
    {
        return Ok(if first == Cmp::Lt { Cmp::Le } else { Cmp::Ge });
    }
    Ok(first)
}

/// The inside of `( … )`.
fn parse_feature(input: &mut Parser<'_>) -> PResult<Feature> {
    // `(600px <= width)`
    if let Ok(len) = input.try_parse(|i| parse_length(i, MEDIA_LENGTH)) {
        let cmp = parse_cmp(input)?.flip();
        let name = input.expect_ident()?.to_ascii_lowercase();
        let f = range_feature(&name, cmp, len)?;
        input.expect_exhausted()?;
        return Ok(f);
    }
    let name = input.expect_ident()?.to_ascii_lowercase();
    if input.is_exhausted() {
        return match name.as_str() {
            "color"
            | "hover"
            | "pointer"
            | "width"
            | "height"
            | "orientation"
            | "prefers-color-scheme" => Ok(Feature::Always),
            _ => invalid(format!("unknown media feature `{name}`")),
        };
    }
    if let Ok(cmp) = input.try_parse(parse_cmp) {
        let len = parse_length(input, MEDIA_LENGTH)?;
        input.expect_exhausted()?;
        return range_feature(&name, cmp, len);
    }
    input.expect_colon()?;
    let f = match name.as_str() {
        "orientation" => Feature::Portrait(crate::properties::parse_keyword(
            input,
            &[("portrait", true), ("landscape", false)],
        )?),
        "prefers-color-scheme" => Feature::Dark(crate::properties::parse_keyword(
            input,
            &[("dark", true), ("light", false)],
        )?),
        _ => {
            let (cmp, axis) = match name.split_once('-') {
                Some(("min", axis)) => (Cmp::Ge, axis),
                Some(("max", axis)) => (Cmp::Le, axis),
                _ => (Cmp::Eq, name.as_str()),
            };
            // Name first: an unknown feature is reported as such, whatever its value.
            range_feature(axis, cmp, SpecLength::Px(0.0))?;
            let len = parse_length(input, MEDIA_LENGTH)?;
            range_feature(axis, cmp, len)?
        }
    };
    input.expect_exhausted()?;
    Ok(f)
}

fn range_feature(name: &str, cmp: Cmp, len: SpecLength) -> PResult<Feature> {
    match name {
        "width" | "device-width" => Ok(Feature::Width(cmp, len)),
        "height" | "device-height" => Ok(Feature::Height(cmp, len)),
        _ => invalid(format!("unknown media feature `{name}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(query: &str, width: f32, height: f32, dark: bool) -> bool {
        let mut notes = Vec::new();
        let list = parse_media_query_list(&mut Parser::new(query), &mut notes);
        list.matches(&MediaEnv {
            width,
            height,
            dark,
        })
    }

    fn notes(query: &str) -> usize {
        let mut notes = Vec::new();
        parse_media_query_list(&mut Parser::new(query), &mut notes);
        notes.len()
    }

    #[test]
    fn widths_heights_and_ranges() {
        assert!(eval("(min-width: 320px)", 375.0, 667.0, false));
        assert!(!eval("(min-width: 400px)", 375.0, 667.0, false));
        assert!(eval("(max-width: 375px)", 375.0, 667.0, false));
        assert!(eval("(width: 375px)", 375.0, 667.0, false));
        assert!(eval("(width >= 375px)", 375.0, 667.0, false));
        assert!(!eval("(width > 375px)", 375.0, 667.0, false));
        assert!(eval("(400px > width)", 375.0, 667.0, false));
        assert!(eval("(max-height: 700px)", 375.0, 667.0, false));
        assert!(eval("(min-width: 20em)", 375.0, 667.0, false), "em is 16px");
        assert!(eval("(min-width: 750rpx)", 375.0, 667.0, false));
    }

    #[test]
    fn types_logic_and_schemes() {
        assert!(eval("screen", 375.0, 667.0, false));
        assert!(eval(
            "only screen and (max-width: 500px)",
            375.0,
            667.0,
            false
        ));
        assert!(!eval("print", 375.0, 667.0, false));
        assert!(eval("not print", 375.0, 667.0, false));
        assert!(!eval(
            "not screen and (min-width: 100px)",
            375.0,
            667.0,
            false
        ));
        assert!(eval("print, (orientation: portrait)", 375.0, 667.0, false));
        assert!(!eval("(orientation: landscape)", 375.0, 667.0, false));
        assert!(eval("(orientation: landscape)", 800.0, 600.0, false));
        assert!(eval("(prefers-color-scheme: light)", 375.0, 667.0, false));
        assert!(!eval("(prefers-color-scheme: dark)", 375.0, 667.0, false));
        assert!(eval("(prefers-color-scheme: dark)", 375.0, 667.0, true));
        assert!(eval(
            "not (prefers-color-scheme: dark)",
            375.0,
            667.0,
            false
        ));
        assert!(eval(
            "(min-width: 100px) and (max-width: 400px)",
            375.0,
            667.0,
            false
        ));
        assert!(!eval(
            "(min-width: 100px) and (max-width: 300px)",
            375.0,
            667.0,
            false
        ));
        assert!(eval("", 375.0, 667.0, false));
    }

    #[test]
    fn bad_queries_never_match_and_are_noted() {
        assert!(!eval("(frobnicate: 1)", 375.0, 667.0, false));
        assert_eq!(notes("(frobnicate: 1)"), 1);
        assert!(eval("(frobnicate: 1), screen", 375.0, 667.0, false));
        assert_eq!(notes("screen and"), 1);
        assert_eq!(notes("(min-width: 10)"), 1);
        assert_eq!(notes("screen and (max-width: 100px)"), 0);
    }
}
