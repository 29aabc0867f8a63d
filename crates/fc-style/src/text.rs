//! Text properties beyond font and colour: `text-decoration`, `word-break`,
//! `overflow-wrap`, `text-overflow`, `-webkit-line-clamp`, `-webkit-box-orient`,
//! `visibility`, `vertical-align` — their computed types and parsers. Drawing them is
//! fc-layout's and fc-paint's job.

use cssparser::Parser;

use crate::color::{parse_color, SpecColor};
use crate::properties::{parse_keyword, parse_length, LengthRules};
use crate::values::{Color, Length, SpecLength};
use crate::{invalid, PResult};

/// `text-decoration-line`: any combination of the three lines (`none` = all false).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct TextDecorationLine {
    pub underline: bool,
    pub overline: bool,
    pub line_through: bool,
}

impl TextDecorationLine {
    pub fn is_none(self) -> bool {
        !(self.underline || self.overline || self.line_through)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TextDecorationStyle {
    #[default]
    Solid,
    Double,
    Dotted,
    Dashed,
    Wavy,
}

/// Computed `text-decoration`. Not inherited, but CSS draws an element's decoration across
/// all its inline descendants' text, so painters look up the ancestors' values.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct TextDecoration {
    pub line: TextDecorationLine,
    /// `currentColor` is already resolved.
    pub color: Color,
    pub style: TextDecorationStyle,
}

/// `word-break`. The deprecated `break-word` is kept as its own value: browsers treat it as
/// `normal` plus `overflow-wrap: anywhere`, which the text shaper applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WordBreak {
    #[default]
    Normal,
    BreakAll,
    KeepAll,
    BreakWord,
}

/// `overflow-wrap` (alias `word-wrap`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OverflowWrap {
    #[default]
    Normal,
    BreakWord,
    Anywhere,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TextOverflow {
    #[default]
    Clip,
    Ellipsis,
}

/// `-webkit-box-orient`; with `display: -webkit-box` and `-webkit-line-clamp` it is the
/// multi-line ellipsis idiom (`vertical`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum BoxOrient {
    #[default]
    Horizontal,
    Vertical,
}

/// `visibility`: a hidden box still takes its space but paints nothing and is not hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Visibility {
    #[default]
    Visible,
    Hidden,
    /// Treated as `Hidden` outside tables.
    Collapse,
}

/// Computed `vertical-align`; lengths are px (`em` resolved), `%` of the line height.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum VerticalAlign {
    #[default]
    Baseline,
    Sub,
    Super,
    TextTop,
    TextBottom,
    Middle,
    Top,
    Bottom,
    /// Raise (positive) or lower the baseline; `Length::Percent` is of the line height.
    Length(Length),
}

/// `vertical-align` as written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum SpecVerticalAlign {
    Keyword(VerticalAlign),
    Length(SpecLength),
}

/// `text-decoration` longhands as written.
pub(crate) fn parse_decoration_line(input: &mut Parser<'_>) -> PResult<TextDecorationLine> {
    let mut line = TextDecorationLine::default();
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(line);
    }
    let mut any = false;
    while let Ok(which) = input
        .try_parse(|i| parse_keyword(i, &[("underline", 0), ("overline", 1), ("line-through", 2)]))
    {
        let flag = match which {
            0 => &mut line.underline,
            1 => &mut line.overline,
            _ => &mut line.line_through,
        };
        if *flag {
            return invalid("a decoration line is given twice");
        }
        *flag = true;
        any = true;
    }
    if !any {
        return invalid("expected `none`, `underline`, `overline` or `line-through`");
    }
    Ok(line)
}

pub(crate) const DECORATION_STYLES: &[(&str, TextDecorationStyle)] = &[
    ("solid", TextDecorationStyle::Solid),
    ("double", TextDecorationStyle::Double),
    ("dotted", TextDecorationStyle::Dotted),
    ("dashed", TextDecorationStyle::Dashed),
    ("wavy", TextDecorationStyle::Wavy),
];

/// The `text-decoration` shorthand: `<line> || <style> || <color>` (thickness is ignored).
pub(crate) fn parse_text_decoration(
    input: &mut Parser<'_>,
) -> PResult<(TextDecorationLine, TextDecorationStyle, SpecColor)> {
    let (mut line, mut style, mut color) = (None, None, None);
    while !input.is_exhausted() {
        if line.is_none() {
            if let Ok(l) = input.try_parse(parse_decoration_line) {
                line = Some(l);
                continue;
            }
        }
        if style.is_none() {
            if let Ok(s) = input.try_parse(|i| parse_keyword(i, DECORATION_STYLES)) {
                style = Some(s);
                continue;
            }
        }
        if color.is_none() {
            if let Ok(c) = input.try_parse(parse_color) {
                color = Some(c);
                continue;
            }
        }
        return invalid("expected a decoration line, style or colour");
    }
    if line.is_none() && style.is_none() && color.is_none() {
        return invalid("empty text-decoration");
    }
    Ok((
        line.unwrap_or_default(),
        style.unwrap_or_default(),
        color.unwrap_or(SpecColor::CurrentColor),
    ))
}

pub(crate) fn parse_word_break(input: &mut Parser<'_>) -> PResult<WordBreak> {
    parse_keyword(
        input,
        &[
            ("normal", WordBreak::Normal),
            ("break-all", WordBreak::BreakAll),
            ("keep-all", WordBreak::KeepAll),
            ("break-word", WordBreak::BreakWord),
        ],
    )
}

pub(crate) fn parse_overflow_wrap(input: &mut Parser<'_>) -> PResult<OverflowWrap> {
    parse_keyword(
        input,
        &[
            ("normal", OverflowWrap::Normal),
            ("break-word", OverflowWrap::BreakWord),
            ("anywhere", OverflowWrap::Anywhere),
        ],
    )
}

