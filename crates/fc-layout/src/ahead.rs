//! Shaping new paragraphs ahead, on a helper thread, while the render thread builds the box
//! tree. A long list made at once brings thousands of texts no paragraph had (each row's
//! id), and shaping them was a quarter of its layout; the render thread now queues them in
//! batches as it makes their paragraphs, and taffy's measure finds their one-line layouts
//! in the text cache, as it would a text another paragraph had shaped.
//!
//! The helper shapes with the same code (`TextBox::shape_alone`) over a font system of a
//! copy of the same font database, so face ids agree and the results are the ones the
//! render thread would have made. It is made again when fonts are added. Only one-line
//! layouts come back (what the text cache shares); a paragraph not on one line, or one
//! the helper could not do, is shaped by the render thread when taffy measures it, as
//! before. A build that makes few paragraphs queues none: the round trip would cost more.
//! When the build is over, the render thread itself shapes the batches the helper has not
//! started, so it never waits for more than the one batch in the helper's hands.
//!
//! The helper shapes into one buffer, again and again, and sends back only the compact
//! layouts: shaping into a fresh buffer per text took it twice as long, in first touches of
//! new memory, as the render thread took for the same texts.

use crate::text::{OneLine, TextBox, TextCache, TextKey};
use cosmic_text::FontSystem;
use fc_view::NodeId;
use std::collections::VecDeque;
use std::sync::{mpsc, Arc, Condvar, Mutex, MutexGuard};

/// Paragraphs per batch: a build queues nothing until it has made this many.
const BATCH: usize = 64;

struct Job {
    node: NodeId,
    key: Arc<TextKey>,
    hash: u64,
}

impl Job {
    fn shape(self, tb: &mut TextBox, fonts: &mut FontSystem) -> Done {
        Done {
            laid: tb.shape_alone(fonts, self.node, self.key.clone(), self.hash),
            key: self.key,
            hash: self.hash,
        }
    }
}

struct Done {
    key: Arc<TextKey>,
    hash: u64,
    /// The one-line layout and its max-content and min-content sizes; `None` when the
    /// text is not on one line.
    laid: Option<OneLine>,
}

/// Batches not started yet, taken by whichever thread comes first.
#[derive(Default)]
struct Queue {
    batches: VecDeque<Vec<Job>>,
    /// The render thread let the helper go.
    closed: bool,
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    ready: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        // Nothing is left half-done under the lock: a panic elsewhere does not spoil it.
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

struct Helper {
    shared: Arc<Shared>,
    done: mpsc::Receiver<Vec<Done>>,
    /// Faces in the database it copied: another count means fonts changed.
    faces: usize,
}

impl Drop for Helper {
    fn drop(&mut self) {
        let mut q = self.shared.lock();
        q.closed = true;
        q.batches.clear();
        self.shared.ready.notify_all();
    }
}

/// The render thread's side: batches jobs, starts the helper, and puts what comes back
/// into the text cache.
#[derive(Default)]
pub(crate) struct ShapeAhead {
    helper: Option<Helper>,
    batch: Vec<Job>,
    /// Key hashes queued in this build: a text made in many rows goes once.
    queued: std::collections::HashSet<u64, rustc_hash::FxBuildHasher>,
    /// Batches queued and not yet shaped here or answered by the helper.
    pending: usize,
    /// The helper could not be started or stopped answering: the render thread shapes.
    off: bool,
    /// The render thread's own paragraph for shaping the batches the helper did not take.
    scratch: TextBox,
    /// Tests: leave every batch to the helper.
    #[cfg(test)]
    no_sharing: bool,
}

/// Whether a paragraph's text is worth queueing: its one-line layout is what a measure
/// needs (left-aligned, not indented) and depends on nothing but its key (decoration lines
/// are made from each paragraph's paint).
fn worth_queueing(key: &TextKey) -> bool {
    let (spans, block) = key;
    block.indent_px == 0.0
        && block.indent_percent == 0.0
        && matches!(
            block.align,
            fc_style::TextAlign::Left | fc_style::TextAlign::Start
        )
        && spans
            .iter()
            .all(|(_, a)| !a.underline && !a.overline && !a.line_through)
}

impl ShapeAhead {
    #[cfg(test)]
    pub(crate) fn turned_off() -> ShapeAhead {
        ShapeAhead {
            off: true,
            ..Default::default()
        }
    }

    /// Every batch is shaped by the helper, none by the render thread.
    #[cfg(test)]
    pub(crate) fn helper_only() -> ShapeAhead {
        ShapeAhead {
            no_sharing: true,
            ..Default::default()
        }
    }

    /// Starts the helper ahead of need (the player is idle), so that the first long list
    /// does not wait for its start and first font loads.
    pub(crate) fn prepare(&mut self, fonts: &FontSystem) {
        if !self.off && self.pending == 0 {
            self.ensure_helper(fonts);
        }
    }

    /// Offers paragraph `node`, given new text, unless the text cache has its text.
    pub(crate) fn offer(
        &mut self,
        fonts: &FontSystem,
        cache: &TextCache,
        node: NodeId,
        tb: &TextBox,
    ) {
        if self.off {
            return;
        }
        let (key, hash) = tb.shared_key();
        if !worth_queueing(key) || cache.has(hash, key) || !self.queued.insert(hash) {
            return;
        }
        self.batch.push(Job {
            node,
            key: key.clone(),
            hash,
        });
        if self.batch.len() >= BATCH {
            self.queue(fonts);
        }
    }

