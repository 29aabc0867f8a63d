//! The cascade: which declaration wins for each longhand (and each custom property) of one
//! element or pseudo-element.
//!
//! Order, lowest to highest: sheet declarations by specificity, then sheet order, then source
//! order; the inline `style` attribute above all of them; then the same again for
//! `!important` declarations (sheet `!important` beats inline; inline `!important` beats
//! everything). Rules inside a non-matching `@media` take no part.
//!
//! After the winners are known, custom properties are computed, then declarations that
//! mention `var()` are substituted and parsed, then `content: attr()` is looked up, and
//! `compute_style` turns the result into a `ComputedStyle`.

use std::sync::Arc;

use crate::compute::compute_style;
use crate::computed::ComputedStyle;
use crate::declarations::{parse_inline_style, parse_substituted, DeclBlock};
use crate::media::MediaEnv;
use crate::properties::{ContentPart, DeclValue, Longhand, Value};
use crate::selector::{Pseudo, StyleNode};
use crate::sheet::StyleSheet;
use crate::values::ResolveContext;
use crate::vars::{compute_custom_properties, substitute_pending, CustomValue, PendingValue};

/// The style sheets that apply to one page (or component scope), lowest priority first:
/// the UA default sheet, `app.wxss` (with its imports before it), the page's sheet. One per
/// page; cheap to clone (the sheets are shared).
#[derive(Clone, Debug, Default)]
pub struct Cascade {
    sheets: Vec<Arc<StyleSheet>>,
    prefers_dark: bool,
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
        Cascade {
            sheets,
            prefers_dark: false,
        }
    }

    pub fn sheets(&self) -> &[Arc<StyleSheet>] {
        &self.sheets
    }

    /// Sets what `@media (prefers-color-scheme: dark)` sees (light by default, as the player
    /// has no dark theme yet). Restyle the page after changing it.
    pub fn set_prefers_dark(&mut self, dark: bool) {
        self.prefers_dark = dark;
    }

    pub fn prefers_dark(&self) -> bool {
        self.prefers_dark
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
        self.compute_for(node, None, parent, &inline, ctx).0
    }

    /// Computes the style of `node`'s pseudo-element from the rules that target it
    /// (`view::after { … }`); it inherits from `element_style`, the element's own computed
    /// style. `None` when no rule targets it, or — for `::before`/`::after` — when its
    /// `content` is `none`/`normal` or its `display` is `none` (CSS then makes no box).
    pub fn compute_pseudo<N: StyleNode>(
        &self,
        node: N,
        pseudo: Pseudo,
        element_style: &ComputedStyle,
        ctx: &ResolveContext,
    ) -> Option<ComputedStyle> {
        // Most elements have no rule for their pseudo-elements: nothing to compute then.
        let matched = self.matching(node, Some(pseudo), ctx);
        if matched.rules.is_empty() {
            return None;
        }
        let (style, _) = self.compute_from(
            node,
            &matched,
            Some(element_style),
            &DeclBlock::default(),
            ctx,
            true,
        );
        let generated = matches!(pseudo, Pseudo::Before | Pseudo::After);
        if generated && (style.content.is_none() || style.display == crate::Display::None) {
            return None;
        }
        Some(style)
    }

    /// The sheet rules that match element `node` (not a pseudo-element): with its parent's
    /// style and its inline style, all its computed style depends on (see
    /// [`MatchedRules::shareable`]).
    pub fn matched_rules<N: StyleNode>(&self, node: N, ctx: &ResolveContext) -> MatchedRules {
        self.matching(node, None, ctx)
    }

    fn matching<N: StyleNode>(
        &self,
        node: N,
        pseudo: Option<Pseudo>,
        ctx: &ResolveContext,
    ) -> MatchedRules {
        let env = MediaEnv {
            width: ctx.viewport_width,
            height: ctx.viewport_height,
            dark: self.prefers_dark,
        };
        let mut out = MatchedRules::default();
        let mut matched = smallvec::SmallVec::new();
        for (sheet_index, sheet) in self.sheets.iter().enumerate() {
            matched.clear();
            sheet.collect_matching(node, pseudo, &env, &mut matched);
            for &(rule, specificity) in &matched {
                let uses_attr = sheet.rules()[rule as usize].declarations.iter().any(|d| {
                    matches!(&d.value, DeclValue::Value(Value::Content(Some(parts)))
                        if parts.iter().any(|p| matches!(p, ContentPart::Attr(_))))
                });
                out.attr |= uses_attr;
                out.rules.push((sheet_index as u32, rule, specificity));
            }
        }
        out
    }

    /// Element `node`'s style from the rules [`Cascade::matched_rules`] found.
    pub fn compute_matched<N: StyleNode>(
        &self,
        node: N,
        matched: &MatchedRules,
        parent: Option<&ComputedStyle>,
        inline: Option<&str>,
        ctx: &ResolveContext,
    ) -> ComputedStyle {
        let inline = inline.map(parse_inline_style).unwrap_or_default();
        self.compute_from(node, matched, parent, &inline, ctx, false)
            .0
    }

    /// The style, and whether any sheet rule matched.
    fn compute_for<N: StyleNode>(
        &self,
        node: N,
        pseudo: Option<Pseudo>,
        parent: Option<&ComputedStyle>,
        inline: &DeclBlock,
        ctx: &ResolveContext,
    ) -> (ComputedStyle, bool) {
        let matched = self.matching(node, pseudo, ctx);
        self.compute_from(node, &matched, parent, inline, ctx, pseudo.is_some())
    }

    fn compute_from<N: StyleNode>(
        &self,
        node: N,
        matched: &MatchedRules,
        parent: Option<&ComputedStyle>,
        inline: &DeclBlock,
        ctx: &ResolveContext,
        pseudo: bool,
    ) -> (ComputedStyle, bool) {
        let mut winners: Vec<Option<(Priority, &DeclValue)>> = vec![None; Longhand::COUNT];
        let mut custom: Vec<(&str, Priority, &CustomValue)> = Vec::new();
        let any = !matched.rules.is_empty();
        {
            for &(sheet_index, rule, specificity) in &matched.rules {
                let Some(sheet) = self.sheets.get(sheet_index as usize) else {
                    continue;
                };
                let r = &sheet.rules()[rule as usize];
                let priority = |important: bool, d: usize| Priority {
                    important,
                    inline: false,
                    specificity,
                    sheet: sheet_index,
                    rule,
                    declaration: d as u32,
                };
                for (d, decl) in r.declarations.iter().enumerate() {
                    offer(
                        &mut winners,
                        priority(decl.important, d),
                        decl.prop,
                        &decl.value,
                    );
                }
                for (d, c) in r.custom.iter().enumerate() {
                    offer_custom(&mut custom, priority(c.important, d), &c.name, &c.value);
                }
            }
        }
        // No rule for this pseudo-element: it has no style to compute (most elements, for
        // `::before` and `::after`: half of a page's restyle went here).
        if pseudo && !any && inline.declarations.is_empty() && inline.custom.is_empty() {
            return (ComputedStyle::default(), false);
        }
        let inline_priority = |important: bool, d: usize| Priority {
            important,
            inline: true,
            specificity: 0,
            sheet: 0,
            rule: 0,
            declaration: d as u32,
        };
        for (d, decl) in inline.declarations.iter().enumerate() {
            let p = inline_priority(decl.important, d);
            offer(&mut winners, p, decl.prop, &decl.value);
        }
        for (d, c) in inline.custom.iter().enumerate() {
            offer_custom(
                &mut custom,
                inline_priority(c.important, d),
                &c.name,
                &c.value,
            );
        }

        let declared: Vec<(&str, &CustomValue)> = custom.iter().map(|&(n, _, v)| (n, v)).collect();
        let inherited_custom = parent
            .map(|p| p.custom_properties.clone())
            .unwrap_or_default();
        let customs = compute_custom_properties(&declared, &inherited_custom);

        // Values made here (substituted `var()`s, looked-up `attr()`s) live in `owned`;
        // `values` borrows from it or from the sheets.
        let mut owned: Vec<(usize, DeclValue)> = Vec::new();
        let mut typed: Vec<TypedPending> = Vec::new();
        for (i, w) in winners.iter().enumerate() {
            let Some((_, value)) = w else { continue };
            match value {
                DeclValue::Pending(p) => {
                    let key = Arc::as_ptr(p);
                    if !typed.iter().any(|(k, _)| *k == key) {
                        let parsed = substitute_pending(p, &customs)
                            .and_then(|css| parse_substituted(&p.property, &css));
                        typed.push((key, parsed));
                    }
                    let list = typed
                        .iter()
                        .find(|(k, _)| *k == key)
                        .and_then(|(_, l)| l.as_ref());
                    // Invalid at computed-value time: the longhand acts as `unset`.
                    let v = list
                        .and_then(|l| l.iter().find(|(l, _)| *l as usize == i))
                        .map(|(_, v)| v.clone())
                        .unwrap_or(DeclValue::Unset);
                    owned.push((i, resolve_attr(v, node)));
                }
                DeclValue::Value(Value::Content(Some(parts)))
                    if parts.iter().any(|p| matches!(p, ContentPart::Attr(_))) =>
                {
                    owned.push((i, resolve_attr((*value).clone(), node)));
                }
                _ => {}
            }
        }
        let mut values: Vec<Option<&DeclValue>> =
            winners.iter().map(|w| w.map(|(_, value)| value)).collect();
        for (i, v) in &owned {
            values[*i] = Some(v);
        }
        let mut style = compute_style(&values, parent, ctx);
        style.custom_properties = customs;
        (style, any)
    }
}

