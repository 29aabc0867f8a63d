//! The thread itself: spawning it, numbering the messages sent to it, shutting it down.

use crate::runtime::Runtime;
use fc_protocol::{ConsoleLevel, Diagnostic, ToLogic, ToRender, Turn};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;

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
}

/// Handle to the running logic thread. One per running mini-program, owned by the render
/// thread. Dropping it without [`LogicThread::shutdown`] also stops the thread (its channel
/// closes), without waiting for it.
pub struct LogicThread {
    tx: Sender<(Turn, ToLogic)>,
    next_turn: AtomicU64,
    handle: JoinHandle<()>,
}

impl LogicThread {
    /// Spawns the thread. Startup is turn 0: run `app.js` (it calls `App()`), then App's
    /// `onLaunch(options)` and `onShow(options)` (options: `{path: entry page, query: {},
    /// scene: 1001, referrerInfo: {}}`), then send `ToRender::TurnEnd { turn: 0 }`.
    pub fn spawn(opts: LogicOptions) -> std::io::Result<LogicThread> {
        let (tx, rx) = mpsc::channel();
        let handle = std::thread::Builder::new()
            .name("fc-logic".into())
            .stack_size(STACK_SIZE)
            .spawn(move || run_thread(opts, rx))?;
        Ok(LogicThread {
            tx,
            next_turn: AtomicU64::new(1),
            handle,
        })
    }

    /// Queues a message and returns its turn number (1, 2, ...). After handling it, including
    /// the promise jobs it queued, the thread flushes the batched patches and sends
    /// `ToRender::TurnEnd { turn }` (except for `Shutdown`, which ends the thread).
    pub fn send(&self, msg: ToLogic) -> Turn {
        let turn = self.next_turn.fetch_add(1, Ordering::Relaxed);
        if self.tx.send((turn, msg)).is_err() {
            tracing::warn!(turn, "logic thread is gone; message dropped");
        }
        turn
    }

    /// Stops the thread after the messages already queued and waits for it.
    pub fn shutdown(self) {
        self.send(ToLogic::Shutdown);
        if self.handle.join().is_err() {
            tracing::error!("logic thread panicked");
        }
    }
}

fn run_thread(opts: LogicOptions, rx: Receiver<(Turn, ToLogic)>) {
    let (to_render, wake) = (opts.to_render.clone(), opts.wake.clone());
    let mut runtime = match Runtime::new(opts) {
        Ok(runtime) => runtime,
        Err(err) => {
            // Only boa itself failing to build a context lands here; no bundle input does.
            // Keep answering turns so the render side shows the error, not "not responding".
            tracing::error!("cannot start the JS engine: {err}");
            let message = format!("cannot start the JS engine: {err}");
            let _ = to_render.send(ToRender::ScriptError(Diagnostic::error(
                "app.js", 0, 0, message,
            )));
            let _ = to_render.send(ToRender::TurnEnd { turn: 0 });
            wake();
            while let Ok((turn, msg)) = rx.recv() {
                if matches!(msg, ToLogic::Shutdown) {
                    break;
                }
                let _ = to_render.send(ToRender::TurnEnd { turn });
                wake();
            }
            return;
        }
    };
    runtime.start();
    while let Ok((turn, msg)) = rx.recv() {
        if matches!(msg, ToLogic::Shutdown) {
            break;
        }
        runtime.handle(turn, msg);
    }
    runtime.stop();
}
