//! The thread itself: spawning it, numbering the messages sent to it, shutting it down.

use crate::runtime::Runtime;
use fc_protocol::{ConsoleLevel, Diagnostic, ToLogic, ToRender, Turn};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// JS code can recurse deeply through native calls (`Array.prototype.map` calling back into
/// JS, getters, ...), each of which uses native stack; the default 2 MiB of a spawned thread
/// is too little for boa's recursion limit. The memory is only reserved, not committed.
const STACK_SIZE: usize = 64 * 1024 * 1024;

/// Receives one call per `console.*` call: the level and the line, already formatted.
pub type ConsoleSink = Arc<dyn Fn(ConsoleLevel, &str) + Send + Sync>;

/// What the logic thread needs from its owner.
pub struct LogicOptions {
    /// The opened mini-program; scripts are read from it.
    pub bundle: Arc<fc_bundle::Bundle>,
    /// Where patches, page creations, script errors and turn ends go.
    pub to_render: Sender<ToRender>,
    /// Receives one call per `console.*` call, the line already formatted (player-cli.md).
    pub console: ConsoleSink,
    /// Called after a turn's messages are sent to the render thread, to wake its event loop.
    pub wake: Arc<dyn Fn() + Send + Sync>,
    /// The folder under which each app's storage lives (`--data-dir`); the app's store is
    /// `<data_dir>/<app id>` (`fc_bundle::Bundle::app_id`). `None`: the platform's user data
    /// directory, `<data dir>/fcplayer/<app id>` (`fc_storage::default_root`).
    pub data_dir: Option<std::path::PathBuf>,
    /// The player's window (logical size, pixel ratio), which `wx.getSystemInfoSync` and
    /// friends report. The render thread keeps it current on resize; read on each call.
    pub window: crate::system::SharedWindow,
}

/// What arrives on the logic thread's channel: the render side's numbered messages, and
/// the answers of its own network workers (`request.rs`).
pub(crate) enum Incoming {
    Render(Turn, ToLogic),
    Network(crate::request::Reply),
}

/// Handle to the running logic thread. One per running mini-program, owned by the render
/// thread. Dropping it without [`LogicThread::shutdown`] also stops the thread (its channel
/// closes), without waiting for it.
pub struct LogicThread {
    tx: Sender<Incoming>,
    next_turn: AtomicU64,
    handle: Option<JoinHandle<()>>,
    /// When the turn being run began (the render side's watchdog reads it).
    clock: crate::watch::TurnClock,
}

impl LogicThread {
    /// Spawns the thread. Startup is turn 0: run `app.js` (it calls `App()`), then App's
    /// `onLaunch(options)` and `onShow(options)` (options: `{path: entry page, query: {},
    /// scene: 1001, referrerInfo: {}}`), then send `ToRender::TurnEnd { turn: 0 }`.
    pub fn spawn(opts: LogicOptions) -> std::io::Result<LogicThread> {
        let (tx, rx) = mpsc::channel();
        let own = tx.clone();
        let clock = crate::watch::TurnClock::default();
        let thread_clock = clock.clone();
        let handle = std::thread::Builder::new()
            .name("fc-logic".into())
            .stack_size(STACK_SIZE)
            .spawn(move || run_thread(opts, own, rx, thread_clock))?;
        Ok(LogicThread {
            tx,
            next_turn: AtomicU64::new(1),
            handle: Some(handle),
            clock,
        })
    }

    /// How long the thread has been running its current turn (a message, a timer, a
    /// network answer, or startup); `None` while it waits for work.
    pub fn busy_for(&self) -> Option<Duration> {
        self.clock.busy_for()
    }

    /// Queues a message and returns its turn number (1, 2, ...). After handling it, including
    /// the promise jobs it queued, the thread flushes the batched patches and sends
    /// `ToRender::TurnEnd { turn, next_timer }` (except for `Shutdown`, which ends the thread).
    pub fn send(&self, msg: ToLogic) -> Turn {
        let turn = self.next_turn.fetch_add(1, Ordering::Relaxed);
        if self.tx.send(Incoming::Render(turn, msg)).is_err() {
            tracing::warn!(turn, "logic thread is gone; message dropped");
        }
        turn
    }

    /// Stops the thread after the messages already queued and waits for it.
    pub fn shutdown(mut self) {
        self.send(ToLogic::Shutdown);
        if let Some(handle) = self.handle.take() {
            if handle.join().is_err() {
                tracing::error!("logic thread panicked");
            }
        }
    }
}

impl Drop for LogicThread {
    /// The thread keeps a sender to its own channel (its network workers answer through
    /// it), so the channel never closes by itself: stop the thread explicitly, unwaited.
    fn drop(&mut self) {
        if self.handle.is_some() {
            let _ = self.tx.send(Incoming::Render(0, ToLogic::Shutdown));
        }
    }
}

fn run_thread(
    opts: LogicOptions,
    own: Sender<Incoming>,
    rx: Receiver<Incoming>,
    clock: crate::watch::TurnClock,
) {
    let (to_render, wake) = (opts.to_render.clone(), opts.wake.clone());
    let mut runtime = match Runtime::new(opts, own) {
        Ok(runtime) => runtime,
        Err(err) => {
            // Only boa itself failing to build a context lands here; no bundle input does.
            // Keep answering turns so the render side shows the error, not "not responding".
            tracing::error!("cannot start the JS engine: {err}");
            let message = format!("cannot start the JS engine: {err}");
            let _ = to_render.send(ToRender::ScriptError(Diagnostic::error(
                "app.js", 0, 0, message,
            )));
            let _ = to_render.send(ToRender::TurnEnd {
                turn: 0,
                next_timer: None,
            });
            wake();
            while let Ok(incoming) = rx.recv() {
                let Incoming::Render(turn, msg) = incoming else {
                    continue;
                };
                if matches!(msg, ToLogic::Shutdown) {
                    break;
                }
                let _ = to_render.send(ToRender::TurnEnd {
                    turn,
                    next_timer: None,
                });
                wake();
            }
            return;
        }
    };
    clock.begin();
    runtime.start();
    clock.end();
    // The event loop: a due timer runs first (one per turn), else wait for a message until
    // the next timer is due. Messages and timers alternate, so neither starves the other.
    loop {
        clock.begin();
        let ran_timer = runtime.run_timer();
        clock.end();
        let received = if ran_timer {
            match rx.try_recv() {
                Ok(incoming) => incoming,
                Err(TryRecvError::Empty) => continue,
                Err(TryRecvError::Disconnected) => break,
            }
        } else {
            let received = match runtime.timer_due() {
                Some(due) => rx.recv_timeout(due.saturating_duration_since(Instant::now())),
                None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match received {
                Ok(incoming) => incoming,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        };
        if matches!(received, Incoming::Render(_, ToLogic::Shutdown)) {
            break;
        }
        clock.begin();
        match received {
            Incoming::Render(turn, msg) => runtime.handle(turn, msg),
            Incoming::Network(reply) => runtime.network_reply(reply),
        }
        clock.end();
    }
    runtime.stop();
}
