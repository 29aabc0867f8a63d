//! Computed styles shared between nodes. A page of 10,000 rows has a handful of distinct
//! styles over 80,000 nodes; each node holds an `Rc` to one instead of its own 700-byte
//! copy, and a text node's style (all inherited from its parent) is derived once per
//! parent style, not once per node.

use fc_style::{Cascade, ComputedStyle, MatchedRules, ResolveContext, StyleSheet};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// How many recently made styles a new one is compared with.
const RECENT: usize = 16;
/// How many parent styles remember the text style they give.
const TEXT_PARENTS: usize = 8;

/// Styles by the rules that made them past which the cache starts over.
const BY_RULES_MAX: usize = 4096;

#[derive(Default)]
pub(crate) struct StyleShare {
    /// Most recently used first.
    recent: Vec<Rc<ComputedStyle>>,
    /// (parent style, the style of a text node under it), most recently used first.
    text: Vec<(Rc<ComputedStyle>, Rc<ComputedStyle>)>,
    /// Element styles by their parent style's address and the rules matching them: an
    /// element whose parent style and matched rules another element had (no inline style)
    /// takes that element's style without computing it. Each entry holds the parent style,
    /// so the address stays its own.
    by_rules: HashMap<(usize, MatchedRules), ByRules, rustc_hash::FxBuildHasher>,
    /// What `by_rules` was computed with: other sheets, colour scheme or viewport empty it.
    made_with: Option<(Vec<Arc<StyleSheet>>, bool, [f32; 2])>,
}

/// A parent style (kept alive) and the style made under it.
type ByRules = (Option<Rc<ComputedStyle>>, Rc<ComputedStyle>);

impl StyleShare {
    /// The style of an element matching `rules` under `parent`, if one was made.
    pub(crate) fn by_rules(
        &mut self,
        cascade: &Cascade,
        ctx: &ResolveContext,
        parent: Option<&Rc<ComputedStyle>>,
        rules: &MatchedRules,
    ) -> Option<Rc<ComputedStyle>> {
        let same = self.made_with.as_ref().is_some_and(|(sheets, dark, size)| {
            *dark == cascade.prefers_dark()
                && *size == [ctx.viewport_width, ctx.viewport_height]
                && sheets.len() == cascade.sheets().len()
                && sheets
                    .iter()
                    .zip(cascade.sheets())
                    .all(|(a, b)| Arc::ptr_eq(a, b))
        });
        if !same {
            self.by_rules.clear();
            self.made_with = Some((
                cascade.sheets().to_vec(),
                cascade.prefers_dark(),
                [ctx.viewport_width, ctx.viewport_height],
            ));
            return None;
        }
        let key = (parent.map_or(0, |p| Rc::as_ptr(p) as usize), rules.clone());
        self.by_rules.get(&key).map(|(_, s)| s.clone())
    }

    /// Records `style` as what `rules` make under `parent` (after [`Self::by_rules`]).
    pub(crate) fn remember_rules(
        &mut self,
        parent: Option<&Rc<ComputedStyle>>,
        rules: MatchedRules,
        style: Rc<ComputedStyle>,
    ) {
        if self.by_rules.len() >= BY_RULES_MAX {
            self.by_rules.clear();
        }
        let key = (parent.map_or(0, |p| Rc::as_ptr(p) as usize), rules);
        self.by_rules.insert(key, (parent.cloned(), style));
    }

    /// `style` as an `Rc`: one already handed out when an equal style was made recently.
    pub(crate) fn share(&mut self, style: ComputedStyle) -> Rc<ComputedStyle> {
        if let Some(i) = self.recent.iter().position(|r| **r == style) {
            let r = self.recent.remove(i);
            self.recent.insert(0, r.clone());
            return r;
        }
        let r = Rc::new(style);
        self.recent.truncate(RECENT - 1);
        self.recent.insert(0, r.clone());
        r
    }

    /// The style of a text node (or fragment) whose box parent has style `parent`.
    pub(crate) fn text_style(&mut self, parent: Option<&Rc<ComputedStyle>>) -> Rc<ComputedStyle> {
        let Some(parent) = parent else {
            return self.share(text_style(None));
        };
        if let Some(i) = self.text.iter().position(|(p, _)| Rc::ptr_eq(p, parent)) {
            let entry = self.text.remove(i);
            let style = entry.1.clone();
            self.text.insert(0, entry);
            return style;
        }
        let style = self.share(text_style(Some(parent)));
        self.text.truncate(TEXT_PARENTS - 1);
        self.text.insert(0, (parent.clone(), style.clone()));
        style
    }
}

/// Text and fragments take their parent's inherited values and nothing else.
pub(crate) fn text_style(parent: Option<&ComputedStyle>) -> ComputedStyle {
    let mut s = ComputedStyle::default();
    if let Some(p) = parent {
        s.color = p.color;
        s.font_size = p.font_size;
        s.font_weight = p.font_weight;
        s.font_italic = p.font_italic;
        s.font_family = p.font_family.clone();
        s.line_height = p.line_height;
        s.text_align = p.text_align;
        s.white_space = p.white_space;
        s.letter_spacing = p.letter_spacing;
        s.word_break = p.word_break;
        s.overflow_wrap = p.overflow_wrap;
        s.visibility = p.visibility;
        s.text_indent = p.text_indent;
        // `text-decoration` is not inherited: fc-layout carries the ancestors' lines down.
    }
    s.display = fc_style::Display::Inline;
    s
}
