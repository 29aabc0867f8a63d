//! Linking a page's markup across files: `<import>`, `<include>`, `<template name>` and
//! `<wxs>` declarations are taken out of the element trees and turned into a [`Program`]:
//! every file the page reaches, each with what it renders, the templates it defines, the
//! files it imports and the modules it declares.
//!
//! The crate does no I/O: the caller hands in a [`MarkupSource`] that resolves and reads
//! bundle files. Rules (template.md §6, §7, §11):
//!
//! - `import` brings only the imported file's own `<template name>` definitions; it is not
//!   transitive. Names are looked up in the current file first, then its direct imports.
//! - `include` pastes the included file's content (everything except `<template>` and `<wxs>`
//!   definitions) where it stands; includes nest. An include cycle is an error at the tag
//!   that closes it, and that include renders nothing.
//! - Paths are relative to the file, or absolute from the package root; `.wxml` and `.fxml`
//!   resolve equally and the extension may be left out.
//! - Content keeps the file it was written in: a template body or included content looks
//!   up templates and `<wxs>` modules in its own file (modules are visible only in the file
//!   that declares them).

use crate::binding::Binding;
use crate::tree::{Element, Node, Pos, Template};
use crate::Compiled;
use fc_protocol::Diagnostic;
use std::collections::HashMap;

/// Where linked files come from. fcplayer implements it over the bundle.
pub trait MarkupSource {
    /// The bundle path that `target`, written in the file at `from`, names (relative, or
    /// absolute from the package root); `Err` says why there is none.
    fn resolve(&self, from: &str, target: &str) -> Result<String, String>;
    fn exists(&self, path: &str) -> bool;
    fn read(&self, path: &str) -> Result<String, String>;
}

/// A source with no files: every import and include is missing.
pub struct NoFiles;

impl MarkupSource for NoFiles {
    fn resolve(&self, _from: &str, target: &str) -> Result<String, String> {
        Ok(target.trim_start_matches('/').to_string())
    }
    fn exists(&self, _path: &str) -> bool {
        false
    }
    fn read(&self, path: &str) -> Result<String, String> {
        Err(format!("{path}: no such file"))
    }
}

/// A page's template and every file it reaches. One per page, shared read-only.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// `files[0]` is the page's own file; the others in the order they were first reached.
    pub files: Vec<LinkedFile>,
    /// Every file's compile diagnostics and the link's own, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// One markup file after linking.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedFile {
    /// The bundle path, e.g. `pages/index/index.wxml`.
    pub path: String,
    /// What the file renders: its nodes without `<template name>`, `<import>` and `<wxs>`.
    /// An `<include>` that resolved stays, its `src` rewritten to the bundle path of the file
    /// (see [`Program::index_of`]); one that did not is removed.
    pub roots: Vec<Node>,
    /// The `<template name="…">` elements defined here (anywhere in the file), in order.
    pub definitions: Vec<Element>,
    /// Files imported directly, in order (indices into [`Program::files`]).
    pub imports: Vec<usize>,
    /// The `<wxs>` modules declared here.
    pub modules: Vec<WxsModule>,
}

/// A `<wxs module="name">` declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct WxsModule {
    pub name: String,
    pub source: ModuleSource,
    /// Where the `<wxs>` tag is.
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ModuleSource {
    /// The script between the tags; `pos` is where its first non-blank character sits in
    /// the markup file, so errors can point into the markup.
    Inline { code: String, pos: Pos },
    /// `src="./tools.wxs"`, resolved to a bundle path.
    File(String),
}

impl Program {
    /// The program of one already compiled file that reaches no other file (tests, and
    /// pages whose imports are resolved elsewhere).
    pub fn standalone(compiled: Compiled) -> Program {
        let mut linker = Linker::new(&NoFiles);
        linker.add(compiled);
        linker.finish()
    }

    pub fn page(&self) -> &LinkedFile {
        &self.files[0]
    }

    /// The index of the linked file at a bundle path.
    pub fn index_of(&self, path: &str) -> Option<usize> {
        self.files.iter().position(|f| f.path == path)
    }

