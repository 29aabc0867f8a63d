use super::*;
use crate::parse::tests::element;
use std::collections::HashMap;

/// An in-memory bundle.
struct Files(HashMap<&'static str, &'static str>);

impl MarkupSource for Files {
    fn resolve(&self, from: &str, target: &str) -> Result<String, String> {
        if let Some(abs) = target.strip_prefix('/') {
            return Ok(abs.to_string());
        }
        let mut parts: Vec<&str> = from.split('/').collect();
        parts.pop();
        for seg in target.split('/') {
            match seg {
                "." | "" => {}
                ".." => {
                    parts.pop().ok_or("escapes the bundle")?;
                }
                s => parts.push(s),
            }
        }
        Ok(parts.join("/"))
    }
    fn exists(&self, path: &str) -> bool {
        self.0.contains_key(path)
    }
    fn read(&self, path: &str) -> Result<String, String> {
        self.0
            .get(path)
            .map(|s| s.to_string())
            .ok_or_else(|| "no such file".into())
    }
}

fn program(page: &'static str, files: &[(&'static str, &'static str)]) -> Program {
    let files = Files(files.iter().copied().collect());
    link("pages/a/a.wxml", page, &files)
}

fn diags(p: &Program) -> Vec<String> {
    p.diagnostics.iter().map(ToString::to_string).collect()
}

fn tags(nodes: &[Node]) -> Vec<&str> {
    nodes.iter().map(|n| element(n).tag.as_str()).collect()
}

#[test]
fn import_brings_templates_not_transitively() {
    let p = program(
        "<import src=\"../../t/b.wxml\"/>\n<template is=\"b\"/><template is=\"c\"/>",
        &[
            (
                "t/b.wxml",
                "<import src=\"c\"/><template name=\"b\"><view/></template><view>not rendered by import</view>",
            ),
            ("t/c.fxml", "<template name=\"c\"><text/></template>"),
        ],
    );
    assert_eq!(
        diags(&p),
        ["pages/a/a.wxml:2:19: error: no template named `c` is defined in this file or its imports"]
    );
    assert_eq!(p.files.len(), 3);
    assert_eq!(tags(&p.page().roots), ["template", "template"]);
    let (def_file, def) = p.find_template(0, "b").expect("imported");
    assert_eq!(
        (p.files[def_file].path.as_str(), def.pos.col),
        ("t/b.wxml", 18)
    );
    assert!(
        p.find_template(0, "c").is_none(),
        "imports are not transitive"
    );
    assert!(p.find_template(1, "c").is_some());
    assert_eq!(p.files[1].imports, [2]);
}

#[test]
fn include_pastes_content_and_nests() {
    let p = program(
        "<view><include src=\"/common/head\"/></view>",
        &[
            (
                "common/head.wxml",
                "<wxs module=\"m\">module.exports = {};</wxs><template name=\"t\"/><text>head</text><include src=\"./foot.wxml\"/>",
            ),
            ("common/foot.fxml", "<text>foot</text>"),
        ],
    );
    assert!(p.diagnostics.is_empty(), "{:?}", diags(&p));
    let inc = element(&element(&p.page().roots[0]).children[0]);
    assert_eq!(inc.tag, "include");
    assert_eq!(
        inc.attr("src").and_then(|a| a.value.as_static()),
        Some("common/head.wxml")
    );
    let head = &p.files[p.index_of("common/head.wxml").expect("loaded")];
    assert_eq!(tags(&head.roots), ["text", "include"]);
    assert_eq!(head.modules.len(), 1);
    assert_eq!(head.definitions.len(), 1);
    assert!(p.index_of("common/foot.fxml").is_some());
}

