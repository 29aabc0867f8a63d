//! The routing APIs on the logic side: a call only asks the render thread
//! (`ToRender::Navigate`); its callbacks or Promise run on `ToLogic::NavigateDone`; the
//! lifecycle messages call the hooks; `ToLogic::Stack` orders `getCurrentPages()`.

use fc_logic::{LogicOptions, LogicThread};
use fc_protocol::{NavOp, PageId, ToLogic, ToRender, Turn};
use serde_json::{json, Map};
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Harness {
    thread: Option<LogicThread>,
    rx: Receiver<ToRender>,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Harness {
    fn start() -> Harness {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nav");
        let bundle = fc_bundle::Bundle::open(&dir).expect("fixture bundle opens");
        let (to_render, rx) = mpsc::channel();
        let lines: Arc<Mutex<Vec<String>>> = Arc::default();
        let sink = lines.clone();
        let thread = LogicThread::spawn(LogicOptions {
            bundle,
            to_render,
            console: Arc::new(move |_, line: &str| {
                sink.lock().expect("lock").push(line.to_string())
            }),
            wake: Arc::new(|| {}),
            data_dir: Some(Path::new(env!("CARGO_TARGET_TMPDIR")).join("logic-nav-data")),
            window: Default::default(),
        })
        .expect("thread spawns");
        let mut h = Harness {
            thread: Some(thread),
            rx,
            lines,
        };
        h.until(0);
        h
    }

    fn until(&mut self, turn: Turn) -> Vec<ToRender> {
        let mut out = Vec::new();
        loop {
            let msg = self
                .rx
                .recv_timeout(Duration::from_secs(20))
                .expect("message");
            if let ToRender::TurnEnd { turn: t, .. } = msg {
                assert_eq!(t, turn);
                return out;
            }
            out.push(msg);
        }
    }

    fn send(&mut self, msg: ToLogic) -> Vec<ToRender> {
        let turn = self.thread.as_ref().expect("running").send(msg);
        self.until(turn)
    }

    fn tap(&mut self, page: PageId, handler: &str) -> Vec<ToRender> {
        self.send(ToLogic::Event {
            page,
            handler: handler.into(),
            event: json!({"type": "tap"}),
        })
    }

    fn lines(&self) -> Vec<String> {
        std::mem::take(&mut *self.lines.lock().expect("lock"))
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(t) = self.thread.take() {
            t.shutdown();
        }
    }
}

fn navigate(msgs: &[ToRender]) -> (NavOp, String, u32, u64) {
    msgs.iter()
        .find_map(|m| match m {
            ToRender::Navigate {
                op,
                url,
                delta,
                callback,
            } => Some((*op, url.clone(), *delta, *callback)),
            _ => None,
        })
        .expect("a Navigate message")
}

#[test]
fn routing_calls_ask_the_render_thread_and_report_its_answer() {
    let mut h = Harness::start();
    h.send(ToLogic::LoadPage {
        page: 1,
        route: "pages/a/a".into(),
        query: Map::new(),
    });
    h.lines();
    let (op, url, _, callback) = navigate(&h.tap(1, "go"));
    assert_eq!((op, url.as_str()), (NavOp::NavigateTo, "/pages/b/b?x=1"));
    assert!(h.lines().is_empty(), "nothing runs before the answer");

    // The render thread's side of a navigateTo: hide, stack, load, answer.
    h.send(ToLogic::PageHide { page: 1 });
    h.send(ToLogic::Stack { pages: vec![1, 2] });
    let query = json!({"x": "1"}).as_object().cloned().unwrap_or_default();
    h.send(ToLogic::LoadPage {
        page: 2,
        route: "pages/b/b".into(),
        query,
    });
    h.send(ToLogic::NavigateDone {
        callback,
        result: Ok(()),
    });
    assert_eq!(
        h.lines(),
        [
            "a onHide",
            "b onLoad {\"x\":\"1\"}",
            "success navigateTo:ok pages/a/a,pages/b/b",
            "complete navigateTo:ok",
        ]
    );

    // navigateBack: Promise form, delta passed through; a failure rejects.
    let (op, _, delta, callback) = navigate(&h.tap(1, "back"));
    assert_eq!((op, delta), (NavOp::NavigateBack, 3));
    h.send(ToLogic::PageUnload { page: 2 });
    h.send(ToLogic::Stack { pages: vec![1] });
    h.send(ToLogic::PageShow { page: 1 });
    h.send(ToLogic::NavigateDone {
        callback,
        result: Ok(()),
    });
    assert_eq!(
        h.lines(),
        ["b onUnload", "a onShow", "resolved navigateBack:ok"]
    );
    let (_, _, _, callback) = navigate(&h.tap(1, "back"));
    h.send(ToLogic::NavigateDone {
        callback,
        result: Err("navigateBack:fail cannot navigate back at first page.".into()),
    });
    assert_eq!(
        h.lines(),
        ["rejected navigateBack:fail cannot navigate back at first page."]
    );
}

#[test]
fn a_url_that_is_not_a_string_fails_without_asking() {
    let mut h = Harness::start();
    h.send(ToLogic::LoadPage {
        page: 1,
        route: "pages/a/a".into(),
        query: Map::new(),
    });
    h.lines();
    let msgs = h.tap(1, "nourl");
    assert!(
        !msgs.iter().any(|m| matches!(m, ToRender::Navigate { .. })),
        "{msgs:?}"
    );
    assert_eq!(
        h.lines(),
        [
            "after the call",
            "redirectTo:fail parameter error: parameter.url should be String instead of Number;",
        ]
    );
}
