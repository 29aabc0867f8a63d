//! Builds the element tree from `xmlparser` tokens: elements nested and closed, text and
//! attribute values compiled into bindings, structure errors reported with file:line:col.
//! What a start tag's attributes mean is worked out in [`element`].
//!
//! Nothing here stops at the first error. A malformed construct is reported and the tokenizer
//! restarts at the next `<`; unclosed elements are closed at the end of the file; a bad
//! expression renders as empty text. The caller gets the best tree that can be built.

mod element;

use crate::binding::{compile_binding, Binding};
use crate::directives::{directive_prefixes, module_tags};
use crate::expr_parse::CallSite;
use crate::prepare::{prepare, LineIndex, Prepared};
use crate::tree::{Cond, Element, Node, Pos, Template, TextNode};
use crate::Compiled;
use fc_protocol::Diagnostic;
use xmlparser::{ElementEnd, StreamError, Token, Tokenizer};

/// Deepest element nesting kept. Real pages stay far below; a deeper (hostile) file would
/// otherwise make every recursive walk of the tree, including its drop, overflow the stack.
const MAX_ELEMENT_DEPTH: usize = 256;

pub(crate) fn compile_source(file: &str, source: &str) -> Compiled {
    let prefixes = directive_prefixes(file);
    let modules = module_tags(&prefixes);
    let prep = prepare(source, &modules);
    let mut b = Builder {
        file,
        source,
        lines: LineIndex::new(source),
        prep_lines: LineIndex::new(&prep.text),
        prep: &prep,
        prefixes,
        modules,
        diags: Vec::new(),
        roots: Vec::new(),
        stack: Vec::new(),
        pending: None,
        calls: Vec::new(),
        module_names: Vec::new(),
        flattened: 0,
    };
    b.run();
    b.finish()
}

/// A start tag whose attributes are still arriving.
struct PendingTag {
    tag: String,
    pos: Pos,
    attrs: Vec<RawAttr>,
}

struct RawAttr {
    name: String,
    /// `None` for a valueless attribute; else the source offset of the value and its raw text.
    value: Option<(usize, String)>,
    pos: Pos,
}

/// An element whose end tag has not been seen yet.
struct OpenElement {
    el: Element,
    /// The condition directive as written (`fx:else`), for messages.
    cond_name: Option<String>,
    is_module: bool,
}

struct Builder<'a> {
    file: &'a str,
    source: &'a str,
    lines: LineIndex<'a>,
    prep_lines: LineIndex<'a>,
    prep: &'a Prepared,
    prefixes: Vec<String>,
    modules: Vec<String>,
    diags: Vec<Diagnostic>,
    roots: Vec<Node>,
    stack: Vec<OpenElement>,
    pending: Option<PendingTag>,
    calls: Vec<(Pos, CallSite)>,
    /// `module` names of the `<wxs>` elements of this file.
    module_names: Vec<String>,
    /// Elements opened beyond `MAX_ELEMENT_DEPTH`, kept as leaves and still awaiting their
    /// close tags.
    flattened: usize,
}

