//! Drives the logic thread through its public API with a real channel, the way the render
//! thread does, over the small bundles in `tests/fixtures/`.

mod common;

use common::{errors, tmp_dir, Harness};
use fc_logic::{LogicThread, WindowInfo};
use fc_protocol::{ConsoleLevel, DataPatch, DataPath, PageId, ToLogic, ToRender, Turn};
use serde_json::{json, Value};
use std::time::Duration;

impl Harness {
    /// Starts the thread on a fixture bundle; returns the harness and turn 0's messages.
    fn start(fixture: &str) -> (Harness, Vec<ToRender>) {
        let data = tmp_dir("logic-thread-data");
        Harness::spawn(fixture, data, WindowInfo::default())
    }

    fn event(&mut self, page: PageId, handler: &str) -> Vec<ToRender> {
        let event = json!({"type": "tap", "detail": {"x": 3}, "currentTarget": {"dataset": {}}});
        self.event_with(page, handler, event)
    }
}

fn set_datas(msgs: &[ToRender]) -> Vec<(PageId, Vec<DataPatch>, Vec<u64>)> {
    msgs.iter()
        .filter_map(|m| match m {
            ToRender::SetData {
                page,
                patches,
                callbacks,
            } => Some((*page, patches.clone(), callbacks.clone())),
            _ => None,
        })
        .collect()
}

fn patch(path: &str, value: Value) -> DataPatch {
    DataPatch {
        path: DataPath::parse(path).expect("valid path"),
        value,
    }
}

#[test]
fn lifecycle_order_and_initial_data() {
    let (mut h, startup) = Harness::start("basic");
    assert!(errors(&startup).is_empty(), "{startup:?}");
    let msgs = h.load(1, "pages/index/index", json!({"id": "7"}));
    assert!(errors(&msgs).is_empty(), "{msgs:?}");
    match msgs.first() {
        Some(ToRender::PageCreated { page: 1, data }) => assert_eq!(
            data,
            &json!({"a": {"b": [{"c": 1}, {"c": 2}]}, "list": [0, 1, 2], "count": 0})
        ),
        other => panic!("PageCreated first, got {other:?}"),
    }
    assert!(h.send(ToLogic::PageReady { page: 1 }).is_empty());
    assert_eq!(
        h.take_lines(),
        vec![
            "App.onLaunch pages/index/index 1001 {}",
            "App.onShow 1001",
            "Page.onLoad {\"id\":\"7\"} pages/index/index 7",
            "Page.onShow",
            "Page.onReady",
        ]
    );
}

#[test]
fn tap_set_data_sends_patches_and_updates_this_data_at_once() {
    let (mut h, _) = Harness::start("basic");
    h.load(1, "pages/index/index", json!({}));
    h.take_lines();
    let msgs = h.event(1, "tap");
    assert!(errors(&msgs).is_empty(), "{msgs:?}");
    assert_eq!(
        set_datas(&msgs),
        vec![(
            1,
            vec![patch("a.b[1].c", json!(42)), patch("list[2]", json!("two"))],
            vec![]
        )]
    );
    assert_eq!(h.take_lines(), vec!["after 42 two tap 3"]);
}

#[test]
fn two_set_data_calls_make_one_message_and_callback_runs_later() {
    let (mut h, _) = Harness::start("basic");
    h.load(1, "pages/index/index", json!({}));
    h.take_lines();
    let msgs = h.event(1, "twice");
    let sets = set_datas(&msgs);
    assert_eq!(sets.len(), 1, "{msgs:?}");
    let (page, patches, callbacks) = &sets[0];
    assert_eq!(*page, 1);
    // `count` and `x.y` of the first call are overwritten by the second call's writes.
    assert_eq!(
        patches,
        &vec![patch("count", json!(2)), patch("x", json!({"y": "second"}))]
    );
    assert_eq!(callbacks.len(), 1);
    assert_eq!(h.take_lines(), vec!["count now 2 second"]);

    let msgs = h.send(ToLogic::Callback { id: callbacks[0] });
    assert!(msgs.is_empty(), "{msgs:?}");
    assert_eq!(h.take_lines(), vec!["callback 2 pages/index/index"]);
    // A callback runs once.
    h.send(ToLogic::Callback { id: callbacks[0] });
    assert!(h.take_lines().is_empty());
}

