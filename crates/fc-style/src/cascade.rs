//! The cascade: which declaration wins for each longhand of one element.
//!
//! Order, lowest to highest: sheet declarations by specificity, then sheet order, then source
//! order; the inline `style` attribute above all of them; then the same again for
//! `!important` declarations (sheet `!important` beats inline; inline `!important` beats
//! everything).

use std::sync::Arc;

use crate::compute::compute_style;
use crate::computed::ComputedStyle;
use crate::parse::parse_inline_style;
use crate::properties::{DeclValue, Longhand};
use crate::selector::StyleNode;
use crate::sheet::StyleSheet;
use crate::values::ResolveContext;

/// The style sheets that apply to one page (or component scope), lowest priority first:
/// the UA default sheet, `app.wxss` (with its imports before it), the page's sheet. One per
/// page; cheap to clone (the sheets are shared).
#[derive(Clone, Debug, Default)]
pub struct Cascade {
    sheets: Vec<Arc<StyleSheet>>,
}

/// Cascade priority of one declaration; derived `Ord` compares fields top to bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Priority {
    important: bool,
    inline: bool,
    specificity: u32,
    sheet: u32,
    rule: u32,
    declaration: u32,
}

impl Cascade {
    /// `sheets` in cascade order, lowest priority first.
    pub fn new(sheets: Vec<Arc<StyleSheet>>) -> Self {
        Cascade { sheets }
    }

    pub fn sheets(&self) -> &[Arc<StyleSheet>] {
        &self.sheets
    }

    /// Computes one element's style. `parent` is the parent's computed style (`None` for the
    /// root), `inline` is the element's `style` attribute text (declarations that fail to
    /// parse are skipped).
    pub fn compute<N: StyleNode>(
        &self,
        node: N,
        parent: Option<&ComputedStyle>,
        inline: Option<&str>,
        ctx: &ResolveContext,
    ) -> ComputedStyle {
        let inline = inline.map(parse_inline_style).unwrap_or_default();
        let mut winners: Vec<Option<(Priority, &DeclValue)>> = vec![None; Longhand::COUNT];
        let mut matched = Vec::new();
        for (sheet_index, sheet) in self.sheets.iter().enumerate() {
            matched.clear();
            sheet.collect_matching(node, &mut matched);
            for &(rule, specificity) in &matched {
                let declarations = &sheet.rules()[rule as usize].declarations;
                for (d, decl) in declarations.iter().enumerate() {
                    let priority = Priority {
                        important: decl.important,
                        inline: false,
                        specificity,
                        sheet: sheet_index as u32,
                        rule,
                        declaration: d as u32,
                    };
                    offer(&mut winners, priority, decl.prop, &decl.value);
                }
            }
        }
        for (d, decl) in inline.iter().enumerate() {
            let priority = Priority {
                important: decl.important,
                inline: true,
                specificity: 0,
                sheet: 0,
                rule: 0,
                declaration: d as u32,
            };
            offer(&mut winners, priority, decl.prop, &decl.value);
        }
        let values: Vec<Option<&DeclValue>> =
            winners.iter().map(|w| w.map(|(_, value)| value)).collect();
        compute_style(&values, parent, ctx)
    }
}

