//! Turns a start tag into an [`Element`]: each attribute becomes a directive (`wx:if`,
//! `wx:for`, … in either prefix), an event binding (`bindtap`, `catch:tap`, …) or an ordinary
//! attribute, with the checks the platform makes (one condition per element, loop names that
//! are identifiers, companions of `wx:for` without a list).

use super::{Builder, OpenElement, PendingTag, RawAttr};
use crate::binding::Binding;
use crate::directives::{classify, is_identifier, AttrKind, Directive};
use crate::entities::decode_entities;
use crate::tree::{Attr, Cond, Element, EventBinding, ForEach, Pos};

impl Builder<'_> {
    /// Turns a start tag into an element: directives, events and ordinary attributes.
    pub(super) fn open_element(&mut self, tag: PendingTag) -> OpenElement {
        let PendingTag { tag, pos, attrs } = tag;
        let is_module = self.modules.contains(&tag);
        let mut el = Element {
            tag,
            pos,
            attrs: Vec::new(),
            events: Vec::new(),
            cond: None,
            for_each: None,
            children: Vec::new(),
        };
        let mut cond_name = None;
        let mut list: Option<Binding> = None;
        let (mut item, mut index, mut key) = (None, None, None);
        // The `wx:key` attribute as written, for the "without a list" warning.
        let mut key_attr: Option<(String, Pos)> = None;
        for a in attrs {
            match classify(&a.name, &self.prefixes) {
                AttrKind::Plain => {
                    let value = self.attr_binding(&a);
                    if is_module && a.name == "module" {
                        if let Binding::Static(m) = &value {
                            self.module_names.push(m.clone());
                        }
                    }
                    let valueless = a.value.is_none();
                    el.attrs.push(Attr {
                        name: a.name,
                        value,
                        pos: a.pos,
                        valueless,
                    });
                }
                AttrKind::Event(kind, event) => {
                    let handler = self.attr_binding(&a);
                    el.events.push(EventBinding {
                        kind,
                        event,
                        handler,
                        pos: a.pos,
                    });
                }
                AttrKind::UnknownDirective => {
                    self.warning(a.pos, format!("unknown directive `{}` (ignored)", a.name));
                }
                AttrKind::Directive(d) => match d {
                    Directive::If | Directive::Elif | Directive::Else => {
                        if let Some(first) = &cond_name {
                            let msg = format!(
                                "`{}` on an element that already has `{first}` (ignored)",
                                a.name
                            );
                            self.error(a.pos, msg);
                            continue;
                        }
                        el.cond = Some(match d {
                            Directive::Else => {
                                if a.value.as_ref().is_some_and(|(_, v)| !v.trim().is_empty()) {
                                    self.warning(
                                        a.pos,
                                        format!("`{}` takes no value (ignored)", a.name),
                                    );
                                }
                                Cond::Else
                            }
                            _ => {
                                if a.value.is_none() {
                                    self.warning(
                                        a.pos,
                                        format!("`{}` without a value is always false", a.name),
                                    );
                                }
                                let b = self.attr_binding(&a);
                                if d == Directive::If {
                                    Cond::If(b)
                                } else {
                                    Cond::Elif(b)
                                }
                            }
                        });
                        cond_name = Some(a.name);
                    }
                    Directive::For | Directive::ForItems => {
                        if list.is_some() {
                            self.warning(
                                a.pos,
                                format!("second list directive `{}` (ignored)", a.name),
                            );
                        } else {
                            list = Some(self.attr_binding(&a));
                        }
                    }
                    Directive::ForItem => item = self.loop_name(&a),
                    Directive::ForIndex => index = self.loop_name(&a),
                    Directive::Key => {
                        key = a
                            .value
                            .as_ref()
                            .map(|(_, v)| unbrace(v))
                            .filter(|k| !k.is_empty());
                        key_attr = Some((a.name, a.pos));
                    }
                },
            }
        }
        match list {
            Some(list) => {
                if key.is_none() {
                    self.warning(
                        el.pos,
                        "list without `wx:key`: items are matched by position when the list changes",
                    );
                }
                el.for_each = Some(ForEach {
                    list,
                    item: item.map_or_else(|| "item".to_string(), |(n, _)| n),
                    index: index.map_or_else(|| "index".to_string(), |(n, _)| n),
                    key,
                });
            }
            None => {
                let stray = [item.map(|(_, a)| a), index.map(|(_, a)| a), key_attr]
                    .into_iter()
                    .flatten()
                    .next();
                if let Some((name, pos)) = stray {
                    self.warning(
                        pos,
                        format!("`{name}` without a list directive (`wx:for`) is ignored"),
                    );
                }
            }
        }
        OpenElement {
            el,
            cond_name,
            is_module,
        }
    }

    /// `wx:for-item`/`wx:for-index`: a plain name. Returns the name and the attribute
    /// (name, position) for messages; `None` (the default name) if it is unusable.
    fn loop_name(&mut self, a: &RawAttr) -> Option<(String, (String, Pos))> {
        let name = a
            .value
            .as_ref()
            .map(|(_, v)| unbrace(v))
            .unwrap_or_default();
        if is_identifier(&name) {
            Some((name, (a.name.clone(), a.pos)))
        } else {
            self.error(
                a.pos,
                format!("`{}` must be a plain name, found `{name}`", a.name),
            );
            None
        }
    }

    fn attr_binding(&mut self, a: &RawAttr) -> Binding {
        match &a.value {
            None => Binding::Static(String::new()),
            Some((offset, raw)) => self.binding(raw, *offset),
        }
    }
}