impl<'a> Builder<'a> {
    fn run(&mut self) {
        let text: &'a str = &self.prep.text;
        let mut from = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
        // An XML declaration is harmless; the fragment tokenizer would call it an error.
        if text[from..].starts_with("<?xml") {
            if let Some(end) = text[from..].find("?>") {
                from += end + 2;
            }
        }
        while from < text.len() {
            let mut failed = None;
            for token in Tokenizer::from_fragment(text, from..text.len()) {
                match token {
                    Ok(t) => self.token(t),
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            let Some(err) = failed else { break };
            let at = self.xml_error(err).max(from);
            let resume = text
                .as_bytes()
                .get(at + 1..)
                .and_then(|rest| rest.iter().position(|&c| c == b'<'))
                .map(|p| at + 1 + p);
            // The tag being read, if any, is kept: as a leaf if the skipped text ends it with
            // `/>`, else as an open element.
            let skipped = text.get(at..resume.unwrap_or(text.len())).unwrap_or("");
            if skipped.trim_end().ends_with("/>") {
                if let Some(p) = self.pending.take() {
                    let open = self.open_element(p);
                    self.append(open);
                }
            }
            self.flush_pending_as_open();
            match resume {
                Some(p) => from = p,
                None => break,
            }
        }
        self.flush_pending_as_open();
        while let Some(open) = self.stack.pop() {
            let msg = format!("unclosed tag `<{}>`", open.el.tag);
            self.error(open.el.pos, msg);
            self.append(open);
        }
    }

    fn finish(mut self) -> Compiled {
        for (pos, call) in std::mem::take(&mut self.calls) {
            let is_module = call
                .module
                .as_ref()
                .is_some_and(|m| self.module_names.contains(m));
            if !is_module {
                let msg = format!(
                    "`{}(…)` is not a call of a <wxs> module function; calls on data are not \
                     supported and evaluate to undefined",
                    call.callee
                );
                self.warning(pos, msg);
            }
        }
        self.diags.sort_by_key(|d| (d.line, d.col));
        Compiled {
            template: Template {
                file: self.file.to_string(),
                roots: self.roots,
            },
            diagnostics: self.diags,
        }
    }

    fn token(&mut self, token: Token<'a>) {
        match token {
            Token::ElementStart {
                prefix,
                local,
                span,
            } => {
                self.flush_pending_as_open();
                self.pending = Some(PendingTag {
                    tag: qname(prefix.as_str(), local.as_str()),
                    pos: self.pos_of(span.start()),
                    attrs: Vec::new(),
                });
            }
            Token::Attribute {
                prefix,
                local,
                value,
                span,
            } => {
                let valueless = value.is_empty() && self.prep.is_inserted_value(value.start());
                let value = (!valueless).then(|| {
                    let start = self.prep.to_source(value.start());
                    let end = self.prep.to_source(value.end());
                    (start, self.source[start..end].to_string())
                });
                let attr = RawAttr {
                    name: qname(prefix.as_str(), local.as_str()),
                    value,
                    pos: self.pos_of(span.start()),
                };
                if let Some(p) = self.pending.as_mut() {
                    p.attrs.push(attr);
                }
            }
            Token::ElementEnd { end, span } => match end {
                ElementEnd::Open => self.flush_pending_as_open(),
                ElementEnd::Empty => {
                    if let Some(p) = self.pending.take() {
                        let open = self.open_element(p);
                        self.append(open);
                    }
                }
                ElementEnd::Close(prefix, local) => self.close(
                    qname(prefix.as_str(), local.as_str()),
                    self.pos_of(span.start()),
                ),
            },
            Token::Text { text } => {
                let start = self.prep.to_source(text.start());
                let raw = &self.source[start..self.prep.to_source(text.end())];
                if raw
                    .bytes()
                    .all(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
                {
                    return;
                }
                // Point at what is visible, not at the newline before it.
                let lead = raw.len() - raw.trim_start_matches([' ', '\t', '\r', '\n']).len();
                let pos = self.lines.pos(start + lead);
                let value = if self.stack.last().is_some_and(|o| o.is_module) {
                    // Script: no entities, no mustaches.
                    Binding::Static(raw.to_string())
                } else {
                    self.binding(raw, start)
                };
                self.push_node(Node::Text(TextNode { value, pos }), None);
            }
            Token::Cdata { text, span } => {
                let pos = self.pos_of(span.start());
                let value = Binding::Static(text.as_str().to_string());
                self.push_node(Node::Text(TextNode { value, pos }), None);
            }
            // Comments, processing instructions and DTD pieces carry nothing for a page.
            _ => {}
        }
    }

    /// Reports an `xmlparser` error; returns its offset in the prepared text.
    fn xml_error(&mut self, err: xmlparser::Error) -> usize {
        use xmlparser::Error as E;
        let (what, cause) = match err {
            E::InvalidElement(c, _) => ("malformed tag", Some(c)),
            E::InvalidAttribute(c, _) => ("malformed attribute", Some(c)),
            E::InvalidComment(c, _) => ("malformed comment", Some(c)),
            E::InvalidCharData(c, _) => ("invalid text", Some(c)),
            E::InvalidCdata(c, _) => ("malformed CDATA section", Some(c)),
            E::InvalidDeclaration(c, _) | E::InvalidPI(c, _) => ("malformed `<?…?>`", Some(c)),
            E::InvalidDoctype(c, _) | E::InvalidEntity(c, _) => ("DTDs are not supported", Some(c)),
            E::UnknownToken(_) => ("unexpected markup", None),
        };
        // The cause's own position is the precise one; the error's is where the token began.
        let text_pos = cause
            .and_then(stream_error_pos)
            .unwrap_or_else(|| err.pos());
        let at = self.prep_lines.offset(text_pos.row, text_pos.col);
        let msg = match cause {
            Some(c) => format!("{what}: {}", describe(c)),
            None => what.to_string(),
        };
        let pos = self.pos_of(at);
        self.error(pos, msg);
        at
    }

    fn flush_pending_as_open(&mut self) {
        if let Some(p) = self.pending.take() {
            let open = self.open_element(p);
            if self.stack.len() < MAX_ELEMENT_DEPTH {
                self.stack.push(open);
                return;
            }
            if self.flattened == 0 {
                let msg =
                    format!("elements nested deeper than {MAX_ELEMENT_DEPTH} levels are flattened");
                self.error(open.el.pos, msg);
            }
            self.flattened += 1;
            self.append(open);
        }
    }

    fn close(&mut self, name: String, pos: Pos) {
        if self.flattened > 0 {
            // Closes the innermost elements first: those are the flattened ones.
            self.flattened -= 1;
            return;
        }
        let Some(i) = self.stack.iter().rposition(|o| o.el.tag == name) else {
            self.error(
                pos,
                format!("close tag `</{name}>` has no matching open tag"),
            );
            return;
        };
        if i + 1 < self.stack.len() {
            let inner = &self.stack[self.stack.len() - 1].el;
            let msg = format!(
                "mismatched close tag `</{name}>`: expected `</{}>` (opened at {}:{})",
                inner.tag, inner.pos.line, inner.pos.col
            );
            self.error(pos, msg);
        }
        while self.stack.len() > i {
            if let Some(open) = self.stack.pop() {
                self.append(open);
            }
        }
    }

    fn append(&mut self, open: OpenElement) {
        self.push_node(Node::Element(open.el), open.cond_name);
    }

    /// Adds a finished node to the innermost open element, checking the `if`/`elif`/`else`
    /// chain: `elif` and `else` must directly follow an `if` or `elif` sibling.
    fn push_node(&mut self, mut node: Node, cond_name: Option<String>) {
        let siblings = match self.stack.last_mut() {
            Some(open) => &mut open.el.children,
            None => &mut self.roots,
        };
        if let Node::Element(el) = &mut node {
            if matches!(el.cond, Some(Cond::Elif(_) | Cond::Else)) {
                let chained = matches!(
                    siblings.last(),
                    Some(Node::Element(prev)) if matches!(prev.cond, Some(Cond::If(_) | Cond::Elif(_)))
                );
                if !chained {
                    let name = cond_name.unwrap_or_else(|| "wx:else".to_string());
                    let msg = format!(
                        "`{name}` must be on the element right after one with `wx:if` or `wx:elif`"
                    );
                    let pos = el.pos;
                    el.cond = match el.cond.take() {
                        Some(Cond::Elif(b)) => Some(Cond::If(b)),
                        _ => None,
                    };
                    siblings.push(node);
                    self.error(pos, msg);
                    return;
                }
            }
        }
        siblings.push(node);
    }

    /// Compiles raw source text that starts at source offset `offset`, reporting its errors.
    fn binding(&mut self, raw: &str, offset: usize) -> Binding {
        let (binding, report) = compile_binding(raw);
        for e in report.errors {
            let pos = self.lines.pos(offset + e.offset);
            self.error(pos, format!("bad expression: {}", e.message));
        }
        if let Some(at) = report.unclosed {
            let pos = self.lines.pos(offset + at);
            self.warning(pos, "`{{` without a closing `}}` is kept as text");
        }
        for (at, call) in report.calls {
            self.calls.push((self.lines.pos(offset + at), call));
        }
        binding
    }

    /// Position of an offset in the prepared text.
    fn pos_of(&self, prepared_offset: usize) -> Pos {
        self.lines.pos(self.prep.to_source(prepared_offset))
    }

    fn error(&mut self, pos: Pos, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(self.file, pos.line, pos.col, msg));
    }

    fn warning(&mut self, pos: Pos, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(self.file, pos.line, pos.col, msg));
    }
}

fn qname(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_string()
    } else {
        format!("{prefix}:{local}")
    }
}

