//! `<input>` and `<textarea>`: each field's editing state (value and caret, `edit.rs`), focus,
//! keys from the window or the scenario's `input` step, and the events they send
//! (`input`, `focus`, `blur`, `confirm`). What a field shows is handed to the layouter
//! before each layout (`fc-layout/src/field.rs`), which fc-paint draws.
//!
//! `value` is one-way (components.md): a `setData` that changes the bound attribute replaces
//! the text; typing changes only the field. A handler that echoes every keystroke back
//! (`bindinput` → `setData({v: e.detail.value})`) must not undo keys typed since, so values
//! this field sent in `input` events and that come back as the attribute are recognised as
//! echoes and leave the text alone.

use super::edit::{max_length, Accept, Editor};
use super::Player;
use fc_layout::FieldView;
use fc_protocol::{PageId, Value};
use fc_style::{ComputedStyle, ResolveContext, StyleNode};
use fc_view::{NodeId, StyleRef, Tree};
use serde_json::json;
use std::collections::{HashMap, VecDeque};

/// A key a focused field understands.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    /// Text typed (one key, or an input method's commit).
    Text(String),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// A line up / down in a textarea (nothing in an input).
    Up,
    Down,
    Enter,
}

/// How many sent values are remembered as possible echoes.
const ECHOES: usize = 64;

/// One field's state.
struct FieldState {
    editor: Editor,
    /// The `value` attribute as last seen: a change replaces the text.
    attr_value: String,
    /// The `focus` attribute as last seen: turning true focuses.
    attr_focus: bool,
    /// Values sent in `input` events not yet seen back as the attribute.
    echoes: VecDeque<String>,
    /// A textarea's line count at the last layout (`linechange` when it changes).
    lines: Option<usize>,
}

/// The player's fields: state per (page, element) and the one with focus.
#[derive(Default)]
pub(super) struct Fields {
    states: HashMap<(PageId, NodeId), FieldState>,
    focused: Option<(PageId, NodeId)>,
}

/// The attributes a field's behaviour reads.
struct Attrs {
    multiline: bool,
    auto_height: bool,
    password: bool,
    disabled: bool,
    accept: Accept,
    max: Option<usize>,
    confirm_hold: bool,
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty() && s != "false",
        Some(Value::Number(n)) => n.as_f64().is_some_and(|n| n != 0.0),
        Some(_) => true,
    }
}

fn field_tag(tree: &Tree, id: NodeId) -> Option<bool> {
    match &*tree.element(id)?.tag {
        "input" => Some(false),
        "textarea" => Some(true),
        _ => None,
    }
}

fn attrs_of(tree: &Tree, id: NodeId) -> Option<Attrs> {
    let multiline = field_tag(tree, id)?;
    let e = tree.element(id)?;
    let ty = e.attr_str("type").unwrap_or_default();
    Some(Attrs {
        multiline,
        auto_height: multiline && truthy(e.attrs.get("auto-height")),
        password: !multiline && (truthy(e.attrs.get("password")) || ty == "safe-password"),
        disabled: truthy(e.attrs.get("disabled")),
        accept: if multiline {
            Accept::Any
        } else {
            Accept::of_type(&ty)
        },
        max: max_length(e.attr_str("maxlength").as_deref()),
        confirm_hold: truthy(e.attrs.get("confirm-hold")),
    })
}

/// Whether `id` is a field element (`input`, `textarea`).
pub(super) fn is_field(tree: &Tree, id: NodeId) -> bool {
    field_tag(tree, id).is_some()
}

/// Line breaks as the field keeps them: `\n` only (cosmic-text counts lines the same way).
fn normalize(value: &str) -> String {
    value.replace("\r\n", "\n").replace('\r', "\n")
}

/// The bullets a password shows, one per character.
const BULLET: char = '•';

