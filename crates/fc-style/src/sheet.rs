//! `StyleSheet`: parsed rules in source order plus an index that finds the rules that might
//! match a node without testing every selector.

use std::collections::HashMap;

type FxHashMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

use crate::font_face::FontFace;
use crate::media::{MediaEnv, MediaQueryList};
use crate::properties::Declaration;
use crate::selector::{IndexKey, Pseudo, Selector, StyleNode};
use crate::vars::CustomDeclaration;

/// One parsed style file (the UA sheet, `app.wxss`, a page's or a component's sheet).
/// Immutable once parsed; shared between pages behind an `Arc` in a `Cascade`.
#[derive(Clone, Debug, Default)]
pub struct StyleSheet {
    rules: Vec<Rule>,
    imports: Vec<String>,
    font_faces: Vec<FontFace>,
    /// `Rule::media` indexes this: the queries of the nested `@media` blocks around a rule.
    media_sets: Vec<Vec<MediaQueryList>>,
    /// The selectors of elements themselves; `pseudo_index` those of pseudo-elements
    /// (`::before`, `::placeholder`): looking for either does not test the other's.
    index: RuleIndex,
    pseudo_index: RuleIndex,
    /// Some selector depends on an element's place among its siblings (`:nth-child()`,
    /// `:first-child` and their kin).
    structural: bool,
    /// The file it was parsed from (relative `url()`s resolve against it).
    pub(crate) path: String,
}

/// A style rule: its surviving selectors (unsupported ones were dropped at parse time) and its
/// longhand declarations in source order.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub(crate) selectors: Vec<Selector>,
    pub(crate) declarations: Vec<Declaration>,
    /// `--x` declarations, in source order.
    pub(crate) custom: Vec<CustomDeclaration>,
    /// The `@media` blocks the rule sits in (an index into `media_sets`); `None` = always.
    pub(crate) media: Option<u32>,
}

#[derive(Clone, Copy, Debug)]
struct SelectorRef {
    rule: u32,
    selector: u32,
}

/// Selectors filed by the most selective part of their subject compound. FxHash: every
/// element restyled looks up its tag and each of its classes (SipHash was a tenth of
/// restyling new rows); a sheet is the bundle's own, so keys chosen to collide only slow
/// that bundle's pages.
#[derive(Clone, Debug, Default)]
struct RuleIndex {
    by_id: FxHashMap<String, Vec<SelectorRef>>,
    by_class: FxHashMap<String, Vec<SelectorRef>>,
    by_tag: FxHashMap<String, Vec<SelectorRef>>,
    universal: Vec<SelectorRef>,
}

impl RuleIndex {
    fn is_empty(&self) -> bool {
        self.by_id.is_empty()
            && self.by_class.is_empty()
            && self.by_tag.is_empty()
            && self.universal.is_empty()
    }
}

impl StyleSheet {
    pub(crate) fn new(
        rules: Vec<Rule>,
        imports: Vec<String>,
        font_faces: Vec<FontFace>,
        media_sets: Vec<Vec<MediaQueryList>>,
    ) -> StyleSheet {
        let mut plain = RuleIndex::default();
        let mut pseudo = RuleIndex::default();
        for (r, rule) in rules.iter().enumerate() {
            for (s, selector) in rule.selectors.iter().enumerate() {
                let entry = SelectorRef {
                    rule: r as u32,
                    selector: s as u32,
                };
                let index = if selector.pseudo.is_some() {
                    &mut pseudo
                } else {
                    &mut plain
                };
                let bucket = match selector.index_key() {
                    IndexKey::Id(id) => index.by_id.entry(id.to_owned()).or_default(),
                    IndexKey::Class(c) => index.by_class.entry(c.to_owned()).or_default(),
                    IndexKey::Tag(t) => index.by_tag.entry(t.to_owned()).or_default(),
                    IndexKey::Universal => &mut index.universal,
                };
                bucket.push(entry);
            }
        }
        let structural = rules
            .iter()
            .any(|r| r.selectors.iter().any(Selector::is_structural));
        StyleSheet {
            rules,
            imports,
            font_faces,
            media_sets,
            index: plain,
            pseudo_index: pseudo,
            structural,
            path: String::new(),
        }
    }

    /// The file this sheet was parsed from, as given to `parse_stylesheet`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The sheet's `@font-face` rules in source order (the renderer loads them; a later face
    /// for the same family, weight and style wins, as in CSS).
    pub fn font_faces(&self) -> &[FontFace] {
        &self.font_faces
    }

    /// Whether `rule`'s `@media` conditions hold in `env`.
    fn applies(&self, rule: &Rule, env: &MediaEnv) -> bool {
        rule.media.is_none_or(|m| {
            self.media_sets
                .get(m as usize)
                .is_none_or(|set| set.iter().all(|q| q.matches(env)))
        })
    }

    /// The `@import` URLs in source order, as written (the loader resolves them and puts the
    /// imported sheets before this one in the cascade).
    pub fn imports(&self) -> Vec<String> {
        self.imports.clone()
    }

    /// Whether a selector of this sheet depends on an element's position among its siblings
    /// (`:first-child`, `:nth-child()`, `:last-of-type`…): then adding, removing or moving
    /// an element can change the styles of its siblings.
    pub fn has_structural_selectors(&self) -> bool {
        self.structural
    }

    /// Number of style rules that survived parsing.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub(crate) fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Appends `(rule index, specificity)` for every rule with a selector matching `node` (or,
    /// with `pseudo`, that pseudo-element of `node`), in rule order, each rule once with its
    /// most specific matching selector (as CSS does).
    pub(crate) fn collect_matching<N: StyleNode>(
        &self,
        node: N,
        pseudo: Option<Pseudo>,
        env: &MediaEnv,
        out: &mut smallvec::SmallVec<[(u32, u32); 8]>,
    ) {
        let start = out.len();
        let index = if pseudo.is_some() {
            &self.pseudo_index
        } else {
            &self.index
        };
        if index.is_empty() {
            return;
        }
        let mut test = |refs: &[SelectorRef]| {
            for r in refs {
                let rule = &self.rules[r.rule as usize];
                let selector = &rule.selectors[r.selector as usize];
                if selector.pseudo == pseudo && selector.matches(node) && self.applies(rule, env) {
                    out.push((r.rule, selector.specificity));
                }
            }
        };
        if let Some(refs) = node.id().and_then(|id| index.by_id.get(id)) {
            test(refs);
        }
        let tag = node.tag();
        let refs = if tag.bytes().any(|b| b.is_ascii_uppercase()) {
            index.by_tag.get(&tag.to_ascii_lowercase())
        } else {
            index.by_tag.get(tag)
        };
        if let Some(refs) = refs {
            test(refs);
        }
        if !index.by_class.is_empty() {
            // The node's few classes looked up; a node that cannot list them is probed
            // with each class the sheet files selectors under.
            let listed = node.for_each_class(&mut |class| {
                if let Some(refs) = index.by_class.get(class) {
                    test(refs);
                }
            });
            if !listed {
                for (class, refs) in &index.by_class {
                    if node.has_class(class) {
                        test(refs);
                    }
                }
            }
        }
        test(&index.universal);

        let found = &mut out[start..];
        // Rule order, and within a rule the highest specificity first, so dedup keeps it.
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut kept = start;
        for i in start..out.len() {
            if kept == start || out[kept - 1].0 != out[i].0 {
                out[kept] = out[i];
                kept += 1;
            }
        }
        out.truncate(kept);
    }
}
