//! Shaping new paragraphs ahead, on a helper thread, while the render thread builds the box
//! tree. A long list made at once brings thousands of texts no paragraph had (each row's
//! id), and shaping them was a quarter of its layout; the render thread now hands them
//! over in batches as it makes their paragraphs, and taffy's measure finds their one-line
//! layouts in the text cache, as it would a text another paragraph had shaped.
//!
//! The helper shapes with the same code (`TextBox::measure`) over a font system of a copy
//! of the same font database, so face ids agree and the results are the ones the render
//! thread would have made. It is made again when fonts are added. Only the one-line
//! layouts come back (what the text cache shares); a paragraph that is not on one line, or
//! one the helper could not do, is shaped by the render thread when taffy measures it, as
//! before. A build that makes few paragraphs sends none: the round trip would cost more.
//!
//! The helper shapes into one buffer, again and again, and sends back only the compact
//! layouts: shaping into a fresh buffer per text took it twice as long, in first touches of
//! new memory, as the render thread took for the same texts.

use crate::text::{OneLine, TextBox, TextCache, TextKey};
use cosmic_text::FontSystem;
use fc_view::NodeId;
use std::sync::{mpsc, Arc};

/// Paragraphs per message: a build sends nothing until it has made this many.
const BATCH: usize = 64;

struct Job {
    node: NodeId,
    key: Arc<TextKey>,
    hash: u64,
}

struct Done {
    key: Arc<TextKey>,
    hash: u64,
    /// The one-line layout and its max-content and min-content sizes; `None` when the
    /// text is not on one line.
    laid: Option<OneLine>,
}

struct Helper {
    jobs: mpsc::Sender<Vec<Job>>,
    done: mpsc::Receiver<Vec<Done>>,
    /// Faces in the database it copied: another count means fonts changed.
    faces: usize,
}

/// The render thread's side: batches jobs, starts the helper when a build first sends
/// one, and puts what comes back into the text cache.
#[derive(Default)]
pub(crate) struct ShapeAhead {
    helper: Option<Helper>,
    batch: Vec<Job>,
    /// Key hashes queued in this build: a text made in many rows goes once.
    queued: std::collections::HashSet<u64, rustc_hash::FxBuildHasher>,
    /// Batches sent and not collected.
    in_flight: usize,
    /// The helper could not be started or stopped answering: the render thread shapes.
    off: bool,
}

/// Whether a paragraph's text is worth sending: its one-line layout is what a measure
/// needs (left-aligned, not indented) and depends on nothing but its key (decoration lines
/// are made from each paragraph's paint).
fn worth_sending(key: &TextKey) -> bool {
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
        if !worth_sending(key) || cache.has(hash, key) || !self.queued.insert(hash) {
            return;
        }
        self.batch.push(Job {
            node,
            key: key.clone(),
            hash,
        });
        if self.batch.len() >= BATCH {
            self.send(fonts);
        }
    }

    /// The build is over: the rest of the batch goes too if batches went (the helper
    /// shapes it while the render thread finishes), else the render thread keeps it.
    pub(crate) fn end_build(&mut self, fonts: &FontSystem) {
        if self.in_flight > 0 && !self.batch.is_empty() {
            self.send(fonts);
        }
        self.batch.clear();
        self.queued.clear();
    }

    #[cfg(test)]
    pub(crate) fn turned_off() -> ShapeAhead {
        ShapeAhead {
            off: true,
            ..Default::default()
        }
    }

    /// Waits for what was sent and puts the one-line layouts into `cache`. Returns how
    /// many texts came back.
    pub(crate) fn collect(&mut self, cache: &mut TextCache) -> usize {
        let mut texts = 0;
        while self.in_flight > 0 {
            let Some(helper) = &self.helper else {
                self.in_flight = 0;
                break;
            };
            match helper.done.recv() {
                Ok(batch) => {
                    self.in_flight -= 1;
                    texts += batch.len();
                    for d in batch {
                        if let Some((shaped, sizes)) = d.laid {
                            cache.put_single(d.hash, &d.key, shaped, sizes);
                        }
                    }
                }
                Err(_) => {
                    // It died (a panic in shaping): what it had is shaped here.
                    tracing::warn!("text shaping helper stopped; shaping on the render thread");
                    self.helper = None;
                    self.in_flight = 0;
                    self.off = true;
                }
            }
        }
        texts
    }

    /// Fonts were added: a helper with the old database would shape differently.
    pub(crate) fn fonts_changed(&mut self) {
        self.helper = None;
        self.in_flight = 0;
        self.batch.clear();
        self.queued.clear();
    }

    fn send(&mut self, fonts: &FontSystem) {
        let batch = std::mem::take(&mut self.batch);
        let faces = fonts.db().len();
        if self.helper.as_ref().is_some_and(|h| h.faces != faces) {
            // Fonts came in some other way than `add_font_face`. Its results in flight are
            // dropped with it.
            self.helper = None;
            self.in_flight = 0;
        }
        if self.helper.is_none() {
            // On one core the helper would only take turns with the render thread.
            if std::thread::available_parallelism().map_or(true, |n| n.get() < 2) {
                self.off = true;
                return;
            }
            match spawn(fonts) {
                Ok(h) => self.helper = Some(h),
                Err(err) => {
                    tracing::warn!("cannot start the text shaping helper: {err}");
                    self.off = true;
                    return;
                }
            }
        }
        let sent = self
            .helper
            .as_ref()
            .is_some_and(|h| h.jobs.send(batch).is_ok());
        if sent {
            self.in_flight += 1;
        } else {
            self.helper = None;
            self.off = true;
        }
    }
}

fn spawn(fonts: &FontSystem) -> std::io::Result<Helper> {
    let db = fonts.db().clone();
    let faces = db.len();
    let locale = fonts.locale().to_string();
    let (jobs_tx, jobs_rx) = mpsc::channel::<Vec<Job>>();
    let (done_tx, done_rx) = mpsc::channel::<Vec<Done>>();
    std::thread::Builder::new()
        .name("fc-shape".into())
        .spawn(move || {
            let mut fonts = FontSystem::new_with_locale_and_db(locale, db);
            // One paragraph, given each text in turn: its buffer's allocations are reused.
            let mut tb = TextBox::default();
            while let Ok(jobs) = jobs_rx.recv() {
                let done: Vec<Done> = jobs
                    .into_iter()
                    .map(|j| Done {
                        laid: tb.shape_alone(&mut fonts, j.node, j.key.clone(), j.hash),
                        key: j.key,
                        hash: j.hash,
                    })
                    .collect();
                // Words met in the last two batches stay (labels repeat; ids do not).
                fonts.shape_run_cache.trim(1);
                if done_tx.send(done).is_err() {
                    break;
                }
            }
        })?;
    Ok(Helper {
        jobs: jobs_tx,
        done: done_rx,
        faces,
    })
}
