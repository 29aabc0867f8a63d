//! Turning the cascade's winning declaration per longhand into a `ComputedStyle`: resolving
//! `inherit`/`initial`, font-relative and viewport units, `currentColor`, and the CSS rules
//! that tie properties together (border width 0 under `border-style: none`).

use crate::calc::CalcProperty;
use crate::color::SpecColor;
use crate::computed::{ComputedStyle, INITIAL_FONT_SIZE};
use crate::properties::{
    ContentPart, DeclValue, FontSizeValue, FontWeightValue, LineHeightValue, Longhand, Value,
    BORDER_COLOR, BORDER_RADIUS, BORDER_STYLE, BORDER_WIDTH, INSET, MARGIN, PADDING,
};
use crate::text::{SpecVerticalAlign, VerticalAlign};
use crate::values::{Length, LengthBasis, LineHeight, Overflow, ResolveContext};

use Longhand as L;

/// `border-width: medium`, in px.
const MEDIUM_BORDER: f32 = 3.0;

/// Every longhand's initial value. The initial border width is `medium`; it only computes
/// to 0 (ComputedStyle's default) because the initial style is `none`, so
/// `border-style: solid` alone gives 3px. Made once: every element's style starts from it.
static INITIAL: std::sync::LazyLock<ComputedStyle> = std::sync::LazyLock::new(|| ComputedStyle {
    border_width: [MEDIUM_BORDER; 4],
    ..ComputedStyle::default()
});

/// Computes a style from `winners[longhand as usize]` (the cascaded value, if any rule set
/// that longhand) and the parent's computed style (`None` for the root).
pub(crate) fn compute_style(
    winners: &[Option<&DeclValue>],
    parent: Option<&ComputedStyle>,
    ctx: &ResolveContext,
) -> ComputedStyle {
    let initial: &ComputedStyle = &INITIAL;
    let inherited = parent.unwrap_or(initial);
    let mut s = initial.clone();
    // Inherited properties start from the parent; the rest stay initial.
    for &l in Longhand::ALL {
        if l.is_inherited() {
            copy_field(l, inherited, &mut s);
        }
    }
    s.root_font_size = inherited.root_font_size;

    // Properties that other properties depend on are resolved first: font-size (em), then
    // the rest; border colours wait for `color` (currentColor) and overflow is two longhands
    // feeding one flag.
    let mut border_colors = [SpecColor::CurrentColor; 4];
    let mut decoration_color = SpecColor::CurrentColor;
    let order = std::iter::once(L::FontSize)
        .chain(Longhand::ALL.iter().copied().filter(|&l| l != L::FontSize));
    for l in order {
        let Some(decl) = winners.get(l as usize).copied().flatten() else {
            continue;
        };
        let from = match decl {
            DeclValue::Inherit => Some(inherited),
            DeclValue::Unset if l.is_inherited() => Some(inherited),
            DeclValue::Initial | DeclValue::Unset => Some(initial),
            // The cascade substitutes pending values before calling this.
            DeclValue::Value(_) | DeclValue::Pending(_) => None,
        };
        if let Some(i) = BORDER_COLOR.iter().position(|&b| b == l) {
            border_colors[i] = match (decl, from) {
                (DeclValue::Value(Value::Color(c)), _) => *c,
                (DeclValue::Inherit, _) => SpecColor::Rgba(inherited.border_color[i]),
                _ => SpecColor::CurrentColor,
            };
            continue;
        }
        if l == L::TextDecorationColor {
            decoration_color = match decl {
                DeclValue::Value(Value::Color(c)) => *c,
                DeclValue::Inherit => SpecColor::Rgba(inherited.text_decoration.color),
                _ => SpecColor::CurrentColor,
            };
            continue;
        }
        match (decl, from) {
            (_, Some(src)) => copy_field(l, src, &mut s),
            (DeclValue::Value(v), None) => {
                if l == L::FontSize {
                    s.font_size = compute_font_size(v, inherited, parent.is_none(), ctx);
                } else {
                    apply_value(l, v, &mut s, inherited, ctx);
                }
            }
            _ => {}
        }
        if l == L::FontSize && parent.is_none() {
            s.root_font_size = s.font_size;
        }
    }
    for (i, c) in border_colors.iter().enumerate() {
        s.border_color[i] = c.resolve(s.color);
    }
    s.text_decoration.color = decoration_color.resolve(s.color);
    fix_overflow(&mut s);
    for i in 0..4 {
        if !s.border_style[i].is_visible() {
            s.border_width[i] = 0.0;
        }
    }
    s
}

