//! Parsing a whole style file (rules, `@import`) and declaration blocks (rule bodies and
//! inline `style` attributes) on cssparser's rule/declaration parsers.
//!
//! Error recovery is CSS's own: a bad declaration is dropped up to the next `;`, a bad rule up
//! to the end of its `{}` block, an unsupported selector from its comma list. Each drop is a
//! warning at file:line:col; nothing is fatal.

use cssparser::{
    parse_important, AtRuleParser, BasicParseErrorKind, CowRcStr, DeclarationParser, Delimiter,
    ParseError, ParseErrorKind, Parser, ParserState, QualifiedRuleParser, RuleBodyItemParser,
    RuleBodyParser, SourceLocation, StyleSheetParser,
};
use fc_protocol::Diagnostic;

use crate::properties::{DeclValue, Declaration};
use crate::selector::{parse_selector, Selector};
use crate::sheet::{Rule, StyleSheet};
use crate::shorthands::{longhands_of, parse_property_value};

/// Custom error text meaning "a warning was already emitted for this; just skip it".
const REPORTED: &str = "";

/// Parses one style file. Unknown properties, unsupported selectors and at-rules and plain
/// garbage are skipped with a warning at `file`:line:col; the rest of the sheet still applies.
pub fn parse_stylesheet(file: &str, source: &str) -> (StyleSheet, Vec<Diagnostic>) {
    // Editors on Windows often save a BOM; left in, it would be part of the first selector.
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut input = Parser::new(source);
    let mut parser = TopLevelParser {
        file,
        diags: Vec::new(),
    };
    let mut rules = Vec::new();
    let mut imports = Vec::new();
    let mut errors = Vec::new();
    for item in StyleSheetParser::new(&mut input, &mut parser) {
        match item {
            Ok(TopItem::Rule(rule)) => rules.push(rule),
            Ok(TopItem::Import(url)) => imports.push(url),
            Err((e, text, loc)) => {
                if let Some(msg) = message(&e) {
                    errors.push((loc, format!("skipped rule `{}`: {msg}", excerpt(text))));
                }
            }
        }
    }
    let mut diags = parser.diags;
    diags.extend(errors.into_iter().map(|(loc, msg)| warning(file, loc, msg)));
    diags.sort_by_key(|d| (d.line, d.col));
    (StyleSheet::new(rules, imports), diags)
}

/// Parses an inline `style` attribute; invalid declarations are dropped silently.
pub(crate) fn parse_inline_style(source: &str) -> Vec<Declaration> {
    let mut input = Parser::new(source);
    parse_declarations(&mut input, "", None)
}

fn warning(file: &str, loc: SourceLocation, msg: String) -> Diagnostic {
    Diagnostic::warning(file, loc.line + 1, loc.column, msg)
}

/// The text of a `ParseError` to show, or `None` if it was already reported.
fn message(e: &ParseError<String>) -> Option<String> {
    match &e.kind {
        ParseErrorKind::Custom(m) if m == REPORTED => None,
        ParseErrorKind::Custom(m) => Some(m.clone()),
        ParseErrorKind::Basic(kind) => Some(kind.to_string()),
    }
}

/// First line of `text`, trimmed and shortened, to quote in a warning.
fn excerpt(text: &str) -> String {
    let line = text
        .trim()
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches(';')
        .trim_end();
    let mut out: String = line.chars().take(60).collect();
    if out.len() < line.len() {
        out.push('…');
    }
    out
}

enum TopItem {
    Rule(Rule),
    Import(String),
}

struct TopLevelParser<'a> {
    file: &'a str,
    diags: Vec<Diagnostic>,
}

impl<'i> QualifiedRuleParser<'i> for TopLevelParser<'_> {
    type Prelude = Vec<Selector>;
    type QualifiedRule = TopItem;
    type Error = String;

    /// Parses the comma list item by item, dropping (with a warning) only the items that are
    /// unsupported, so `.a, .b::after {}` still styles `.a`.
    fn parse_prelude(
        &mut self,
        input: &mut Parser<'i>,
    ) -> Result<Vec<Selector>, ParseError<String>> {
        let mut selectors = Vec::new();
        let mut dropped = false;
        loop {
            input.skip_whitespace();
            let loc = input.current_source_location();
            let start = input.position();
            match input.parse_until_before(Delimiter::Comma, parse_selector) {
                Ok(s) => selectors.push(s),
                Err(e) => {
                    dropped = true;
                    let text = excerpt(input.slice_from(start));
                    let why = message(&e).unwrap_or_default();
                    let msg = format!("skipped selector `{text}`: {why}");
                    self.diags.push(warning(self.file, loc, msg));
                }
            }
            if input.next().is_err() {
                break;
            }
        }
        if selectors.is_empty() {
            let why = if dropped { REPORTED } else { "empty selector" };
            return Err(ParseError {
                kind: ParseErrorKind::Custom(why.to_owned()),
            });
        }
        Ok(selectors)
    }

    fn parse_block(
        &mut self,
        selectors: Vec<Selector>,
        _start: &ParserState,
        input: &mut Parser<'i>,
    ) -> Result<TopItem, ParseError<String>> {
        let declarations = parse_declarations(input, self.file, Some(&mut self.diags));
        Ok(TopItem::Rule(Rule {
            selectors,
            declarations,
        }))
    }
}

