//! Parsing a whole style file: style rules, `@import`, `@media` (rules kept with their query),
//! `@font-face` (collected for the renderer), `@charset` (ignored). Declaration blocks are
//! parsed in `declarations.rs`.
//!
//! Error recovery is CSS's own: a bad declaration is dropped up to the next `;`, a bad rule up
//! to the end of its `{}` block, an unsupported selector from its comma list, an unknown
//! at-rule with its block. Each drop is a warning at file:line:col; nothing is fatal.

use cssparser::{
    AtRuleParser, CowRcStr, ParseError, ParseErrorKind, Parser, ParserState, QualifiedRuleParser,
    RuleBodyParser, SourceLocation, StyleSheetParser,
};
use fc_protocol::Diagnostic;

use crate::declarations::parse_declarations;
use crate::font_face::{build_font_face, FontFace, FontFaceParser};
use crate::media::{parse_media_query_list, MediaQueryList};
use crate::selector::Selector;
use crate::selector_parse::parse_selector;
use crate::sheet::{Rule, StyleSheet};

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
        rules: Vec::new(),
        imports: Vec::new(),
        font_faces: Vec::new(),
        media_sets: Vec::new(),
        media_stack: Vec::new(),
        current_media: None,
    };
    parser.parse_rule_list(&mut input);
    let mut diags = parser.diags;
    diags.sort_by_key(|d| (d.line, d.col));
    let mut sheet = StyleSheet::new(
        parser.rules,
        parser.imports,
        parser.font_faces,
        parser.media_sets,
    );
    sheet.path = file.to_string();
    (sheet, diags)
}

pub(crate) fn warning(file: &str, loc: SourceLocation, msg: String) -> Diagnostic {
    Diagnostic::warning(file, loc.line + 1, loc.column, msg)
}

/// The text of a `ParseError` to show, or `None` if it was already reported.
pub(crate) fn message(e: &ParseError<String>) -> Option<String> {
    match &e.kind {
        ParseErrorKind::Custom(m) if m == REPORTED => None,
        ParseErrorKind::Custom(m) => Some(m.clone()),
        ParseErrorKind::Basic(kind) => Some(kind.to_string()),
    }
}

fn custom_error(msg: impl Into<String>) -> ParseError<String> {
    ParseError {
        kind: ParseErrorKind::Custom(msg.into()),
    }
}

/// First line of `text`, trimmed and shortened, to quote in a warning.
pub(crate) fn excerpt(text: &str) -> String {
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

/// The rules of the file (and of nested `@media` blocks) are appended to `rules` as they
/// are parsed, so source order is kept across nesting; the parser's own items carry nothing.
struct TopLevelParser<'a> {
    file: &'a str,
    diags: Vec<Diagnostic>,
    rules: Vec<Rule>,
    imports: Vec<String>,
    font_faces: Vec<FontFace>,
    /// Each entry: the queries of the `@media` blocks around a rule (all must match).
    media_sets: Vec<Vec<MediaQueryList>>,
    media_stack: Vec<MediaQueryList>,
    /// Index into `media_sets` for rules parsed now.
    current_media: Option<u32>,
}

enum AtPrelude {
    Import(String),
    Media(MediaQueryList),
    FontFace,
    Charset,
}

impl TopLevelParser<'_> {
    fn parse_rule_list(&mut self, input: &mut Parser<'_>) {
        let mut errors = Vec::new();
        for item in StyleSheetParser::new(input, self) {
            if let Err((e, text, loc)) = item {
                if let Some(msg) = message(&e) {
                    errors.push((loc, format!("skipped rule `{}`: {msg}", excerpt(text))));
                }
            }
        }
        for (loc, msg) in errors {
            self.diags.push(warning(self.file, loc, msg));
        }
    }
}

impl<'i> QualifiedRuleParser<'i> for TopLevelParser<'_> {
    type Prelude = Vec<Selector>;
    type QualifiedRule = ();
    type Error = String;

    /// Parses the comma list item by item, dropping (with a warning) only the items that are
    /// unsupported, so `.a, .b:hover {}` still styles `.a`.
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
            match input.parse_until_before(cssparser::Delimiter::Comma, parse_selector) {
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
            return Err(custom_error(if dropped {
                REPORTED
            } else {
                "empty selector"
            }));
        }
        Ok(selectors)
    }

    fn parse_block(
        &mut self,
        selectors: Vec<Selector>,
        _start: &ParserState,
        input: &mut Parser<'i>,
    ) -> Result<(), ParseError<String>> {
        let block = parse_declarations(input, self.file, Some(&mut self.diags));
        self.rules.push(Rule {
            selectors,
            declarations: block.declarations,
            custom: block.custom,
            media: self.current_media,
        });
        Ok(())
    }
}