/// CSS Overflow 3: `visible`/`clip` next to a scrolling axis computes to `auto`; the box
/// clips unless both axes are `visible`.
fn fix_overflow(s: &mut ComputedStyle) {
    let scrolls = |o: Overflow| matches!(o, Overflow::Hidden | Overflow::Scroll | Overflow::Auto);
    let (x, y) = (s.overflow_x, s.overflow_y);
    if scrolls(x) && !scrolls(y) {
        s.overflow_y = Overflow::Auto;
    } else if scrolls(y) && !scrolls(x) {
        s.overflow_x = Overflow::Auto;
    }
    s.overflow_hidden = s.overflow_x != Overflow::Visible || s.overflow_y != Overflow::Visible;
}

/// Where a longhand's mixed `calc()` is recorded, for the longhands that take one.
fn calc_slot(l: Longhand) -> Option<CalcProperty> {
    let side = |list: &[Longhand; 4]| list.iter().position(|&x| x == l);
    if let Some(i) = side(&INSET) {
        return Some(CalcProperty::Inset(i));
    }
    if let Some(i) = side(&MARGIN) {
        return Some(CalcProperty::Margin(i));
    }
    if let Some(i) = side(&PADDING) {
        return Some(CalcProperty::Padding(i));
    }
    Some(match l {
        L::Width => CalcProperty::Width,
        L::Height => CalcProperty::Height,
        L::MinWidth => CalcProperty::MinWidth,
        L::MinHeight => CalcProperty::MinHeight,
        L::MaxWidth => CalcProperty::MaxWidth,
        L::MaxHeight => CalcProperty::MaxHeight,
        L::FlexBasis => CalcProperty::FlexBasis,
        L::RowGap => CalcProperty::RowGap,
        L::ColumnGap => CalcProperty::ColumnGap,
        L::TextIndent => CalcProperty::TextIndent,
        _ => return None,
    })
}

/// `font-size`: `em` and `%` refer to the parent's font size; `rem` to the root's (for the
/// root itself, to the initial 16px).
fn compute_font_size(
    v: &Value,
    inherited: &ComputedStyle,
    is_root: bool,
    ctx: &ResolveContext,
) -> f32 {
    let parent_size = inherited.font_size;
    let Value::FontSize(fs) = v else {
        return parent_size;
    };
    let basis = LengthBasis {
        viewport_width: ctx.viewport_width,
        viewport_height: ctx.viewport_height,
        em: parent_size,
        rem: if is_root {
            INITIAL_FONT_SIZE
        } else {
            inherited.root_font_size
        },
    };
    match fs {
        FontSizeValue::Smaller => parent_size / 1.2,
        FontSizeValue::Larger => parent_size * 1.2,
        FontSizeValue::Length(l) => l
            .resolve_px_with_percent(&basis, parent_size)
            .unwrap_or(parent_size),
    }
}

/// `bolder`/`lighter` per the CSS Fonts relative-weight table.
fn relative_weight(parent: u16, bolder: bool) -> u16 {
    match (bolder, parent) {
        (true, w) if w < 350 => 400,
        (true, w) if w < 550 => 700,
        (true, w) if w < 900 => 900,
        (true, w) => w,
        (false, w) if w < 100 => w,
        (false, w) if w < 550 => 100,
        (false, w) if w < 750 => 400,
        (false, _) => 700,
    }
}

