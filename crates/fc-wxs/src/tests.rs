use crate::{Loader, WxsRuntime};
use fc_template::{ModuleSource, Pos, WxsModule};
use fc_view::WxsHost;
use serde_json::json;
use std::collections::HashMap;

const PAGE: &str = "pages/a/a.wxml";

fn loader(files: &[(&'static str, &'static str)]) -> Loader {
    let files: HashMap<&str, &str> = files.iter().copied().collect();
    Box::new(move |p: &str| {
        files
            .get(p)
            .map(|s| s.to_string())
            .ok_or_else(|| "no such file".to_string())
    })
}

fn inline(name: &str, code: &str, line: u32) -> WxsModule {
    WxsModule {
        name: name.into(),
        source: ModuleSource::Inline {
            code: code.into(),
            pos: Pos { line, col: 3 },
        },
        pos: Pos {
            line: line - 1,
            col: 1,
        },
    }
}

fn runtime(modules: Vec<WxsModule>, files: &[(&'static str, &'static str)]) -> WxsRuntime {
    WxsRuntime::new([(PAGE.to_string(), modules)].into(), loader(files)).expect("engine")
}

fn diags(rt: &WxsRuntime) -> Vec<String> {
    rt.take_diagnostics()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn inline_and_file_modules_with_require() {
    let rt = runtime(
        vec![
            inline(
                "m",
                "var twice = function (x) { return x * 2; };\nmodule.exports = { twice: twice, PI: 2.5, name: 'm' };",
                2,
            ),
            WxsModule {
                name: "tools".into(),
                source: ModuleSource::File("pages/a/tools.wxs".into()),
                pos: Pos { line: 5, col: 1 },
            },
        ],
        &[
            (
                "pages/a/tools.wxs",
                "var fmt = require('./fmt.wxs');\nmodule.exports.price = function (p) { return fmt.money(p); };",
            ),
            (
                "pages/a/fmt.wxs",
                "module.exports = { money: function (p) { return '¥' + p.toFixed(2); } };",
            ),
        ],
    );
    assert!(rt.has_module(PAGE, "m"));
    assert!(!rt.has_module(PAGE, "x"));
    assert!(!rt.has_module("other.wxml", "m"), "modules are per file");
    assert_eq!(rt.call(PAGE, "m", "twice", &[json!(21)]), Some(json!(42)));
    assert_eq!(
        rt.call(PAGE, "tools", "price", &[json!(3)]),
        Some(json!("¥3.00"))
    );
    assert_eq!(rt.call(PAGE, "m", "nope", &[]), None);
    assert_eq!(rt.call("other.wxml", "m", "twice", &[json!(1)]), None);
    assert_eq!(rt.exports(PAGE, "m"), Some(json!({"PI": 2.5, "name": "m"})));
    assert!(diags(&rt).is_empty());
}

#[test]
fn isolated_context_with_wxs_builtins() {
    let rt = runtime(
        vec![inline(
            "env",
            "module.exports = {\n  globals: function () { return [typeof wx, typeof ft, typeof getApp, typeof Page, typeof getCurrentPages].join(','); },\n  year: function () { return getDate(2020, 0, 15).getFullYear(); },\n  re: function (s) { return getRegExp('^a+$', 'i').test(s); },\n  state: function () { counter = (typeof counter === 'number' ? counter : 0) + 1; return counter; }\n};",
            2,
        )],
        &[],
    );
    assert_eq!(
        rt.call(PAGE, "env", "globals", &[]),
        Some(json!("undefined,undefined,undefined,undefined,undefined"))
    );
    assert_eq!(rt.call(PAGE, "env", "year", &[]), Some(json!(2020)));
    assert_eq!(
        rt.call(PAGE, "env", "re", &[json!("AAa")]),
        Some(json!(true))
    );
    // The module is a singleton: state persists between calls.
    assert_eq!(rt.call(PAGE, "env", "state", &[]), Some(json!(1)));
    assert_eq!(rt.call(PAGE, "env", "state", &[]), Some(json!(2)));
}

#[test]
fn errors_are_located_and_never_panic() {
    let rt = runtime(
        vec![
            inline("bad", "var a = ;\nmodule.exports = {};", 4),
            inline(
                "throws",
                "module.exports = {\n  f: function (x) { return x.y.z; }\n};",
                10,
            ),
            inline(
                "spin",
                "module.exports = { f: function () { while (true) {} } };",
                20,
            ),
            WxsModule {
                name: "gone".into(),
                source: ModuleSource::File("pages/a/gone.wxs".into()),
                pos: Pos { line: 30, col: 5 },
            },
            inline(
                "req",
                "module.exports = { f: function () { return require('./missing.wxs'); } };",
                40,
            ),
        ],
        &[],
    );
    assert_eq!(rt.call(PAGE, "bad", "f", &[]), None);
    let d = diags(&rt);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].starts_with("pages/a/a.wxml:4:"), "{d:?}");
    assert!(d[0].contains("SyntaxError"), "{d:?}");
    // Reported once, not on every evaluation.
    assert_eq!(rt.call(PAGE, "bad", "f", &[]), None);
    assert!(diags(&rt).is_empty());

    assert_eq!(rt.call(PAGE, "throws", "f", &[json!({})]), None);
    let d = diags(&rt);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].starts_with("pages/a/a.wxml:11:"), "{d:?}");
    assert!(d[0].contains("TypeError"), "{d:?}");

    assert_eq!(rt.call(PAGE, "spin", "f", &[]), None);
    assert_eq!(diags(&rt).len(), 1);

    assert_eq!(rt.call(PAGE, "gone", "f", &[]), None);
    assert_eq!(
        diags(&rt),
        ["pages/a/a.wxml:30:5: error: wxs module `gone`: cannot read `pages/a/gone.wxs`: no such file"]
    );
    assert_eq!(rt.call(PAGE, "req", "f", &[]), None);
    let d = diags(&rt);
    assert!(d[0].starts_with("pages/a/a.wxml:40:"), "{d:?}");
    assert!(d[0].contains("pages/a/missing.wxs"), "{d:?}");
}

#[test]
fn no_modules_no_engine() {
    let program = fc_template::Program::standalone(fc_template::compile(PAGE, "<view/>"));
    let rt = WxsRuntime::for_program(&program, loader(&[])).expect("ok");
    assert!(rt.is_none());
}