/// A static directive value: entities decoded, trimmed, and `{{x}}` read as `x` (the braced
/// `wx:key="{{id}}"` is a common mistake the platform tolerates).
fn unbrace(raw: &str) -> String {
    let v = decode_entities(raw);
    let v = v.trim();
    match v.strip_prefix("{{").and_then(|s| s.strip_suffix("}}")) {
        Some(inner) => inner.trim().to_string(),
        None => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::parse::tests::{attr_names, diags, element, ok, text};
    use crate::{compile, Attr, Binding, Cond, EventKind, Pos};
    use serde_json::json;

    #[test]
    fn attributes_valueless_empty_and_case() {
        let c = ok(
            "a.wxml",
            "<scroll-view scroll-y disabled=\"\" Data-X=\"AbC\" enable-flex/>",
        );
        let sv = element(&c.template.roots[0]);
        let a = |i: usize| -> &Attr { &sv.attrs[i] };
        assert_eq!(
            attr_names(sv),
            ["scroll-y", "disabled", "Data-X", "enable-flex"]
        );
        assert_eq!(a(0).value, Binding::Static(String::new()));
        assert!(a(0).valueless);
        assert_eq!(a(1).value, Binding::Static(String::new()));
        assert!(!a(1).valueless);
        assert_eq!(a(2).value, Binding::Static("AbC".into()));
        assert!(a(3).valueless);
        assert_eq!(a(3).pos, Pos { line: 1, col: 48 });
        let c = ok("a.wxml", "<button disabled>go</button>");
        assert!(element(&c.template.roots[0]).attrs[0].valueless);
        assert_eq!(text(&element(&c.template.roots[0]).children[0]), "go");
    }

    #[test]
    fn conditions_in_both_spellings() {
        let src = "<view wx:if=\"{{a}}\"/>\n<!-- c -->\n<view fx:elif=\"{{b}}\"/>\n<view fx:else/>";
        let c = ok("p/x.fxml", src);
        let conds: Vec<_> = c
            .template
            .roots
            .iter()
            .map(|n| element(n).cond.clone())
            .collect();
        assert!(matches!(conds[0], Some(Cond::If(Binding::Expr(_)))));
        assert!(matches!(conds[1], Some(Cond::Elif(Binding::Expr(_)))));
        assert_eq!(conds[2], Some(Cond::Else));
        // In a .wxml file `fx:` is no directive: an ordinary attribute.
        let c = ok("p/x.wxml", "<view fx:if=\"{{a}}\" wx:if=\"{{b}}\"/>");
        let v = element(&c.template.roots[0]);
        assert_eq!(attr_names(v), ["fx:if"]);
        assert!(matches!(v.cond, Some(Cond::If(_))));
        // Any extension ending in `ml` brings its own prefix.
        let c = ok("p/x.xyml", "<view xy:if=\"{{a}}\"/><view xy:else/>");
        assert!(matches!(
            element(&c.template.roots[0]).cond,
            Some(Cond::If(_))
        ));
        // Static condition strings stay strings: "false" is truthy, as on the platform.
        let c = ok("p/x.wxml", "<view wx:if=\"false\"/>");
        let Some(Cond::If(b)) = &element(&c.template.roots[0]).cond else {
            panic!("if")
        };
        assert!(b.eval_truthy(&json!({})));
    }

    #[test]
    fn orphan_elif_and_else_are_errors() {
        let c = compile("p/x.fxml", "<view>\n  <text fx:else>a</text>\n  <view wx:if=\"{{x}}\"/>\n  text\n  <view wx:elif=\"{{y}}\"/>\n</view>");
        assert_eq!(diags(&c), [
            "2:3: error: `fx:else` must be on the element right after one with `wx:if` or `wx:elif`",
            "5:3: error: `wx:elif` must be on the element right after one with `wx:if` or `wx:elif`",
        ]);
        let v = element(&c.template.roots[0]);
        // Demoted so the tree stays well formed: else → none, elif → if.
        assert_eq!(element(&v.children[0]).cond, None);
        assert!(matches!(element(&v.children[3]).cond, Some(Cond::If(_))));
        let c = compile("a.wxml", "<view wx:if=\"{{a}}\" wx:else/>");
        assert_eq!(
            diags(&c),
            ["1:21: error: `wx:else` on an element that already has `wx:if` (ignored)"]
        );
    }

    #[test]
    fn lists() {
        let c = ok(
            "a.fxml",
            "<view fx:for=\"{{list}}\" fx:for-item=\"row\" wx:for-index=\"i\" wx:key=\"id\">{{i}}:{{row.name}}</view>\
             <view wx:for-items=\"{{xs}}\" wx:key=\"*this\"/>\
             <view wx:for=\"abc\" wx:key=\"{{ id }}\"/>",
        );
        let f = element(&c.template.roots[0]).for_each.clone().expect("for");
        assert_eq!(
            (f.item.as_str(), f.index.as_str(), f.key.as_deref()),
            ("row", "i", Some("id"))
        );
        assert!(matches!(f.list, Binding::Expr(_)));
        assert_eq!(f.list.deps()[0].to_string(), "list");
        let f = element(&c.template.roots[1])
            .for_each
            .clone()
            .expect("for-items");
        assert_eq!(
            (f.item.as_str(), f.index.as_str(), f.key.as_deref()),
            ("item", "index", Some("*this"))
        );
        let f = element(&c.template.roots[2])
            .for_each
            .clone()
            .expect("for string");
        assert_eq!(f.list, Binding::Static("abc".into()));
        assert_eq!(f.key.as_deref(), Some("id"));
        // A bare `wx:key` is no key; a missing key is a warning.
        let c = compile(
            "a.wxml",
            "<view wx:for=\"{{l}}\" wx:key/>\n<view wx:for=\"{{l}}\"/>",
        );
        assert_eq!(
            element(&c.template.roots[0])
                .for_each
                .as_ref()
                .and_then(|f| f.key.clone()),
            None
        );
        assert!(!c.has_errors());
        assert_eq!(c.diagnostics.len(), 2);
        assert!(c
            .diagnostics
            .iter()
            .all(|d| d.message.contains("without `wx:key`")));
    }

    #[test]
    fn bad_loop_names_and_stray_companions() {
        let c = compile(
            "a.wxml",
            "<view wx:for=\"{{l}}\" wx:for-item=\"a b\" wx:key=\"id\"/><view wx:key=\"id\"/>",
        );
        assert_eq!(
            diags(&c),
            [
                "1:22: error: `wx:for-item` must be a plain name, found `a b`",
                "1:59: warning: `wx:key` without a list directive (`wx:for`) is ignored",
            ]
        );
        assert_eq!(
            element(&c.template.roots[0])
                .for_each
                .as_ref()
                .map(|f| f.item.as_str()),
            Some("item")
        );
    }

    #[test]
    fn events() {
        let c = ok(
            "a.wxml",
            "<view bindtap=\"onTap\" bind:longpress=\"onLong\" catchtouchmove=\"x\" catch:tap=\"y\" \
             capture-bind:touchstart=\"cs\" capture-catch:tap=\"cc\" mut-bind:tap=\"m\" bind:my-event=\"{{h}}\" data-id=\"1\"/>",
        );
        let v = element(&c.template.roots[0]);
        let got: Vec<(EventKind, &str)> = v
            .events
            .iter()
            .map(|e| (e.kind, e.event.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (EventKind::Bind, "tap"),
                (EventKind::Bind, "longpress"),
                (EventKind::Catch, "touchmove"),
                (EventKind::Catch, "tap"),
                (EventKind::CaptureBind, "touchstart"),
                (EventKind::CaptureCatch, "tap"),
                (EventKind::MutBind, "tap"),
                (EventKind::Bind, "my-event"),
            ]
        );
        assert_eq!(v.events[0].handler, Binding::Static("onTap".into()));
        assert_eq!(v.events[0].pos, Pos { line: 1, col: 7 });
        assert_eq!(
            v.events[7].handler.eval(&json!({"h": "onMine"})),
            json!("onMine")
        );
        assert_eq!(attr_names(v), ["data-id"]);
    }

    #[test]
    fn unknown_directive_is_a_warning() {
        let c = compile("a.fxml", "<view\n  fx:foo=\"1\" wx:bar typo:if=\"x\"/>");
        assert_eq!(
            diags(&c),
            [
                "2:3: warning: unknown directive `fx:foo` (ignored)",
                "2:14: warning: unknown directive `wx:bar` (ignored)",
            ]
        );
        assert!(!c.has_errors());
        assert_eq!(attr_names(element(&c.template.roots[0])), ["typo:if"]);
    }
}
