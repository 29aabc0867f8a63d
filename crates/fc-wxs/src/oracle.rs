//! The template expression evaluator against JavaScript itself: every expression below is
//! evaluated by fc-template and by boa (with the same data as global variables), and the
//! answers must agree. Nothing here is written by hand but the expressions.
//!
//! JSON alone would hide differences (`undefined` and `NaN` both become `null`, `-0` becomes
//! `0`), so each expression `E` is compared through four probes that both sides evaluate:
//! `E` as JSON, `typeof (E)`, `(E) + ''` and `1 / (E) + ''` (the last tells `-0` from `0`).

use boa_engine::{js_string, Context, JsValue, Source};
use fc_template::Expr;
use serde_json::{json, Value};

const EXPRESSIONS: &[&str] = &[
    // Arithmetic and coercion.
    "1 + 2",
    "1 + '2'",
    "'3' - 1",
    "'3' * '4'",
    "10 / 4",
    "1 / 0",
    "-1 / 0",
    "0 / 0",
    "7 % 3",
    "-7 % 3",
    "5.5 % 2",
    "7 % -3",
    "0.1 + 0.2",
    "1e21 + ''",
    "1e-7 + ''",
    "0.000001 + ''",
    "123456789012345680000 + ''",
    "2 * -0",
    "-0",
    "0 * -1",
    "true + 1",
    "null + 1",
    "undefined + 1",
    "'a' + null",
    "'a' + undefined",
    "[1, 2] + ''",
    "[] + []",
    "[] + {}",
    "{} + 'x'",
    "[1, [2, 3]] + ''",
    "[null, undefined, 1] + ''",
    "+'  42  '",
    "+''",
    "+'0x10'",
    "+'1e3'",
    "+'abc'",
    "+[]",
    "+[5]",
    "+[1, 2]",
    "-'3'",
    "+true",
    "+null",
    "+undefined",
    "-null",
    "1 - - 1",
    "a + b",
    "b + a",
    "a - b",
    "a * b",
    "b / a",
    "s + 1",
    "s - 1",
    "list + ''",
    "obj + ''",
    "n + 1",
    "u + 1",
    "z - 0",
    "-z",
    // Unary and typeof.
    "!0",
    "!''",
    "!'0'",
    "![]",
    "!!{}",
    "!n",
    "!!s",
    "!u",
    "typeof 1",
    "typeof 'x'",
    "typeof null",
    "typeof undefined",
    "typeof [1]",
    "typeof true",
    "typeof list",
    "typeof u",
    "typeof obj.x",
    "typeof typeof 1",
    // Comparison and equality.
    "1 < 2",
    "'10' < '9'",
    "'10' < 9",
    "'a' < 'b'",
    "'B' < 'a'",
    "null >= 0",
    "null > 0",
    "undefined < 1",
    "undefined == null",
    "undefined === null",
    "null == 0",
    "'' == 0",
    "'0' == false",
    "[] == false",
    "[1] == 1",
    "[1, 2] == '1,2'",
    "0 / 0 != 0 / 0",
    "1 === 1.0",
    "'1' === 1",
    "'1' !== 1",
    "true == 1",
    "true === 1",
    "a == '1'",
    "a === '1'",
    "s == 'hello'",
    "e == 0",
    "e === 0",
    "n == u",
    "n === u",
    "t != f",
    "[] == []",
    "list.length >= 3",
    "'abc' > 'abd'",
    "2 <= '2'",
    "'x' >= 'x'",
    // Logical.
    "a && b",
    "z && b",
    "e || 'default'",
    "s || 'no'",
    "n ?? 'nullish'",
    "z ?? 'zero'",
    "u ?? e ?? 3",
    "t && f",
    "f || n",
    "!a || b",
    "a && !b",
    "n || u",
    "u && u.y",
    // Ternary and grouping.
    "a > 0 ? 'pos' : 'neg'",
    "z ? 1 : 2",
    "e ? 'y' : 'n'",
    "(a + 1) * 2",
    "a + 1 * 2",
    "t ? f ? 1 : 2 : 3",
    "list.length > 2 ? list[2] : -1",
    // Paths.
    "list[0]",
    "list[i]",
    "list[i + 1]",
    "list['1']",
    "list[5]",
    "list.length",
    "obj.x.y[1]",
    "obj['x']['y'][0]",
    "obj.missing",
    "s.length",
    "s[1]",
    "s[10]",
    "k",
    "obj[k]",
    "list[-1]",
    "uni.length",
    "uni[0]",
    "arr0.length",
    // Literals, arrays, objects, spread.
    "'it\\'s'",
    "\"dq\"",
    "'\\u0041'",
    "[1, 'a', null, true]",
    "[]",
    "[...list, 4]",
    "[...'ab']",
    "{a: 1, b: 'x'}",
    "{...obj}",
    "{...obj, x: 1}",
    "{x: 0, ...obj}",
    "{a, b}",
    "{...list}",
    "{...'hi'}",
    "{c: undefined, d: null}",
    "[undefined]",
    "[a, [b, [t]]]",
    "{k: {j: [1, {m: 2}]}}",
    "1e3",
    "0x1F",
    "0.5",
    ".5",
    "5.",
];

