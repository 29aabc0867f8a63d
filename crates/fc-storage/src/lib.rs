//! A mini-program's local storage (`wx.setStorage` and friends, api.md §2) kept on disk: one
//! [`Store`] per app id, in a folder of its own, written through on every change.
//!
//! It owns the on-disk format, the platform's size rules (1 MB a key, 10 MB an app, sizes
//! reported in KB) and crash safety. It is not the JS API: `fc-logic` turns JS values into
//! [`StoredValue`]s, calls the store, and words the `errMsg`s (`<api>:ok` /
//! `<api>:fail <reason>`); the reasons for the two limits are this crate's error texts.
//!
//! # On disk
//!
//! One file per app, `<folder>/storage.json`:
//!
//! ```json
//! {"format":"fcplayer-storage","version":1,"items":{
//!   "count":{"type":"number","data":3},
//!   "when":{"type":"date","data":1700000000000},
//!   "gone":{"type":"undefined"}}}
//! ```
//!
//! Each item keeps its JS type next to its JSON `data`: `string`, `number`, `boolean`,
//! `null`, `object`, `array` (the JSON says which; the tag makes the file readable and is
//! checked on load), plus the two types JSON cannot carry:
//! - `date`: a top-level `Date` comes back as a `Date`; `data` is its time value in
//!   milliseconds since the epoch (`null` for an invalid date), so it round-trips exactly.
//!   Dates *inside* objects and arrays are what `JSON.stringify` makes of them (ISO strings),
//!   as on the platform.
//! - `undefined`: `setStorageSync(k, undefined)` (or a function) stores `undefined`, and
//!   `getStorageSync(k)` gives `undefined` back, not `''`; the key exists.
//!
//! Keys keep their insertion order (`getStorageInfo().keys`); overwriting a key keeps its
//! place, removing and setting it again moves it to the end.
//!
//! **Why one file per app, not one per key.** Every change — including `clearStorage`,
//! which touches all keys — replaces the whole file in one atomic rename, so the store on
//! disk is always exactly the state after some acknowledged call: never a half-applied
//! clear, never a key whose file name had to be escaped. The price is rewriting the whole
//! store per write: at most 10 MB by the platform's own cap, and in practice a few KB. A
//! file per key would make big stores cheaper to update but needs escaping of arbitrary key
//! strings into file names and cannot make `clearStorage` atomic.
//!
//! **Atomic writes.** A write goes to `storage.json.tmp` in the same folder, is flushed to
//! the disk (`fsync`), then renamed over `storage.json`, and the folder itself is flushed so
//! the rename survives a power cut (on Unix; Windows cannot open a folder for that). A kill
//! at any moment leaves `storage.json` holding either the state before or after the write
//! that was in progress; a leftover `.tmp` (possibly truncated) is never read and is
//! overwritten by the next write. A call returns only after its write is durable, so an
//! acknowledged write is never lost.
//!
//! One process per store at a time: two players on the same app id and data folder are not
//! locked against each other (the last writer wins).
//!
//! # Sizes
//!
//! An item's size is the UTF-8 length of its key plus the length of the JSON text of its
//! value (what `JSON.stringify` gives; a `Date` counts as its 24-character ISO string plus
//! quotes, `undefined` as 0). The per-key limit is 1 MB (1 048 576 bytes) of that; the
//! per-app limit is 10 MB of their sum. `getStorageInfo` reports `currentSize` as that sum in
//! KB rounded up and `limitSize` 10240.

#![deny(unsafe_code)]

mod disk;
mod store;
mod value;

pub use store::{default_root, Store, LIMIT_SIZE_KB, MAX_ITEM_BYTES, MAX_TOTAL_BYTES};
pub use value::StoredValue;

use std::path::PathBuf;

/// Why a store could not be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// `storage.json` exists but could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `storage.json` is not a store this crate wrote (edited by hand, or another program's).
    /// Atomic writes mean a kill never causes this.
    #[error("{path} is not a valid storage file: {message}")]
    Corrupt { path: PathBuf, message: String },
}

/// Why a change was refused or not saved. The store in memory and on disk is unchanged.
/// The `Display` texts of the two limit variants are the platform's `errMsg` reasons.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The item (key + value JSON) is over 1 MB.
    #[error("exceed storage item max length")]
    ItemTooLarge {
        key: String,
        size: usize,
        limit: usize,
    },
    /// The store would grow past 10 MB.
    #[error("exceed storage max size 10Mb")]
    StoreFull { size: usize, limit: usize },
    /// The file could not be written (disk full, permissions, the folder is a file...).
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}