/// Keeps `value` for `prop` if it beats the current winner.
fn offer<'a>(
    winners: &mut [Option<(Priority, &'a DeclValue)>],
    priority: Priority,
    prop: Longhand,
    value: &'a DeclValue,
) {
    let slot = &mut winners[prop as usize];
    if slot.is_none_or(|(p, _)| p < priority) {
        *slot = Some((priority, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_stylesheet;
    use crate::testing::{compute, compute_with, single, TestTree};
    use crate::values::{BorderStyle, Color, Display, Length, LineHeight, Position, TextAlign};

    const RED: Color = Color {
        r: 1.0,
        g: 0.0,
        b: 0.0,
        a: 1.0,
    };
    const BLUE: Color = Color {
        r: 0.0,
        g: 0.0,
        b: 1.0,
        a: 1.0,
    };

    fn sheet(css: &str) -> Arc<StyleSheet> {
        let (sheet, diags) = parse_stylesheet("t.wxss", css);
        assert!(diags.is_empty(), "{diags:?}");
        Arc::new(sheet)
    }

    #[test]
    fn specificity_ties_are_broken_by_source_order() {
        let (t, n) = single("view.a.b");
        assert_eq!(
            compute(".a { color: red } .b { color: blue }", &t, n, None, 375.0).color,
            BLUE
        );
        assert_eq!(
            compute(".b { color: blue } .a { color: red }", &t, n, None, 375.0).color,
            RED
        );
        // Higher specificity wins regardless of order.
        let css = "view.a { color: red } .b { color: blue }";
        assert_eq!(compute(css, &t, n, None, 375.0).color, RED);
        // Within one rule the last declaration wins.
        assert_eq!(
            compute(".a { color: red; color: blue }", &t, n, None, 375.0).color,
            BLUE
        );
    }

    #[test]
    fn later_sheets_win_ties_but_not_specificity() {
        let (t, n) = single("view#x.a");
        let app = sheet(".a { color: red } #x { width: 10px }");
        let page = sheet(".a { color: blue } .a { width: 20px }");
        let cascade = Cascade::new(vec![app.clone(), page.clone()]);
        let s = compute_with(&cascade, &t, n, None, 375.0);
        assert_eq!(s.color, BLUE);
        assert_eq!(s.width, Length::Px(10.0));
        let reversed = Cascade::new(vec![page, app]);
        assert_eq!(compute_with(&reversed, &t, n, None, 375.0).color, RED);
    }

    #[test]
    fn important_beats_specificity_and_inline() {
        let (t, n) = single("view#x.a");
        let css = "view { color: red !important } #x.a { color: blue }";
        assert_eq!(compute(css, &t, n, None, 375.0).color, RED);
        // Inline beats any normal sheet rule...
        let css = "#x.a { color: red; width: 5px }";
        let s = compute(css, &t, n, Some("color: blue"), 375.0);
        assert_eq!((s.color, s.width), (BLUE, Length::Px(5.0)));
        // ...but not a sheet !important; inline !important beats that.
        let css = ".a { color: red !important }";
        assert_eq!(compute(css, &t, n, Some("color: blue"), 375.0).color, RED);
        assert_eq!(
            compute(css, &t, n, Some("color: blue !important"), 375.0).color,
            BLUE
        );
        // Among !important, specificity then order as usual.
        let css = "#x { color: red !important } .a { color: blue !important }";
        assert_eq!(compute(css, &t, n, None, 375.0).color, RED);
    }

    #[test]
    fn inheritance_and_css_wide_keywords() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let outer = t.add(Some(page), "view.outer");
        let inner = t.add(Some(outer), "text.inner");
        let css = "page { font-size: 20px } \
                   .outer { color: red; width: 100px; text-align: center; line-height: 1.5; \
                            font-weight: bold; font-family: 'PingFang SC', sans-serif; }";
        let s = compute(css, &t, inner, None, 375.0);
        assert_eq!(s.color, RED);
        assert_eq!(s.font_size, 20.0);
        assert_eq!(s.text_align, TextAlign::Center);
        assert_eq!(s.line_height, LineHeight::Number(1.5));
        assert_eq!(s.font_weight, 700);
        assert_eq!(
            s.font_family,
            vec!["PingFang SC".to_owned(), "sans-serif".to_owned()]
        );
        assert_eq!(s.width, Length::Auto, "width is not inherited");

        let css2 = format!("{css} .inner {{ width: inherit; color: initial; font-size: unset }}");
        let s = compute(&css2, &t, inner, None, 375.0);
        assert_eq!(s.width, Length::Px(100.0));
        assert_eq!(s.color, Color::BLACK);
        assert_eq!(s.font_size, 20.0);
        let css3 = format!("{css} .inner {{ display: inherit; margin: inherit; position: unset }}");
        let s = compute(&css3, &t, inner, None, 375.0);
        assert_eq!(s.display, Display::Inline, "the test tree has no UA sheet");
        assert_eq!(s.position, Position::Static);
    }

    #[test]
    fn rpx_resolves_against_the_viewport_width() {
        let (t, n) = single("view.a");
        let css = ".a { width: 750rpx; height: 1rpx; margin-left: 100rpx; padding-top: 3rpx; \
                   border: 1rpx solid red; font-size: 32rpx }";
        let at375 = compute(css, &t, n, None, 375.0);
        assert_eq!(at375.width, Length::Px(375.0));
        assert_eq!(
            at375.height,
            Length::Px(1.0),
            "0.5px floors to 0, hairline rule gives 1px"
        );
        assert_eq!(at375.margin[3], Length::Px(50.0));
        assert_eq!(at375.padding[0], Length::Px(1.0));
        assert_eq!(at375.border_width, [1.0; 4]);
        assert_eq!(at375.font_size, 16.0);
        let at750 = compute(css, &t, n, None, 750.0);
        assert_eq!(at750.width, Length::Px(750.0));
        assert_eq!(at750.height, Length::Px(1.0));
        assert_eq!(at750.margin[3], Length::Px(100.0));
        assert_eq!(at750.padding[0], Length::Px(3.0));
        assert_eq!(at750.font_size, 32.0);
        let inline = compute("", &t, n, Some("width: 375rpx"), 750.0);
        assert_eq!(inline.width, Length::Px(375.0));
    }

    #[test]
    fn font_relative_units() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let a = t.add(Some(page), "view.a");
        let b = t.add(Some(a), "view.b");
        let css = "page { font-size: 20px } .a { font-size: 1.5em; width: 2em; height: 50% } \
                   .b { font-size: 50%; width: 2rem; height: 10vh; line-height: 150%; \
                        min-width: 10vw }";
        let s = compute(css, &t, a, None, 375.0);
        assert_eq!(s.font_size, 30.0);
        assert_eq!(
            s.width,
            Length::Px(60.0),
            "em uses the element's own font size"
        );
        assert_eq!(s.height, Length::Percent(50.0));
        let s = compute(css, &t, b, None, 375.0);
        assert_eq!(s.font_size, 15.0);
        assert_eq!(
            s.width,
            Length::Px(40.0),
            "rem uses the root (page) font size"
        );
        assert_eq!(s.height, Length::Px(60.0));
        assert_eq!(s.line_height, LineHeight::Px(22.5));
        assert_eq!(s.min_width, Length::Px(37.5));
        let root = compute("page { font-size: 2rem }", &t, page, None, 375.0);
        assert_eq!(
            root.font_size, 32.0,
            "rem on the root refers to the initial 16px"
        );
    }

    #[test]
    fn borders_follow_style_and_current_color() {
        let (t, n) = single("view.a");
        let s = compute(".a { border-width: 2px; color: red }", &t, n, None, 375.0);
        assert_eq!(s.border_width, [0.0; 4], "style none makes the width 0");
        let s = compute(".a { border-style: solid; color: red }", &t, n, None, 375.0);
        assert_eq!(s.border_width, [3.0; 4], "initial width is medium");
        assert_eq!(s.border_color, [RED; 4], "initial colour is currentColor");
        let s = compute(
            ".a { border: 1px solid; border-left: none; color: blue }",
            &t,
            n,
            None,
            1.0,
        );
        assert_eq!(s.border_width, [1.0, 1.0, 1.0, 0.0]);
        assert_eq!(s.border_style[3], BorderStyle::None);
        assert_eq!(s.border_color[0], BLUE);
    }

    #[test]
    fn ua_sheet_gives_components_their_defaults() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let button = t.add(Some(page), "button");
        let label = t.add(Some(button), "text");
        let image = t.add(Some(page), "image");
        let custom = t.add(Some(page), "my-widget");
        let cascade = Cascade::new(vec![crate::shared_default_stylesheet()]);
        let root = compute_with(&cascade, &t, page, None, 375.0);
        assert_eq!((root.display, root.font_size), (Display::Block, 16.0));
        let b = compute_with(&cascade, &t, button, None, 375.0);
        assert_eq!(b.display, Display::Block);
        assert_eq!(b.font_size, 18.0);
        assert_eq!(b.margin[1], Length::Auto);
        assert_eq!(b.margin[0], Length::Px(0.0));
        assert_eq!(
            b.padding,
            [
                Length::Px(0.0),
                Length::Px(14.0),
                Length::Px(0.0),
                Length::Px(14.0)
            ]
        );
        assert_eq!(b.border_radius, [5.0; 4]);
        assert_eq!(b.border_width, [1.0; 4]);
        assert_eq!(b.background_color, Color::from_rgba8(0xF8, 0xF8, 0xF8, 1.0));
        assert_eq!(b.line_height, LineHeight::Number(2.555_555_6));
        let text = compute_with(&cascade, &t, label, None, 375.0);
        assert_eq!(text.display, Display::Inline);
        assert_eq!(text.text_align, TextAlign::Center, "inherited from button");
        assert_eq!(text.font_size, 18.0);
        let img = compute_with(&cascade, &t, image, None, 375.0);
        assert_eq!(
            (img.width, img.height),
            (Length::Px(320.0), Length::Px(240.0))
        );
        assert_eq!(img.display, Display::InlineBlock);
        assert_eq!(
            compute_with(&cascade, &t, custom, None, 375.0).display,
            Display::Inline
        );
        // Author rules override the UA sheet at equal specificity by sheet order.
        let page_sheet = sheet("button { display: inline-block; font-size: 13px }");
        let cascade = Cascade::new(vec![
            Arc::new(crate::default_stylesheet().clone()),
            page_sheet,
        ]);
        let b = compute_with(&cascade, &t, button, None, 375.0);
        assert_eq!((b.display, b.font_size), (Display::InlineBlock, 13.0));
    }

    #[test]
    fn rules_match_through_each_index_bucket() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let list = t.add(Some(page), "view#list.list");
        let item = t.add(Some(list), "VIEW#it.item.on");
        let css = "* { opacity: 0.5 } #it { z-index: 3 } .on { color: red } view { width: 1px } \
                   .list > .item, .nomatch { height: 2px } #list .item.on { min-height: 7px }";
        let s = compute(css, &t, item, None, 375.0);
        assert_eq!(s.opacity, 0.5);
        assert_eq!(s.z_index, Some(3));
        assert_eq!(s.color, RED);
        assert_eq!(s.width, Length::Px(1.0));
        assert_eq!(s.height, Length::Px(2.0));
        assert_eq!(s.min_height, Length::Px(7.0));
    }
}