impl Player {
    /// Before layout: reads each field of the current page (new ones, `value` and `focus`
    /// changes), drops the state of fields gone, and tells the layouter what each shows.
    pub(super) fn sync_fields(&mut self, ctx: &ResolveContext) {
        self.layouter.fields.clear();
        let Some(entry) = self.stack.last() else {
            return;
        };
        let page = entry.page.id;
        let tree = &entry.page.tree;
        let ids = self.collected.fields.clone();
        // Focus moves only to the current page's fields; another page's focus is dropped
        // (the page was hidden or closed: its keyboard went away).
        if self
            .fields
            .focused
            .is_some_and(|(p, id)| p != page || !ids.contains(&id))
        {
            self.fields.focused = None;
        }
        let live: Vec<PageId> = self
            .stack
            .iter()
            .chain(self.kept_tabs.iter())
            .map(|e| e.page.id)
            .collect();
        self.fields
            .states
            .retain(|(p, id), _| live.contains(p) && (*p != page || ids.contains(id)));
        let mut focus_now = None;
        let mut blur_now = false;
        for &id in &ids {
            let Some(e) = tree.element(id) else { continue };
            let value = normalize(&e.attr_str("value").unwrap_or_default());
            let focus = truthy(e.attrs.get("focus"));
            match self.fields.states.get_mut(&(page, id)) {
                None => {
                    if focus || truthy(e.attrs.get("auto-focus")) {
                        focus_now = Some(id);
                    }
                    self.fields.states.insert(
                        (page, id),
                        FieldState {
                            editor: Editor::new(&value),
                            attr_value: value,
                            attr_focus: focus,
                            echoes: VecDeque::new(),
                            lines: None,
                        },
                    );
                }
                Some(s) => {
                    if s.attr_value != value {
                        match s.echoes.iter().position(|v| *v == value) {
                            Some(i) => {
                                s.echoes.drain(..=i);
                            }
                            None => {
                                s.editor.set_value(&value);
                                s.echoes.clear();
                            }
                        }
                        s.attr_value = value;
                    }
                    if focus != s.attr_focus {
                        if focus {
                            focus_now = Some(id);
                        } else if self.fields.focused == Some((page, id)) {
                            blur_now = true;
                        }
                        s.attr_focus = focus;
                    }
                }
            }
        }
        if blur_now {
            self.blur_field();
        }
        if let Some(id) = focus_now {
            self.focus_field(page, id, None);
        }
        let Some(entry) = self.stack.last() else {
            return;
        };
        let tree = &entry.page.tree;
        for id in ids {
            let (Some(a), Some(s)) = (attrs_of(tree, id), self.fields.states.get(&(page, id)))
            else {
                continue;
            };
            let focused = self.fields.focused == Some((page, id));
            let value = s.editor.value();
            let view = if value.is_empty() {
                let text = tree
                    .element(id)
                    .and_then(|e| e.attr_str("placeholder"))
                    .unwrap_or_default();
                let style = placeholder_style(&entry.page, id, a.multiline, ctx);
                FieldView {
                    text,
                    placeholder: style,
                    caret: focused.then_some(0),
                    multiline: a.multiline,
                    auto_height: a.auto_height,
                }
            } else if a.password {
                let caret = value[..s.editor.caret()].chars().count() * BULLET.len_utf8();
                FieldView {
                    text: std::iter::repeat_n(BULLET, value.chars().count()).collect(),
                    placeholder: None,
                    caret: focused.then_some(caret),
                    multiline: false,
                    auto_height: false,
                }
            } else {
                FieldView {
                    text: value.to_string(),
                    placeholder: None,
                    caret: focused.then_some(s.editor.caret()),
                    multiline: a.multiline,
                    auto_height: a.auto_height,
                }
            };
            self.layouter.fields.insert(id, view);
        }
    }

    /// A tap ended on `target` of `page` at window point (x, y): a field takes focus (caret
    /// where the tap landed), anything else takes it away.
    pub(super) fn field_tap(&mut self, page: PageId, target: NodeId, x: f32, y: f32) {
        let Some(entry) = self.stack.iter().find(|e| e.page.id == page) else {
            return;
        };
        let tree = &entry.page.tree;
        match attrs_of(tree, target) {
            Some(a) if !a.disabled => {
                let at = self.caret_at(target, x, y);
                self.focus_field(page, target, at);
            }
            // A disabled field does not take the focus, but the tap still lands outside
            // the focused one.
            _ => self.blur_field(),
        }
    }

    /// The value byte offset under window point (x, y) in a laid-out field.
    fn caret_at(&self, id: NodeId, x: f32, y: f32) -> Option<usize> {
        let tb = self.layouter.field_text(id)?;
        let fb = self.layouter.field_box(id)?;
        let view = self.layouter.fields.get(&id)?;
        if view.placeholder.is_some() {
            return Some(0);
        }
        let [ox, oy] = tb.origin();
        let hit = tb
            .buffer()?
            .hit(x - ox + fb.scroll[0], y - oy + fb.scroll[1])?;
        // cosmic-text's cursor counts bytes within its line; lines are split at '\n'.
        let mut at = 0;
        for (i, line) in view.text.split('\n').enumerate() {
            if i == hit.line {
                at += hit.index.min(line.len());
                break;
            }
            at += line.len() + 1;
        }
        let value = self
            .stack
            .last()
            .and_then(|e| self.fields.states.get(&(e.page.id, id)))?
            .editor
            .value();
        if view.text != value {
            // Bullets: as many characters in as bullets before the hit.
            let n = view.text.get(..at)?.chars().count();
            return Some(value.char_indices().nth(n).map_or(value.len(), |(i, _)| i));
        }
        Some(at)
    }

