//! The script runtime (issue 8): timers and promise jobs in the thread's own event loop,
//! `wx.nextTick`, system info, stub APIs, `canIUse`, writable globals, rejected async
//! handlers, modern syntax. Fixtures: `tests/fixtures/runtime-*`.

use fc_logic::{LogicOptions, LogicThread, WindowInfo};
use fc_protocol::{Diagnostic, PageId, ToLogic, ToRender, Turn};
use serde_json::{json, Map};
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Harness {
    thread: Option<LogicThread>,
    rx: Receiver<ToRender>,
    lines: Arc<Mutex<Vec<String>>>,
    /// Every message received, in order.
    seen: Vec<ToRender>,
}

impl Harness {
    fn start(fixture: &str, window: WindowInfo) -> Harness {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let bundle = fc_bundle::Bundle::open(&dir).expect("fixture bundle opens");
        let (to_render, rx) = mpsc::channel();
        let lines: Arc<Mutex<Vec<String>>> = Arc::default();
        let sink = lines.clone();
        let thread = LogicThread::spawn(LogicOptions {
            bundle,
            to_render,
            console: Arc::new(move |_level, line: &str| {
                sink.lock().expect("console lock").push(line.to_string())
            }),
            wake: Arc::new(|| {}),
            data_dir: Some(Path::new(env!("CARGO_TARGET_TMPDIR")).join("runtime-data")),
            window: Arc::new(Mutex::new(window)),
        })
        .expect("thread spawns");
        let mut h = Harness {
            thread: Some(thread),
            rx,
            lines,
            seen: Vec::new(),
        };
        h.until_turn_end(0);
        h
    }

    /// Messages up to and including `TurnEnd { turn }`.
    fn until_turn_end(&mut self, turn: Turn) -> Vec<ToRender> {
        let mut out = Vec::new();
        loop {
            let msg = self
                .rx
                .recv_timeout(Duration::from_secs(20))
                .expect("a message in time");
            self.seen.push(msg.clone());
            let end = matches!(msg, ToRender::TurnEnd { turn: t, .. } if t == turn);
            out.push(msg);
            if end {
                return out;
            }
        }
    }

    fn send(&mut self, msg: ToLogic) -> Vec<ToRender> {
        let turn = self.thread.as_ref().expect("running").send(msg);
        self.until_turn_end(turn)
    }

    fn load(&mut self, page: PageId, route: &str) -> Vec<ToRender> {
        self.send(ToLogic::LoadPage {
            page,
            route: route.into(),
            query: Map::new(),
        })
    }

    /// Collects messages until a console line equal to `line` was printed (or 10 s).
    fn until_line(&mut self, line: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.lines().iter().any(|l| l == line) {
            assert!(
                Instant::now() < deadline,
                "no line {line:?}: {:?}",
                self.lines()
            );
            if let Ok(msg) = self.rx.recv_timeout(Duration::from_millis(20)) {
                self.seen.push(msg);
            }
        }
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().expect("console lock").clone()
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            thread.shutdown();
        }
    }
}

fn errors(msgs: &[ToRender]) -> Vec<Diagnostic> {
    msgs.iter()
        .filter_map(|m| match m {
            ToRender::ScriptError(d) => Some(d.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn timers_promises_and_next_tick_run_in_order() {
    let mut h = Harness::start("runtime-timers", WindowInfo::default());
    // Turn 0 ran the synchronous code and its microtasks only, and said a timer is due.
    // (The timers may already be running: only the first lines are turn 0's.)
    assert_eq!(h.lines()[..3], ["sync", "micro", "tick"]);
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
        h.lines(),
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
    assert!(!h.lines().iter().any(|l| l == "never"));
}

#[test]
fn system_info_stubs_can_i_use_and_wrapped_page() {
    let window = WindowInfo {
        width: 414.0,
        height: 736.0,
        pixel_ratio: 2.0,
    };
    let mut h = Harness::start("runtime-apis", window);
    assert_eq!(h.lines(), ["app.js ran"], "app.js without App() runs");
    let msgs = h.load(1, "pages/index/index");
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
    let lines = h.lines();
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
    let msgs = h.load(1, "pages/index/index");
    assert!(errors(&msgs).is_empty(), "{:?}", errors(&msgs));
    assert_eq!(h.lines(), ["modern 2 6 1 {\"b\":2,\"c\":3} t1"]);

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
    let lines = h.lines();
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
    assert_eq!(h.lines().last().map(String::as_str), Some("handled"));
}

#[test]
fn a_module_graph_mixing_require_and_import() {
    let mut h = Harness::start("runtime-esm", WindowInfo::default());
    assert!(errors(&h.seen).is_empty(), "{:?}", errors(&h.seen));
    let msgs = h.load(1, "pages/index/index");
    assert!(errors(&msgs).is_empty(), "{:?}", errors(&msgs));
    assert_eq!(
        h.lines(),
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
    let reported = msgs.iter().find_map(|m| match m {
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
    let mut lines = h.lines();
    lines.sort();
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(lines, want);
}
