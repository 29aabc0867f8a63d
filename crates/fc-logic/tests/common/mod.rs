//! The harness the logic-thread tests share: a real `LogicThread` on a fixture bundle with a
//! real channel, driven the way the render thread drives it.

#![allow(dead_code)]

use fc_logic::{LogicOptions, LogicThread, WindowInfo};
use fc_protocol::{ConsoleLevel, Diagnostic, PageId, ToLogic, ToRender, Turn};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Lines = Arc<Mutex<Vec<(ConsoleLevel, String)>>>;

pub struct Harness {
    pub thread: Option<LogicThread>,
    pub rx: Receiver<ToRender>,
    lines: Lines,
    /// Every message received, in order.
    pub seen: Vec<ToRender>,
}

/// A folder under the test target dir (never the user's own data folder).
pub fn tmp_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

impl Harness {
    /// Starts the thread on `tests/fixtures/<fixture>` with its storage under `data_dir`;
    /// returns the harness and turn 0's messages.
    pub fn spawn(fixture: &str, data_dir: PathBuf, window: WindowInfo) -> (Harness, Vec<ToRender>) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let bundle = fc_bundle::Bundle::open(&dir).expect("fixture bundle opens");
        let (to_render, rx) = mpsc::channel();
        let lines: Lines = Arc::default();
        let sink = lines.clone();
        let thread = LogicThread::spawn(LogicOptions {
            bundle,
            to_render,
            console: Arc::new(move |level, line: &str| {
                sink.lock()
                    .expect("console lock")
                    .push((level, line.to_string()))
            }),
            wake: Arc::new(|| {}),
            data_dir: Some(data_dir),
            window: Arc::new(Mutex::new(window)),
        })
        .expect("thread spawns");
        let mut harness = Harness {
            thread: Some(thread),
            rx,
            lines,
            seen: Vec::new(),
        };
        let startup = harness.until_turn_end(0);
        (harness, startup)
    }

    /// Messages up to `TurnEnd { turn }` (which must be the next turn end), without it.
    pub fn until_turn_end(&mut self, turn: Turn) -> Vec<ToRender> {
        let mut out = Vec::new();
        loop {
            let msg = self
                .rx
                .recv_timeout(Duration::from_secs(60))
                .expect("a message in time");
            self.seen.push(msg.clone());
            if let ToRender::TurnEnd { turn: t, .. } = msg {
                assert_eq!(t, turn, "turn ends arrive in order");
                return out;
            }
            out.push(msg);
        }
    }

    /// Sends a message and returns what its turn produced.
    pub fn send(&mut self, msg: ToLogic) -> Vec<ToRender> {
        let turn = self.thread.as_ref().expect("running").send(msg);
        self.until_turn_end(turn)
    }

    /// `LoadPage` with `query` (an object; anything else counts as `{}`).
    pub fn load(&mut self, page: PageId, route: &str, query: Value) -> Vec<ToRender> {
        let query = match query {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        self.send(ToLogic::LoadPage {
            page,
            route: route.into(),
            query,
        })
    }

    /// Calls page handler `handler` with `event`.
    pub fn event_with(&mut self, page: PageId, handler: &str, event: Value) -> Vec<ToRender> {
        self.send(ToLogic::Event {
            page,
            handler: handler.into(),
            event,
        })
    }

    /// Collects messages until a console line equal to `line` was printed (or 10 s).
    pub fn until_line(&mut self, line: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.peek_lines().iter().any(|l| l == line) {
            assert!(
                Instant::now() < deadline,
                "no line {line:?}: {:?}",
                self.peek_lines()
            );
            if let Ok(msg) = self.rx.recv_timeout(Duration::from_millis(20)) {
                self.seen.push(msg);
            }
        }
    }

    /// Console lines printed since the last take.
    pub fn take_lines(&self) -> Vec<String> {
        let mut lines = self.lines.lock().expect("console lock");
        lines.drain(..).map(|(_, l)| l).collect()
    }

    /// The same, with their levels.
    pub fn take_leveled(&self) -> Vec<(ConsoleLevel, String)> {
        std::mem::take(&mut *self.lines.lock().expect("console lock"))
    }

    /// Console lines printed since the last take, left in place.
    pub fn peek_lines(&self) -> Vec<String> {
        let lines = self.lines.lock().expect("console lock");
        lines.iter().map(|(_, l)| l.clone()).collect()
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            thread.shutdown();
        }
    }
}

/// The script errors among `msgs`.
pub fn errors(msgs: &[ToRender]) -> Vec<Diagnostic> {
    msgs.iter()
        .filter_map(|m| match m {
            ToRender::ScriptError(d) => Some(d.clone()),
            _ => None,
        })
        .collect()
}