/// The sheet rules matching one element, as (sheet, rule, specificity) in the order the
/// cascade meets them. Two elements with the same matched rules, the same parent style and
/// no inline style have the same computed style, unless a rule looks an attribute up
/// (`content: attr()`): see [`MatchedRules::shareable`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MatchedRules {
    /// (sheet, rule, specificity). Inline: an element matches a few rules, and each element
    /// restyled matches three times (itself, `::before`, `::after`) and its list is cloned as
    /// a key to share styles by.
    rules: smallvec::SmallVec<[(u32, u32, u32); 4]>,
    attr: bool,
}

impl MatchedRules {
    /// Whether the style these rules give depends on nothing of the element but them (and
    /// its parent's style and inline style): no `attr()` lookup.
    pub fn shareable(&self) -> bool {
        !self.attr
    }
}

/// A pending value (by identity) and its longhands after substitution (`None`: invalid).
type TypedPending = (*const PendingValue, Option<Vec<(Longhand, DeclValue)>>);

/// Replaces `attr(name)` in a `content` value by the attribute's value ("" if absent).
fn resolve_attr<N: StyleNode>(value: DeclValue, node: N) -> DeclValue {
    let DeclValue::Value(Value::Content(Some(parts))) = value else {
        return value;
    };
    let parts = parts
        .into_iter()
        .map(|p| match p {
            ContentPart::Attr(name) => ContentPart::Text(node.attr(&name).unwrap_or("").to_owned()),
            text => text,
        })
        .collect();
    DeclValue::Value(Value::Content(Some(parts)))
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

/// The same for a custom property (few per element, so a list).
fn offer_custom<'a>(
    winners: &mut Vec<(&'a str, Priority, &'a CustomValue)>,
    priority: Priority,
    name: &'a str,
    value: &'a CustomValue,
) {
    match winners.iter_mut().find(|(n, _, _)| *n == name) {
        Some(slot) if slot.1 < priority => *slot = (name, priority, value),
        Some(_) => {}
        None => winners.push((name, priority, value)),
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
        // The hairline frame is `button::after`'s, not a border of the button's own.
        assert_eq!(b.border_width, [0.0; 4]);
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

    /// The default button's own rule, without the variants: attribute selectors must leave
    /// the plain default button exactly as this computes it (its frame is `::after`'s).
    const OLD_BUTTON_SHEET: &str =
        "page { display: block; font-size: 16px; color: #000; line-height: normal } \
        button { display: block; position: relative; margin-left: auto; margin-right: auto; \
        padding: 0 14px; box-sizing: border-box; font-size: 18px; text-align: center; \
        line-height: 2.55555556; border-radius: 5px; background-color: #F8F8F8; color: #000; }";

    #[test]
    fn ua_button_variants() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let plain_default = t.add(Some(page), "button");
        let primary = t.add(Some(page), "button");
        t.set_attr(primary, "type", "primary");
        let warn_mini = t.add(Some(page), "button");
        t.set_attr(warn_mini, "type", "warn");
        t.set_attr(warn_mini, "size", "mini");
        let plain = t.add(Some(page), "button");
        t.set_attr(plain, "type", "primary");
        t.set_attr(plain, "plain", "");
        let disabled = t.add(Some(page), "button");
        t.set_attr(disabled, "disabled", "");
        let disabled_primary = t.add(Some(page), "button");
        t.set_attr(disabled_primary, "disabled", "");
        t.set_attr(disabled_primary, "type", "primary");
        let pressed = t.add(Some(page), "button.button-hover");
        t.set_attr(pressed, "type", "warn");
        let ua = Cascade::new(vec![crate::shared_default_stylesheet()]);
        let s = |n: usize| compute_with(&ua, &t, n, None, 375.0);
        let rgb = |r, g, b| Color::from_rgba8(r, g, b, 1.0);

        let old = Cascade::new(vec![sheet(OLD_BUTTON_SHEET)]);
        assert_eq!(
            s(plain_default),
            compute_with(&old, &t, plain_default, None, 375.0)
        );

        assert_eq!(
            (s(primary).color, s(primary).background_color),
            (Color::WHITE, rgb(0x1A, 0xAD, 0x19))
        );
        let wm = s(warn_mini);
        assert_eq!(wm.background_color, rgb(0xE6, 0x43, 0x40));
        assert_eq!((wm.display, wm.font_size), (Display::InlineBlock, 13.0));
        assert_eq!(wm.padding[1], Length::Px(13.0 * 1.34));
        let p = s(plain);
        assert_eq!(
            (p.color, p.background_color),
            (rgb(0x1A, 0xAD, 0x19), Color::TRANSPARENT)
        );
        assert_eq!(p.border_color, [rgb(0x1A, 0xAD, 0x19); 4]);
        let d = s(disabled);
        assert_eq!(
            (d.color, d.background_color),
            (Color::from_rgba8(0, 0, 0, 0.3), rgb(0xF7, 0xF7, 0xF7))
        );
        let dp = s(disabled_primary);
        assert_eq!(
            (dp.color, dp.background_color),
            (Color::from_rgba8(255, 255, 255, 0.6), rgb(0x9E, 0xD9, 0x9D))
        );
        assert_eq!(s(pressed).background_color, rgb(0xCE, 0x3C, 0x39));

        // The hairline frame lives on ::after; `plain` removes it.
        let ctx = ResolveContext {
            viewport_width: 375.0,
            viewport_height: 600.0,
        };
        let after = ua.compute_pseudo(t.node(primary), Pseudo::After, &s(primary), &ctx);
        let after = after.unwrap_or_default();
        assert_eq!(after.content.as_deref(), Some(" "));
        assert_eq!(
            (after.width, after.height),
            (Length::Percent(200.0), Length::Percent(200.0))
        );
        assert_eq!(after.border_width, [1.0; 4]);
        assert_eq!(after.border_radius, [10.0; 4]);
        assert_eq!(
            after.transform,
            vec![crate::TransformOp::Scale { x: 0.5, y: 0.5 }]
        );
        assert_eq!(after.color, Color::WHITE, "inherits from the button");
        let plain_after = ua.compute_pseudo(t.node(plain), Pseudo::After, &s(plain), &ctx);
        assert_eq!(plain_after.map(|a| a.border_width), Some([0.0; 4]));
        assert!(ua
            .compute_pseudo(t.node(primary), Pseudo::Before, &s(primary), &ctx)
            .is_none());
    }

    #[test]
    fn ua_v2_button_variants() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let default = t.add(Some(page), "button");
        let primary = t.add(Some(page), "button");
        t.set_attr(primary, "type", "primary");
        let warn = t.add(Some(page), "button");
        t.set_attr(warn, "type", "warn");
        let mini = t.add(Some(page), "button");
        t.set_attr(mini, "type", "primary");
        t.set_attr(mini, "size", "mini");
        let disabled_primary = t.add(Some(page), "button");
        t.set_attr(disabled_primary, "type", "primary");
        t.set_attr(disabled_primary, "disabled", "");
        let plain_warn = t.add(Some(page), "button");
        t.set_attr(plain_warn, "type", "warn");
        t.set_attr(plain_warn, "plain", "");
        let pressed = t.add(Some(page), "button.button-hover");
        t.set_attr(pressed, "type", "primary");
        let ua = Cascade::new(crate::ua_stylesheets(true));
        let s = |n: usize| compute_with(&ua, &t, n, None, 375.0);
        let rgb = |r, g, b| Color::from_rgba8(r, g, b, 1.0);

        let d = s(default);
        assert_eq!(d.display, Display::Block);
        assert_eq!(d.width, Length::Px(184.0));
        assert_eq!((d.margin[1], d.margin[3]), (Length::Auto, Length::Auto));
        let px = |v: f32| Length::Px(v);
        assert_eq!(d.padding, [px(8.0), px(24.0), px(8.0), px(24.0)]);
        assert_eq!((d.font_size, d.font_weight), (17.0, 700));
        assert_eq!(d.line_height, LineHeight::Number(1.411_764_7));
        assert_eq!(d.border_radius, [8.0; 4]);
        assert_eq!(
            (d.color, d.background_color),
            (rgb(0x06, 0xAE, 0x56), rgb(0xF2, 0xF2, 0xF2))
        );
        assert_eq!(d.position, Position::Relative, "kept from the v1 sheet");

        let p = s(primary);
        assert_eq!(
            (p.color, p.background_color),
            (Color::WHITE, rgb(0x07, 0xC1, 0x60))
        );
        let w = s(warn);
        assert_eq!(
            (w.color, w.background_color),
            (rgb(0xFA, 0x51, 0x51), rgb(0xF2, 0xF2, 0xF2))
        );
        let m = s(mini);
        assert_eq!((m.display, m.width), (Display::InlineBlock, Length::Auto));
        assert_eq!(
            (m.font_size, m.line_height),
            (16.0, LineHeight::Number(2.0))
        );
        assert_eq!(m.padding, [px(0.0), px(12.0), px(0.0), px(12.0)]);
        assert_eq!(
            m.background_color,
            rgb(0x07, 0xC1, 0x60),
            "type still applies"
        );
        let dp = s(disabled_primary);
        assert_eq!(
            (dp.color, dp.background_color),
            (Color::from_rgba8(0, 0, 0, 0.2), rgb(0xF2, 0xF2, 0xF2))
        );
        let pw = s(plain_warn);
        assert_eq!(
            (pw.color, pw.background_color),
            (rgb(0xFA, 0x51, 0x51), Color::TRANSPARENT)
        );
        assert_eq!(pw.border_width, [1.0; 4]);
        assert_eq!(pw.border_color, [rgb(0xFA, 0x51, 0x51); 4]);
        assert_eq!(s(pressed).background_color, rgb(0x06, 0xAD, 0x56));

        // No hairline frame in v2: `::after` still exists (v1's rule) but draws no border.
        let ctx = ResolveContext {
            viewport_width: 375.0,
            viewport_height: 600.0,
        };
        let after = ua.compute_pseudo(t.node(default), Pseudo::After, &d, &ctx);
        assert_eq!(after.map(|a| a.border_width), Some([0.0; 4]));

        // The v1 look is untouched by the v2 sheet's existence.
        let v1 = Cascade::new(crate::ua_stylesheets(false));
        let b = compute_with(&v1, &t, default, None, 375.0);
        assert_eq!((b.width, b.font_size), (Length::Auto, 18.0));
    }

    #[test]
    fn pseudo_elements_need_content_and_read_attributes() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let a = t.add(Some(page), "view.a");
        t.set_attr(a, "data-n", "3");
        let input = t.add(Some(page), "input.i");
        let css = ".a { color: red } .a::before { content: '#' attr(data-n) ':' attr(nope); font-size: 2em } \
                   .a::after { color: blue } .i::placeholder { color: #999 }";
        let cascade = Cascade::new(vec![sheet(css)]);
        let ctx = ResolveContext {
            viewport_width: 375.0,
            viewport_height: 600.0,
        };
        let sa = compute_with(&cascade, &t, a, None, 375.0);
        let before = cascade
            .compute_pseudo(t.node(a), Pseudo::Before, &sa, &ctx)
            .unwrap_or_default();
        assert_eq!(before.content.as_deref(), Some("#3:"));
        assert_eq!(before.color, RED, "inherited from the element");
        assert_eq!(before.font_size, 32.0);
        assert!(
            cascade
                .compute_pseudo(t.node(a), Pseudo::After, &sa, &ctx)
                .is_none(),
            "no content"
        );
        let si = compute_with(&cascade, &t, input, None, 375.0);
        let ph = cascade.compute_pseudo(t.node(input), Pseudo::Placeholder, &si, &ctx);
        assert_eq!(
            ph.map(|p| p.color),
            Some(Color::from_rgba8(0x99, 0x99, 0x99, 1.0))
        );
        // Pseudo-element rules never style the element itself.
        assert_eq!(compute_with(&cascade, &t, a, None, 375.0).font_size, 16.0);
    }

    #[test]
    fn custom_properties_and_var_through_the_cascade() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let outer = t.add(Some(page), "view.outer");
        let inner = t.add(Some(outer), "view.inner");
        let css = "page { --main: #00f; --gap: 8px; --pad: var(--gap) } \
                   .outer { --gap: 4px; color: var(--main); margin: var(--gap) var(--pad); \
                            border: var(--bw, 2px) solid var(--main) } \
                   .inner { width: calc(var(--gap) * 10); height: var(--missing); \
                            font-size: var(--nope, 12px); color: var(--nope); \
                            padding: var(--gap) !important; --cyc: var(--cyc); min-width: var(--cyc, 3px) }";
        let s = compute(css, &t, outer, None, 375.0);
        assert_eq!(s.color, BLUE);
        assert_eq!(
            s.margin,
            [
                Length::Px(4.0),
                Length::Px(8.0),
                Length::Px(4.0),
                Length::Px(8.0)
            ],
            "--pad was computed on page, with page's --gap"
        );
        assert_eq!(s.border_width, [2.0; 4]);
        assert_eq!(s.border_color, [BLUE; 4]);
        assert_eq!(s.custom_properties.get("--gap"), Some("4px"));
        let s = compute(css, &t, inner, Some("padding: 1px"), 375.0);
        assert_eq!(s.width, Length::Px(40.0));
        assert_eq!(
            s.height,
            Length::Auto,
            "invalid at computed-value time: unset"
        );
        assert_eq!(s.font_size, 12.0);
        assert_eq!(s.color, BLUE, "an invalid inherited property inherits");
        assert_eq!(s.padding[0], Length::Px(4.0), "!important beats inline");
        assert_eq!(
            s.min_width,
            Length::Px(3.0),
            "--cyc is invalid (a cycle), so the fallback applies"
        );
        assert_eq!(s.custom_properties.get("--cyc"), None);
        assert_eq!(s.custom_properties.get("--main"), Some("#00f"));
        let s = compute(css, &t, inner, Some("--gap: 1px; width: var(--gap)"), 375.0);
        assert_eq!(
            s.width,
            Length::Px(1.0),
            "inline custom properties and var()"
        );
    }

    #[test]
    fn calc_env_and_viewport_changes() {
        let (t, n) = single("view.a");
        let css = ".a { width: calc(100% - 20rpx); height: calc(50vh + 1em); \
                   margin-top: calc(750rpx * 100 / 375); padding-bottom: env(safe-area-inset-bottom, 9px); \
                   padding-top: calc(10px + constant(safe-area-inset-top)); flex-grow: calc(2 * 1.5) }";
        let s = compute(css, &t, n, None, 375.0);
        assert_eq!(s.width, Length::Percent(100.0), "the % part stands in");
        assert_eq!(
            s.calc_of(crate::CalcProperty::Width),
            Some(crate::CalcLength {
                px: -10.0,
                percent: 100.0
            })
        );
        assert_eq!(s.height, Length::Px(316.0));
        assert_eq!(s.calc_of(crate::CalcProperty::Height), None);
        assert_eq!(s.margin[0], Length::Px(100.0));
        assert_eq!(s.padding[2], Length::Px(0.0));
        assert_eq!(s.padding[0], Length::Px(10.0));
        assert_eq!(s.flex_grow, 3.0);
        let s = compute(css, &t, n, None, 750.0);
        assert_eq!(
            s.calc_of(crate::CalcProperty::Width).map(|c| c.px),
            Some(-20.0)
        );
        let inherit = compute(
            ".a { width: calc(50% + 1px) } .a { min-width: calc(10% + 2px) }",
            &t,
            n,
            None,
            375.0,
        );
        assert_eq!(inherit.calc.len(), 2);
    }

    #[test]
    fn specificity_ties_with_attributes_and_pseudo_classes() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let a = t.add(Some(page), "view.a");
        let b = t.add(Some(page), "view.a");
        t.set_attr(a, "data-k", "x");
        // [attr], :first-child and .class all weigh the same: source order decides.
        let css = "[data-k] { color: red } .a { color: blue } :first-child { width: 1px } .a { width: 2px }";
        assert_eq!(compute(css, &t, a, None, 375.0).color, BLUE);
        assert_eq!(compute(css, &t, a, None, 375.0).width, Length::Px(2.0));
        let css = ".a { color: blue } [data-k] { color: red } .a:not(:last-child) { width: 3px } .a { width: 2px }";
        assert_eq!(compute(css, &t, a, None, 375.0).color, RED);
        assert_eq!(
            compute(css, &t, a, None, 375.0).width,
            Length::Px(3.0),
            ":not(:last-child) is 0,2,0"
        );
        assert_eq!(compute(css, &t, b, None, 375.0).width, Length::Px(2.0));
    }
}
