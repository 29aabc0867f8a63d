//! The script runtime (issue 8): timers and promise jobs in the thread's own event loop,
//! `wx.nextTick`, system info, stub APIs, `canIUse`, writable globals, rejected async
//! handlers, modern syntax. Fixtures: `tests/fixtures/runtime-*`.

mod common;

use common::{errors, tmp_dir, Harness};
use fc_logic::WindowInfo;
use fc_protocol::{PageId, ToLogic, ToRender};
use serde_json::{json, Map};
use std::time::Duration;

impl Harness {
    fn start(fixture: &str, window: WindowInfo) -> Harness {
        Harness::spawn(fixture, tmp_dir("runtime-data"), window).0
    }

    fn load_page(&mut self, page: PageId, route: &str) -> Vec<ToRender> {
        self.load(page, route, json!({}))
    }
}

#[test]
fn timers_promises_and_next_tick_run_in_order() {
    let mut h = Harness::start("runtime-timers", WindowInfo::default());
    // Turn 0 ran the synchronous code and its microtasks only, and said a timer is due.
    // (The timers may already be running: only the first lines are turn 0's.)
    assert_eq!(h.peek_lines()[..3], ["sync", "micro", "tick"]);
    let next = h.seen.iter().find_map(|m| match m {
        ToRender::TurnEnd {
            turn: 0,
            next_timer,
        } => Some(*next_timer),
        _ => None,
    });
    assert!(matches!(next, Some(Some(_))), "turn 0 reports its timer");

    h.until_line("late");
    assert_eq!(
        h.peek_lines(),
        [
            "sync",
            "micro",
            "tick",
            "timeout1 arg",
            "micro in timeout1",
            "timeout2",
            "nested",
            "interval 1",
            "interval 2",
            "interval 3",
            "cleared",
            "onError Error: timer boom",
            "late",
        ]
    );
    let errs = errors(&h.seen);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(
        (errs[0].file.as_str(), errs[0].line),
        ("app.js", 21),
        "{errs:?}"
    );
    // Every timer turn was announced; after the last one nothing is pending.
    let last = h.seen.iter().rev().find_map(|m| match m {
        ToRender::TimerTurnEnd { next_timer } => Some(*next_timer),
        _ => None,
    });
    assert_eq!(last, Some(None));
    std::thread::sleep(Duration::from_millis(50));
    assert!(h.rx.try_recv().is_err(), "cleared timers never fire");
    assert!(!h.peek_lines().iter().any(|l| l == "never"));
}

#[test]
fn system_info_stubs_can_i_use_and_wrapped_page() {
    let window = WindowInfo {
        width: 414.0,
        height: 736.0,
        pixel_ratio: 2.0,
    };
    let mut h = Harness::start("runtime-apis", window);
    assert_eq!(h.peek_lines(), ["app.js ran"], "app.js without App() runs");
    let msgs = h.load_page(1, "pages/index/index");
    assert!(errors(&msgs).is_empty(), "{:?}", errors(&msgs));
    let data = msgs.iter().find_map(|m| match m {
        ToRender::PageCreated { data, .. } => Some(data.clone()),
        _ => None,
    });
    assert_eq!(
        data,
        Some(json!({"a": 1, "wrapped": true})),
        "the wrapper ran"
    );
    let lines = h.peek_lines();
    let expected = [
        "app.js ran",
        "size 414 736 2 0",
        r#"safeArea {"left":0,"right":414,"top":0,"bottom":736,"width":414,"height":736}"#,
        "window 414 736",
        "base 3.0.0 string",
        "menu 87 32 407 4",
        "canIUse true true true false false false false",
        "cloud undefined",
        "analytics undefined",
        "launch pages/index/index",
        "sync end",
        // Callbacks and promises answer after the call, in call order.
        "login fail login:fail not supported in fcplayer",
        "login complete login:fail not supported in fcplayer",
        "getSystemInfo getSystemInfo:ok 414",
        "vibrate vibrateShort:ok",
        "login rejected login:fail not supported in fcplayer",
        r#"getSetting {"errMsg":"getSetting:ok","authSetting":{}}"#,
        "clipboard hi",
    ];
    assert_eq!(lines, expected);
}