    /// The template `name` as seen from file `file`: its own definitions first (a later one
    /// with the same name wins), then those of its direct imports (a later import wins).
    /// Returns the defining file's index and the `<template name>` element.
    pub fn find_template(&self, file: usize, name: &str) -> Option<(usize, &Element)> {
        let own = self.files.get(file)?;
        let defined = |f: usize| {
            self.files.get(f).and_then(|lf| {
                lf.definitions
                    .iter()
                    .rev()
                    .find(|d| template_name(d) == Some(name))
                    .map(|d| (f, d))
            })
        };
        defined(file).or_else(|| own.imports.iter().rev().find_map(|&i| defined(i)))
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The static `name` of a `<template name>` element.
pub fn template_name(e: &Element) -> Option<&str> {
    e.attr("name").and_then(|a| a.value.as_static())
}

/// Compiles the page at `path` and links every file it reaches through `files`.
pub fn link(path: &str, source: &str, files: &dyn MarkupSource) -> Program {
    let mut linker = Linker::new(files);
    linker.add(crate::compile(path, source));
    linker.finish()
}

/// An `<import>` or `<include>` edge, kept for the cycle checks.
struct Edge {
    from: usize,
    to: usize,
    pos: Pos,
}

struct Linker<'a> {
    source: &'a dyn MarkupSource,
    files: Vec<LinkedFile>,
    by_path: HashMap<String, usize>,
    /// Files compiled but not yet walked.
    queue: Vec<(usize, Vec<Node>)>,
    includes: Vec<Edge>,
    imports: Vec<Edge>,
    diags: Vec<Diagnostic>,
    /// Files whose extension picks the `fx:`-style prefix: the page's, for extension-less paths.
    page_ext: String,
}

impl<'a> Linker<'a> {
    fn new(source: &'a dyn MarkupSource) -> Self {
        Linker {
            source,
            files: Vec::new(),
            by_path: HashMap::new(),
            queue: Vec::new(),
            includes: Vec::new(),
            imports: Vec::new(),
            diags: Vec::new(),
            page_ext: "wxml".into(),
        }
    }

    /// Adds a compiled file and links everything it reaches.
    fn add(&mut self, compiled: Compiled) -> usize {
        if self.files.is_empty() {
            if let Some((_, ext)) = compiled.template.file.rsplit_once('.') {
                self.page_ext = ext.to_string();
            }
        }
        let Compiled {
            template: Template { file, roots },
            diagnostics,
        } = compiled;
        self.diags.extend(diagnostics);
        let index = self.files.len();
        self.by_path.insert(file.clone(), index);
        self.files.push(LinkedFile {
            path: file,
            roots: Vec::new(),
            definitions: Vec::new(),
            imports: Vec::new(),
            modules: Vec::new(),
        });
        self.queue.push((index, roots));
        while let Some((i, roots)) = self.queue.pop() {
            let mut defs = Vec::new();
            let roots = self.walk(i, roots, &mut defs, false);
            self.files[i].roots = roots;
            self.files[i].definitions = defs;
        }
        index
    }

    fn finish(mut self) -> Program {
        self.check_cycles();
        let mut program = Program {
            files: self.files,
            diagnostics: self.diags,
        };
        check_template_calls(&mut program);
        crate::tags::check_tags(&mut program);
        program
    }

    fn path(&self, file: usize) -> String {
        self.files[file].path.clone()
    }

    fn error(&mut self, file: usize, pos: Pos, msg: impl Into<String>) {
        let path = self.path(file);
        self.diags
            .push(Diagnostic::error(path, pos.line, pos.col, msg));
    }

    fn warning(&mut self, file: usize, pos: Pos, msg: impl Into<String>) {
        let path = self.path(file);
        self.diags
            .push(Diagnostic::warning(path, pos.line, pos.col, msg));
    }

    /// Takes declarations out of `nodes` (recursively), queueing the files they name.
    /// `in_definition`: inside a `<template name>` body (definitions do not nest).
    fn walk(
        &mut self,
        file: usize,
        nodes: Vec<Node>,
        defs: &mut Vec<Element>,
        in_definition: bool,
    ) -> Vec<Node> {
        let mut out = Vec::with_capacity(nodes.len());
        for node in nodes {
            let Node::Element(mut el) = node else {
                out.push(node);
                continue;
            };
            match el.tag.as_str() {
                "template" if el.attr("is").is_none() => {
                    if template_name(&el).is_none_or(str::is_empty) {
                        self.error(file, el.pos, "`<template>` needs a `name` or an `is`");
                        continue;
                    }
                    if in_definition {
                        self.error(
                            file,
                            el.pos,
                            "a `<template name>` cannot be defined inside another",
                        );
                        continue;
                    }
                    let children = std::mem::take(&mut el.children);
                    el.children = self.walk(file, children, defs, true);
                    defs.push(el);
                }
                "import" => {
                    if let Some(target) = self.load_src(file, &el, "import") {
                        if !self.files[file].imports.contains(&target) {
                            self.files[file].imports.push(target);
                        }
                        self.imports.push(Edge {
                            from: file,
                            to: target,
                            pos: el.pos,
                        });
                    }
                }
                "include" => {
                    if let Some(target) = self.load_src(file, &el, "include") {
                        self.includes.push(Edge {
                            from: file,
                            to: target,
                            pos: el.pos,
                        });
                        let path = self.path(target);
                        el.attrs.retain(|a| a.name != "src");
                        el.attrs.push(crate::tree::Attr {
                            name: "src".into(),
                            value: Binding::Static(path),
                            pos: el.pos,
                            valueless: false,
                        });
                        el.children.clear();
                        out.push(Node::Element(el));
                    }
                }
                tag if crate::directives::module_tags(&crate::directives::directive_prefixes(
                    &self.files[file].path,
                ))
                .iter()
                .any(|m| m == tag) =>
                {
                    self.declare_module(file, el);
                }
                _ => {
                    let children = std::mem::take(&mut el.children);
                    el.children = self.walk(file, children, defs, in_definition);
                    out.push(Node::Element(el));
                }
            }
        }
        out
    }