/// Applies one specified value. `parse_longhand` pairs each longhand with exactly one value
/// type, so mismatched pairs cannot occur and are ignored.
fn apply_value(
    l: Longhand,
    v: &Value,
    s: &mut ComputedStyle,
    inherited: &ComputedStyle,
    ctx: &ResolveContext,
) {
    let basis = LengthBasis {
        viewport_width: ctx.viewport_width,
        viewport_height: ctx.viewport_height,
        em: s.font_size,
        rem: s.root_font_size,
    };
    let side = |list: &[Longhand; 4]| list.iter().position(|&x| x == l);
    match v {
        Value::Length(len) => {
            let computed = len.resolve(&basis);
            if let (Some(slot), Some(mixed)) = (calc_slot(l), len.resolve_calc(&basis)) {
                s.calc.push((slot, mixed));
            }
            if let Some(i) = side(&INSET) {
                s.inset[i] = computed;
            } else if let Some(i) = side(&MARGIN) {
                s.margin[i] = computed;
            } else if let Some(i) = side(&PADDING) {
                s.padding[i] = computed;
            } else if let Some(i) = side(&BORDER_WIDTH) {
                s.border_width[i] = len.resolve_px(&basis).unwrap_or(0.0);
            } else {
                match l {
                    L::FlexBasis => s.flex_basis = computed,
                    L::Width => s.width = computed,
                    L::Height => s.height = computed,
                    L::MinWidth => s.min_width = computed,
                    L::MinHeight => s.min_height = computed,
                    L::MaxWidth => s.max_width = computed,
                    L::MaxHeight => s.max_height = computed,
                    L::RowGap => s.row_gap = computed,
                    L::ColumnGap => s.column_gap = computed,
                    L::TextIndent => s.text_indent = computed,
                    L::LetterSpacing => s.letter_spacing = len.resolve_px(&basis).unwrap_or(0.0),
                    _ => {}
                }
            }
        }
        Value::Radius(h, v) => {
            if let Some(i) = side(&BORDER_RADIUS) {
                match h.resolve(&basis) {
                    Length::Percent(p) => {
                        s.border_radius[i] = 0.0;
                        s.border_radius_percent[i] = Some(p);
                    }
                    other => {
                        s.border_radius[i] = other.resolve(0.0).unwrap_or(0.0);
                        s.border_radius_percent[i] = None;
                    }
                }
                s.border_radius_y[i] = v.filter(|v| v != h).map(|v| v.resolve(&basis));
            }
        }
        Value::Overflow(o) => match l {
            L::OverflowX => s.overflow_x = *o,
            _ => s.overflow_y = *o,
        },
        Value::Integer(n) => s.order = *n,
        Value::Visibility(v) => s.visibility = *v,
        Value::DecorationLine(d) => s.text_decoration.line = *d,
        Value::DecorationStyle(d) => s.text_decoration.style = *d,
        Value::WordBreak(w) => s.word_break = *w,
        Value::OverflowWrap(w) => s.overflow_wrap = *w,
        Value::TextOverflow(t) => s.text_overflow = *t,
        Value::LineClamp(n) => s.line_clamp = *n,
        Value::BoxOrient(o) => s.box_orient = *o,
        Value::VerticalAlign(v) => {
            s.vertical_align = match v {
                SpecVerticalAlign::Keyword(k) => *k,
                SpecVerticalAlign::Length(len) => VerticalAlign::Length(len.resolve(&basis)),
            }
        }
        Value::Images(list) => {
            s.background_image = list.iter().map(|i| i.resolve(&basis, s.color)).collect();
        }
        Value::Positions(list) => {
            s.background_position = list
                .iter()
                .map(|[x, y]| crate::background::BackgroundPosition {
                    x: x.resolve(&basis),
                    y: y.resolve(&basis),
                })
                .collect();
        }
        Value::Sizes(list) => {
            s.background_size = list.iter().map(|z| z.resolve(&basis)).collect();
        }
        Value::Repeats(list) => s.background_repeat = list.clone(),
        Value::Shadows(list) => {
            s.box_shadow = list.iter().map(|b| b.resolve(&basis, s.color)).collect();
        }
        Value::Transform(list) => {
            s.transform = list.iter().map(|t| t.resolve(&basis)).collect();
        }
        Value::Origin([x, y]) => s.transform_origin = [x.resolve(&basis), y.resolve(&basis)],
        Value::Content(parts) => {
            s.content = parts.as_ref().map(|parts| {
                parts
                    .iter()
                    .map(|p| match p {
                        ContentPart::Text(t) => t.as_str(),
                        // The cascade looks `attr()` up before computing; none left here.
                        ContentPart::Attr(_) => "",
                    })
                    .collect()
            });
        }
        Value::BorderStyle(b) => {
            if let Some(i) = side(&BORDER_STYLE) {
                s.border_style[i] = *b;
            }
        }
        Value::Display(d) => s.display = *d,
        Value::Position(p) => s.position = *p,
        Value::FlexDirection(d) => s.flex_direction = *d,
        Value::FlexWrap(w) => s.flex_wrap = *w,
        Value::JustifyContent(j) => s.justify_content = *j,
        Value::AlignItems(a) => s.align_items = *a,
        Value::AlignSelf(a) => s.align_self = *a,
        Value::AlignContent(a) => s.align_content = *a,
        Value::BoxSizing(b) => s.box_sizing = *b,
        Value::TextAlign(t) => s.text_align = *t,
        Value::WhiteSpace(w) => s.white_space = *w,
        Value::Number(n) => match l {
            L::FlexGrow => s.flex_grow = *n,
            L::FlexShrink => s.flex_shrink = *n,
            L::Opacity => s.opacity = *n,
            _ => {}
        },
        Value::Color(c) => match l {
            // `color: currentColor` is the inherited colour.
            L::Color => s.color = c.resolve(inherited.color),
            L::BackgroundColor => s.background_color = c.resolve(s.color),
            _ => {}
        },
        Value::FontSize(_) => {}
        Value::FontWeight(w) => {
            s.font_weight = match w {
                FontWeightValue::Absolute(w) => *w,
                FontWeightValue::Bolder => relative_weight(inherited.font_weight, true),
                FontWeightValue::Lighter => relative_weight(inherited.font_weight, false),
            }
        }
        Value::Bool(b) => {
            if l == L::FontStyle {
                s.font_italic = *b;
            }
        }
        Value::FontFamily(f) => s.font_family = f.clone(),
        Value::LineHeight(lh) => {
            s.line_height = match lh {
                LineHeightValue::Normal => LineHeight::Normal,
                LineHeightValue::Number(n) => LineHeight::Number(*n),
                LineHeightValue::Length(len) => LineHeight::Px(
                    len.resolve_px_with_percent(&basis, s.font_size)
                        .unwrap_or(0.0),
                ),
            }
        }
        Value::ZIndex(z) => s.z_index = *z,
    }
}