    /// The build is over: the rest of the batch is queued too if batches were (shaped in
    /// `collect`), else the render thread shapes it when taffy measures.
    pub(crate) fn end_build(&mut self, fonts: &FontSystem) {
        if self.pending > 0 && !self.batch.is_empty() {
            self.queue(fonts);
        }
        self.batch.clear();
        self.queued.clear();
    }

    /// Shapes the batches the helper has not started, waits for the ones it has, and puts
    /// the one-line layouts into `cache`. Returns how many texts the helper shaped.
    pub(crate) fn collect(&mut self, fonts: &mut FontSystem, cache: &mut TextCache) -> usize {
        if self.pending == 0 {
            return 0;
        }
        let _span = tracing::debug_span!("shape_wait").entered();
        let Some(helper) = &self.helper else {
            self.pending = 0;
            return 0;
        };
        #[cfg(test)]
        let sharing = !self.no_sharing;
        #[cfg(not(test))]
        let sharing = true;
        loop {
            let next = sharing
                .then(|| helper.shared.lock().batches.pop_front())
                .flatten();
            let Some(batch) = next else {
                break;
            };
            self.pending -= 1;
            for job in batch {
                put(cache, job.shape(&mut self.scratch, fonts));
            }
        }
        let mut by_helper = 0;
        while self.pending > 0 {
            let Ok(batch) = helper.done.recv() else {
                // It died (a panic in shaping): what it had is shaped when measured.
                tracing::warn!("text shaping helper stopped; shaping on the render thread");
                self.helper = None;
                self.pending = 0;
                self.off = true;
                break;
            };
            self.pending -= 1;
            by_helper += batch.len();
            for d in batch {
                put(cache, d);
            }
        }
        by_helper
    }

    /// Fonts were added: a helper with the old database would shape differently.
    pub(crate) fn fonts_changed(&mut self) {
        self.helper = None;
        self.pending = 0;
        self.batch.clear();
        self.queued.clear();
    }

    fn queue(&mut self, fonts: &FontSystem) {
        let batch = std::mem::take(&mut self.batch);
        let Some(helper) = self.ensure_helper(fonts) else {
            return;
        };
        helper.shared.lock().batches.push_back(batch);
        helper.shared.ready.notify_one();
        self.pending += 1;
    }

    /// The helper, started if need be over the fonts as they are now.
    fn ensure_helper(&mut self, fonts: &FontSystem) -> Option<&Helper> {
        let faces = fonts.db().len();
        if self.helper.as_ref().is_some_and(|h| h.faces != faces) {
            // Fonts came in some other way than `add_font_face`. What it had in hand is
            // dropped with it.
            self.helper = None;
            self.pending = 0;
        }
        if self.helper.is_none() {
            // On one core the helper would only take turns with the render thread.
            if std::thread::available_parallelism().map_or(true, |n| n.get() < 2) {
                self.off = true;
                return None;
            }
            match spawn(fonts) {
                Ok(h) => self.helper = Some(h),
                Err(err) => {
                    tracing::warn!("cannot start the text shaping helper: {err}");
                    self.off = true;
                    return None;
                }
            }
        }
        self.helper.as_ref()
    }
}

fn put(cache: &mut TextCache, d: Done) {
    if let Some((shaped, sizes)) = d.laid {
        cache.put_single(d.hash, &d.key, shaped, sizes);
    }
}

fn spawn(fonts: &FontSystem) -> std::io::Result<Helper> {
    let db = fonts.db().clone();
    let faces = db.len();
    let locale = fonts.locale().to_string();
    let shared = Arc::new(Shared::default());
    let (done_tx, done_rx) = mpsc::channel::<Vec<Done>>();
    let queue = shared.clone();
    std::thread::Builder::new()
        .name("fc-shape".into())
        .spawn(move || {
            let mut fonts = FontSystem::new_with_locale_and_db(locale, db);
            // One paragraph, given each text in turn: its buffer's allocations are reused.
            let mut tb = TextBox::default();
            warm_up(&mut fonts);
            loop {
                let batch = {
                    let mut q = queue.lock();
                    loop {
                        if q.closed {
                            return;
                        }
                        if let Some(b) = q.batches.pop_front() {
                            break b;
                        }
                        q = queue.ready.wait(q).unwrap_or_else(|e| e.into_inner());
                    }
                };
                let done: Vec<Done> = batch
                    .into_iter()
                    .map(|j| j.shape(&mut tb, &mut fonts))
                    .collect();
                // Words met in the last two batches stay (labels repeat; ids do not).
                fonts.shape_run_cache.trim(1);
                if done_tx.send(done).is_err() {
                    return;
                }
            }
        })?;
    Ok(Helper {
        shared,
        done: done_rx,
        faces,
    })
}

/// Loads the default font and its shaping tables, as the render thread's first frame did
/// for its own font system.
fn warm_up(fonts: &mut FontSystem) {
    use cosmic_text::{Attrs, Buffer, Family, Metrics, Shaping};
    let mut buffer = Buffer::new_empty(Metrics::new(16.0, 20.0));
    buffer.set_text(
        "0",
        &Attrs::new().family(Family::SansSerif),
        Shaping::Advanced,
        None,
    );
    buffer.shape_until_scroll(fonts, false);
}