impl<'i> AtRuleParser<'i> for TopLevelParser<'_> {
    type Prelude = String;
    type AtRule = TopItem;
    type Error = String;

    fn parse_prelude(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i>,
    ) -> Result<String, ParseError<String>> {
        if !name.eq_ignore_ascii_case("import") {
            let msg = format!("at-rule `@{name}` is not supported yet");
            return Err(ParseError {
                kind: ParseErrorKind::Custom(msg),
            });
        }
        let url = input.expect_url_or_string()?.to_string();
        if !input.is_exhausted() {
            let msg = "`@import` media/layer conditions are not supported".to_owned();
            return Err(ParseError {
                kind: ParseErrorKind::Custom(msg),
            });
        }
        Ok(url)
    }

    fn rule_without_block(&mut self, url: String, _start: &ParserState) -> Result<TopItem, ()> {
        Ok(TopItem::Import(url))
    }
}

/// Parses declarations until the end of `input` (a rule body or an inline style).
/// Warnings go to `diags` when given.
fn parse_declarations(
    input: &mut Parser<'_>,
    file: &str,
    diags: Option<&mut Vec<Diagnostic>>,
) -> Vec<Declaration> {
    let mut parser = DeclParser { notes: Vec::new() };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for item in RuleBodyParser::new(input, &mut parser) {
        match item {
            Ok(decls) => out.extend(decls),
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

struct DeclParser {
    /// Declarations that applied only in part (located at the declaration).
    notes: Vec<(SourceLocation, String)>,
}

impl<'i> DeclarationParser<'i> for DeclParser {
    type Declaration = Vec<Declaration>;
    type Error = String;

    fn parse_value(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i>,
        start: &ParserState,
    ) -> Result<Vec<Declaration>, ParseError<String>> {
        let lower = name.to_ascii_lowercase();
        let custom = |msg: String| ParseError {
            kind: ParseErrorKind::Custom(msg),
        };
        let Some(longhands) = longhands_of(&lower) else {
            return Err(custom(format!("unknown property `{name}`")));
        };
        let mut notes = Vec::new();
        let values = input
            .parse_until_before(Delimiter::Bang, |i| {
                if let Ok(keyword) = i.try_parse(parse_css_wide_keyword) {
                    i.expect_exhausted()?;
                    return Ok(longhands.iter().map(|&l| (l, keyword.clone())).collect());
                }
                let values = parse_property_value(&lower, i, &mut notes)?;
                Ok(values
                    .into_iter()
                    .map(|(l, v)| (l, DeclValue::Value(v)))
                    .collect::<Vec<_>>())
            })
            .map_err(|e: ParseError<String>| {
                let why = message(&e).unwrap_or_default();
                custom(format!("invalid value for `{name}`: {why}"))
            })?;
        let important = input.try_parse(parse_important).is_ok();
        input.expect_exhausted()?;
        let loc = start.source_location();
        self.notes.extend(notes.into_iter().map(|n| (loc, n)));
        Ok(values
            .into_iter()
            .map(|(prop, value)| Declaration {
                prop,
                value,
                important,
            })
            .collect())
    }
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
    type AtRule = Vec<Declaration>;
    type Error = String;
}

impl<'i> QualifiedRuleParser<'i> for DeclParser {
    type Prelude = ();
    type QualifiedRule = Vec<Declaration>;
    type Error = String;
}

impl<'i> RuleBodyItemParser<'i, Vec<Declaration>, String> for DeclParser {
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
    use crate::properties::{Longhand, Value};
    use crate::testing::{compute, single};
    use crate::values::{Color, Display, Length};

    fn warnings(src: &str) -> Vec<String> {
        parse_stylesheet("app.wxss", src)
            .1
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn garbage_in_the_middle_is_skipped_with_positions() {
        let src = "\
.a { color: red; }
%%% { junk: 1 }
.b { color: blue; frobnicate: 3; width: 10px }
.c { width: ; height: 20px }
.d::after { color: red }
.e, view:active, .f { display: flex }
@font-face { font-family: x }
.g { display: grid; display: block }
";
        let (sheet, diags) = parse_stylesheet("app.wxss", src);
        let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            lines,
            vec![
                "app.wxss:2:1: warning: skipped selector `%%%`: unexpected token in selector",
                "app.wxss:3:19: warning: skipped `frobnicate: 3`: unknown property `frobnicate`",
                "app.wxss:4:6: warning: skipped `width:`: invalid value for `width`: unexpected end of input",
                "app.wxss:5:1: warning: skipped selector `.d::after`: pseudo-elements (`::`) are not supported yet",
                "app.wxss:6:5: warning: skipped selector `view:active`: pseudo-class `:active` is not supported yet",
                "app.wxss:7:1: warning: skipped rule `@font-face`: at-rule `@font-face` is not supported yet",
                "app.wxss:8:6: warning: skipped `display: grid`: invalid value for `display`: unsupported keyword `grid`",
            ]
        );
        // .a, .b, .c, .e/.f, .g survive; .d is dropped with its only selector.
        assert_eq!(sheet.rule_count(), 5);

        let (t, b) = single("view.b");
        let s = compute(".b { color: blue; width: 10px }", &t, b, None, 375.0);
        assert_eq!(s.width, Length::Px(10.0));
        let b_from_sheet = {
            let cascade = crate::Cascade::new(vec![std::sync::Arc::new(sheet)]);
            crate::testing::compute_with(&cascade, &t, b, None, 375.0)
        };
        assert_eq!(b_from_sheet.width, Length::Px(10.0));
        assert_eq!(b_from_sheet.color, Color::from_rgba8(0, 0, 255, 1.0));
    }

    #[test]
    fn surviving_rules_apply_after_garbage() {
        let src = ".a { color: red }\n$$$ garbage { whatever: ; }\n.c { width: 5px; ??? ; height: 6px }\n.f { display: flex }";
        let (sheet, diags) = parse_stylesheet("p.wxss", src);
        assert!(!diags.is_empty());
        let cascade = crate::Cascade::new(vec![std::sync::Arc::new(sheet)]);
        let mut t = crate::testing::TestTree::new();
        let page = t.add(None, "page");
        let c = t.add(Some(page), "view.c");
        let f = t.add(Some(page), "view.e.f");
        let s = crate::testing::compute_with(&cascade, &t, c, None, 375.0);
        assert_eq!((s.width, s.height), (Length::Px(5.0), Length::Px(6.0)));
        let s = crate::testing::compute_with(&cascade, &t, f, None, 375.0);
        assert_eq!(s.display, Display::Flex);
    }

    #[test]
    fn leading_bom_and_comments_are_ignored() {
        let (sheet, diags) =
            parse_stylesheet("a.wxss", "\u{feff}.a /* x */ .b, /* y */ .c { color: red }");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(sheet.rules()[0].selectors.len(), 2);
        assert_eq!(sheet.rules()[0].selectors[0].specificity, 2 << 10);
    }

    #[test]
    fn imports_in_order() {
        let (sheet, diags) = parse_stylesheet(
            "app.wxss",
            "@import \"common.wxss\";\n@import url(/styles/base.ftss);\n@import 'x.wxss';\n.a{color:red}",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            sheet.imports(),
            vec!["common.wxss", "/styles/base.ftss", "x.wxss"]
        );
        assert_eq!(sheet.rule_count(), 1);
        assert_eq!(warnings("@import;").len(), 1);
    }

    #[test]
    fn important_and_css_wide_keywords_parse() {
        let (sheet, diags) = parse_stylesheet(
            "a.wxss",
            ".a { color: red !important; margin: inherit; width: 10px ! important }",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let decls = &sheet.rules()[0].declarations;
        assert_eq!(decls.len(), 6);
        assert!(decls[0].important);
        assert_eq!(decls[0].prop, Longhand::Color);
        assert!(decls[1..5]
            .iter()
            .all(|d| d.value == DeclValue::Inherit && !d.important));
        assert!(decls[5].important);
        assert_eq!(warnings(".a { color: red !importantx }").len(), 1);
        assert_eq!(warnings(".a { color: red !important blue }").len(), 1);
    }

    #[test]
    fn partially_supported_background_warns_but_applies() {
        let (sheet, diags) = parse_stylesheet(
            "a.wxss",
            ".a { background: #fff url(a.png) no-repeat center; }",
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].col), (1, 6));
        let decl = &sheet.rules()[0].declarations[0];
        assert_eq!(decl.prop, Longhand::BackgroundColor);
        assert!(matches!(decl.value, DeclValue::Value(Value::Color(_))));
    }

    #[test]
    fn inline_style_drops_bad_declarations_silently() {
        let decls = parse_inline_style("color: red; width: ; foo: 1; height: 20rpx");
        let props: Vec<Longhand> = decls.iter().map(|d| d.prop).collect();
        assert_eq!(props, vec![Longhand::Color, Longhand::Height]);
        assert!(parse_inline_style("}}{{ ;;").is_empty());
    }

    #[test]
    fn default_sheet_parses_without_warnings() {
        let (sheet, diags) = parse_stylesheet(crate::DEFAULT_SHEET_PATH, crate::DEFAULT_SHEET);
        assert!(diags.is_empty(), "{diags:#?}");
        assert!(sheet.rule_count() > 20);
        assert!(crate::default_stylesheet().imports().is_empty());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for src in [
            "",
            "{",
            "}",
            ".a {",
            ".a { color: ",
            "@import",
            "@media screen { .a { color: red } }",
            "/* unclosed",
            ".a { color: rgb(1,2,",
            ".a { width: calc(100% - 10px) }",
            "a > > b {}",
            "\u{feff}.a{color:red}",
            ".a{--x: 1; color: var(--x)}",
            ".\u{4e2d}\u{6587} { color: red }",
        ] {
            let _ = parse_stylesheet("x.wxss", src);
            let _ = parse_inline_style(src);
        }
    }
}