fn stream_error_pos(e: StreamError) -> Option<xmlparser::TextPos> {
    match e {
        StreamError::NonXmlChar(_, p)
        | StreamError::InvalidChar(_, _, p)
        | StreamError::InvalidCharMultiple(_, _, p)
        | StreamError::InvalidQuote(_, p)
        | StreamError::InvalidSpace(_, p)
        | StreamError::InvalidString(_, p) => Some(p),
        _ => None,
    }
}

fn describe(e: StreamError) -> String {
    let ch = |c: u8| (c as char).escape_debug().to_string();
    match e {
        StreamError::UnexpectedEndOfStream => "unexpected end of file".to_string(),
        StreamError::InvalidName => "invalid name".to_string(),
        StreamError::NonXmlChar(c, _) => format!("character {c:?} is not allowed"),
        StreamError::InvalidChar(found, want, _) => {
            format!("expected `{}`, found `{}`", ch(want), ch(found))
        }
        StreamError::InvalidCharMultiple(found, want, _) => {
            let want: Vec<String> = want.iter().map(|c| format!("`{}`", ch(*c))).collect();
            format!("expected one of {}, found `{}`", want.join(" "), ch(found))
        }
        StreamError::InvalidQuote(found, _) => {
            format!("attribute values must be quoted, found `{}`", ch(found))
        }
        StreamError::InvalidSpace(found, _) => format!("expected a space before `{}`", ch(found)),
        StreamError::InvalidString(want, _) => format!("expected `{want}`"),
        StreamError::InvalidReference => "invalid character reference".to_string(),
        StreamError::InvalidExternalID => "invalid external id".to_string(),
        StreamError::InvalidCommentData => "`--` is not allowed inside a comment".to_string(),
        StreamError::InvalidCommentEnd => "a comment cannot end with `-`".to_string(),
        StreamError::InvalidCharacterData => "`]]>` is not allowed in text".to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::{compile, Binding, Compiled, Cond, Element, Node, Pos};
    use fc_protocol::Severity;
    use serde_json::json;

    pub(crate) fn ok(file: &str, src: &str) -> Compiled {
        let c = compile(file, src);
        assert!(c.diagnostics.is_empty(), "{:#?}", c.diagnostics);
        c
    }

    pub(crate) fn element(n: &Node) -> &Element {
        match n {
            Node::Element(e) => e,
            Node::Text(t) => panic!("expected an element, found text {t:?}"),
        }
    }

    pub(crate) fn text(n: &Node) -> String {
        match n {
            Node::Text(t) => t.value.eval_string(&json!({})),
            Node::Element(e) => panic!("expected text, found <{}>", e.tag),
        }
    }

    /// Diagnostics as `line:col: error|warning: message`.
    pub(crate) fn diags(c: &Compiled) -> Vec<String> {
        c.diagnostics
            .iter()
            .map(|d| {
                let kind = if d.severity == Severity::Error {
                    "error"
                } else {
                    "warning"
                };
                format!("{}:{}: {kind}: {}", d.line, d.col, d.message)
            })
            .collect()
    }

    pub(crate) fn attr_names(e: &Element) -> Vec<&str> {
        e.attrs.iter().map(|a| a.name.as_str()).collect()
    }

    #[test]
    fn builds_the_tree() {
        let c = ok(
            "pages/a/a.wxml",
            "<view id=\"main\" class='a {{cls}}'>\n  <text>Hi {{name}}!</text>\n  <block><image src=\"x.png\"/></block>\n</view>\n<view/>",
        );
        assert_eq!(c.template.file, "pages/a/a.wxml");
        assert_eq!(c.template.roots.len(), 2);
        let view = element(&c.template.roots[0]);
        assert_eq!(view.tag, "view");
        assert_eq!(view.pos, Pos { line: 1, col: 1 });
        assert_eq!(attr_names(view), ["id", "class"]);
        assert_eq!(view.attrs[0].value, Binding::Static("main".into()));
        assert_eq!(view.attrs[0].pos, Pos { line: 1, col: 7 });
        assert!(matches!(view.attrs[1].value, Binding::Mixed(_)));
        // Whitespace-only text between elements is dropped.
        assert_eq!(view.children.len(), 2);
        let t = element(&view.children[0]);
        assert_eq!(t.pos, Pos { line: 2, col: 3 });
        assert_eq!(t.children[0].clone(), t.children[0]);
        let Node::Text(hi) = &t.children[0] else {
            panic!("text")
        };
        assert_eq!(hi.pos, Pos { line: 2, col: 9 });
        assert_eq!(hi.value.eval_string(&json!({"name": "Ann"})), "Hi Ann!");
        let block = element(&view.children[1]);
        assert_eq!(block.tag, "block");
        assert_eq!(element(&block.children[0]).tag, "image");
        assert!(element(&c.template.roots[1]).children.is_empty());
    }

    #[test]
    fn text_is_verbatim_with_entities_decoded() {
        let c = ok("a.wxml", "<text>  a &lt;b&gt; &amp;&nbsp;c&#33;\n d  </text><text><![CDATA[<raw> &amp;]]></text>");
        let t = element(&c.template.roots[0]);
        assert_eq!(text(&t.children[0]), "  a <b> &\u{A0}c!\n d  ");
        assert_eq!(
            text(&element(&c.template.roots[1]).children[0]),
            "<raw> &amp;"
        );
        // Comments vanish; text either side stays separate.
        let c = ok("a.wxml", "<view>a<!-- note -->b</view><!-- top -->");
        let v = element(&c.template.roots[0]);
        assert_eq!(v.children.len(), 2);
        assert_eq!(c.template.roots.len(), 1);
        let c = ok("a.wxml", "<view>\n  hello\n</view>");
        let Node::Text(t) = &element(&c.template.roots[0]).children[0] else {
            panic!("text")
        };
        assert_eq!(t.pos, Pos { line: 2, col: 3 });
        assert_eq!(t.value, Binding::Static("\n  hello\n".into()));
    }

    #[test]
    fn angle_brackets_inside_expressions() {
        let c = ok(
            "a.wxml",
            "<view wx:if=\"{{a < b}}\">{{a<b ? 'lt' : 'ge'}}</view>",
        );
        let v = element(&c.template.roots[0]);
        let Some(Cond::If(test)) = &v.cond else {
            panic!("if")
        };
        assert_eq!(test.eval(&json!({"a": 1, "b": 2})), json!(true));
        assert_eq!(text(&v.children[0]), "ge");
        let Node::Text(t) = &v.children[0] else {
            panic!("text")
        };
        assert_eq!(t.value.eval_string(&json!({"a": 1, "b": 2})), "lt");
    }

    #[test]
    fn expression_errors_have_positions_and_render_empty() {
        let src = "<view>\n  <text class=\"a {{x +}}\">ok</text>\n  <text>before {{ a b }} after</text>\n</view>";
        let c = compile("pages/p/p.fxml", src);
        assert_eq!(
            diags(&c),
            [
                "2:23: error: bad expression: expected a value, found end of expression",
                "3:21: error: bad expression: expected end of expression, found `b`",
            ]
        );
        assert_eq!(c.diagnostics[0].file, "pages/p/p.fxml");
        let v = element(&c.template.roots[0]);
        let t0 = element(&v.children[0]);
        assert_eq!(t0.attrs[0].value, Binding::Static("a ".into()));
        assert_eq!(text(&t0.children[0]), "ok");
        assert_eq!(text(&element(&v.children[1]).children[0]), "before  after");
    }

    #[test]
    fn positions_count_characters_and_skip_inserted_values() {
        let c = compile("a.wxml", "<view 中文 x=\"{{(}}\"/>");
        assert_eq!(
            diags(&c),
            ["1:16: error: bad expression: expected a value, found end of expression"]
        );
        assert!(element(&c.template.roots[0]).attrs[0].valueless);
    }

    #[test]
    fn structure_errors() {
        let c = compile("a.wxml", "<view>\n  <text>hi\n</view>");
        assert_eq!(
            diags(&c),
            ["3:1: error: mismatched close tag `</view>`: expected `</text>` (opened at 2:3)"]
        );
        let v = element(&c.template.roots[0]);
        assert_eq!(element(&v.children[0]).tag, "text");

        let c = compile("a.wxml", "<view>\n  <text>hi</text>");
        assert_eq!(diags(&c), ["1:1: error: unclosed tag `<view>`"]);
        assert_eq!(element(&c.template.roots[0]).children.len(), 1);

        let c = compile("a.wxml", "<view></text></view>");
        assert_eq!(
            diags(&c),
            ["1:7: error: close tag `</text>` has no matching open tag"]
        );
        assert_eq!(c.template.roots.len(), 1);
    }

    #[test]
    fn malformed_xml_is_reported_and_the_rest_kept() {
        let c = compile(
            "a.wxml",
            "<view>\n  <text class=oops>x</text>\n  <image src=\"a.png\"/>\n</view>",
        );
        assert_eq!(
            diags(&c),
            ["2:15: error: malformed attribute: attribute values must be quoted, found `o`"]
        );
        let v = element(&c.template.roots[0]);
        let tags: Vec<&str> = v
            .children
            .iter()
            .filter_map(|n| match n {
                Node::Element(e) => Some(e.tag.as_str()),
                Node::Text(_) => None,
            })
            .collect();
        assert_eq!(tags, ["text", "image"]);

        let c = compile("a.wxml", "<view><image src=oops/><text>t</text></view>");
        assert_eq!(c.diagnostics.len(), 1, "{:?}", diags(&c));
        assert_eq!(element(&c.template.roots[0]).children.len(), 2);

        let c = compile("a.wxml", "<view>a < b</view><text>after</text>");
        assert!(c.has_errors());
        assert_eq!((c.diagnostics[0].line, c.diagnostics[0].col), (1, 9));
        assert_eq!(element(c.template.roots.last().expect("kept")).tag, "text");

        let c = compile("a.wxml", "<view class=\"a\"");
        assert!(c.has_errors());
        assert_eq!(element(&c.template.roots[0]).attrs[0].name, "class");
    }

    #[test]
    fn modules_templates_imports_are_plain_elements() {
        let src = "<import src=\"../t/t.wxml\"/>\n<include src=\"/common/head.wxml\"/>\n\
                   <wxs module=\"m\">var f = function(a) { return a < 1 && a > -1 ? '&lt;' : a; };\nmodule.exports = {f: f};</wxs>\n\
                   <template name=\"card\"><text>{{title}}</text></template>\n\
                   <template is=\"card\" data=\"{{...item, title}}\"/>\n\
                   <text>{{m.f(x)}}</text>";
        let c = ok("p/x.wxml", src);
        let tags: Vec<&str> = c
            .template
            .roots
            .iter()
            .map(|n| element(n).tag.as_str())
            .collect();
        assert_eq!(
            tags,
            ["import", "include", "wxs", "template", "template", "text"]
        );
        assert_eq!(
            element(&c.template.roots[0]).attrs[0].value,
            Binding::Static("../t/t.wxml".into())
        );
        assert_eq!(
            element(&c.template.roots[1])
                .attr("src")
                .map(|a| a.value.clone()),
            Some(Binding::Static("/common/head.wxml".into()))
        );
        let code = text(&element(&c.template.roots[2]).children[0]);
        assert!(
            code.starts_with("var f = function(a) { return a < 1 && a > -1 ? '&lt;'"),
            "{code}"
        );
        let data = element(&c.template.roots[4])
            .attr("data")
            .map(|a| a.value.clone())
            .expect("data");
        assert_eq!(
            data.eval(&json!({"item": {"a": 1}, "title": "T"})),
            json!({"a": 1, "title": "T"})
        );
    }

    #[test]
    fn calls_on_data_warn_but_wxs_calls_do_not() {
        let c = compile(
            "p/x.fxml",
            "<fxs module=\"tools\" src=\"./t.fxs\"/>\n<text>{{tools.fmt(p)}} {{p.toFixed(2)}}</text>",
        );
        assert_eq!(diags(&c), [
            "2:26: warning: `p.toFixed(…)` is not a call of a <wxs> module function; calls on data are not supported and evaluate to undefined",
        ]);
        let Node::Text(t) = &element(&c.template.roots[1]).children[0] else {
            panic!("text")
        };
        assert_eq!(t.value.eval_string(&json!({"p": 1.5})), " ");
    }

    #[test]
    fn unclosed_mustache_is_text_with_a_warning() {
        let c = compile("a.wxml", "<text>a {{ b</text>");
        assert_eq!(
            diags(&c),
            ["1:9: warning: `{{` without a closing `}}` is kept as text"]
        );
        assert_eq!(text(&element(&c.template.roots[0]).children[0]), "a {{ b");
    }

    #[test]
    fn lenient_comments_and_declaration() {
        let c = ok(
            "a.wxml",
            "<?xml version=\"1.0\"?>\n<view>\n<!-- ---- list -- here --->\n<text>x</text></view>",
        );
        assert_eq!(
            element(&element(&c.template.roots[0]).children[0]).pos,
            Pos { line: 4, col: 1 }
        );
    }

    #[test]
    fn byte_order_mark_and_empty_input() {
        let c = ok("a.wxml", "\u{FEFF}<view/>");
        assert_eq!(element(&c.template.roots[0]).pos, Pos { line: 1, col: 2 });
        assert!(ok("a.wxml", "").template.roots.is_empty());
        assert!(ok("a.wxml", "  \n ").template.roots.is_empty());
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for src in [
            "<",
            "<<",
            "</",
            "<a",
            "<a b",
            "<a b=",
            "<a b='",
            "{{",
            "}}",
            "<a>{{'</a>",
            "<!--",
            "<![CDATA[",
            "<?xml version=\"1.0\"?><a/>",
            "<!DOCTYPE html><a/>",
            "<a></b></c>",
            "&",
            "<a x=\"&#xFFFFFF;\"/>",
            "<wxs module=\"m\">",
            "<a b=\"{{\"/>",
            "<a {{x}}/>",
            "<中文 属性=\"值\">文</中文>",
            "<a b='1' b='2'/>",
        ] {
            let c = compile("a.wxml", src);
            for d in &c.diagnostics {
                assert!(d.line >= 1 && d.col >= 1, "{src:?}: {d}");
            }
        }
        let deep = "<view>".repeat(100_000);
        let c = compile("a.wxml", &deep);
        assert_eq!(c.diagnostics.len(), 257);
        assert!(c
            .diagnostics
            .iter()
            .any(|d| d.message.contains("nested deeper")));
        let balanced = format!(
            "{}<text>x</text>{}",
            "<view>".repeat(300),
            "</view>".repeat(300)
        );
        let c = compile("a.wxml", &balanced);
        assert_eq!(
            diags(&c),
            ["1:1537: error: elements nested deeper than 256 levels are flattened"]
        );
    }
}
