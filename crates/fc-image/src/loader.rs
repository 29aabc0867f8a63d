//! The decode pool: a few worker threads fed by a std channel; results come back on another
//! channel and land in a cache keyed by the resolved source. The render thread never decodes.

use crate::decode::{decode, Decoded};
use crate::source::{data_url_bytes, Source};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Reads a bundle file (the player gives one; it must be callable from worker threads).
pub type ReadFile = Arc<dyn Fn(&str) -> Result<Vec<u8>, String> + Send + Sync>;

/// A finished load: the key and the image or an error message.
pub type Loaded = (String, Result<Arc<Decoded>, String>);

/// Called by a worker after each finished load (wakes the render thread's event loop).
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// The state of one source in the cache.
#[derive(Debug, Clone)]
pub enum Status {
    Pending,
    Ready(Arc<Decoded>),
    Failed(String),
}

/// Largest remote body we read.
const MAX_REMOTE: u64 = 32 << 20;
const WORKERS: usize = 2;

pub struct Loader {
    jobs: Sender<Source>,
    results: Receiver<Loaded>,
    cache: HashMap<String, Result<Arc<Decoded>, String>>,
    pending: HashSet<String>,
}

impl Loader {
    pub fn new(read: ReadFile) -> Loader {
        Loader::with_wake(read, Arc::new(|| {}))
    }

    /// A loader whose workers call `wake` after each finished load.
    pub fn with_wake(read: ReadFile, wake: Wake) -> Loader {
        let (jobs, job_rx) = channel::<Source>();
        let (res_tx, results) = channel();
        let job_rx = Arc::new(Mutex::new(job_rx));
        for i in 0..WORKERS {
            let job_rx = Arc::clone(&job_rx);
            let res_tx = res_tx.clone();
            let read = Arc::clone(&read);
            let wake = Arc::clone(&wake);
            let spawned = std::thread::Builder::new()
                .name(format!("fc-image-{i}"))
                .spawn(move || worker(job_rx, res_tx, read, wake));
            if let Err(e) = spawned {
                tracing::warn!("image worker: {e}");
            }
        }
        Loader {
            jobs,
            results,
            cache: HashMap::new(),
            pending: HashSet::new(),
        }
    }

    /// The state of `src`; starts a load the first time a source is asked for.
    pub fn request(&mut self, src: &Source) -> Status {
        let key = src.key();
        if let Some(r) = self.cache.get(key) {
            return match r {
                Ok(d) => Status::Ready(Arc::clone(d)),
                Err(e) => Status::Failed(e.clone()),
            };
        }
        if self.pending.insert(key.to_string()) && self.jobs.send(src.clone()).is_err() {
            self.pending.remove(key);
            self.cache
                .insert(key.to_string(), Err("image loader stopped".into()));
            return Status::Failed("image loader stopped".into());
        }
        Status::Pending
    }

    /// A cached image, if it is loaded.
    pub fn get(&self, key: &str) -> Option<&Arc<Decoded>> {
        self.cache.get(key).and_then(|r| r.as_ref().ok())
    }

    /// Finished loads since the last call (also stored in the cache).
    pub fn poll(&mut self) -> Vec<Loaded> {
        let mut out = Vec::new();
        while let Ok(done) = self.results.try_recv() {
            out.push(self.store(done));
        }
        out
    }

    /// Blocks until one load finishes or `timeout` passes.
    pub fn wait(&mut self, timeout: Duration) -> Vec<Loaded> {
        if self.pending.is_empty() {
            return Vec::new();
        }
        let deadline = Instant::now() + timeout;
        match self
            .results
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            Ok(done) => {
                let mut out = vec![self.store(done)];
                out.extend(self.poll());
                out
            }
            Err(_) => Vec::new(),
        }
    }

    /// Loads still running.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Pending loads that are not remote (what `wait idle` waits for).
    pub fn pending_local(&self) -> usize {
        self.pending
            .iter()
            .filter(|k| !k.starts_with("http://") && !k.starts_with("https://"))
            .count()
    }

    fn store(&mut self, (key, res): Loaded) -> Loaded {
        self.pending.remove(&key);
        self.cache.insert(key.clone(), res.clone());
        (key, res)
    }
}

fn worker(jobs: Arc<Mutex<Receiver<Source>>>, out: Sender<Loaded>, read: ReadFile, wake: Wake) {
    loop {
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(src) = job else { return };
        let res = bytes(&src, &read).and_then(|b| decode(&b)).map(Arc::new);
        if out.send((src.key().to_string(), res)).is_err() {
            return;
        }
        wake();
    }
}

fn bytes(src: &Source, read: &ReadFile) -> Result<Vec<u8>, String> {
    match src {
        Source::Data(url) => data_url_bytes(url),
        Source::Bundle(path) => read(path),
        Source::Remote(url) => {
            let resp = ureq::get(url)
                .timeout(Duration::from_secs(30))
                .call()
                .map_err(|e| format!("request: {e}"))?;
            let mut body = Vec::new();
            resp.into_reader()
                .take(MAX_REMOTE)
                .read_to_end(&mut body)
                .map_err(|e| format!("request: {e}"))?;
            Ok(body)
        }
    }
}
