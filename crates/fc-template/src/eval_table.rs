//! The expression oracle: each row is an expression and what JavaScript gives for it, shown as
//! `show` below prints it. Every expected value was checked with node (`with (data) { return
//! (expr); }` over the same data), so a failure here is a departure from JS.

use crate::expr::Expr;
use crate::number::number_to_string;
use crate::value::Val;
use serde_json::json;

fn show(v: &Val) -> String {
    match v {
        Val::Undefined => "undefined".into(),
        Val::Null => "null".into(),
        Val::Bool(b) => b.to_string(),
        Val::Num(n) => number_to_string(*n),
        Val::Str(s) => serde_json::to_string(s).expect("strings serialize"),
        Val::Arr(a) => format!("[{}]", a.iter().map(show).collect::<Vec<_>>().join(",")),
        Val::Obj(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", show(&Val::Str(k.clone())), show(v)))
                .collect();
            format!("{{{}}}", items.join(","))
        }
    }
}

#[rustfmt::skip]
const TABLE: &[(&str, &str)] = &[
        (r#"1 + 2"#, r#"3"#),
        (r#"1 + '2'"#, r#""12""#),
        (r#"'3' - 1"#, r#"2"#),
        (r#"'3' * '4'"#, r#"12"#),
        (r#"10 / 4"#, r#"2.5"#),
        (r#"1 / 0"#, r#"Infinity"#),
        (r#"-1 / 0"#, r#"-Infinity"#),
        (r#"0 / 0"#, r#"NaN"#),
        (r#"7 % 3"#, r#"1"#),
        (r#"-7 % 3"#, r#"-1"#),
        (r#"5.5 % 2"#, r#"1.5"#),
        (r#"0.1 + 0.2"#, r#"0.30000000000000004"#),
        (r#"1e21 + ''"#, r#""1e+21""#),
        (r#"123456789012345680000 + ''"#, r#""123456789012345680000""#),
        (r#"0.000001 + ''"#, r#""0.000001""#),
        (r#"1e-7 + ''"#, r#""1e-7""#),
        (r#"true + 1"#, r#"2"#),
        (r#"null + 1"#, r#"1"#),
        (r#"undefined + 1"#, r#"NaN"#),
        (r#"'a' + null"#, r#""anull""#),
        (r#"'a' + undefined"#, r#""aundefined""#),
        (r#"[1, 2] + ''"#, r#""1,2""#),
        (r#"[] + []"#, r#""""#),
        (r#"[] + {}"#, r#""[object Object]""#),
        (r#"{} + 'x'"#, r#""[object Object]x""#),
        (r#"[1, [2, 3]] + ''"#, r#""1,2,3""#),
        (r#"[null, undefined, 1] + ''"#, r#"",,1""#),
        (r#"+'  42  '"#, r#"42"#),
        (r#"+''"#, r#"0"#),
        (r#"+'0x10'"#, r#"16"#),
        (r#"+'abc'"#, r#"NaN"#),
        (r#"+[]"#, r#"0"#),
        (r#"+[5]"#, r#"5"#),
        (r#"+[1, 2]"#, r#"NaN"#),
        (r#"-'3'"#, r#"-3"#),
        (r#"+true"#, r#"1"#),
        (r#"+null"#, r#"0"#),
        (r#"+undefined"#, r#"NaN"#),
        (r#"!0"#, r#"true"#),
        (r#"!''"#, r#"true"#),
        (r#"!'0'"#, r#"false"#),
        (r#"![]"#, r#"false"#),
        (r#"!!{}"#, r#"true"#),
        (r#"typeof 1"#, r#""number""#),
        (r#"typeof 'x'"#, r#""string""#),
        (r#"typeof null"#, r#""object""#),
        (r#"typeof undefined"#, r#""undefined""#),
        (r#"typeof [1]"#, r#""object""#),
        (r#"typeof true"#, r#""boolean""#),
        (r#"typeof list"#, r#""object""#),
        (r#"typeof typeof 1"#, r#""string""#),
        (r#"1 == '1'"#, r#"true"#),
        (r#"1 === '1'"#, r#"false"#),
        (r#"0 == ''"#, r#"true"#),
        (r#"0 == '0'"#, r#"true"#),
        (r#"'' == '0'"#, r#"false"#),
        (r#"null == undefined"#, r#"true"#),
        (r#"null === undefined"#, r#"false"#),
        (r#"null == 0"#, r#"false"#),
        (r#"undefined == 0"#, r#"false"#),
        (r#"false == '0'"#, r#"true"#),
        (r#"false == 'false'"#, r#"false"#),
        (r#"true == 1"#, r#"true"#),
        (r#"true == 2"#, r#"false"#),
        (r#"[] == false"#, r#"true"#),
        (r#"[] == ''"#, r#"true"#),
        (r#"[1] == 1"#, r#"true"#),
        (r#"[1, 2] == '1,2'"#, r#"true"#),
        (r#"0 / 0 == 0 / 0"#, r#"false"#),
        (r#"1 != '1'"#, r#"false"#),
        (r#"1 !== '1'"#, r#"true"#),
        (r#"'b' > 'a'"#, r#"true"#),
        (r#"'B' < 'a'"#, r#"true"#),
        (r#"'10' < '9'"#, r#"true"#),
        (r#"'10' < 9"#, r#"false"#),
        (r#"null >= 0"#, r#"true"#),
        (r#"null > 0"#, r#"false"#),
        (r#"undefined >= 0"#, r#"false"#),
        (r#"'abc' < 'abd'"#, r#"true"#),
        (r#"'a' < 'ab'"#, r#"true"#),
        (r#"[2] > 1"#, r#"true"#),
        (r#"1 <= 1"#, r#"true"#),
        (r#"'x' <= 'x'"#, r#"true"#),
        (r#"3 > 2 > 1"#, r#"false"#),
        (r#"1 < 2 < 3"#, r#"true"#),
        (r#"'2' > '12'"#, r#"true"#),
        (r#"2 > '12'"#, r#"false"#),
        (r#"0 || 'x'"#, r#""x""#),
        (r#"1 && 'x'"#, r#""x""#),
        (r#"'' && 'x'"#, r#""""#),
        (r#"null ?? 'd'"#, r#""d""#),
        (r#"0 ?? 'd'"#, r#"0"#),
        (r#"'' || null"#, r#"null"#),
        (r#"undefined ?? null"#, r#"null"#),
        (r#"t ? 'yes' : 'no'"#, r#""yes""#),
        (r#"f ? 1 : z ? 2 : 3"#, r#"3"#),
        (r#"a + +b"#, r#"3"#),
        (r#"a + b"#, r#""12""#),
        (r#"a - b"#, r#"-1"#),
        (r#"s.length"#, r#"5"#),
        (r#"list.length"#, r#"3"#),
        (r#"list[1] * 10"#, r#"20"#),
        (r#"obj.x.y[1]"#, r#"20"#),
        (r#"obj['x']['y'][0]"#, r#"10"#),
        (r#"list[i]"#, r#"2"#),
        (r#"list[list.length - 1]"#, r#"3"#),
        (r#"obj[k].y.length"#, r#"2"#),
        (r#"s[0] + s[4]"#, r#""ho""#),
        (r#"[a, b, t]"#, r#"[1,"2",true]"#),
        (r#"{a, b: b + 1}"#, r#"{"a":1,"b":"21"}"#),
        (r#"{...obj.x, z: 1}"#, r#"{"y":[10,20],"z":1}"#),
        (r#"[...list, 4]"#, r#"[1,2,3,4]"#),
        (r#"(1 + 2) * 3"#, r#"9"#),
        (r#"1 + 2 * 3"#, r#"7"#),
        (r#"2 * 3 % 4"#, r#"2"#),
        (r#"1 - 2 - 3"#, r#"-4"#),
        (r#"'a' + 1 + 2"#, r#""a12""#),
        (r#"1 + 2 + 'a'"#, r#""3a""#),
        (r#"- -3"#, r#"3"#),
        (r#"!t || f"#, r#"false"#),
        (r#"t && f || 'c'"#, r#""c""#),
        (r#"e || 'empty'"#, r#""empty""#),
        (r#"arr0.length == 0"#, r#"true"#),
        (r#"n == null"#, r#"true"#),
        (r#"n === null"#, r#"true"#),
        (r#"'\u0041\x42' + "\"q\"""#, r#""AB\"q\"""#),
        (r#"0.1 * 3"#, r#"0.30000000000000004"#),
        (r#"2 / 3"#, r#"0.6666666666666666"#),
        (r#"100 / 3"#, r#"33.333333333333336"#),
        (r#"1e300 * 1e10"#, r#"Infinity"#),
        (r#"-0 + ''"#, r#""0""#),
        (r#"5e-7 + ''"#, r#""5e-7""#),
        (r#"0x1F"#, r#"31"#),
        (r#".5 + .5"#, r#"1"#),
        (r#"'5' * '2' + '1'"#, r#""101""#),
        (r#"b * 1 === 2"#, r#"true"#),
        (r#"'😀'.length"#, r#"2"#),
        (r#"{x: 1}.x"#, r#"1"#),
        (r#"[1, 2, 3][1]"#, r#"2"#),
        (r#"'abc'[1]"#, r#""b""#),
        (r#"'1' + 2 * 3"#, r#""16""#),
        (r#"10 - '2' + '3'"#, r#""83""#),
        (r#"list + ''"#, r#""1,2,3""#),
        (r#"obj + ''"#, r#""[object Object]""#),
        (r#"z === -0"#, r#"true"#),
];

#[test]
fn expressions_evaluate_like_javascript() {
    let data = json!({
        "a": 1, "b": "2", "s": "hello", "list": [1, 2, 3], "obj": {"x": {"y": [10, 20]}},
        "t": true, "f": false, "n": null, "z": 0, "e": "", "arr0": [], "i": 1, "k": "x"
    });
    assert!(TABLE.len() >= 60);
    let mut failures = Vec::new();
    for (src, want) in TABLE {
        match Expr::parse(src) {
            Ok(expr) => {
                let got = show(&expr.eval_val(&data));
                if got != *want {
                    failures.push(format!("{src}: want {want}, got {got}"));
                }
            }
            Err(e) => failures.push(format!("{src}: parse error {e} at {}", e.offset)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ from JS:\n{}",
        failures.len(),
        TABLE.len(),
        failures.join("\n")
    );
}
