//! Mixed px + % `calc()` lengths. taffy 0.15's `TaffyTree` resolves every `calc()` handle to
//! 0, so fc-layout resolves them itself: a first layout gives each element's containing
//! block, then the lengths become px and the tree is laid out again.
//!
//! Approximations: the basis is the parent's content box from the first layout (so a calc
//! length under a parent whose own size is a calc length uses the parent's first-pass size),
//! `flex-basis` resolves against the parent's width whatever the flex direction, and an
//! absolutely positioned box uses its parent's content box rather than its containing
//! block's padding box.

use fc_style::{CalcLength, CalcProperty, ComputedStyle};
use taffy::style::{Dimension, LengthPercentage, LengthPercentageAuto};

/// Sizes the calc lengths of `s` refer to: the containing block's content box, and the
/// element's own content box (for `gap`).
pub(crate) struct Bases {
    pub parent: [f32; 2],
    pub own: [f32; 2],
}

/// Replaces the %-only stand-ins `to_taffy` made for `s`'s calc lengths with px.
pub(crate) fn apply_calc(style: &mut taffy::Style, s: &ComputedStyle, b: &Bases) {
    let [pw, ph] = b.parent;
    for &(prop, c) in &s.calc {
        let px = |basis: f32| CalcLength::resolve(c, basis);
        let lpa = |basis: f32| LengthPercentageAuto::length(px(basis));
        let lp = |basis: f32| LengthPercentage::length(px(basis));
        match prop {
            CalcProperty::Width => style.size.width = Dimension::length(px(pw)),
            CalcProperty::Height => style.size.height = Dimension::length(px(ph)),
            CalcProperty::MinWidth => style.min_size.width = lpa(pw),
            CalcProperty::MinHeight => style.min_size.height = lpa(ph),
            CalcProperty::MaxWidth => style.max_size.width = lpa(pw),
            CalcProperty::MaxHeight => style.max_size.height = lpa(ph),
            CalcProperty::FlexBasis => style.flex_basis = Dimension::length(px(pw)),
            // Margins and padding take % of the containing block's width on every side.
            CalcProperty::Margin(i) => *side(&mut style.margin, i) = lpa(pw),
            CalcProperty::Padding(i) => *side(&mut style.padding, i) = lp(pw),
            CalcProperty::Inset(i) => {
                *side(&mut style.inset, i) = lpa(if i % 2 == 0 { ph } else { pw })
            }
            CalcProperty::RowGap => style.gap.height = lp(b.own[1]),
            CalcProperty::ColumnGap => style.gap.width = lp(b.own[0]),
            // Paragraphs resolve their indent against their own width (text.rs).
            CalcProperty::TextIndent => {}
        }
    }
}

/// Side `i` (top, right, bottom, left) of a taffy rect.
fn side<T>(r: &mut taffy::Rect<T>, i: usize) -> &mut T {
    match i {
        0 => &mut r.top,
        1 => &mut r.right,
        2 => &mut r.bottom,
        _ => &mut r.left,
    }
}