#[test]
fn set_data_creates_missing_parents_and_keeps_functions_local() {
    let (mut h, _) = Harness::start("basic");
    h.load(1, "pages/index/index", json!({}));
    h.take_lines();
    let msgs = h.event(1, "create");
    assert_eq!(
        set_datas(&msgs),
        vec![(1, vec![patch("deep.list[1].name", json!("n"))], vec![])]
    );
    assert_eq!(
        h.take_lines(),
        vec![r#"{"list":[null,{"name":"n"}]} function"#]
    );
}

#[test]
fn bad_key_is_reported_and_other_keys_still_apply() {
    let (mut h, _) = Harness::start("basic");
    h.load(1, "pages/index/index", json!({}));
    h.take_lines();
    let msgs = h.event(1, "bad");
    let errs = errors(&msgs);
    assert_eq!(errs.len(), 1, "{msgs:?}");
    assert_eq!(errs[0].file, "pages/index/index.js");
    assert_eq!(errs[0].line, 34);
    assert!(errs[0].message.contains("a[x]"), "{}", errs[0].message);
    assert_eq!(
        set_datas(&msgs),
        vec![(1, vec![patch("ok", json!(1))], vec![])]
    );
    let lines = h.take_leveled();
    assert_eq!(
        lines,
        vec![(
            ConsoleLevel::Warn,
            "Setting data field \"u\" to undefined is invalid.".into()
        )]
    );
}

#[test]
fn promise_jobs_run_in_the_same_turn() {
    let (mut h, _) = Harness::start("basic");
    h.load(1, "pages/index/index", json!({}));
    let msgs = h.event(1, "asyncWork");
    assert_eq!(
        set_datas(&msgs),
        vec![(1, vec![patch("later", json!(7))], vec![])]
    );
}

#[test]
fn a_turns_set_data_calls_and_microtasks_make_one_message_with_callbacks_in_call_order() {
    let (mut h, _) = Harness::start("basic");
    h.load(1, "pages/index/index", json!({}));
    h.take_lines();
    let msgs = h.event(1, "coalesce");
    assert!(errors(&msgs).is_empty(), "{msgs:?}");
    let sets = set_datas(&msgs);
    assert_eq!(sets.len(), 1, "one message for the turn: {msgs:?}");
    let (page, patches, callbacks) = &sets[0];
    assert_eq!(*page, 1);
    assert_eq!(
        patches,
        &vec![
            patch("m.a", json!(1)),
            patch("list[5]", json!(5)),
            patch("m.b", json!(2)),
        ]
    );
    assert_eq!(callbacks.len(), 3);
    assert!(callbacks.windows(2).all(|w| w[0] < w[1]), "{callbacks:?}");
    assert_eq!(h.take_lines(), vec![r#"sync [0,1,2,null,null,5] {"a":1}"#]);
    // The render thread sends them back in the order given, after its frame.
    for id in callbacks {
        assert!(h.send(ToLogic::Callback { id: *id }).is_empty());
    }
    assert_eq!(
        h.take_lines(),
        vec!["cb first 2", "cb second", "cb microtask"]
    );
}

#[test]
fn a_numeric_key_into_an_array_is_sent_as_an_index() {
    let (mut h, _) = Harness::start("basic");
    h.load(1, "pages/index/index", json!({}));
    h.take_lines();
    let msgs = h.event(1, "dotted");
    assert!(errors(&msgs).is_empty(), "{msgs:?}");
    // `list.1` writes the element as JS does; the render side gets `list[1]`, so that its
    // mirror stays an array and the item's bindings see the change. On an object (or where
    // a parent is made), a number stays a key.
    let sets = set_datas(&msgs);
    assert_eq!(
        sets,
        vec![(
            1,
            vec![
                patch("list[1]", json!("one")),
                patch("a.b[0].c", json!(5)),
                patch("o.0", json!("key")),
            ],
            vec![]
        )]
    );
    assert_eq!(
        h.take_lines(),
        vec![r#"[0,"one",2] {"b":[{"c":5},{"c":2}]} {"0":"key"}"#]
    );
}

#[test]
fn console_formats_like_the_cli_contract() {
    let (mut h, _) = Harness::start("basic");
    h.take_lines();
    let msgs = h.load(2, "pages/console/console", json!({}));
    assert!(errors(&msgs).is_empty(), "{msgs:?}");
    let lines = h.take_leveled();
    let expected = vec![
        (
            ConsoleLevel::Log,
            "str 1 1.5 0 NaN true false null undefined".to_string(),
        ),
        (
            ConsoleLevel::Info,
            r#"{"a":1,"b":[1,"x",null]} [1,2,3] [] {}"#.to_string(),
        ),
        (
            ConsoleLevel::Warn,
            "[object Object] line\nbreak".to_string(),
        ),
        (
            ConsoleLevel::Error,
            r#"e {"s":"q\"uote"} -1.25e-7 1e+21"#.to_string(),
        ),
        (
            ConsoleLevel::Debug,
            "Error: boom TypeError: bad type".to_string(),
        ),
    ];
    assert_eq!(lines, expected);
}

#[test]
fn syntax_error_in_page_script_is_located_and_page_still_exists() {
    let (mut h, _) = Harness::start("basic");
    let msgs = h.load(3, "pages/x/x", json!({}));
    let errs = errors(&msgs);
    assert_eq!(errs.len(), 1, "{msgs:?}");
    assert_eq!(errs[0].file, "pages/x/x.js");
    assert_eq!(errs[0].line, 3);
    assert!(errs[0].col > 0);
    assert!(
        errs[0].message.starts_with("SyntaxError"),
        "{}",
        errs[0].message
    );
    assert!(
        msgs.iter()
            .any(|m| matches!(m, ToRender::PageCreated { page: 3, data } if data == &json!({}))),
        "{msgs:?}"
    );
    // Later messages for the broken page are harmless.
    assert!(errors(&h.event(3, "onLoad")).is_empty());
}

#[test]
fn runtime_error_in_handler_is_located_and_later_events_work() {
    let (mut h, _) = Harness::start("basic");
    h.load(4, "pages/err/err", json!({}));
    h.take_lines();
    let msgs = h.event(4, "boom");
    let errs = errors(&msgs);
    assert_eq!(errs.len(), 1, "{msgs:?}");
    assert_eq!(
        (errs[0].file.as_str(), errs[0].line),
        ("pages/err/err.js", 6)
    );
    assert!(errs[0].col > 0);
    assert!(
        errs[0].message.starts_with("TypeError"),
        "{}",
        errs[0].message
    );
    let msgs = h.event(4, "fine");
    assert!(errors(&msgs).is_empty());
    assert_eq!(h.take_lines(), vec!["before", "still works"]);
}

#[test]
fn error_on_first_line_has_the_files_own_column() {
    let (mut h, _) = Harness::start("basic");
    let msgs = h.load(5, "pages/line1/line1", json!({}));
    let errs = errors(&msgs);
    assert_eq!(errs.len(), 1, "{msgs:?}");
    assert_eq!(
        (errs[0].file.as_str(), errs[0].line),
        ("pages/line1/line1.js", 1)
    );
    // `undefinedFunction` starts at column 30 of the file.
    assert_eq!(errs[0].col, 30);
    assert!(
        errs[0].message.starts_with("ReferenceError"),
        "{}",
        errs[0].message
    );
}

#[test]
fn missing_page_script_is_an_error_and_a_page() {
    let (mut h, _) = Harness::start("basic");
    let msgs = h.load(6, "pages/nopage/nopage", json!({}));
    let errs = errors(&msgs);
    assert_eq!(errs.len(), 1, "{msgs:?}");
    assert_eq!(errs[0].file, "pages/nopage/nopage.js");
    assert!(msgs
        .iter()
        .any(|m| matches!(m, ToRender::PageCreated { page: 6, .. })));
}

#[test]
fn missing_handler_warns_like_the_platform() {
    let (mut h, _) = Harness::start("basic");
    h.load(1, "pages/index/index", json!({}));
    h.take_lines();
    let msgs = h.event(1, "nothing");
    assert!(errors(&msgs).is_empty());
    assert_eq!(
        h.take_leveled(),
        vec![(
            ConsoleLevel::Warn,
            "Component \"pages/index/index\" does not have a method \"nothing\" to handle event \"tap\"."
                .into()
        )]
    );
}

#[test]
fn wx_and_ft_are_one_object_and_get_app_is_the_app() {
    let (mut h, _) = Harness::start("basic");
    h.load(1, "pages/index/index", json!({}));
    h.load(2, "pages/console/console", json!({}));
    h.load(7, "pages/index/index", json!({}));
    h.take_lines();
    let msgs = h.event(7, "checkGlobals");
    assert!(errors(&msgs).is_empty(), "{msgs:?}");
    assert_eq!(
        h.take_lines(),
        vec![
            "same true function false",
            "app true tester hi tester",
            "pages 3 true",
            "secret undefined"
        ]
    );
}

#[test]
fn two_instances_of_a_route_do_not_share_data() {
    let (mut h, _) = Harness::start("basic");
    h.load(1, "pages/index/index", json!({}));
    let msgs = h.load(2, "pages/index/index", json!({}));
    h.event(1, "tap");
    h.take_lines();
    // The second instance still sees its own copy.
    let created = msgs.iter().find_map(|m| match m {
        ToRender::PageCreated { data, .. } => Some(data.clone()),
        _ => None,
    });
    assert_eq!(
        created.and_then(|d| d.get("list").cloned()),
        Some(json!([0, 1, 2]))
    );
    h.event(2, "tap");
    assert_eq!(h.take_lines(), vec!["after 42 two tap 3"]);
}

#[test]
fn require_runs_a_module_once_with_its_own_scope() {
    let (mut h, _) = Harness::start("basic");
    h.take_lines();
    let msgs = h.load(8, "pages/mod/mod", json!({}));
    assert!(errors(&msgs).is_empty(), "{msgs:?}");
    assert_eq!(h.take_lines(), vec!["util 5 util true 1"]);
}

#[test]
fn app_js_without_app_call_gives_an_empty_app() {
    let (mut h, startup) = Harness::start("noapp");
    assert!(errors(&startup).is_empty(), "{startup:?}");
    h.load(1, "pages/index/index", json!({}));
    assert_eq!(h.take_lines(), vec!["no App here undefined", "app is {}"]);
}

#[test]
fn turn_ends_echo_the_turns_send_returned() {
    let (h, _) = Harness::start("basic");
    let thread = h.thread.as_ref().expect("running");
    let turns: Vec<Turn> = (0..3)
        .map(|_| thread.send(ToLogic::PageReady { page: 99 }))
        .collect();
    assert_eq!(turns, vec![1, 2, 3]);
    let mut seen = Vec::new();
    while seen.len() < 3 {
        if let ToRender::TurnEnd { turn, .. } =
            h.rx.recv_timeout(Duration::from_secs(20))
                .expect("a message in time")
        {
            seen.push(turn);
        }
    }
    assert_eq!(seen, turns);
}

#[test]
fn errors_in_app_hooks_reach_on_error_and_set_data_follows_page_created() {
    let (mut h, startup) = Harness::start("apperr");
    let errs = errors(&startup);
    assert_eq!(errs.len(), 1, "{startup:?}");
    assert_eq!((errs[0].file.as_str(), errs[0].line), ("app.js", 4));
    assert_eq!(
        h.take_leveled(),
        vec![(ConsoleLevel::Error, format!("onError: {}", errs[0].message))]
    );

    let msgs = h.load(1, "pages/index/index", json!({}));
    assert!(
        matches!(&msgs[..], [ToRender::PageCreated { page: 1, data }, ToRender::SetData { .. }]
            if data == &json!({"n": 0})),
        "{msgs:?}"
    );
    assert_eq!(
        set_datas(&msgs),
        vec![(1, vec![patch("n", json!(1))], vec![])]
    );
}

#[test]
fn runaway_recursion_is_stopped_and_the_thread_goes_on() {
    let (mut h, _) = Harness::start("apperr");
    h.load(1, "pages/index/index", json!({}));
    h.take_lines();
    let errs = errors(&h.event(1, "deep"));
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].file, "pages/index/index.js");
    assert!(
        errs[0].message.contains("nested calls"),
        "{}",
        errs[0].message
    );
    assert!(errors(&h.event(1, "ok")).is_empty());
    let lines = h.take_lines();
    assert_eq!(lines.last().map(String::as_str), Some("ok"), "{lines:?}");
}

#[test]
fn the_handle_can_move_to_and_be_shared_by_other_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<LogicThread>();
}

#[test]
fn selector_query_sends_one_message_after_the_turns_patches_and_runs_callbacks_in_order() {
    use fc_protocol::{QueryFields, QueryRequest, QueryTarget};
    let (mut h, _) = Harness::start("query");
    h.load(1, "pages/a/a", json!({}));
    let msgs = h.event(1, "ask");
    assert!(errors(&msgs).is_empty(), "{msgs:?}");
    let (query, requests) = match &msgs[..] {
        [ToRender::SetData { page: 1, .. }, ToRender::Query {
            page: 1,
            query,
            requests,
        }] => (*query, requests.clone()),
        other => panic!("setData flushed before the query: {other:?}"),
    };
    let rect = QueryFields {
        id: true,
        dataset: true,
        rect: true,
        size: true,
        ..Default::default()
    };
    assert_eq!(
        requests,
        vec![
            QueryRequest {
                target: QueryTarget::First("#x".into()),
                fields: rect,
            },
            QueryRequest {
                target: QueryTarget::All(".y".into()),
                fields: QueryFields {
                    id: true,
                    properties: vec!["src".into()],
                    computed_style: vec!["color".into()],
                    ..Default::default()
                },
            },
            QueryRequest {
                target: QueryTarget::Viewport,
                fields: QueryFields {
                    id: true,
                    dataset: true,
                    scroll_offset: true,
                    ..Default::default()
                },
            },
        ]
    );
    assert!(h.take_lines().is_empty(), "nothing runs before the answer");
    let results = vec![json!(null), json!([{"id": "a"}]), json!({"scrollTop": 0})];
    let msgs = h.send(ToLogic::QueryDone { query, results });
    assert!(errors(&msgs).is_empty(), "{msgs:?}");
    assert_eq!(
        h.take_lines(),
        vec!["rect null", r#"exec 3 [{"id":"a"}]"#],
        "request callbacks first, then exec's"
    );

    // `this.createSelectorQuery()` on a page; `in(page instance)` moves it to that page.
    h.send(ToLogic::Stack { pages: vec![1, 2] });
    h.load(2, "pages/b/b", json!({}));
    let msgs = h.event(2, "ask");
    assert!(
        matches!(&msgs[..], [ToRender::Query { page: 1, requests, .. }]
            if requests[0].target == QueryTarget::First(".z".into())),
        "{msgs:?}"
    );
}

#[test]
fn busy_for_measures_the_running_turn() {
    let (mut h, _) = Harness::start("busy");
    h.load(1, "pages/index/index", json!({}));
    let thread = h.thread.as_ref().expect("running");
    // The clock stops just after a turn's `TurnEnd` is sent.
    let idle = |thread: &LogicThread| {
        let end = std::time::Instant::now() + Duration::from_secs(2);
        while thread.busy_for().is_some() && std::time::Instant::now() < end {
            std::thread::sleep(Duration::from_millis(5));
        }
        thread.busy_for().is_none()
    };
    assert!(idle(thread), "idle between turns");
    let turn = thread.send(ToLogic::Event {
        page: 1,
        handler: "slow".into(),
        event: json!({"type": "tap"}),
    });
    std::thread::sleep(Duration::from_millis(200));
    let busy = thread.busy_for().expect("inside the slow turn");
    assert!(busy >= Duration::from_millis(100), "{busy:?}");
    h.until_turn_end(turn);
    assert!(
        idle(h.thread.as_ref().expect("running")),
        "the turn is over"
    );
}

#[test]
fn set_data_sends_what_json_stringify_writes_without_json_text() {
    let (mut h, _) = Harness::start("basic");
    h.load(1, "pages/index/index", json!({}));
    h.take_lines();
    let msgs = h.event(1, "jsonValues");
    let sent = set_datas(&msgs);
    assert_eq!(sent.len(), 1, "{msgs:?}");
    let lines = h.take_lines();
    let stringified: Value = serde_json::from_str(&lines[0]).expect("JSON.stringify's text");
    assert_eq!(sent[0].1, vec![patch("all", stringified.clone())]);
    // Spelled out, so both cannot be wrong the same way.
    assert_eq!(
        stringified,
        json!({
            "date": "1970-01-01T00:00:00.000Z",
            "nums": [null, null, 1.5, 0, 1e21, 7],
            "arr": [1, null, null, null, "x"],
            "obj": {"a": 1, "n": null, "nested": "tj:nested"},
            "boxed": [3, "s", false],
            "hidden": {"v": 1},
            "getter": {"g": 5},
            "order": {"1": "one", "2": "two", "b": 1, "a": 2},
            "sparse": [1, null, null, 4],
            "indexed": [0, "at:1"],
            "inherited": {"own": 1}
        })
    );
    let order: Vec<&String> = sent[0].1[0].value["order"]
        .as_object()
        .expect("object")
        .keys()
        .collect();
    assert_eq!(order, ["1", "2", "b", "a"]);
}

#[test]
fn a_cyclic_value_is_reported_and_other_keys_still_apply() {
    let (mut h, _) = Harness::start("basic");
    h.load(1, "pages/index/index", json!({}));
    let msgs = h.event(1, "cyclic");
    let errs = errors(&msgs);
    assert_eq!(errs.len(), 1, "{msgs:?}");
    assert!(errs[0].message.contains("cyclic"), "{}", errs[0].message);
    assert_eq!(
        set_datas(&msgs),
        vec![(1, vec![patch("fine", json!([1]))], vec![])]
    );
}