    /// Where the caret of textarea `id` goes a line down (or up), from the last layout: the
    /// character under the caret's x on the next line; past the last (first) line, the end
    /// (start) of the text.
    fn caret_line_move(&self, id: NodeId, down: bool) -> Option<usize> {
        let fb = self.layouter.field_box(id)?;
        let caret = fb.caret?;
        let y = if down {
            caret[1] + caret[3] * 1.5
        } else {
            caret[1] - caret[3] * 0.5
        };
        let tb = self.layouter.field_text(id)?;
        let top = tb.origin()[1] - fb.scroll[1];
        let lines_h = tb
            .buffer()?
            .layout_runs()
            .map(|r| r.line_top + r.line_height)
            .fold(0.0, f32::max);
        if y < top {
            return Some(0);
        }
        if y >= top + lines_h {
            return Some(self.layouter.fields.get(&id)?.text.len());
        }
        self.caret_at(id, caret[0], y)
    }

    /// Gives `id` the focus (blurring another field first), caret at byte `at`, else where
    /// the `cursor` attribute says (UTF-16 units), else at the end.
    pub(super) fn focus_field(&mut self, page: PageId, id: NodeId, at: Option<usize>) {
        let cursor = self
            .stack
            .iter()
            .find(|e| e.page.id == page)
            .and_then(|e| e.page.tree.element(id))
            .and_then(|e| e.attr_str("cursor"))
            .and_then(|c| c.trim().parse::<f64>().ok())
            .filter(|c| *c >= 0.0);
        if let Some(s) = self.fields.states.get_mut(&(page, id)) {
            match (at, cursor) {
                (Some(at), _) => s.editor.set_caret(at),
                (None, Some(c)) => s.editor.set_cursor(c as usize),
                (None, None) => {
                    let end = s.editor.value().len();
                    s.editor.set_caret(end);
                }
            }
        }
        self.needs_frame = true;
        if self.fields.focused == Some((page, id)) {
            return;
        }
        self.blur_field();
        self.fields.focused = Some((page, id));
        let value = self.field_value(page, id);
        self.field_event(page, id, "focus", json!({"value": value, "height": 0}));
    }

    /// Takes the focus away, with a `blur` event.
    pub(super) fn blur_field(&mut self) {
        let Some((page, id)) = self.fields.focused.take() else {
            return;
        };
        let (value, cursor) = self
            .fields
            .states
            .get(&(page, id))
            .map(|s| (s.editor.value().to_string(), s.editor.cursor()))
            .unwrap_or_default();
        self.needs_frame = true;
        self.field_event(page, id, "blur", json!({"value": value, "cursor": cursor}));
    }

    fn field_value(&self, page: PageId, id: NodeId) -> String {
        self.fields
            .states
            .get(&(page, id))
            .map(|s| s.editor.value().to_string())
            .unwrap_or_default()
    }

    /// Whether a field has the focus (keys go to it).
    pub fn field_focused(&self) -> bool {
        self.fields.focused.is_some()
    }

    /// A key for the focused field. Returns whether a field took it.
    pub fn key(&mut self, key: Key) -> bool {
        // An editable modal covers the page: its field has the keys.
        if self.modal_key(&key) {
            return true;
        }
        if self.ui_covers_page() {
            return false;
        }
        let Some((page, id)) = self.fields.focused else {
            return false;
        };
        let Some(a) = self
            .stack
            .iter()
            .find(|e| e.page.id == page)
            .and_then(|e| attrs_of(&e.page.tree, id))
        else {
            return false;
        };
        let Some(s) = self.fields.states.get_mut(&(page, id)) else {
            return false;
        };
        if a.disabled {
            return true;
        }
        let before = s.editor.caret();
        let (changed, key_code) = match &key {
            Key::Text(t) => (
                s.editor.insert(t, a.accept, a.multiline, a.max),
                t.encode_utf16().next().unwrap_or(0),
            ),
            Key::Backspace => (s.editor.backspace(), 8),
            Key::Delete => (s.editor.delete(), 46),
            Key::Enter if a.multiline => (s.editor.insert("\n", a.accept, true, a.max), 13),
            Key::Enter => {
                let value = s.editor.value().to_string();
                self.field_event(page, id, "confirm", json!({"value": value}));
                if !a.confirm_hold {
                    self.blur_field();
                }
                return true;
            }
            Key::Left => {
                s.editor.left();
                (false, 0)
            }
            Key::Right => {
                s.editor.right();
                (false, 0)
            }
            Key::Home => {
                s.editor.home();
                (false, 0)
            }
            Key::End => {
                s.editor.end();
                (false, 0)
            }
            Key::Up | Key::Down => {
                if a.multiline {
                    if let Some(at) = self.caret_line_move(id, key == Key::Down) {
                        if let Some(s) = self.fields.states.get_mut(&(page, id)) {
                            s.editor.set_caret(at);
                        }
                    }
                    self.needs_frame = true;
                }
                return true;
            }
        };
        if s.editor.caret() != before || changed {
            self.needs_frame = true;
        }
        if changed {
            let value = s.editor.value().to_string();
            let cursor = s.editor.cursor();
            if s.echoes.len() == ECHOES {
                s.echoes.pop_front();
            }
            s.echoes.push_back(value.clone());
            self.field_event(
                page,
                id,
                "input",
                json!({"value": value, "cursor": cursor, "keyCode": key_code}),
            );
        }
        true
    }

