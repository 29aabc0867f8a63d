//! `fc_style::ComputedStyle` -> `taffy::Style`: the one place the two vocabularies meet.

use fc_style::{ComputedStyle, Display, Length};
use taffy::style::{Dimension, LengthPercentage, LengthPercentageAuto};

fn dim(l: Length) -> Dimension {
    match l {
        Length::Auto => Dimension::auto(),
        Length::Px(v) => Dimension::length(v),
        Length::Percent(p) => Dimension::percent(p / 100.0),
    }
}

fn lpa(l: Length) -> LengthPercentageAuto {
    match l {
        Length::Auto => LengthPercentageAuto::auto(),
        Length::Px(v) => LengthPercentageAuto::length(v),
        Length::Percent(p) => LengthPercentageAuto::percent(p / 100.0),
    }
}

fn lp(l: Length) -> LengthPercentage {
    match l {
        Length::Auto => LengthPercentage::length(0.0),
        Length::Px(v) => LengthPercentage::length(v),
        Length::Percent(p) => LengthPercentage::percent(p / 100.0),
    }
}

/// Converts an element's computed style. Only boxes reach taffy: inline elements' content is
/// part of a paragraph (build.rs), so an `inline` element seen here is an atomic or
/// blockified one (a flex item) and lays out as a block. Mixed px + % `calc()` lengths get
/// their % part here and their whole value after a first layout (calc.rs).
pub fn to_taffy(s: &ComputedStyle) -> taffy::Style {
    use taffy::style as ts;
    let display = match s.display {
        Display::None => ts::Display::None,
        Display::Flex | Display::InlineFlex => ts::Display::Flex,
        Display::Block | Display::Inline | Display::InlineBlock => ts::Display::Block,
    };
    let side = |v: [Length; 4], f: fn(Length) -> LengthPercentageAuto| taffy::Rect {
        top: f(v[0]),
        right: f(v[1]),
        bottom: f(v[2]),
        left: f(v[3]),
    };
    let side_lp = |v: [Length; 4]| taffy::Rect {
        top: lp(v[0]),
        right: lp(v[1]),
        bottom: lp(v[2]),
        left: lp(v[3]),
    };
    let bw = s.border_width;
    ts::Style {
        display,
        box_sizing: match s.box_sizing {
            fc_style::BoxSizing::BorderBox => ts::BoxSizing::BorderBox,
            fc_style::BoxSizing::ContentBox => ts::BoxSizing::ContentBox,
        },
        position: match s.position {
            fc_style::Position::Absolute | fc_style::Position::Fixed => ts::Position::Absolute,
            _ => ts::Position::Relative,
        },
        inset: side(s.inset, lpa),
        size: taffy::Size {
            width: dim(s.width),
            height: dim(s.height),
        },
        min_size: taffy::Size {
            width: lpa(s.min_width),
            height: lpa(s.min_height),
        },
        max_size: taffy::Size {
            width: lpa(s.max_width),
            height: lpa(s.max_height),
        },
        margin: side(s.margin, lpa),
        padding: side_lp(s.padding),
        border: taffy::Rect {
            top: LengthPercentage::length(bw[0]),
            right: LengthPercentage::length(bw[1]),
            bottom: LengthPercentage::length(bw[2]),
            left: LengthPercentage::length(bw[3]),
        },
        flex_direction: match s.flex_direction {
            fc_style::FlexDirection::Row => ts::FlexDirection::Row,
            fc_style::FlexDirection::RowReverse => ts::FlexDirection::RowReverse,
            fc_style::FlexDirection::Column => ts::FlexDirection::Column,
            fc_style::FlexDirection::ColumnReverse => ts::FlexDirection::ColumnReverse,
        },
        flex_wrap: match s.flex_wrap {
            fc_style::FlexWrap::NoWrap => ts::FlexWrap::NoWrap,
            fc_style::FlexWrap::Wrap => ts::FlexWrap::Wrap,
            fc_style::FlexWrap::WrapReverse => ts::FlexWrap::WrapReverse,
        },
        justify_content: match s.justify_content {
            fc_style::JustifyContent::FlexStart => ts::JustifyContent::FLEX_START,
            fc_style::JustifyContent::FlexEnd => ts::JustifyContent::FLEX_END,
            fc_style::JustifyContent::Center => ts::JustifyContent::CENTER,
            fc_style::JustifyContent::SpaceBetween => ts::JustifyContent::SPACE_BETWEEN,
            fc_style::JustifyContent::SpaceAround => ts::JustifyContent::SPACE_AROUND,
            fc_style::JustifyContent::SpaceEvenly => ts::JustifyContent::SPACE_EVENLY,
        },
        align_items: align_items(s.align_items),
        align_self: align_self(s.align_self),
        flex_grow: s.flex_grow,
        flex_shrink: s.flex_shrink,
        flex_basis: dim(s.flex_basis),
        overflow: if s.overflow_hidden {
            taffy::Point {
                x: ts::Overflow::Hidden,
                y: ts::Overflow::Hidden,
            }
        } else {
            taffy::Point {
                x: ts::Overflow::Visible,
                y: ts::Overflow::Visible,
            }
        },
        gap: taffy::Size {
            width: lp(s.column_gap),
            height: lp(s.row_gap),
        },
        ..Default::default()
    }
}

fn align_items(a: fc_style::AlignItems) -> taffy::style::AlignItems {
    use taffy::style::AlignItems as T;
    match a {
        fc_style::AlignItems::Stretch => T::STRETCH,
        fc_style::AlignItems::FlexStart => T::FLEX_START,
        fc_style::AlignItems::FlexEnd => T::FLEX_END,
        fc_style::AlignItems::Center => T::CENTER,
        fc_style::AlignItems::Baseline => T::BASELINE,
    }
}

fn align_self(a: fc_style::AlignSelf) -> Option<taffy::style::AlignSelf> {
    use taffy::style::AlignSelf as T;
    Some(match a {
        fc_style::AlignSelf::Auto => return None,
        fc_style::AlignSelf::Stretch => T::STRETCH,
        fc_style::AlignSelf::FlexStart => T::FLEX_START,
        fc_style::AlignSelf::FlexEnd => T::FLEX_END,
        fc_style::AlignSelf::Center => T::CENTER,
        fc_style::AlignSelf::Baseline => T::BASELINE,
    })
}