#[test]
fn cycles_and_missing_files_are_located() {
    let p = program(
        "<include src=\"b.wxml\"/>\n  <import src=\"missing.wxml\"/>\n<import src=\"b\"/>",
        &[(
            "pages/a/b.wxml",
            "<include src=\"a.wxml\"/><import src=\"a\"/><template name=\"x\"/>",
        )],
    );
    assert_eq!(
        diags(&p),
        [
            "pages/a/a.wxml:2:3: error: cannot import `missing.wxml`: no such file (looked for `pages/a/missing.wxml`)",
            "pages/a/b.wxml:1:1: error: include cycle: `pages/a/b.wxml` includes `pages/a/a.wxml`, which includes it back",
            "pages/a/b.wxml:1:24: warning: import cycle: `pages/a/b.wxml` imports `pages/a/a.wxml`, which imports it back (imports are not transitive, so this does nothing)",
        ]
    );
    // The include that closed the cycle is gone; the page's own include stays.
    assert!(p.files[1].roots.is_empty());
    assert_eq!(tags(&p.page().roots), ["include"]);
}

#[test]
fn self_include_is_a_cycle() {
    let files = Files([("pages/a/a.wxml", "<include src=\"a\"/><view/>")].into());
    let p = link("pages/a/a.wxml", "<include src=\"a\"/><view/>", &files);
    assert_eq!(
        diags(&p),
        ["pages/a/a.wxml:1:1: error: include cycle: `pages/a/a.wxml` includes `pages/a/a.wxml`, which includes it back"]
    );
    assert_eq!(tags(&p.page().roots), ["view"]);
}

#[test]
fn modules_inline_and_src() {
    let p = program(
        "<wxs module=\"a\">\n  var x = 1;\nmodule.exports = x;</wxs>\n<wxs module=\"b\" src=\"./t.wxs\"/><wxs module=\"c\" src=\"nope.wxs\"/><wxs src=\"t.wxs\"/>",
        &[("pages/a/t.wxs", "module.exports = {};")],
    );
    assert_eq!(
        diags(&p),
        [
            "pages/a/a.wxml:4:32: error: module `c`: no such file `pages/a/nope.wxs`",
            "pages/a/a.wxml:4:64: error: `<wxs>` needs a `module` name that is an identifier",
        ]
    );
    let m = &p.page().modules;
    assert_eq!(m.len(), 2);
    assert_eq!(
        m[0].source,
        ModuleSource::Inline {
            code: "var x = 1;\nmodule.exports = x;".into(),
            pos: Pos { line: 2, col: 3 }
        }
    );
    assert_eq!(m[1].source, ModuleSource::File("pages/a/t.wxs".into()));
    assert!(p.page().roots.is_empty());
}

#[test]
fn unknown_tags_warn_once_per_name() {
    let p = program(
        "<foo-bar><foo-bar/></foo-bar>\n<ad unit-id=\"x\"/><view><foo-bar/><marquee/></view>",
        &[],
    );
    assert_eq!(
        diags(&p),
        [
            "pages/a/a.wxml:1:1: warning: unknown tag `<foo-bar>`: rendered as a plain container of its children",
            "pages/a/a.wxml:2:1: warning: `<ad>` is a host feature fcplayer does not provide: it renders nothing",
            "pages/a/a.wxml:2:34: warning: unknown tag `<marquee>`: rendered as a plain container of its children",
        ]
    );
    assert!(!p.has_errors());
}

#[test]
fn template_lookup_order_and_dynamic_is() {
    let p = program(
        "<import src=\"t.wxml\"/><template name=\"x\"><text>own</text></template>\
         <template is=\"{{n}}\"/><template is=\"x\"/><template name=\"\"/>",
        &[(
            "pages/a/t.wxml",
            "<template name=\"x\"><text>imported</text></template><template name=\"y\"/>",
        )],
    );
    assert_eq!(
        diags(&p),
        ["pages/a/a.wxml:1:109: error: `<template>` needs a `name` or an `is`"]
    );
    assert_eq!(p.find_template(0, "x").map(|(f, _)| f), Some(0));
    assert_eq!(p.find_template(0, "y").map(|(f, _)| f), Some(1));
    assert_eq!(tags(&p.page().roots), ["template", "template"]);
}
