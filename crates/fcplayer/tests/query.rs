//! End to end: `wx.createSelectorQuery()` / `this.createSelectorQuery()` answered by the
//! render thread (api.md §8): page-viewport rects, request order, `null` for no match,
//! arrays for `selectAll`, `fields`, comma lists and child combinators, hidden nodes, and a
//! query made right after `setData` seeing its effect.

mod common;

use common::*;
use serde_json::{json, Value};

#[test]
fn selector_query_answers_in_request_order_after_layout() {
    let dir = scratch("selector-query");
    let scenario = dir.join("scenario.txt");
    std::fs::write(&scenario, "tap #grow\nwait idle\n").expect("scenario");
    let out = run_ok(
        fcplayer()
            .arg("shot")
            .arg(fixture("selector-query"))
            .arg("--out")
            .arg(dir.join("final.png"))
            .args(["--scale", "1"])
            .arg("--data-dir")
            .arg(dir.join("data"))
            .arg("--scenario")
            .arg(&scenario),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("error:"), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.first(), Some(&"box callback box"), "{stdout}");
    let exec = lines
        .iter()
        .find_map(|l| l.strip_prefix("exec "))
        .unwrap_or_else(|| panic!("no exec line:\n{stdout}"));
    let res: Value = serde_json::from_str(exec).expect("exec printed JSON");
    // The nav bar is 44 px: the box's margin-top of 10 puts it at 10 in viewport terms.
    assert_eq!(
        res[0],
        json!({"id": "box", "dataset": {"theIndex": "3"}, "left": 20, "right": 120,
               "top": 10, "bottom": 60, "width": 100, "height": 50})
    );
    let items = res[1].as_array().expect("selectAll gives an array");
    assert_eq!(items.len(), 3, "`.list > .item` skips the nested one");
    assert_eq!(items[1]["dataset"], json!({"i": 1}));
    assert_eq!(
        (&items[1]["top"], &items[1]["bottom"]),
        (&json!(80), &json!(100))
    );
    assert_eq!(res[2], Value::Null, "no match");
    assert_eq!(
        res[3],
        json!({"id": "", "dataset": {}, "scrollLeft": 0, "scrollTop": 0,
               "scrollWidth": 375, "scrollHeight": 623})
    );
    assert_eq!(
        res[4],
        json!({"id": "box", "dataset": {"theIndex": "3"}, "width": 100, "height": 50,
               "hoverClass": "pressed", "backgroundColor": "rgb(255, 0, 0)",
               "margin-left": "20px", "display": "block"})
    );
    assert_eq!(
        res[5],
        json!([{"id": "box"}, {"id": ""}]),
        "comma list, document order"
    );
    assert_eq!(res[6]["width"], json!(0), "hidden: no box");
    assert_eq!(
        (&res[7]["bottom"], &res[7]["height"]),
        (&json!(623), &json!(623)),
        "viewport: the page area below the nav bar"
    );
    assert!(
        lines.contains(&"after setData 80"),
        "a query after setData sees it:\n{stdout}"
    );
}
