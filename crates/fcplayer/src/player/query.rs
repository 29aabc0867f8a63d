//! `createSelectorQuery` on the render side (api.md §8): a `ToRender::Query` is answered
//! against the page's view tree right after the patches sent before it, so the current
//! page is restyled and laid out first. Rects are in the page's viewport coordinates
//! (from the top of the page area, below the navigation bar), logical px.

use super::Player;
use crate::select::Selector;
use fc_protocol::{CallbackId, PageId, QueryFields, QueryRequest, QueryTarget, ToLogic, Value};
use fc_style::{ComputedStyle, Display, Length};
use fc_view::{ElementInfo, NodeId, Tree};
use serde_json::{json, Map};

impl Player {
    /// `ToRender::Query`: answers every request, in order, with `ToLogic::QueryDone`.
    pub(super) fn answer_query(
        &mut self,
        page: PageId,
        query: CallbackId,
        requests: Vec<QueryRequest>,
    ) {
        let is_current = self.stack.last().is_some_and(|e| e.page.id == page);
        if is_current {
            self.layout_current();
            // What the query saw is what the next frame must show.
            self.needs_frame = true;
        }
        // A page below the top (or a kept tab) keeps the boxes of its last layout: laying
        // it out here would mix its images with the shown page's (`sync_images`).
        let frame = self.frame();
        let page_top = frame.page_top();
        let viewport = (self.opts.width, frame.page_bottom() - page_top);
        let tree = self
            .stack
            .iter()
            .chain(self.kept_tabs.iter())
            .find(|e| e.page.id == page)
            .map(|e| &e.page.tree);
        let results = requests
            .iter()
            .map(|r| match tree {
                Some(tree) => self.answer(tree, r, page_top, viewport),
                None => empty_answer(&r.target),
            })
            .collect();
        self.send(ToLogic::QueryDone { query, results });
    }

    fn answer(&self, tree: &Tree, req: &QueryRequest, page_top: f32, view: (f32, f32)) -> Value {
        let f = &req.fields;
        let selector = match &req.target {
            QueryTarget::Viewport => return self.viewport_fields(tree, f, view),
            QueryTarget::First(sel) | QueryTarget::All(sel) => Selector::parse(sel),
        };
        let Some(selector) = selector else {
            tracing::warn!("createSelectorQuery: unsupported selector {:?}", req.target);
            return empty_answer(&req.target);
        };
        let found = selector.all(tree);
        let one = |id: NodeId| self.node_fields(tree, id, f, page_top);
        match req.target {
            QueryTarget::All(_) => Value::Array(found.into_iter().map(one).collect()),
            _ => found.first().map_or(Value::Null, |id| one(*id)),
        }
    }

    /// The fields of one matched element.
    fn node_fields(&self, tree: &Tree, id: NodeId, f: &QueryFields, page_top: f32) -> Value {
        let mut out = Map::new();
        let info = ElementInfo::of(tree, id, page_top);
        if f.id {
            out.insert("id".into(), json!(info.id));
        }
        if f.dataset {
            out.insert("dataset".into(), Value::Object(info.dataset));
        }
        // A node that is not displayed has no box: zeros, as on the platform.
        let [x, y, w, h] = match displayed(tree, id) {
            // Where it is drawn now: moved by the scroll offsets of its ancestors.
            true => fc_view::scroll::window_rect(tree, id).unwrap_or_default(),
            false => [0.0, page_top, 0.0, 0.0],
        };
        let top = y - page_top;
        if f.rect {
            out.insert("left".into(), num(x));
            out.insert("right".into(), num(x + w));
            out.insert("top".into(), num(top));
            out.insert("bottom".into(), num(top + h));
        }
        if f.size {
            out.insert("width".into(), num(w));
            out.insert("height".into(), num(h));
        }
        if f.scroll_offset {
            let (left, top) = scroll_offset_of(tree, id);
            let (sw, sh) = content_extent(tree, id);
            out.insert("scrollLeft".into(), num(left));
            out.insert("scrollTop".into(), num(top));
            out.insert("scrollWidth".into(), num(sw.max(w)));
            out.insert("scrollHeight".into(), num(sh.max(h)));
        }
        if let Some(el) = tree.element(id) {
            for name in &f.properties {
                if let Some(v) = property(el, name) {
                    out.insert(name.clone(), v);
                }
            }
        }
        if let Some(node) = tree.get(id) {
            for name in &f.computed_style {
                if let Some(v) = computed_style(&node.style, name) {
                    out.insert(name.clone(), json!(v));
                }
            }
        }
        Value::Object(out)
    }

