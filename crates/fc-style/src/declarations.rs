//! Declaration blocks (rule bodies and inline `style` attributes): each declaration becomes
//! longhand declarations, a custom property, or — when it mentions `var()` — a pending value
//! parsed per element at compute time.

use std::sync::Arc;

use cssparser::{
    parse_important, AtRuleParser, BasicParseErrorKind, CowRcStr, DeclarationParser, Delimiter,
    ParseError, ParseErrorKind, Parser, ParserState, QualifiedRuleParser, RuleBodyItemParser,
    RuleBodyParser, SourceLocation,
};
use fc_protocol::Diagnostic;

use crate::parse::{excerpt, message, warning};
use crate::properties::{DeclValue, Declaration, Longhand};
use crate::shorthands::{longhands_of, parse_property_value};
use crate::vars::{scan_functions, substitute, CustomDeclaration, CustomValue, PendingValue};

/// The declarations of one block, in source order within each list.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct DeclBlock {
    pub(crate) declarations: Vec<Declaration>,
    pub(crate) custom: Vec<CustomDeclaration>,
}

/// Parses an inline `style` attribute; invalid declarations are dropped silently.
pub(crate) fn parse_inline_style(source: &str) -> DeclBlock {
    let mut input = Parser::new(source);
    parse_declarations(&mut input, "", None)
}

/// Parses declarations until the end of `input` (a rule body or an inline style).
/// Warnings go to `diags` when given.
pub(crate) fn parse_declarations(
    input: &mut Parser<'_>,
    file: &str,
    diags: Option<&mut Vec<Diagnostic>>,
) -> DeclBlock {
    let mut parser = DeclParser { notes: Vec::new() };
    let mut out = DeclBlock::default();
    let mut errors = Vec::new();
    for item in RuleBodyParser::new(input, &mut parser) {
        match item {
            Ok(Parsed::Longhands(decls)) => out.declarations.extend(decls),
            Ok(Parsed::Custom(c)) => out.custom.push(c),
            Err((e, text, loc)) => {
                if diags.is_some() {
                    if let Some(msg) = message(&e) {
                        errors.push((loc, format!("skipped `{}`: {msg}", excerpt(text))));
                    }
                }
            }
        }
    }
    if let Some(diags) = diags {
        for (loc, msg) in errors.into_iter().chain(parser.notes) {
            diags.push(warning(file, loc, msg));
        }
    }
    out
}

enum Parsed {
    Longhands(Vec<Declaration>),
    Custom(CustomDeclaration),
}

struct DeclParser {
    /// Declarations that applied only in part (located at the declaration).
    notes: Vec<(SourceLocation, String)>,
}

fn custom_error(msg: String) -> ParseError<String> {
    ParseError {
        kind: ParseErrorKind::Custom(msg),
    }
}

/// The rest of the value (up to `!important`) as text.
fn value_text(input: &mut Parser<'_>) -> Result<String, ParseError<String>> {
    input.parse_until_before(Delimiter::Bang, |i| {
        let start = i.position();
        while i.next().is_ok() {}
        Ok(i.slice_from(start).trim().to_owned())
    })
}

impl<'i> DeclarationParser<'i> for DeclParser {
    type Declaration = Parsed;
    type Error = String;

    fn parse_value(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i>,
        start: &ParserState,
    ) -> Result<Parsed, ParseError<String>> {
        if name.starts_with("--") {
            let text = value_text(input)?;
            let important = input.try_parse(parse_important).is_ok();
            input.expect_exhausted()?;
            let value = match text.to_ascii_lowercase().as_str() {
                "initial" => CustomValue::Initial,
                "inherit" | "unset" => CustomValue::Inherit,
                _ => CustomValue::Tokens(text),
            };
            return Ok(Parsed::Custom(CustomDeclaration {
                name: name.to_string(),
                value,
                important,
            }));
        }
        let lower = name.to_ascii_lowercase();
        let Some(longhands) = longhands_of(&lower) else {
            return Err(custom_error(format!("unknown property `{name}`")));
        };
        let state = input.state();
        let (has_var, has_env) = scan_functions(input);
        input.reset(&state);
        let invalid_value = |e: ParseError<String>| {
            let why = message(&e).unwrap_or_default();
            custom_error(format!("invalid value for `{name}`: {why}"))
        };
        let mut notes = Vec::new();
        let values: Vec<(Longhand, DeclValue)> = if has_var {
            // Typed per element once the custom properties are known.
            let pending = Arc::new(PendingValue {
                property: lower.clone(),
                css: value_text(input)?,
            });
            longhands
                .iter()
                .map(|&l| (l, DeclValue::Pending(Arc::clone(&pending))))
                .collect()
        } else if has_env {
            // env() is constant here, so substitute now and keep the parse-time warnings.
            let text = value_text(input)?;
            let Some(text) = substitute(&text, &mut |_| None) else {
                return Err(custom_error(format!(
                    "invalid value for `{name}`: unknown `env()` variable without a fallback"
                )));
            };
            let mut parser = Parser::new(&text);
            parser
                .parse_entirely(|i| typed_values(&lower, &longhands, i, &mut notes))
                .map_err(invalid_value)?
        } else {
            input
                .parse_until_before(Delimiter::Bang, |i| {
                    typed_values(&lower, &longhands, i, &mut notes)
                })
                .map_err(invalid_value)?
        };
        let important = input.try_parse(parse_important).is_ok();
        input.expect_exhausted()?;
        let loc = start.source_location();
        self.notes.extend(notes.into_iter().map(|n| (loc, n)));
        Ok(Parsed::Longhands(
            values
                .into_iter()
                .map(|(prop, value)| Declaration {
                    prop,
                    value,
                    important,
                })
                .collect(),
        ))
    }
}

