//! Instantiating linked programs: `<template is>`, `<include>`, module visibility, boolean
//! attributes and tags that render nothing.

use crate::*;
use fc_protocol::{DataPatch, DataPath, Diagnostic};
use fc_style::{Cascade, ResolveContext};
use serde_json::{json, Value};
use std::collections::HashMap;

struct Files(HashMap<&'static str, &'static str>);

impl fc_template::MarkupSource for Files {
    fn resolve(&self, _from: &str, target: &str) -> Result<String, String> {
        Ok(target.trim_start_matches('/').to_string())
    }
    fn exists(&self, path: &str) -> bool {
        self.0.contains_key(path)
    }
    fn read(&self, path: &str) -> Result<String, String> {
        self.0
            .get(path)
            .map(|s| s.to_string())
            .ok_or_else(|| "missing".to_string())
    }
}

/// A fake module runtime: `fmt.up(s)` upper-cases, declared only in `t/lib.wxml`.
struct Upper;

impl WxsHost for Upper {
    fn has_module(&self, file: &str, name: &str) -> bool {
        file == "t/lib.wxml" && name == "fmt"
    }
    fn call(&self, file: &str, module: &str, function: &str, args: &[Value]) -> Option<Value> {
        if !(self.has_module(file, module) && function == "up") {
            return None;
        }
        Some(json!(args.first()?.as_str()?.to_uppercase()))
    }
    fn exports(&self, file: &str, name: &str) -> Option<Value> {
        self.has_module(file, name).then(|| json!({"tag": "fmt"}))
    }
    fn take_diagnostics(&self) -> Vec<Diagnostic> {
        Vec::new()
    }
}

fn page(src: &'static str, files: &[(&'static str, &'static str)], data: Value) -> Page {
    let program = fc_template::link("p.wxml", src, &Files(files.iter().copied().collect()));
    let mut p = Page::with_program(
        1,
        "p",
        &program,
        Cascade::new(vec![fc_style::shared_default_stylesheet()]),
    );
    p.set_wxs(Box::new(Upper));
    p.set_initial_data(data);
    restyle(&mut p);
    p
}

fn restyle(p: &mut Page) {
    p.restyle(&ResolveContext {
        viewport_width: 375.0,
        viewport_height: 667.0,
    });
}

fn dump(p: &Page) -> String {
    let mut out = String::new();
    dump_tree(&p.tree, &mut out);
    out.lines()
        .skip(1)
        .map(|l| l.split(" [").next().unwrap_or(l).trim_start().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn templates_see_only_their_data_and_their_files_modules() {
    const LIB: &str = "<template name=\"card\"><view class=\"card\">{{title}}|{{secret}}|{{fmt.up(title)}}|{{fmt.tag}}</view></template>";
    let mut p = page(
        "<import src=\"t/lib.wxml\"/>\
         <template is=\"card\" data=\"{{title, n: 1}}\"/>\
         <template is=\"card\" data=\"{{...item}}\"/>\
         <template is=\"{{which}}\" data=\"{{title: 'lit'}}\"/>\
         <template is=\"card\" data=\"{{title}}\"/>\
         <text>{{fmt.up(title)}}.</text>",
        &[("t/lib.wxml", LIB)],
        json!({"title": "hi", "secret": "S", "item": {"title": "spread"}, "which": "card"}),
    );
    assert_eq!(
        dump(&p),
        "view.card \"hi||HI|fmt\" view.card \"spread||SPREAD|fmt\" view.card \"lit||LIT|fmt\" view.card \"hi||HI|fmt\" text \".\""
    );
    patch(&mut p, "item.title", json!("changed"));
    patch(&mut p, "which", json!("nope"));
    assert_eq!(
        dump(&p),
        "view.card \"hi||HI|fmt\" view.card \"changed||CHANGED|fmt\" view.card \"hi||HI|fmt\" text \".\""
    );
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.message.contains("no template named `nope`") && !d.is_error()));
}

#[test]
fn includes_paste_content_with_the_pages_data() {
    let mut p = page(
        "<view id=\"a\"><include src=\"inc/h.wxml\"/></view>",
        &[
            (
                "inc/h.wxml",
                "<template name=\"x\"/><text>{{title}}</text><include src=\"inc/f.wxml\"/>",
            ),
            ("inc/f.wxml", "<text>foot {{n}}</text>"),
        ],
        json!({"title": "T", "n": 1}),
    );
    assert_eq!(dump(&p), "view#a text \"T\" text \"foot 1\"");
    patch(&mut p, "n", json!(2));
    assert_eq!(dump(&p), "view#a text \"T\" text \"foot 2\"");
}

#[test]
fn boolean_attributes_and_tags_that_render_nothing() {
    let p = page(
        "<view id=\"a\" hidden=\"\">a</view><view id=\"b\" hidden>b</view>\
         <view id=\"c\" hidden=\"false\">c</view><view id=\"d\" hidden=\"{{false}}\">d</view>\
         <ad unit-id=\"1\"><text>no</text></ad><open-data/><foo-bar id=\"u\"><text>kept</text></foo-bar>\
         <button id=\"btn\" disabled plain=\"\"/>",
        &[],
        json!({}),
    );
    assert_eq!(
        dump(&p),
        "view#a \"a\" view#d \"d\" foo-bar#u text \"kept\" button#btn"
    );
    let kids = p.tree.flat_children(p.tree.root());
    let btn = p
        .tree
        .element(*kids.last().expect("button"))
        .expect("element");
    assert_eq!(btn.attrs.get("disabled"), Some(&json!(true)));
    assert_eq!(btn.attrs.get("plain"), Some(&json!("")));
}

fn patch(p: &mut Page, path: &str, value: Value) {
    p.apply_patches(&[DataPatch {
        path: DataPath::parse(path).expect("path"),
        value,
    }]);
    restyle(p);
}