    /// `selectViewport()`: the page area; its scroll offset and the page's content size.
    fn viewport_fields(&self, tree: &Tree, f: &QueryFields, view: (f32, f32)) -> Value {
        let (w, h) = view;
        let mut out = Map::new();
        if f.id {
            out.insert("id".into(), json!(""));
        }
        if f.dataset {
            out.insert("dataset".into(), json!({}));
        }
        if f.rect {
            out.insert("left".into(), num(0.0));
            out.insert("right".into(), num(w));
            out.insert("top".into(), num(0.0));
            out.insert("bottom".into(), num(h));
        }
        if f.size {
            out.insert("width".into(), num(w));
            out.insert("height".into(), num(h));
        }
        if f.scroll_offset {
            let (left, top) = scroll_offset_of(tree, tree.root());
            let (sw, sh) = content_extent(tree, tree.root());
            out.insert("scrollLeft".into(), num(left));
            out.insert("scrollTop".into(), num(top));
            out.insert("scrollWidth".into(), num(sw.max(w)));
            out.insert("scrollHeight".into(), num(sh.max(h)));
        }
        Value::Object(out)
    }
}

/// How far `node` (the root: the page) is scrolled, (left, top) in logical px; 0 for a node
/// that does not scroll.
fn scroll_offset_of(tree: &Tree, node: NodeId) -> (f32, f32) {
    tree.get(node)
        .map_or((0.0, 0.0), |n| (n.scroll[0], n.scroll[1]))
}

/// The answer when nothing can match (no such page, a selector we cannot read).
fn empty_answer(target: &QueryTarget) -> Value {
    match target {
        QueryTarget::All(_) => Value::Array(Vec::new()),
        _ => Value::Null,
    }
}

/// Whether `id` and all its ancestors have a box.
fn displayed(tree: &Tree, id: NodeId) -> bool {
    let mut cur = Some(id);
    while let Some(n) = cur.and_then(|c| tree.get(c)) {
        if n.style.display == Display::None {
            return false;
        }
        cur = n.parent;
    }
    true
}

/// `scrollWidth`/`scrollHeight` of `id`: how far its content reaches (fc-view `scroll.rs`).
fn content_extent(tree: &Tree, id: NodeId) -> (f32, f32) {
    let Some(client) = fc_view::scroll::client_rect(tree, id) else {
        return (0.0, 0.0);
    };
    let [w, h] = fc_view::scroll::content_size(tree, id, client);
    (w, h)
}

/// A px value for JS: f32 noise rounded away (layout works in f32).
fn num(v: f32) -> Value {
    json!((f64::from(v) * 1000.0).round() / 1000.0)
}