impl<'i> AtRuleParser<'i> for TopLevelParser<'_> {
    type Prelude = AtPrelude;
    type AtRule = ();
    type Error = String;

    fn parse_prelude(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i>,
    ) -> Result<AtPrelude, ParseError<String>> {
        match name.to_ascii_lowercase().as_str() {
            "import" => {
                let url = input.expect_url_or_string()?.to_string();
                if !input.is_exhausted() {
                    return Err(custom_error(
                        "`@import` media/layer conditions are not supported",
                    ));
                }
                if !self.media_stack.is_empty() {
                    return Err(custom_error("`@import` is not allowed inside `@media`"));
                }
                Ok(AtPrelude::Import(url))
            }
            "media" => {
                input.skip_whitespace();
                let loc = input.current_source_location();
                let mut notes = Vec::new();
                let list = parse_media_query_list(input, &mut notes);
                for n in notes {
                    self.diags.push(warning(self.file, loc, n));
                }
                Ok(AtPrelude::Media(list))
            }
            "font-face" => Ok(AtPrelude::FontFace),
            "charset" => {
                while input.next().is_ok() {}
                Ok(AtPrelude::Charset)
            }
            _ => Err(custom_error(format!("at-rule `@{name}` is not supported"))),
        }
    }

    fn rule_without_block(&mut self, prelude: AtPrelude, _start: &ParserState) -> Result<(), ()> {
        match prelude {
            AtPrelude::Import(url) => {
                self.imports.push(url);
                Ok(())
            }
            AtPrelude::Charset => Ok(()),
            AtPrelude::Media(_) | AtPrelude::FontFace => Err(()),
        }
    }

    fn parse_block(
        &mut self,
        prelude: AtPrelude,
        start: &ParserState,
        input: &mut Parser<'i>,
    ) -> Result<(), ParseError<String>> {
        match prelude {
            AtPrelude::Media(list) => {
                let outer = self.current_media;
                self.media_stack.push(list);
                self.media_sets.push(self.media_stack.clone());
                self.current_media = Some((self.media_sets.len() - 1) as u32);
                self.parse_rule_list(input);
                self.media_stack.pop();
                self.current_media = outer;
                Ok(())
            }
            AtPrelude::FontFace => {
                let mut parser = FontFaceParser;
                let mut descriptors = Vec::new();
                let mut errors = Vec::new();
                for item in RuleBodyParser::new(input, &mut parser) {
                    match item {
                        Ok(d) => descriptors.push(d),
                        Err((e, text, loc)) => {
                            if let Some(msg) = message(&e) {
                                errors.push((loc, format!("skipped `{}`: {msg}", excerpt(text))));
                            }
                        }
                    }
                }
                for (loc, msg) in errors {
                    self.diags.push(warning(self.file, loc, msg));
                }
                match build_font_face(descriptors) {
                    Some(mut face) => {
                        let loc = start.source_location();
                        face.line = loc.line + 1;
                        face.column = loc.column;
                        self.font_faces.push(face)
                    }
                    None => self.diags.push(warning(
                        self.file,
                        start.source_location(),
                        "skipped `@font-face` without `font-family` or `src`".to_owned(),
                    )),
                }
                Ok(())
            }
            AtPrelude::Import(_) | AtPrelude::Charset => {
                Err(custom_error("this at-rule takes no block"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::declarations::parse_inline_style;
    use crate::properties::{DeclValue, Longhand, Value};
    use crate::testing::{compute, compute_with, single, TestTree};
    use crate::values::{Color, Display, Length};
    use crate::{Cascade, FontSource};

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
.d::selection { color: red }
.e, view:hover, .f { display: flex }
@keyframes spin { from { opacity: 0 } to { opacity: 1 } }
.g { display: grid; display: block }
@font-face { font-family: x }
.h { width: calc(100% - ); color: #ggg; transform: rotate(3px) }
@media (frobnicate: 2) { .i { color: red } }
* + view { color: red }
";
        let (sheet, diags) = parse_stylesheet("app.wxss", src);
        let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            lines,
            vec![
                "app.wxss:2:1: warning: skipped selector `%%%`: unexpected token in selector",
                "app.wxss:3:19: warning: skipped `frobnicate: 3`: unknown property `frobnicate`",
                "app.wxss:4:6: warning: skipped `width:`: invalid value for `width`: unexpected end of input",
                "app.wxss:5:1: warning: skipped selector `.d::selection`: pseudo-element `::selection` is not supported",
                "app.wxss:6:5: warning: skipped selector `view:hover`: pseudo-class `:hover` is not supported yet",
                "app.wxss:7:1: warning: skipped rule `@keyframes spin`: at-rule `@keyframes` is not supported",
                "app.wxss:8:6: warning: skipped `display: grid`: invalid value for `display`: unsupported keyword `grid`",
                "app.wxss:9:1: warning: skipped `@font-face` without `font-family` or `src`",
                "app.wxss:10:6: warning: skipped `width: calc(100% - )`: invalid value for `width`: unexpected end of input",
                "app.wxss:10:28: warning: skipped `color: #ggg`: invalid value for `color`: bad hex colour `#ggg`",
                "app.wxss:10:41: warning: skipped `transform: rotate(3px)`: invalid value for `transform`: `px` is not an angle unit",
                "app.wxss:11:8: warning: media query `(frobnicate: 2)` never matches: unknown media feature `frobnicate`",
                "app.wxss:12:1: warning: skipped selector `* + view`: combinator `+` is not supported yet",
            ]
        );
        // .a, .b, .c, .e/.f, .g, .h, .i survive; .d and `* + view` are dropped.
        assert_eq!(sheet.rule_count(), 7);

        let (t, b) = single("view.b");
        let s = compute(".b { color: blue; width: 10px }", &t, b, None, 375.0);
        assert_eq!(s.width, Length::Px(10.0));
        let cascade = Cascade::new(vec![Arc::new(sheet)]);
        let b_from_sheet = compute_with(&cascade, &t, b, None, 375.0);
        assert_eq!(b_from_sheet.width, Length::Px(10.0));
        assert_eq!(b_from_sheet.color, Color::from_rgba8(0, 0, 255, 1.0));
    }

    #[test]
    fn unbalanced_braces_and_stray_tokens_keep_the_rest() {
        // A missing `}` swallows what follows into that block (as in CSS); the blocks before
        // it and a stray `}` do not stop the sheet.
        let src = ".a { color: red }\n}\n.b { width: 5px; }}\n.c { height: 6px { nested } ; width: 7px }\n.d { color: blue";
        let (sheet, diags) = parse_stylesheet("p.wxss", src);
        assert!(!diags.is_empty());
        assert!(
            diags.iter().all(|d| d.file == "p.wxss" && d.line >= 2),
            "{diags:?}"
        );
        let cascade = Cascade::new(vec![Arc::new(sheet)]);
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let a = t.add(Some(page), "view.a");
        let d = t.add(Some(page), "view.d");
        assert_eq!(
            compute_with(&cascade, &t, a, None, 375.0).color,
            Color::from_rgba8(255, 0, 0, 1.0)
        );
        assert_eq!(
            compute_with(&cascade, &t, d, None, 375.0).color,
            Color::from_rgba8(0, 0, 255, 1.0),
            "an unclosed last block still applies"
        );
    }

    #[test]
    fn surviving_rules_apply_after_garbage() {
        let src = ".a { color: red }\n$$$ garbage { whatever: ; }\n.c { width: 5px; ??? ; height: 6px }\n.f { display: flex }";
        let (sheet, diags) = parse_stylesheet("p.wxss", src);
        assert!(!diags.is_empty());
        let cascade = Cascade::new(vec![Arc::new(sheet)]);
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let c = t.add(Some(page), "view.c");
        let f = t.add(Some(page), "view.e.f");
        let s = compute_with(&cascade, &t, c, None, 375.0);
        assert_eq!((s.width, s.height), (Length::Px(5.0), Length::Px(6.0)));
        let s = compute_with(&cascade, &t, f, None, 375.0);
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
    fn imports_in_order_and_charset_ignored() {
        let (sheet, diags) = parse_stylesheet(
            "app.wxss",
            "@charset \"utf-8\";\n@import \"common.wxss\";\n@import url(/styles/base.ftss);\n@import 'x.wxss';\n.a{color:red}",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            sheet.imports(),
            vec!["common.wxss", "/styles/base.ftss", "x.wxss"]
        );
        assert_eq!(sheet.rule_count(), 1);
        assert_eq!(warnings("@import;").len(), 1);
        assert_eq!(warnings("@media screen { @import 'a.wxss'; }").len(), 1);
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
    fn background_shorthand_sets_every_layer_longhand() {
        let (sheet, diags) = parse_stylesheet(
            "a.wxss",
            ".a { background: #fff url(a.png) no-repeat center; }",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let decls = &sheet.rules()[0].declarations;
        assert_eq!(decls[0].prop, Longhand::BackgroundColor);
        assert!(matches!(decls[0].value, DeclValue::Value(Value::Color(_))));
        assert_eq!(decls.len(), 5);
        let (diags_fixed, n) = {
            let (_, d) = parse_stylesheet("a.wxss", ".a { background: url(a.png) fixed }");
            (d, 1)
        };
        assert_eq!(diags_fixed.len(), n, "attachment is noted as ignored");
    }

    #[test]
    fn media_rules_apply_by_viewport() {
        let css = ".a { width: 1px } \
                   @media (min-width: 500px) { .a { width: 2px } @media (orientation: landscape) { .a { width: 3px } } } \
                   @media screen and (max-width: 320px), print { .a { width: 4px } } \
                   @media (prefers-color-scheme: dark) { .a { color: red } }";
        let (sheet, diags) = parse_stylesheet("m.wxss", css);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(sheet.rule_count(), 5);
        let mut cascade = Cascade::new(vec![Arc::new(sheet)]);
        let (t, n) = single("view.a");
        let width_at = |c: &Cascade, w: f32| compute_with(c, &t, n, None, w).width;
        assert_eq!(width_at(&cascade, 375.0), Length::Px(1.0));
        assert_eq!(
            width_at(&cascade, 550.0),
            Length::Px(2.0),
            "550 wide, 600 tall"
        );
        assert_eq!(
            width_at(&cascade, 800.0),
            Length::Px(3.0),
            "nested: both must match"
        );
        assert_eq!(width_at(&cascade, 320.0), Length::Px(4.0));
        assert_eq!(
            compute_with(&cascade, &t, n, None, 375.0).color,
            Color::BLACK
        );
        cascade.set_prefers_dark(true);
        assert_eq!(
            compute_with(&cascade, &t, n, None, 375.0).color,
            Color::from_rgba8(255, 0, 0, 1.0)
        );
    }

    #[test]
    fn font_faces_are_collected() {
        let css = "@font-face { font-family: 'iconfont'; \
                     src: url('data:font/woff2;base64,d09GMgAB') format('woff2'), \
                          url(//at.alicdn.com/t/font.ttf?t=1) format(\"truetype\"), local(Icon Font); \
                     font-weight: bold; font-style: italic; font-display: swap } \
                   @font-face { font-family: Plain; src: url(/fonts/plain.woff) } \
                   .icon { font-family: iconfont }";
        let (sheet, diags) = parse_stylesheet("f.wxss", css);
        assert!(diags.is_empty(), "{diags:?}");
        let faces = sheet.font_faces();
        assert_eq!(faces.len(), 2);
        assert_eq!(faces[0].family, "iconfont");
        assert_eq!(
            faces[0].src,
            vec![
                FontSource::Url {
                    url: "data:font/woff2;base64,d09GMgAB".into(),
                    format: Some("woff2".into())
                },
                FontSource::Url {
                    url: "//at.alicdn.com/t/font.ttf?t=1".into(),
                    format: Some("truetype".into())
                },
                FontSource::Local("Icon Font".into()),
            ]
        );
        assert_eq!((faces[0].weight, faces[0].italic), (700, true));
        assert_eq!((faces[1].weight, faces[1].italic), (400, false));
        assert_eq!(sheet.rule_count(), 1);
        assert_eq!(
            warnings("@font-face { font-family: a; src: url(x); size: 3 }").len(),
            1
        );
        assert_eq!(warnings("@font-face { src: url(x) }").len(), 1);
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
            "@media { .a { color: red }",
            "@media (min-width: ) {}",
            "@font-face",
            "@font-face {",
            "/* unclosed",
            ".a { color: rgb(1,2,",
            ".a { width: calc(100% - 10px) }",
            ".a { width: calc((((((1px)))))) }",
            "a > > b {}",
            "\u{feff}.a{color:red}",
            ".a{--x: 1; color: var(--x)}",
            ".a{--x: var(--x); color: var(--x, var(--y, var(--z)))}",
            ".a{background: linear-gradient(}",
            ".a{transform: rotate(}",
            ":not(:not(:not(.a))) {}",
            "[a=] {}",
            ":nth-child( {}",
            ".\u{4e2d}\u{6587} { color: red }",
        ] {
            let _ = parse_stylesheet("x.wxss", src);
            let _ = parse_inline_style(src);
        }
    }
}