    /// Routes a field's event (component events do not bubble) to the logic thread.
    fn field_event(&mut self, page: PageId, id: NodeId, ty: &'static str, detail: Value) {
        let top = self.frame().page_top();
        let Some(entry) = self.stack.iter().find(|e| e.page.id == page) else {
            return;
        };
        let init = fc_view::EventInit {
            ty,
            detail,
            touches: json!([]),
            changed_touches: json!([]),
            time_stamp: (entry.opened.elapsed().as_secs_f64() * 1000.0).round(),
        };
        let fired = fc_view::dispatch(&entry.page.tree, id, &init, top);
        for f in fired {
            // Through `send_fired`: a field inside a component calls the component's method.
            self.send_fired(page, f);
        }
    }

    /// After layout: a textarea whose number of lines changed sends `linechange`
    /// (`{height, heightRpx, lineCount}`; not for its first layout).
    pub(super) fn field_lines_laid_out(&mut self) {
        let Some(page) = self.stack.last().map(|e| e.page.id) else {
            return;
        };
        let width = self.opts.width;
        let mut changed = Vec::new();
        for ((p, id), s) in self.fields.states.iter_mut() {
            let Some(view) = self.layouter.fields.get(id) else {
                continue;
            };
            if *p != page || !view.multiline {
                continue;
            }
            // A placeholder's lines are not the value's.
            let (count, height) = match self.layouter.field_text(*id) {
                Some(_) if view.placeholder.is_some() => (1, None),
                Some(tb) => (tb.line_count().max(1), tb.buffer()),
                None => continue,
            };
            let height = height.map_or(0.0, |b| {
                b.layout_runs()
                    .map(|r| r.line_top + r.line_height)
                    .fold(0.0, f32::max)
            });
            if s.lines.is_some_and(|n| n != count) {
                changed.push((*id, count, height));
            }
            s.lines = Some(count);
        }
        for (id, count, height) in changed {
            let height = height.round();
            let rpx = (height * 750.0 / width.max(1.0)).round();
            self.field_event(
                page,
                id,
                "linechange",
                json!({"height": height, "heightRpx": rpx, "lineCount": count}),
            );
        }
    }

    /// What the dump shows for field `id` of the current page: its text as drawn (bullets
    /// for a password, nothing for a placeholder) and its content box.
    pub(super) fn field_dump(&self, id: NodeId) -> Option<(String, [f32; 4])> {
        let view = self.layouter.fields.get(&id)?;
        if view.placeholder.is_some() {
            return None;
        }
        let content = self.layouter.field_box(id)?.content;
        Some((view.text.clone(), content))
    }
}

/// The placeholder's style: the field's `::placeholder` rules (grey in the UA sheet), under
/// a class-only child of the field with the `placeholder-class` classes (default
/// `input-placeholder` / `textarea-placeholder`) and the `placeholder-style` declarations,
/// which inherit from it.
fn placeholder_style(
    page: &fc_view::Page,
    id: NodeId,
    multiline: bool,
    ctx: &ResolveContext,
) -> Option<ComputedStyle> {
    let tree = &page.tree;
    let e = tree.element(id)?;
    let classes: Vec<String> = match e.attr_str("placeholder-class") {
        Some(c) if !c.trim().is_empty() => c.split_whitespace().map(str::to_string).collect(),
        _ => vec![if multiline {
            "textarea-placeholder".to_string()
        } else {
            "input-placeholder".to_string()
        }],
    };
    let field = &tree.get(id)?.style;
    let pseudo = page.cascade.compute_pseudo(
        StyleRef { tree, id },
        fc_style::Pseudo::Placeholder,
        field,
        ctx,
    );
    let parent = pseudo.as_ref().unwrap_or(field);
    let inline = e.attr_str("placeholder-style");
    Some(page.cascade.compute(
        Ph::Placeholder {
            field: StyleRef { tree, id },
            classes: &classes,
        },
        Some(parent),
        inline.as_deref(),
        ctx,
    ))
}

