use super::to_commonjs;

fn convert(text: &str) -> String {
    to_commonjs(text).expect("has module syntax")
}

/// The body without the exports tail (after the file's last line).
fn body(text: &str) -> String {
    let out = convert(text);
    let lines = text.lines().count();
    out.lines().take(lines).collect::<Vec<_>>().join("\n")
}

fn tail(text: &str) -> String {
    let out = convert(text);
    out.lines().last().unwrap_or_default().to_string()
}

#[test]
fn plain_scripts_are_left_alone() {
    assert_eq!(
        to_commonjs("var a = require('./a');\nmodule.exports = a;"),
        None
    );
    assert_eq!(
        to_commonjs("const s = 'import x from \"y\"'; // export default 1"),
        None
    );
    assert_eq!(
        to_commonjs("const t = `\n${a}\nimport x from 'y'\n`;"),
        None
    );
    assert_eq!(
        to_commonjs("/* export const a = 1 */ f(import('./x'));"),
        None
    );
    assert_eq!(
        to_commonjs("const re = /export default/g; a.import = 1;"),
        None
    );
    assert_eq!(
        to_commonjs("function f() { import x from 'y' }"),
        None,
        "not top level"
    );
}

#[test]
fn imports_become_requires_on_the_same_lines() {
    assert_eq!(body("import './a';\nx();"), "require('./a');\nx();");
    assert_eq!(
        body("import x from './a'"),
        "const x = (function (m) { return m && m.__esModule ? m.default : m; })(require('./a'));"
    );
    assert_eq!(
        body("import { a, b as c } from \"./m\";"),
        "const { \"a\": a, \"b\": c } = require(\"./m\");"
    );
    assert_eq!(
        body("import * as m from './m';"),
        "const m = require('./m');"
    );
    let mixed = body("import d, {\n  a,\n  default as e\n} from './m';\nuse(a);");
    assert_eq!(mixed.lines().count(), 5, "{mixed}");
    assert!(
        mixed.starts_with("const __fc_m1 = require('./m'); const d = "),
        "{mixed}"
    );
    assert!(
        mixed.contains("const { \"a\": a, \"default\": e } = __fc_m1;"),
        "{mixed}"
    );
    assert!(mixed.ends_with("\nuse(a);"), "{mixed}");
}

#[test]
fn exports_keep_columns_and_define_getters() {
    let text = "export const a = 1, b = [1, 2];\nexport function f() {}\nexport class K {}\nlet z = 1;\nexport { z as zz };";
    let out = body(text);
    assert_eq!(
        out,
        "       const a = 1, b = [1, 2];\n       function f() {}\n       class K {}\nlet z = 1;\n"
    );
    let t = tail(text);
    for name in ["a", "b", "f", "K", "zz"] {
        assert!(t.contains(&format!("exports, \"{name}\"")), "{name}: {t}");
    }
    assert!(t.contains("return z;"), "{t}");
    assert!(t.contains("__esModule"), "{t}");
}

#[test]
fn default_exports() {
    assert_eq!(
        body("export default { a: 1 };"),
        "exports.default = { a: 1 };"
    );
    assert_eq!(
        body("export default function () {}"),
        "exports.default = function () {}"
    );
    assert_eq!(
        body("export default function g() {}"),
        "               function g() {}"
    );
    assert!(tail("export default class A {}").contains("\"default\""));
    assert!(tail("export default async function h() {}").contains("return h;"));
}

#[test]
fn destructured_and_re_exports() {
    let t = tail("export const { a, b: c, d = f(x), ...e } = obj;");
    for name in ["a", "c", "d", "e"] {
        assert!(t.contains(&format!("\"{name}\"")), "{name}: {t}");
    }
    assert!(!t.contains("\"x\"") && !t.contains("\"b\""), "{t}");
    let text = "export { a as b } from './m';\nexport * from './n';\nexport * as ns from './o';";
    let out = convert(text);
    assert!(
        out.starts_with("const __fc_m1 = require('./m');\n(function (m)"),
        "{out}"
    );
    assert!(out.contains("return __fc_m1[\"a\"];"), "{out}");
    assert!(out.contains("const __fc_m3 = require('./o');"), "{out}");
}

#[test]
fn templates_and_regexes_do_not_hide_statements() {
    let text =
        "const t = `a ${ {x: '}'}.x } b`;\nconst r = a / 2 / b;\nexport const q = /[/]/.test(t);";
    let out = body(text);
    assert!(out.ends_with("       const q = /[/]/.test(t);"), "{out}");
}

#[test]
fn broken_input_never_panics() {
    let samples = [
        "import",
        "export",
        "import '",
        "import x from '\\",
        "export {",
        "export { a as",
        "import {a as} from",
        "export default",
        "export const",
        "export * as",
        "`${",
        "/",
        "import é from 'ü';",
        "export const é = '\\é';",
        "import x from \"",
        "'\\",
        "export function",
        "export class extends B {}",
        "import * from 'x'",
    ];
    for text in samples {
        let _ = to_commonjs(text);
        for cut in 0..text.len() {
            if text.is_char_boundary(cut) {
                let _ = to_commonjs(&text[..cut]);
            }
        }
    }
}
