//! `@font-face` rules: parsed into a public list for the renderer to load (icon fonts from
//! the bundle or from `data:` URLs). Matching faces to `font-family` is the renderer's job.

use cssparser::{CowRcStr, DeclarationParser, ParseError, Parser, ParserState, Token};

use crate::properties::{parse_font_family, parse_keyword};
use crate::{invalid, PResult};

/// One `@font-face` rule. Owned by its `StyleSheet`.
#[derive(Clone, Debug, PartialEq)]
pub struct FontFace {
    /// The family name the sheet's `font-family` declarations use.
    pub family: String,
    /// Sources in preference order.
    pub src: Vec<FontSource>,
    /// `font-weight` (400 unless given; a range `100 900` keeps its start).
    pub weight: u16,
    /// `font-style: italic|oblique`.
    pub italic: bool,
    /// Where the rule starts in its file (1-based), for messages about loading it.
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FontSource {
    /// `url(…)` as written (a bundle path relative to the style file, or a `data:` URL),
    /// with its `format("woff2")` hint if given.
    Url { url: String, format: Option<String> },
    /// `local("Name")`: a font installed on the system.
    Local(String),
}

/// One descriptor of a face, parsed by `FontFaceParser`.
pub(crate) enum Descriptor {
    Family(String),
    Src(Vec<FontSource>),
    Weight(u16),
    Italic(bool),
    /// Understood and irrelevant here (`font-display`, `unicode-range`…).
    Ignored,
}

pub(crate) struct FontFaceParser;

impl<'i> DeclarationParser<'i> for FontFaceParser {
    type Declaration = Descriptor;
    type Error = String;

    fn parse_value(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i>,
        _start: &ParserState,
    ) -> Result<Descriptor, ParseError<String>> {
        let d = match name.to_ascii_lowercase().as_str() {
            "font-family" => {
                let mut names = parse_font_family(input)?;
                if names.len() != 1 {
                    return invalid("`@font-face` names exactly one family");
                }
                Descriptor::Family(names.remove(0))
            }
            "src" => Descriptor::Src(input.parse_comma_separated(parse_source)?),
            "font-weight" => {
                let w = match input.try_parse(|i| i.expect_number()) {
                    Ok(n) if (1.0..=1000.0).contains(&n) => n as u16,
                    Ok(_) => return invalid("font-weight must be between 1 and 1000"),
                    Err(_) => parse_keyword(input, &[("normal", 400), ("bold", 700)])?,
                };
                // A variable font's range: keep its start.
                let _ = input.try_parse(|i| i.expect_number());
                Descriptor::Weight(w)
            }
            "font-style" => {
                let italic = parse_keyword(
                    input,
                    &[("normal", false), ("italic", true), ("oblique", true)],
                )?;
                while input.next().is_ok() {}
                Descriptor::Italic(italic)
            }
            "font-display"
            | "unicode-range"
            | "font-stretch"
            | "font-variant"
            | "font-feature-settings" => {
                while input.next().is_ok() {}
                Descriptor::Ignored
            }
            _ => return invalid(format!("unknown `@font-face` descriptor `{name}`")),
        };
        input.expect_exhausted()?;
        Ok(d)
    }
}

impl<'i> cssparser::AtRuleParser<'i> for FontFaceParser {
    type Prelude = ();
    type AtRule = Descriptor;
    type Error = String;
}

impl<'i> cssparser::QualifiedRuleParser<'i> for FontFaceParser {
    type Prelude = ();
    type QualifiedRule = Descriptor;
    type Error = String;
}

impl<'i> cssparser::RuleBodyItemParser<'i, Descriptor, String> for FontFaceParser {
    fn parse_declarations(&self) -> bool {
        true
    }
    fn parse_qualified(&self) -> bool {
        false
    }
}

/// `url(…) format(…)?` or `local(…)`.
fn parse_source(input: &mut Parser<'_>) -> PResult<FontSource> {
    if let Ok(url) = input.try_parse(|i| i.expect_url()) {
        let format = input
            .try_parse(|i| {
                i.expect_function_matching("format")?;
                i.parse_nested_block(|i| {
                    let f = i.expect_ident_or_string()?.to_string();
                    while i.next().is_ok() {}
                    Ok::<_, ParseError<String>>(f)
                })
            })
            .ok();
        // `tech(…)` hints are ignored.
        let _ = input.try_parse(|i| {
            i.expect_function_matching("tech")?;
            i.parse_nested_block(|i| {
                while i.next().is_ok() {}
                Ok::<_, ParseError<String>>(())
            })
        });
        return Ok(FontSource::Url {
            url: url.to_string(),
            format,
        });
    }
    input.expect_function_matching("local")?;
    input.parse_nested_block(|i| {
        let name = match i.next()?.clone() {
            Token::QuotedString(s) => s.to_string(),
            Token::Ident(first) => {
                let mut words = vec![first.to_string()];
                while let Ok(w) = i.try_parse(|i| i.expect_ident_cloned()) {
                    words.push(w.to_string());
                }
                words.join(" ")
            }
            _ => return invalid("bad `local()` name"),
        };
        i.expect_exhausted()?;
        Ok(FontSource::Local(name))
    })
}

/// Assembles a face from its descriptors; `None` (the rule is dropped) without a family or
/// a source, as CSS requires.
pub(crate) fn build_font_face(descriptors: Vec<Descriptor>) -> Option<FontFace> {
    let mut face = FontFace {
        family: String::new(),
        src: Vec::new(),
        weight: 400,
        italic: false,
        line: 0,
        column: 0,
    };
    let mut family = false;
    for d in descriptors {
        match d {
            Descriptor::Family(f) => {
                face.family = f;
                family = true;
            }
            Descriptor::Src(s) => face.src = s,
            Descriptor::Weight(w) => face.weight = w,
            Descriptor::Italic(i) => face.italic = i,
            Descriptor::Ignored => {}
        }
    }
    (family && !face.src.is_empty()).then_some(face)
}
