//! The endless-loop watchdog. The render thread never waits on the logic thread, so a
//! handler stuck in `while (true) {}` cannot freeze the window; what it must do is notice.
//! `LogicThread::busy_for` says how long the current turn has run; past the threshold
//! (3 s, `FCPLAYER_WATCHDOG_MS` for tests) the page is marked not responding: a native
//! dialog says so and offers "Reload" (`#fc-reload` in scenarios), `wait idle` stops
//! waiting for the stuck thread, and with `run --kiosk` the reload is automatic.
//!
//! Reload: boa cannot be interrupted from outside, so the stuck thread is abandoned — its
//! console is silenced, its channel to us dropped, and `Shutdown` queued; it exits when its
//! turn ends (boa's loop/recursion limits end a runaway loop: fc-logic `limits.rs`). A fresh
//! `LogicThread` runs `app.js` again and the page that was on top is reopened with its
//! route and query. Storage is a file the new thread reopens (no lock is held on it).
//!
//! If the turn ends on its own (a limit stopped it, or it was only slow), the mark goes
//! away and the error, if any, shows on the overlay as usual.

use super::Player;
use fc_bundle::Bundle;
use fc_logic::{LogicOptions, LogicThread};
use fc_paint::{Dialogs, Frame, Modal, Scene};
use fc_protocol::{PageId, ToRender, Value};
use serde_json::Map;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long one turn may run before the page is marked not responding.
const DEFAULT_THRESHOLD: Duration = Duration::from_secs(3);
/// The longest an automatic (kiosk) reload waits: each reload in a row without the app
/// becoming idle doubles the threshold, so an app stuck at startup is not restarted (and a
/// thread abandoned) every few seconds.
const MAX_THRESHOLD: Duration = Duration::from_secs(60);

pub(super) struct Watchdog {
    threshold: Duration,
    kiosk: bool,
    not_responding: bool,
    /// Automatic reloads since the app was last idle.
    reloads_in_a_row: u32,
    /// The query each open page was opened with, to reopen the top one after a reload.
    queries: HashMap<PageId, Map<String, Value>>,
    /// What a fresh logic thread needs.
    wake: Arc<dyn Fn() + Send + Sync>,
    /// Cleared when the thread is abandoned, so its console goes quiet.
    console_live: Arc<AtomicBool>,
    /// `FCPLAYER_FRAME_STATS`: frames drawn, and how many while a turn was running.
    frames: u64,
    frames_while_busy: u64,
}

/// A logic thread and the channel it answers on.
pub(super) struct Spawned {
    pub logic: LogicThread,
    pub rx: Receiver<ToRender>,
    pub watchdog: Watchdog,
}