    /// Resolves and loads the markup file an `<import>`/`<include>` names.
    fn load_src(&mut self, file: usize, el: &Element, what: &str) -> Option<usize> {
        let Some(src) = el.attr("src").and_then(|a| a.value.as_static()) else {
            self.error(file, el.pos, format!("`<{what}>` needs a static `src`"));
            return None;
        };
        let src = src.trim().to_string();
        let from = self.path(file);
        let resolved = match self.source.resolve(&from, &src) {
            Ok(p) => p,
            Err(e) => {
                self.error(file, el.pos, format!("cannot {what} `{src}`: {e}"));
                return None;
            }
        };
        let Some(path) = self
            .markup_candidates(&resolved)
            .into_iter()
            .find(|p| self.by_path.contains_key(p) || self.source.exists(p))
        else {
            self.error(
                file,
                el.pos,
                format!("cannot {what} `{src}`: no such file (looked for `{resolved}`)"),
            );
            return None;
        };
        if let Some(&i) = self.by_path.get(&path) {
            return Some(i);
        }
        match self.source.read(&path) {
            Ok(text) => {
                let compiled = crate::compile(&path, &text);
                let Compiled {
                    template: Template { file: p, roots },
                    diagnostics,
                } = compiled;
                self.diags.extend(diagnostics);
                let index = self.files.len();
                self.by_path.insert(p.clone(), index);
                self.files.push(LinkedFile {
                    path: p,
                    roots: Vec::new(),
                    definitions: Vec::new(),
                    imports: Vec::new(),
                    modules: Vec::new(),
                });
                self.queue.push((index, roots));
                Some(index)
            }
            Err(e) => {
                self.error(file, el.pos, format!("cannot {what} `{src}`: {e}"));
                None
            }
        }
    }