/// The placeholder as selectors see it: a class-only element inside its field.
#[derive(Clone, Copy)]
enum Ph<'a> {
    Placeholder {
        field: StyleRef<'a>,
        classes: &'a [String],
    },
    Real(StyleRef<'a>),
}

impl StyleNode for Ph<'_> {
    fn tag(&self) -> &str {
        match self {
            Ph::Placeholder { .. } => "",
            Ph::Real(r) => r.tag(),
        }
    }

    fn id(&self) -> Option<&str> {
        match self {
            Ph::Placeholder { .. } => None,
            Ph::Real(r) => r.id(),
        }
    }

    fn has_class(&self, class: &str) -> bool {
        match self {
            Ph::Placeholder { classes, .. } => classes.iter().any(|c| c == class),
            Ph::Real(r) => r.has_class(class),
        }
    }

    fn attr(&self, name: &str) -> Option<&str> {
        match self {
            Ph::Placeholder { .. } => None,
            Ph::Real(r) => r.attr(name),
        }
    }

    fn parent(&self) -> Option<Self> {
        match self {
            Ph::Placeholder { field, .. } => Some(Ph::Real(*field)),
            Ph::Real(r) => r.parent().map(Ph::Real),
        }
    }

    fn prev_sibling(&self) -> Option<Self> {
        match self {
            Ph::Placeholder { .. } => None,
            Ph::Real(r) => r.prev_sibling().map(Ph::Real),
        }
    }

    fn next_sibling(&self) -> Option<Self> {
        match self {
            Ph::Placeholder { .. } => None,
            Ph::Real(r) => r.next_sibling().map(Ph::Real),
        }
    }
}

/// The keystrokes of a scenario's `input` text: one per grapheme, and the named keys
/// `{Enter}`, `{Backspace}`, `{Delete}`, `{Left}`, `{Right}`, `{Up}`, `{Down}`, `{Home}`,
/// `{End}` (any other
/// brace is typed as itself).
pub fn keys_of(text: &str) -> Vec<Key> {
    use unicode_segmentation::UnicodeSegmentation;
    const NAMED: [(&str, Key); 9] = [
        ("{Up}", Key::Up),
        ("{Down}", Key::Down),
        ("{Enter}", Key::Enter),
        ("{Backspace}", Key::Backspace),
        ("{Delete}", Key::Delete),
        ("{Left}", Key::Left),
        ("{Right}", Key::Right),
        ("{Home}", Key::Home),
        ("{End}", Key::End),
    ];
    let mut keys = Vec::new();
    let mut rest = text;
    'outer: while !rest.is_empty() {
        for (name, key) in &NAMED {
            if let Some(after) = rest.strip_prefix(name) {
                keys.push(key.clone());
                rest = after;
                continue 'outer;
            }
        }
        let Some(g) = rest.graphemes(true).next() else {
            break;
        };
        keys.push(Key::Text(g.to_string()));
        rest = &rest[g.len()..];
    }
    keys
}

impl Player {
    /// Puts the focused field's caret at the end of its text.
    pub fn field_caret_to_end(&mut self) {
        if let Some(s) = self
            .fields
            .focused
            .and_then(|k| self.fields.states.get_mut(&k))
        {
            let end = s.editor.value().len();
            s.editor.set_caret(end);
            self.needs_frame = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_text_becomes_keystrokes() {
        assert_eq!(
            keys_of("a{Enter}é{x}{Left}"),
            vec![
                Key::Text("a".into()),
                Key::Enter,
                Key::Text("é".into()),
                Key::Text("{".into()),
                Key::Text("x".into()),
                Key::Text("}".into()),
                Key::Left,
            ]
        );
        assert_eq!(keys_of("👨‍👩‍👧").len(), 1);
    }

    #[test]
    fn attribute_truthiness() {
        assert!(truthy(Some(&Value::Bool(true))));
        assert!(!truthy(Some(&Value::String(String::new()))));
        assert!(!truthy(Some(&Value::String("false".into()))));
        assert!(truthy(Some(&Value::String("true".into()))));
        assert!(!truthy(None));
    }
}