/// A CSS-wide keyword for every longhand, or the typed values of property `name`.
fn typed_values(
    name: &str,
    longhands: &[Longhand],
    input: &mut Parser<'_>,
    notes: &mut Vec<String>,
) -> Result<Vec<(Longhand, DeclValue)>, ParseError<String>> {
    if let Ok(keyword) = input.try_parse(parse_css_wide_keyword) {
        input.expect_exhausted()?;
        return Ok(longhands.iter().map(|&l| (l, keyword.clone())).collect());
    }
    let values = parse_property_value(name, input, notes)?;
    Ok(values
        .into_iter()
        .map(|(l, v)| (l, DeclValue::Value(v)))
        .collect())
}

/// Parses the value a pending declaration got after `var()` substitution; `None` when it is
/// invalid (the longhands then act as `unset`).
pub(crate) fn parse_substituted(property: &str, css: &str) -> Option<Vec<(Longhand, DeclValue)>> {
    let longhands = longhands_of(property)?;
    let mut notes = Vec::new();
    let mut parser = Parser::new(css);
    parser
        .parse_entirely(|i| typed_values(property, &longhands, i, &mut notes))
        .ok()
}

fn parse_css_wide_keyword(input: &mut Parser<'_>) -> Result<DeclValue, ParseError<String>> {
    let ident = input.expect_ident()?;
    if ident.eq_ignore_ascii_case("inherit") {
        Ok(DeclValue::Inherit)
    } else if ident.eq_ignore_ascii_case("initial") {
        Ok(DeclValue::Initial)
    } else if ident.eq_ignore_ascii_case("unset") {
        Ok(DeclValue::Unset)
    } else {
        Err(ParseError::from_basic_kind(
            BasicParseErrorKind::UnexpectedToken,
        ))
    }
}

impl<'i> AtRuleParser<'i> for DeclParser {
    type Prelude = ();
    type AtRule = Parsed;
    type Error = String;
}

impl<'i> QualifiedRuleParser<'i> for DeclParser {
    type Prelude = ();
    type QualifiedRule = Parsed;
    type Error = String;
}

impl<'i> RuleBodyItemParser<'i, Parsed, String> for DeclParser {
    fn parse_declarations(&self) -> bool {
        true
    }
    fn parse_qualified(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::properties::Value;

    #[test]
    fn inline_style_drops_bad_declarations_silently() {
        let block = parse_inline_style("color: red; width: ; foo: 1; height: 20rpx; --k: 1px");
        let props: Vec<Longhand> = block.declarations.iter().map(|d| d.prop).collect();
        assert_eq!(props, vec![Longhand::Color, Longhand::Height]);
        assert_eq!(block.custom.len(), 1);
        assert!(parse_inline_style("}}{{ ;;").declarations.is_empty());
    }

    #[test]
    fn custom_properties_keep_their_text() {
        let block = parse_inline_style(
            "--Main-Color:  #f00 ; --pad: 1px 2px !important; --empty:; --w: inherit",
        );
        let c = &block.custom;
        assert_eq!(c[0].name, "--Main-Color", "names are case-sensitive");
        assert_eq!(c[0].value, CustomValue::Tokens("#f00".into()));
        assert!(c[1].important);
        assert_eq!(c[1].value, CustomValue::Tokens("1px 2px".into()));
        assert_eq!(c[2].value, CustomValue::Tokens(String::new()));
        assert_eq!(c[3].value, CustomValue::Inherit);
    }

    #[test]
    fn var_makes_a_shared_pending_value_env_substitutes_now() {
        let block = parse_inline_style(
            "margin: var(--m) 0 !important; padding-top: env(safe-area-inset-top)",
        );
        let d = &block.declarations;
        assert_eq!(d.len(), 5);
        assert!(d[..4].iter().all(|x| x.important));
        let (DeclValue::Pending(a), DeclValue::Pending(b)) = (&d[0].value, &d[3].value) else {
            panic!("expected pending values: {d:?}");
        };
        assert!(Arc::ptr_eq(a, b));
        assert_eq!(
            (a.property.as_str(), a.css.as_str()),
            ("margin", "var(--m) 0")
        );
        assert!(matches!(d[4].value, DeclValue::Value(Value::Length(_))));
        assert!(parse_inline_style("padding: env(nope)")
            .declarations
            .is_empty());
        assert_eq!(
            parse_inline_style("padding: constant(nope, 3px)")
                .declarations
                .len(),
            4
        );
        let typed = parse_substituted("margin", "1px 2px");
        assert_eq!(typed.map(|v| v.len()), Some(4));
        assert_eq!(parse_substituted("margin", "1px 2px 3px 4px 5px"), None);
    }
}