/// Starts a logic thread for the bundle; `Player::start` and reloads use it.
pub(super) fn spawn_logic(
    bundle: &Arc<Bundle>,
    data_dir: Option<std::path::PathBuf>,
    wake: Arc<dyn Fn() + Send + Sync>,
    window: fc_logic::SharedWindow,
    console_to_stderr: bool,
) -> std::io::Result<Spawned> {
    let (tx, rx) = std::sync::mpsc::channel();
    let console_live = Arc::new(AtomicBool::new(true));
    let live = console_live.clone();
    let console: fc_logic::ConsoleSink = Arc::new(move |_level, line: &str| {
        if !live.load(Ordering::Relaxed) {
            return;
        }
        use std::io::Write;
        if console_to_stderr {
            let _ = writeln!(std::io::stderr().lock(), "{line}");
            return;
        }
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    });
    let logic = LogicThread::spawn(LogicOptions {
        bundle: bundle.clone(),
        to_render: tx,
        console,
        wake: wake.clone(),
        data_dir,
        window,
    })?;
    let threshold = std::env::var("FCPLAYER_WATCHDOG_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(DEFAULT_THRESHOLD, Duration::from_millis);
    Ok(Spawned {
        logic,
        rx,
        watchdog: Watchdog {
            threshold,
            kiosk: false,
            not_responding: false,
            reloads_in_a_row: 0,
            queries: HashMap::new(),
            wake,
            console_live,
            frames: 0,
            frames_while_busy: 0,
        },
    })
}

/// `3 s`, `0.5 s`.
fn seconds(d: Duration) -> String {
    format!("{} s", (d.as_secs_f64() * 10.0).round() / 10.0)
}

impl Watchdog {
    fn limit(&self) -> Duration {
        let factor = 1u32 << self.reloads_in_a_row.min(5);
        (self.threshold * factor).min(MAX_THRESHOLD.max(self.threshold))
    }
}

impl Player {
    /// `run --kiosk`: reload on its own when the page stops responding.
    pub fn set_kiosk(&mut self, kiosk: bool) {
        self.watchdog.kiosk = kiosk;
    }

    /// Whether the page is marked not responding now.
    pub fn not_responding(&self) -> bool {
        self.watchdog.not_responding
    }

    /// Remembers the query a page was opened with (for a reload).
    pub(super) fn remember_query(&mut self, page: PageId, query: &Map<String, Value>) {
        let open: Vec<PageId> = self
            .stack
            .iter()
            .chain(self.kept_tabs.iter())
            .map(|e| e.page.id)
            .collect();
        self.watchdog.queries.retain(|id, _| open.contains(id));
        self.watchdog.queries.insert(page, query.clone());
    }

    /// Marks or unmarks the page as not responding; in kiosk mode, reloads. Run on every
    /// `pump`.
    pub(super) fn watchdog_check(&mut self) {
        match self.logic.busy_for() {
            Some(busy) if busy >= self.watchdog.limit() && !self.watchdog.not_responding => {
                eprintln!(
                    "warning: the page is not responding: its script has been running for {}",
                    seconds(busy)
                );
                self.watchdog.not_responding = true;
                self.needs_frame = true;
                if self.watchdog.kiosk {
                    self.watchdog.reloads_in_a_row += 1;
                    self.reload();
                }
            }
            None if self.watchdog.not_responding => {
                // The turn ended after all (a runtime limit stopped it).
                self.watchdog.not_responding = false;
                self.needs_frame = true;
            }
            _ => {}
        }
        if self.watchdog.reloads_in_a_row > 0 && self.logic_idle() {
            self.watchdog.reloads_in_a_row = 0;
        }
    }

    /// When the window's event loop should wake up to run `watchdog_check`: the moment the
    /// running (or next due) turn would cross the threshold. `None`: nothing to watch (a
    /// turn's end wakes the loop anyway).
    pub fn watchdog_deadline(&self) -> Option<Instant> {
        if self.watchdog.not_responding {
            return None;
        }
        let now = Instant::now();
        let limit = self.watchdog.limit() + Duration::from_millis(10);
        if let Some(busy) = self.logic.busy_for() {
            return Some(now + limit.saturating_sub(busy));
        }
        if self.last_done != self.last_sent {
            return Some(now + limit);
        }
        // A timer turn starts without telling us: watch from when it is due.
        self.next_timer.map(|due| due.max(now) + limit)
    }

    /// Abandons the logic thread and starts the app again on the page that was on top.
    pub fn reload(&mut self) {
        let Some(top) = self.stack.last() else {
            return;
        };
        let route = top.page.route.clone();
        let query = self
            .watchdog
            .queries
            .get(&top.page.id)
            .cloned()
            .unwrap_or_default();
        let spawned = match spawn_logic(
            &self.bundle,
            self.opts.data_dir.clone(),
            self.watchdog.wake.clone(),
            self.window_info.clone(),
            self.opts.console_to_stderr,
        ) {
            Ok(spawned) => spawned,
            Err(err) => {
                eprintln!("error: cannot restart the script thread: {err}");
                return;
            }
        };
        tracing::info!(route, "reloading the app");
        self.watchdog.console_live.store(false, Ordering::Relaxed);
        let Spawned {
            logic,
            rx,
            watchdog,
        } = spawned;
        // Dropping the old handle queues `Shutdown` without waiting for the thread.
        drop(std::mem::replace(&mut self.logic, logic));
        self.rx = rx;
        let kept = std::mem::replace(&mut self.watchdog, watchdog);
        self.watchdog.kiosk = kept.kiosk;
        self.watchdog.reloads_in_a_row = kept.reloads_in_a_row;
        self.watchdog.frames = kept.frames;
        self.watchdog.frames_while_busy = kept.frames_while_busy;
        self.stack.clear();
        self.kept_tabs.clear();
        self.app_errors.clear();
        self.ui = Default::default();
        self.callbacks_after_frame.clear();
        self.gesture = None;
        self.next_timer = None;
        self.last_sent = 0;
        self.last_done = u64::MAX;
        self.tab_bar = self.tab_bar_config();
        self.open_page(&route, query);
        self.needs_frame = true;
    }

    fn reload_dialog(&self) -> Modal {
        Modal {
            title: "Not responding".into(),
            content: format!(
                "The page's script has been running for more than {}.",
                seconds(self.watchdog.limit())
            ),
            show_cancel: false,
            cancel_text: String::new(),
            cancel_color: [0.0, 0.0, 0.0, 1.0],
            confirm_text: "Reload".into(),
            confirm_color: [
                0x57 as f32 / 255.0,
                0x6b as f32 / 255.0,
                0x95 as f32 / 255.0,
                1.0,
            ],
            input: None,
        }
    }

    /// Paints the dialog above everything while the page is not responding.
    pub(super) fn paint_watchdog(&mut self, frame: &Frame, scene: &mut Scene) {
        if !self.watchdog.not_responding {
            return;
        }
        let dialogs = Dialogs {
            modal: Some(self.reload_dialog()),
            ..Default::default()
        };
        fc_paint::paint_dialogs(scene, &mut self.layouter, frame, &dialogs);
    }

    fn reload_button(&mut self) -> Option<[f32; 4]> {
        if !self.watchdog.not_responding {
            return None;
        }
        let frame = self.frame();
        let modal = self.reload_dialog();
        Some(fc_paint::modal_layout(&mut self.layouter.fonts, &frame, &modal).confirm)
    }

    /// A touch while the dialog is up: "Reload" reloads; the page gets nothing.
    pub(super) fn watchdog_touch(&mut self, x: f32, y: f32) -> bool {
        let Some(r) = self.reload_button() else {
            return false;
        };
        if x >= r[0] && x < r[0] + r[2] && y >= r[1] && y < r[1] + r[3] {
            self.reload();
        }
        true
    }

    /// Where a scenario's `tap #fc-reload` lands, while the dialog is up.
    pub fn watchdog_point(&mut self, sel: &str) -> Option<(f32, f32)> {
        if sel != "#fc-reload" {
            return None;
        }
        let r = self.reload_button()?;
        Some((r[0] + r[2] / 2.0, r[1] + r[3] / 2.0))
    }

    /// Counts a drawn frame (for `FCPLAYER_FRAME_STATS`).
    pub(super) fn count_frame(&mut self) {
        self.watchdog.frames += 1;
        if self.logic.busy_for().is_some() {
            self.watchdog.frames_while_busy += 1;
        }
    }

    /// Stops the logic thread at exit: waits for it unless it is stuck in a turn (then it
    /// is left behind; the process is ending).
    pub(super) fn stop_logic(self) {
        if std::env::var_os("FCPLAYER_FRAME_STATS").is_some() {
            eprintln!(
                "frames drawn: {}, while a script turn was running: {}",
                self.watchdog.frames, self.watchdog.frames_while_busy
            );
        }
        if self.watchdog.not_responding {
            return;
        }
        let end = Instant::now() + self.watchdog.threshold;
        while self.logic.busy_for().is_some() && Instant::now() < end {
            std::thread::sleep(Duration::from_millis(10));
        }
        if self.logic.busy_for().is_some() {
            tracing::warn!("the script thread is still busy; not waiting for it");
            return;
        }
        self.logic.shutdown();
    }
}