/// `none` or a positive integer.
pub(crate) fn parse_line_clamp(input: &mut Parser<'_>) -> PResult<Option<u32>> {
    if input.try_parse(|i| i.expect_ident_matching("none")).is_ok() {
        return Ok(None);
    }
    match input.expect_integer()? {
        n if n >= 1 => Ok(Some(n as u32)),
        _ => invalid("line clamp must be a positive integer"),
    }
}

pub(crate) fn parse_vertical_align(input: &mut Parser<'_>) -> PResult<SpecVerticalAlign> {
    use VerticalAlign as V;
    if let Ok(k) = input.try_parse(|i| {
        parse_keyword(
            i,
            &[
                ("baseline", V::Baseline),
                ("sub", V::Sub),
                ("super", V::Super),
                ("text-top", V::TextTop),
                ("text-bottom", V::TextBottom),
                ("middle", V::Middle),
                ("top", V::Top),
                ("bottom", V::Bottom),
            ],
        )
    }) {
        return Ok(SpecVerticalAlign::Keyword(k));
    }
    let rules = LengthRules {
        auto: false,
        none: false,
        percent: true,
        negative: true,
    };
    parse_length(input, rules).map(SpecVerticalAlign::Length)
}

#[cfg(test)]
mod tests {
    use crate::parse_stylesheet;
    use crate::testing::{compute, single, TestTree};
    use crate::values::{Color, Length};
    use crate::ComputedStyle;

    use super::*;

    fn style(decls: &str) -> ComputedStyle {
        let (t, n) = single("view.a");
        compute(&format!(".a {{ {decls} }}"), &t, n, None, 375.0)
    }

    fn warns(decls: &str) -> usize {
        parse_stylesheet("t.wxss", &format!(".a {{ {decls} }}"))
            .1
            .len()
    }

    #[test]
    fn text_decoration_shorthand_and_longhands() {
        let s = style("color: blue; text-decoration: underline line-through dashed");
        assert!(s.text_decoration.line.underline && s.text_decoration.line.line_through);
        assert!(!s.text_decoration.line.overline);
        assert_eq!(s.text_decoration.style, TextDecorationStyle::Dashed);
        assert_eq!(s.text_decoration.color, Color::from_rgba8(0, 0, 255, 1.0));
        let s = style("text-decoration: overline #f00; text-decoration-style: wavy");
        assert_eq!(s.text_decoration.color, Color::from_rgba8(255, 0, 0, 1.0));
        assert_eq!(s.text_decoration.style, TextDecorationStyle::Wavy);
        assert!(style("text-decoration: underline; text-decoration: none")
            .text_decoration
            .line
            .is_none());
        let s = style("text-decoration-line: underline; text-decoration-color: red");
        assert!(s.text_decoration.line.underline);
        assert_eq!(warns("text-decoration: underline underline"), 1);
        assert_eq!(warns("text-decoration: blink"), 1);
    }

    #[test]
    fn wrapping_clamping_and_visibility() {
        let s = style(
            "word-break: break-all; word-wrap: break-word; text-overflow: ellipsis; \
             display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; \
             visibility: hidden",
        );
        assert_eq!(s.word_break, WordBreak::BreakAll);
        assert_eq!(s.overflow_wrap, OverflowWrap::BreakWord);
        assert_eq!(s.text_overflow, TextOverflow::Ellipsis);
        assert_eq!(s.box_orient, BoxOrient::Vertical);
        assert_eq!(s.line_clamp, Some(2));
        assert_eq!(s.visibility, Visibility::Hidden);
        assert_eq!(
            style("overflow-wrap: anywhere").overflow_wrap,
            OverflowWrap::Anywhere
        );
        assert_eq!(style("line-clamp: 3; line-clamp: none").line_clamp, None);
        assert_eq!(warns("-webkit-line-clamp: 0"), 1);
        assert_eq!(warns("word-break: sometimes"), 1);
    }

    #[test]
    fn inherited_text_properties() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let a = t.add(Some(page), "view.a");
        let b = t.add(Some(a), "text");
        let css = ".a { font-size: 20px; letter-spacing: .1em; text-indent: 2em; \
                   word-break: keep-all; visibility: hidden; text-decoration: underline; \
                   text-overflow: ellipsis; vertical-align: middle }";
        let s = compute(css, &t, b, None, 375.0);
        assert_eq!(s.letter_spacing, 2.0, "em is resolved where declared");
        assert_eq!(s.text_indent, Length::Px(40.0));
        assert_eq!(s.word_break, WordBreak::KeepAll);
        assert_eq!(s.visibility, Visibility::Hidden);
        assert!(s.text_decoration.line.is_none(), "not inherited");
        assert_eq!(s.text_overflow, TextOverflow::Clip, "not inherited");
        assert_eq!(s.vertical_align, VerticalAlign::Baseline, "not inherited");
        let s = compute(css, &t, a, None, 375.0);
        assert_eq!(s.vertical_align, VerticalAlign::Middle);
    }

    #[test]
    fn letter_spacing_indent_and_vertical_align_values() {
        assert_eq!(style("letter-spacing: normal").letter_spacing, 0.0);
        assert_eq!(style("letter-spacing: -2rpx").letter_spacing, -1.0);
        assert_eq!(style("text-indent: 10%").text_indent, Length::Percent(10.0));
        assert_eq!(
            style("vertical-align: -2px").vertical_align,
            VerticalAlign::Length(Length::Px(-2.0))
        );
        assert_eq!(
            style("vertical-align: top").vertical_align,
            VerticalAlign::Top
        );
        assert_eq!(warns("letter-spacing: 10%"), 1);
    }
}