#[test]
fn rejected_async_handler_reaches_on_error_with_its_line() {
    let mut h = Harness::start("runtime-async", WindowInfo::default());
    let msgs = h.load_page(1, "pages/index/index");
    assert!(errors(&msgs).is_empty(), "{:?}", errors(&msgs));
    assert_eq!(h.peek_lines(), ["modern 2 6 1 {\"b\":2,\"c\":3} t1"]);

    let event = json!({"type": "tap", "detail": {}, "currentTarget": {"dataset": {}}});
    let msgs = h.send(ToLogic::Event {
        page: 1,
        handler: "onTap".into(),
        event: event.clone(),
    });
    let errs = errors(&msgs);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].file, "pages/index/index.js");
    assert_eq!(errs[0].line, 17, "{errs:?}");
    assert!(errs[0].col > 0, "{errs:?}");
    assert!(errs[0].message.contains("async boom"), "{errs:?}");
    let lines = h.peek_lines();
    assert_eq!(
        lines[1..],
        [
            "awaited",
            "App.onError Uncaught (in promise) Error: async boom",
            "wx.onError Uncaught (in promise) Error: async boom",
        ]
    );

    // A rejection handled in the same turn is not an error.
    let msgs = h.send(ToLogic::Event {
        page: 1,
        handler: "onHandled".into(),
        event,
    });
    assert!(errors(&msgs).is_empty(), "{:?}", errors(&msgs));
    assert_eq!(h.peek_lines().last().map(String::as_str), Some("handled"));
}

#[test]
fn a_module_graph_mixing_require_and_import() {
    let mut h = Harness::start("runtime-esm", WindowInfo::default());
    assert!(errors(&h.seen).is_empty(), "{:?}", errors(&h.seen));
    let msgs = h.load_page(1, "pages/index/index");
    assert!(errors(&msgs).is_empty(), "{:?}", errors(&msgs));
    assert_eq!(
        h.peek_lines(),
        [
            r#"app {"name":"my-app","version":"1.2","twice":42}"#,
            "page 3 12 <x>! <y>",
            "keys add,format,mul",
        ]
    );
    // Lines stay where they were in a rewritten file.
    let event = json!({"type": "tap", "detail": {}, "currentTarget": {"dataset": {}}});
    let msgs = h.send(ToLogic::Event {
        page: 1,
        handler: "onTap".into(),
        event,
    });
    let errs = errors(&msgs);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(
        (errs[0].file.as_str(), errs[0].line),
        ("pages/index/index.js", 14)
    );
}

/// A tiny HTTP/1.1 server on 127.0.0.1: one thread per connection, `Connection: close`.
fn serve() -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let n = stream.read(&mut chunk).unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().ok())?
                    })
                    .unwrap_or(0);
                while buf.len() < head_end + length {
                    let n = stream.read(&mut chunk).unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let body = String::from_utf8_lossy(&buf[head_end..]).into_owned();
                let mut first = head.split_whitespace();
                let method = first.next().unwrap_or_default().to_string();
                let target = first.next().unwrap_or_default().to_string();
                let path = target.split('?').next().unwrap_or_default().to_string();
                let (status, kind, text) = match path.as_str() {
                    "/json" => ("200 OK", "application/json", r#"{"a":1}"#.to_string()),
                    "/text" => ("200 OK", "text/plain", "hello".to_string()),
                    "/echo" => ("200 OK", "text/plain", format!("{method} {target} {body}")),
                    "/slow" | "/hold" => {
                        std::thread::sleep(Duration::from_millis(1500));
                        ("200 OK", "text/plain", "late".to_string())
                    }
                    _ => ("404 Not Found", "text/plain", "nope".to_string()),
                };
                let response = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    text.len()
                );
                let _ = stream.write_all(response.as_bytes());
            });
        }
    });
    port
}

#[test]
fn requests_answer_through_the_event_loop() {
    let port = serve();
    let mut h = Harness::start("runtime-request", WindowInfo::default());
    let mut query = Map::new();
    query.insert("port".into(), json!(port.to_string()));
    let msgs = h.send(ToLogic::LoadPage {
        page: 1,
        route: "pages/index/index".into(),
        query,
    });
    assert!(errors(&msgs).is_empty(), "{:?}", errors(&msgs));
    // Requests in flight are reported as work due now (`wait idle` waits for them).
    let reported = h.seen.iter().rev().find_map(|m| match m {
        ToRender::TurnEnd { next_timer, .. } => Some(*next_timer),
        _ => None,
    });
    assert!(matches!(reported, Some(Some(_))), "{reported:?}");
    let expected = [
        "task function false",
        "json request:ok 200 object 1",
        "text 200 string hello",
        "arraybuffer 200 5",
        "missing 404 nope",
        "slow request:fail timeout",
        "slow complete",
        "hold request:fail abort",
        r#"post POST /echo {"x":1}"#,
        "get GET /echo?a=1&b=x%20y ",
    ];
    for line in expected {
        h.until_line(line);
    }
    // The aborted request's late answer is dropped; nothing else arrives.
    std::thread::sleep(Duration::from_millis(1600));
    let mut lines = h.peek_lines();
    lines.sort();
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(lines, want);
}