fn data() -> Value {
    json!({
        "a": 1, "b": "2", "s": "hello", "list": [1, 2, 3], "obj": {"x": {"y": [10, 20]}},
        "t": true, "f": false, "n": null, "z": 0, "e": "", "arr0": [], "i": 1, "k": "x",
        "uni": "é😀"
    })
}

/// Evaluates `src` in boa with `data`'s keys as globals; the four probes' answers.
fn js_answers(context: &mut Context, src: &str) -> Option<[String; 4]> {
    let probe = |context: &mut Context, code: String| -> Option<String> {
        let v = context.eval(Source::from_bytes(code.as_bytes())).ok()?;
        Some(v.as_string()?.to_std_string_escaped())
    };
    Some([
        // JSON, with `undefined` as `null` (what fc-template's JSON gives).
        probe(context, format!("(function(){{ var v = ({src}); var j = JSON.stringify(v); return j === undefined ? 'null' : j; }})()"))?,
        probe(context, format!("typeof ({src})"))?,
        probe(context, format!("String(({src}) + '')"))?,
        probe(context, format!("String(1 / ({src}) + '')"))?,
    ])
}

fn fc_answers(src: &str, data: &Value) -> Result<[String; 4], String> {
    let eval = |code: &str| -> Result<Value, String> {
        Expr::parse(code)
            .map(|e| e.eval(data))
            .map_err(|e| format!("{code}: {e}"))
    };
    let text = |v: Value| match v {
        Value::String(s) => s,
        other => other.to_string(),
    };
    let json = eval(src)?;
    // Compare JSON as JS prints it (key order kept, numbers in JS form).
    let json = serde_json::to_string(&json).map_err(|e| e.to_string())?;
    Ok([
        json,
        text(eval(&format!("typeof ({src})"))?),
        text(eval(&format!("({src}) + ''"))?),
        text(eval(&format!("1 / ({src}) + ''"))?),
    ])
}

/// Normalises JSON text so `1.0` vs `1` and spacing do not count as differences.
fn canonical_json(text: &str) -> String {
    serde_json::from_str::<Value>(text).map_or_else(|_| text.to_string(), |v| v.to_string())
}

#[test]
fn template_expressions_agree_with_javascript() {
    let data = data();
    let mut context = Context::default();
    let Value::Object(globals) = &data else {
        panic!("data is an object")
    };
    for (k, v) in globals {
        let value = JsValue::from_json(v, &mut context).expect("JSON converts");
        context
            .global_object()
            .set(js_string!(k.as_str()), value, false, &mut context)
            .expect("set global");
    }
    // `u` is undefined on both sides: absent from the data, declared (without a value) in JS.
    context
        .eval(Source::from_bytes("var u;"))
        .expect("declare u");
    let mut checked = 0;
    let mut failures = Vec::new();
    for src in EXPRESSIONS.iter().filter(|s| !s.is_empty()) {
        // Object literals need parentheses to be expressions in JS, as in `{{ }}`.
        let js_src = if src.starts_with('{') {
            format!("({src})")
        } else {
            src.to_string()
        };
        let Some(want) = js_answers(&mut context, &js_src) else {
            // Not an expression JS accepts: then fc-template must reject it too.
            if Expr::parse(src).is_ok() {
                failures.push(format!("{src}: JS rejects it, fc-template accepts it"));
            }
            continue;
        };
        match fc_answers(src, &data) {
            Ok(got) => {
                let got_json = canonical_json(&got[0]);
                let want_json = canonical_json(&want[0]);
                let names = ["JSON", "typeof", "+ ''", "1 / x"];
                for i in 0..4 {
                    let (g, w) = if i == 0 {
                        (&got_json, &want_json)
                    } else {
                        (&got[i], &want[i])
                    };
                    if g != w {
                        failures.push(format!("{src} [{}]: JS {w}, fc-template {g}", names[i]));
                    }
                }
                checked += 1;
            }
            Err(e) => failures.push(format!("{src}: fc-template cannot parse: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences from JavaScript:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 100, "only {checked} expressions checked");
}