    /// The bundle paths a markup reference may mean: as written when it names a markup
    /// extension (and the other spelling of it), else with the page's extension, `.wxml` or
    /// `.fxml` added.
    fn markup_candidates(&self, resolved: &str) -> Vec<String> {
        let name = resolved.rsplit('/').next().unwrap_or(resolved);
        if let Some((stem, ext)) = resolved.rsplit_once('.').filter(|_| name.contains('.')) {
            if ext.ends_with("ml") {
                let mut out = vec![resolved.to_string()];
                for other in ["wxml", "fxml"] {
                    if other != ext {
                        out.push(format!("{stem}.{other}"));
                    }
                }
                return out;
            }
        }
        let mut out = vec![format!("{resolved}.{}", self.page_ext)];
        for ext in ["wxml", "fxml"] {
            let p = format!("{resolved}.{ext}");
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    fn declare_module(&mut self, file: usize, el: Element) {
        let name = el
            .attr("module")
            .and_then(|a| a.value.as_static())
            .map(|s| s.trim().to_string());
        let Some(name) = name.filter(|n| crate::directives::is_identifier(n)) else {
            self.error(
                file,
                el.pos,
                format!("`<{}>` needs a `module` name that is an identifier", el.tag),
            );
            return;
        };
        let code = el.children.iter().find_map(|n| match n {
            Node::Text(t) => t
                .value
                .as_static()
                .filter(|s| !s.trim().is_empty())
                .map(|s| (s.trim_start().to_string(), t.pos)),
            Node::Element(_) => None,
        });
        let source = match (el.attr("src").and_then(|a| a.value.as_static()), code) {
            (Some(src), code) => {
                if code.is_some() {
                    self.warning(
                        file,
                        el.pos,
                        format!(
                            "`<{}>` has both `src` and a body: the body is ignored",
                            el.tag
                        ),
                    );
                }
                let from = self.path(file);
                match self.source.resolve(&from, src.trim()) {
                    Ok(p) if self.source.exists(&p) => ModuleSource::File(p),
                    Ok(p) => {
                        self.error(file, el.pos, format!("module `{name}`: no such file `{p}`"));
                        return;
                    }
                    Err(e) => {
                        self.error(file, el.pos, format!("module `{name}`: {e}"));
                        return;
                    }
                }
            }
            (None, Some((code, pos))) => ModuleSource::Inline { code, pos },
            (None, None) => ModuleSource::Inline {
                code: String::new(),
                pos: el.pos,
            },
        };
        let modules = &mut self.files[file].modules;
        // A duplicate name in one file: the later one wins.
        modules.retain(|m| m.name != name);
        modules.push(WxsModule {
            name,
            source,
            pos: el.pos,
        });
    }

    /// An include cycle would paste forever: the include that closes it is reported and
    /// dropped. An import cycle is harmless (imports are not transitive) but is a mistake
    /// worth a warning.
    fn check_cycles(&mut self) {
        let includes = std::mem::take(&mut self.includes);
        let mut kept: Vec<&Edge> = Vec::new();
        let mut dropped: Vec<(usize, Pos)> = Vec::new();
        for e in &includes {
            if reaches(&kept, e.to, e.from) {
                let msg = format!(
                    "include cycle: `{}` includes `{}`, which includes it back",
                    self.files[e.from].path, self.files[e.to].path
                );
                self.error(e.from, e.pos, msg);
                dropped.push((e.from, e.pos));
            } else {
                kept.push(e);
            }
        }
        for (file, pos) in dropped {
            remove_include_at(&mut self.files[file].roots, pos);
            for def in &mut self.files[file].definitions {
                remove_include_at(&mut def.children, pos);
            }
        }
        let imports = std::mem::take(&mut self.imports);
        for (i, e) in imports.iter().enumerate() {
            let earlier: Vec<&Edge> = imports[..i].iter().collect();
            if e.from == e.to || reaches(&earlier, e.to, e.from) {
                let msg = format!(
                    "import cycle: `{}` imports `{}`, which imports it back (imports are not \
                     transitive, so this does nothing)",
                    self.files[e.from].path, self.files[e.to].path
                );
                self.warning(e.from, e.pos, msg);
            }
        }
    }
}

/// True when `edges` lead from `from` to `to` (or they are the same file).
fn reaches(edges: &[&Edge], from: usize, to: usize) -> bool {
    let mut seen = vec![from];
    let mut stack = vec![from];
    while let Some(f) = stack.pop() {
        if f == to {
            return true;
        }
        for e in edges.iter().filter(|e| e.from == f) {
            if !seen.contains(&e.to) {
                seen.push(e.to);
                stack.push(e.to);
            }
        }
    }
    false
}

/// A `<template is="name">` with a static name that no visible definition has is an error
/// (a dynamic `is` can only be checked when it is evaluated).
fn check_template_calls(program: &mut Program) {
    let mut missing = Vec::new();
    for (i, f) in program.files.iter().enumerate() {
        let mut visit = |e: &Element| {
            if e.tag != "template" {
                return;
            }
            if let Some(name) = e.attr("is").and_then(|a| a.value.as_static()) {
                if program.find_template(i, name.trim()).is_none() {
                    missing.push(Diagnostic::error(
                        f.path.clone(),
                        e.pos.line,
                        e.pos.col,
                        format!(
                            "no template named `{}` is defined in this file or its imports",
                            name.trim()
                        ),
                    ));
                }
            }
        };
        for_each_element(&f.roots, &mut visit);
        for d in &f.definitions {
            for_each_element(&d.children, &mut visit);
        }
    }
    program.diagnostics.extend(missing);
}

/// Visits every element under `nodes`, depth first, in document order.
pub(crate) fn for_each_element(nodes: &[Node], f: &mut dyn FnMut(&Element)) {
    for n in nodes {
        if let Node::Element(e) = n {
            f(e);
            for_each_element(&e.children, f);
        }
    }
}

fn remove_include_at(nodes: &mut Vec<Node>, pos: Pos) {
    nodes.retain(|n| !matches!(n, Node::Element(e) if e.tag == "include" && e.pos == pos));
    for n in nodes {
        if let Node::Element(e) = n {
            remove_include_at(&mut e.children, pos);
        }
    }
}

#[cfg(test)]
mod tests;