/// Copies longhand `l`'s computed value from `src` (for `inherit` and `initial`).
fn copy_field(l: Longhand, src: &ComputedStyle, s: &mut ComputedStyle) {
    if let Some(slot) = calc_slot(l) {
        s.calc.retain(|(p, _)| *p != slot);
        if let Some(c) = src.calc_of(slot) {
            s.calc.push((slot, c));
        }
    }
    let side = |list: &[Longhand; 4]| list.iter().position(|&x| x == l);
    if let Some(i) = side(&INSET) {
        s.inset[i] = src.inset[i];
    } else if let Some(i) = side(&MARGIN) {
        s.margin[i] = src.margin[i];
    } else if let Some(i) = side(&PADDING) {
        s.padding[i] = src.padding[i];
    } else if let Some(i) = side(&BORDER_WIDTH) {
        s.border_width[i] = src.border_width[i];
    } else if let Some(i) = side(&BORDER_COLOR) {
        s.border_color[i] = src.border_color[i];
    } else if let Some(i) = side(&BORDER_STYLE) {
        s.border_style[i] = src.border_style[i];
    } else if let Some(i) = side(&BORDER_RADIUS) {
        s.border_radius[i] = src.border_radius[i];
        s.border_radius_percent[i] = src.border_radius_percent[i];
        s.border_radius_y[i] = src.border_radius_y[i];
    } else {
        match l {
            L::Display => s.display = src.display,
            L::Position => s.position = src.position,
            L::FlexDirection => s.flex_direction = src.flex_direction,
            L::FlexWrap => s.flex_wrap = src.flex_wrap,
            L::JustifyContent => s.justify_content = src.justify_content,
            L::AlignItems => s.align_items = src.align_items,
            L::AlignSelf => s.align_self = src.align_self,
            L::AlignContent => s.align_content = src.align_content,
            L::FlexGrow => s.flex_grow = src.flex_grow,
            L::FlexShrink => s.flex_shrink = src.flex_shrink,
            L::FlexBasis => s.flex_basis = src.flex_basis,
            L::Width => s.width = src.width,
            L::Height => s.height = src.height,
            L::MinWidth => s.min_width = src.min_width,
            L::MinHeight => s.min_height = src.min_height,
            L::MaxWidth => s.max_width = src.max_width,
            L::MaxHeight => s.max_height = src.max_height,
            L::BoxSizing => s.box_sizing = src.box_sizing,
            L::Color => s.color = src.color,
            L::BackgroundColor => s.background_color = src.background_color,
            L::FontSize => s.font_size = src.font_size,
            L::FontWeight => s.font_weight = src.font_weight,
            L::FontStyle => s.font_italic = src.font_italic,
            L::FontFamily => s.font_family.clone_from(&src.font_family),
            L::LineHeight => s.line_height = src.line_height,
            L::TextAlign => s.text_align = src.text_align,
            L::WhiteSpace => s.white_space = src.white_space,
            L::Opacity => s.opacity = src.opacity,
            L::OverflowX => s.overflow_x = src.overflow_x,
            L::OverflowY => s.overflow_y = src.overflow_y,
            L::ZIndex => s.z_index = src.z_index,
            L::RowGap => s.row_gap = src.row_gap,
            L::ColumnGap => s.column_gap = src.column_gap,
            L::Order => s.order = src.order,
            L::Visibility => s.visibility = src.visibility,
            L::TextDecorationLine => s.text_decoration.line = src.text_decoration.line,
            L::TextDecorationStyle => s.text_decoration.style = src.text_decoration.style,
            L::TextDecorationColor => s.text_decoration.color = src.text_decoration.color,
            L::LetterSpacing => s.letter_spacing = src.letter_spacing,
            L::WordBreak => s.word_break = src.word_break,
            L::OverflowWrap => s.overflow_wrap = src.overflow_wrap,
            L::TextOverflow => s.text_overflow = src.text_overflow,
            L::LineClamp => s.line_clamp = src.line_clamp,
            L::BoxOrient => s.box_orient = src.box_orient,
            L::TextIndent => s.text_indent = src.text_indent,
            L::VerticalAlign => s.vertical_align = src.vertical_align,
            L::BackgroundImage => s.background_image.clone_from(&src.background_image),
            L::BackgroundPosition => s.background_position.clone_from(&src.background_position),
            L::BackgroundSize => s.background_size.clone_from(&src.background_size),
            L::BackgroundRepeat => s.background_repeat.clone_from(&src.background_repeat),
            L::BoxShadow => s.box_shadow.clone_from(&src.box_shadow),
            L::Transform => s.transform.clone_from(&src.transform),
            L::TransformOrigin => s.transform_origin = src.transform_origin,
            L::Content => s.content.clone_from(&src.content),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{compute, TestTree};

    #[test]
    fn relative_font_weights_follow_the_css_table() {
        assert_eq!(relative_weight(400, true), 700);
        assert_eq!(relative_weight(700, true), 900);
        assert_eq!(relative_weight(300, true), 400);
        assert_eq!(relative_weight(950, true), 950);
        assert_eq!(relative_weight(400, false), 100);
        assert_eq!(relative_weight(700, false), 400);
        assert_eq!(relative_weight(900, false), 700);
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        let b = t.add(Some(page), "text.b");
        let css = "page { font-weight: bold; font-size: smaller } .b { font-weight: bolder; font-size: larger }";
        let s = compute(css, &t, b, None, 375.0);
        assert_eq!(s.font_weight, 900);
        assert!((s.font_size - 16.0).abs() < 1e-4);
    }

    #[test]
    fn root_without_rules_is_the_initial_style() {
        let mut t = TestTree::new();
        let page = t.add(None, "page");
        assert_eq!(compute("", &t, page, None, 375.0), ComputedStyle::default());
    }
}