/// `fooBar` -> `foo-bar` (property and style names are given either way).
fn kebab(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A component property (`fields({properties})`): the element's attribute of that name.
/// `id`, `class`, `style` and event bindings are not properties on the platform.
fn property(el: &fc_view::Element, name: &str) -> Option<Value> {
    let attr = kebab(name);
    if matches!(attr.as_str(), "id" | "class" | "style") || attr.starts_with("data-") {
        return None;
    }
    el.attrs
        .get(attr.as_str())
        .or_else(|| el.attrs.get(name))
        .cloned()
}

/// A number as CSS prints it (`10`, `10.5`).
fn css_num(v: f32) -> String {
    let v = (f64::from(v) * 1000.0).round() / 1000.0;
    format!("{v}")
}

fn css_length(l: Length) -> String {
    match l {
        Length::Auto => "auto".into(),
        Length::Px(px) => format!("{}px", css_num(px)),
        Length::Percent(p) => format!("{}%", css_num(p)),
    }
}

fn css_color(c: fc_style::Color) -> String {
    let ch = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    if c.a >= 1.0 {
        format!("rgb({}, {}, {})", ch(c.r), ch(c.g), ch(c.b))
    } else {
        format!(
            "rgba({}, {}, {}, {})",
            ch(c.r),
            ch(c.g),
            ch(c.b),
            css_num(c.a)
        )
    }
}

/// A keyword enum's name as CSS writes it: `InlineBlock` -> `inline-block`.
fn keyword(v: impl std::fmt::Debug) -> String {
    let name = format!("{v:?}");
    match name.as_str() {
        "NoWrap" => "nowrap".into(),
        _ => kebab(&name).trim_start_matches('-').to_string(),
    }
}

/// The computed value of one property (`fields({computedStyle})`), as CSS text. These are
/// computed values (`auto` and percentages stay as written), not used pixel values.
/// Properties the player does not compute are left out of the result.
fn computed_style(s: &ComputedStyle, name: &str) -> Option<String> {
    const SIDES: [&str; 4] = ["top", "right", "bottom", "left"];
    let prop = kebab(name);
    let side = |prefix: &str, suffix: &str| {
        SIDES.iter().position(|s| {
            prop.strip_prefix(prefix)
                .and_then(|p| p.strip_suffix(suffix))
                == Some(s)
        })
    };
    if let Some(i) = side("margin-", "") {
        return Some(css_length(s.margin[i]));
    }
    if let Some(i) = side("padding-", "") {
        return Some(css_length(s.padding[i]));
    }
    if let Some(i) = side("border-", "-width") {
        return Some(format!("{}px", css_num(s.border_width[i])));
    }
    if let Some(i) = side("border-", "-color") {
        return Some(css_color(s.border_color[i]));
    }
    if let Some(i) = side("border-", "-style") {
        return Some(keyword(s.border_style[i]));
    }
    if let Some(i) = side("", "") {
        return Some(css_length(s.inset[i]));
    }
    Some(match prop.as_str() {
        "display" => keyword(s.display),
        "position" => keyword(s.position),
        "width" => css_length(s.width),
        "height" => css_length(s.height),
        "min-width" => css_length(s.min_width),
        "min-height" => css_length(s.min_height),
        "max-width" if s.max_width == Length::Auto => "none".into(),
        "max-width" => css_length(s.max_width),
        "max-height" if s.max_height == Length::Auto => "none".into(),
        "max-height" => css_length(s.max_height),
        "color" => css_color(s.color),
        "background-color" => css_color(s.background_color),
        "font-size" => format!("{}px", css_num(s.font_size)),
        "font-weight" => s.font_weight.to_string(),
        "font-style" if s.font_italic => "italic".into(),
        "font-style" => "normal".into(),
        "line-height" => match s.line_height {
            fc_style::LineHeight::Normal => "normal".into(),
            fc_style::LineHeight::Number(n) => css_num(n),
            fc_style::LineHeight::Px(px) => format!("{}px", css_num(px)),
        },
        "text-align" => keyword(s.text_align),
        "white-space" => keyword(s.white_space),
        "opacity" => css_num(s.opacity),
        "z-index" => s.z_index.map_or("auto".into(), |z| z.to_string()),
        "flex-direction" => keyword(s.flex_direction),
        "flex-wrap" => keyword(s.flex_wrap),
        "justify-content" => keyword(s.justify_content),
        "align-items" => keyword(s.align_items),
        "align-self" => keyword(s.align_self),
        "flex-grow" => css_num(s.flex_grow),
        "flex-shrink" => css_num(s.flex_shrink),
        "flex-basis" => css_length(s.flex_basis),
        "box-sizing" => keyword(s.box_sizing),
        "overflow-x" => keyword(s.overflow_x),
        "overflow-y" => keyword(s.overflow_y),
        "visibility" => keyword(s.visibility),
        "letter-spacing" if s.letter_spacing == 0.0 => "normal".into(),
        "letter-spacing" => format!("{}px", css_num(s.letter_spacing)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_text_of_computed_values() {
        let mut s = ComputedStyle {
            display: Display::InlineBlock,
            background_color: fc_style::Color::from_rgba8(255, 0, 0, 1.0),
            ..Default::default()
        };
        s.margin[3] = Length::Px(10.5);
        assert_eq!(
            computed_style(&s, "display").as_deref(),
            Some("inline-block")
        );
        assert_eq!(
            computed_style(&s, "backgroundColor").as_deref(),
            Some("rgb(255, 0, 0)")
        );
        assert_eq!(computed_style(&s, "margin-left").as_deref(), Some("10.5px"));
        assert_eq!(computed_style(&s, "width").as_deref(), Some("auto"));
        assert_eq!(computed_style(&s, "top").as_deref(), Some("auto"));
        assert_eq!(keyword(fc_style::FlexWrap::NoWrap), "nowrap");
        assert_eq!(computed_style(&s, "gridArea"), None);
    }
}
