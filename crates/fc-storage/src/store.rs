//! The store: the items in memory, each change checked against the limits and written
//! through before it is applied.

use crate::disk;
use crate::{OpenError, StoredValue, WriteError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Largest item (key + value JSON), in bytes: the platform's 1 MB per key.
pub const MAX_ITEM_BYTES: usize = 1024 * 1024;
/// Largest store (sum of its items), in bytes: the platform's 10 MB per app.
pub const MAX_TOTAL_BYTES: usize = 10 * 1024 * 1024;
/// `getStorageInfo().limitSize`: the per-app limit in KB.
pub const LIMIT_SIZE_KB: u64 = (MAX_TOTAL_BYTES / 1024) as u64;

/// The folder under which each app's store lives when the user names none: the platform's
/// user data directory plus `fcplayer` (`~/.local/share/fcplayer` on Linux,
/// `~/Library/Application Support/fcplayer` on macOS, `%APPDATA%\fcplayer` on Windows).
/// `None` when the platform has no home directory to put it in.
pub fn default_root() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.data_dir().join("fcplayer"))
}

struct Item {
    key: String,
    value: StoredValue,
    /// Key bytes + value JSON bytes (see the crate docs).
    size: usize,
}

fn item_size(key: &str, value: &StoredValue) -> usize {
    key.len() + value.json_len()
}

/// One app's storage. One per running mini-program, owned by its logic thread; it is the
/// only writer of its folder while it lives.
pub struct Store {
    dir: PathBuf,
    /// In insertion order (what `getStorageInfo().keys` lists).
    items: Vec<Item>,
    /// Key -> position in `items`.
    index: HashMap<String, usize>,
    total: usize,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.dir)
            .field("keys", &self.items.len())
            .field("bytes", &self.total)
            .finish()
    }
}

impl Store {
    /// Opens the store kept in `dir` (the app's own folder). Nothing is created until the
    /// first write; a missing folder or file is an empty store.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Store, OpenError> {
        let dir = dir.into();
        let mut store = Store {
            dir,
            items: Vec::new(),
            index: HashMap::new(),
            total: 0,
        };
        for (key, value) in disk::load(&store.dir)? {
            let size = item_size(&key, &value);
            store.total += size;
            store.index.insert(key.clone(), store.items.len());
            store.items.push(Item { key, value, size });
        }
        Ok(store)
    }

    /// The folder this store lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn get(&self, key: &str) -> Option<&StoredValue> {
        self.index.get(key).map(|&i| &self.items[i].value)
    }

    /// The keys, oldest first.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|item| item.key.as_str())
    }

    /// Sum of the items' sizes, in bytes.
    pub fn current_size(&self) -> usize {
        self.total
    }

    /// `getStorageInfo().currentSize`: [`Store::current_size`] in KB, rounded up (one small
    /// item is 1 KB, an empty store 0).
    pub fn current_size_kb(&self) -> u64 {
        self.total.div_ceil(1024) as u64
    }

    /// Sets `key`, overwriting its value (the key keeps its place). Returns once the change
    /// is on disk; on error nothing changed.
    pub fn set(&mut self, key: &str, value: StoredValue) -> Result<(), WriteError> {
        let size = item_size(key, &value);
        if size > MAX_ITEM_BYTES {
            return Err(WriteError::ItemTooLarge {
                key: key.to_string(),
                size,
                limit: MAX_ITEM_BYTES,
            });
        }
        let existing = self.index.get(key).copied();
        let old_size = existing.map_or(0, |i| self.items[i].size);
        let total = self.total - old_size + size;
        if total > MAX_TOTAL_BYTES {
            return Err(WriteError::StoreFull {
                size: total,
                limit: MAX_TOTAL_BYTES,
            });
        }
        // The file is encoded from the current items with the new value in its place, so
        // memory changes only after the write succeeded.
        let key_owned = key.to_string();
        let bytes = {
            let current = self.items.iter().map(|item| {
                if item.key == key {
                    (&key_owned, &value)
                } else {
                    (&item.key, &item.value)
                }
            });
            match existing {
                Some(_) => disk::encode(current),
                None => disk::encode(current.chain(std::iter::once((&key_owned, &value)))),
            }
        };
        self.persist(&bytes)?;
        match existing {
            Some(i) => {
                self.items[i].value = value;
                self.items[i].size = size;
            }
            None => {
                self.index.insert(key_owned.clone(), self.items.len());
                self.items.push(Item {
                    key: key_owned,
                    value,
                    size,
                });
            }
        }
        self.total = total;
        Ok(())
    }

    /// Removes `key`. A missing key is not an error and writes nothing (`Ok(false)`).
    pub fn remove(&mut self, key: &str) -> Result<bool, WriteError> {
        let Some(&position) = self.index.get(key) else {
            return Ok(false);
        };
        let bytes = disk::encode(
            self.items
                .iter()
                .filter(|item| item.key != key)
                .map(|item| (&item.key, &item.value)),
        );
        self.persist(&bytes)?;
        let item = self.items.remove(position);
        self.total -= item.size;
        self.index.remove(key);
        for (i, item) in self.items.iter().enumerate().skip(position) {
            self.index.insert(item.key.clone(), i);
        }
        Ok(true)
    }

    /// Removes every key, in one atomic write.
    pub fn clear(&mut self) -> Result<(), WriteError> {
        let on_disk = self.dir.join(disk::FILE_NAME).exists();
        if self.items.is_empty() && !on_disk {
            return Ok(());
        }
        self.persist(&disk::encode(std::iter::empty()))?;
        self.items.clear();
        self.index.clear();
        self.total = 0;
        Ok(())
    }

    fn persist(&self, bytes: &[u8]) -> Result<(), WriteError> {
        disk::write_atomic(&self.dir, bytes)
            .map_err(|(path, source)| WriteError::Io { path, source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn temp_dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("fc-storage-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    fn json(v: serde_json::Value) -> StoredValue {
        StoredValue::Json(v)
    }

    #[test]
    fn values_keep_their_types_across_reopen() {
        let dir = temp_dir("types");
        let values = [
            ("s", json(json!("text"))),
            ("n", json(json!(42))),
            ("f", json(json!(-0.5))),
            ("b", json(json!(true))),
            ("z", json(json!(null))),
            ("o", json(json!({"a": {"b": [1, "x"]}}))),
            ("a", json(json!([1, [2], {"c": 3}]))),
            ("d", StoredValue::Date(1_700_000_000_123.0)),
            ("u", StoredValue::Undefined),
        ];
        {
            let mut store = Store::open(&dir).expect("opens");
            for (k, v) in &values {
                store.set(k, v.clone()).expect("set");
            }
            assert_eq!(store.get("n"), Some(&json(json!(42))));
        }
        let store = Store::open(&dir).expect("reopens");
        for (k, v) in &values {
            assert_eq!(store.get(k), Some(v), "{k}");
        }
        assert_eq!(
            store.keys().collect::<Vec<_>>(),
            ["s", "n", "f", "b", "z", "o", "a", "d", "u"]
        );
    }

    #[test]
    fn missing_key_and_missing_folder() {
        let dir = temp_dir("missing");
        let mut store = Store::open(&dir).expect("a missing folder is an empty store");
        assert_eq!(store.get("nope"), None);
        assert!(!store.remove("nope").expect("remove"));
        store.clear().expect("clear");
        assert!(!dir.exists(), "reads and no-op changes create nothing");
        assert_eq!(store.current_size_kb(), 0);
    }

    #[test]
    fn overwrite_keeps_place_remove_and_clear() {
        let dir = temp_dir("remove");
        let mut store = Store::open(&dir).expect("opens");
        for k in ["a", "b", "c"] {
            store.set(k, json(json!(k))).expect("set");
        }
        store.set("a", json(json!(1))).expect("overwrite");
        assert_eq!(store.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert!(store.remove("b").expect("remove"));
        assert_eq!(store.keys().collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(store.get("c"), Some(&json(json!("c"))), "index moved");
        store.set("b", json(json!(2))).expect("set again");
        assert_eq!(store.keys().collect::<Vec<_>>(), ["a", "c", "b"]);
        drop(store);
        let mut store = Store::open(&dir).expect("reopens");
        assert_eq!(store.keys().collect::<Vec<_>>(), ["a", "c", "b"]);
        store.clear().expect("clear");
        assert_eq!(store.keys().count(), 0);
        assert_eq!(store.current_size(), 0);
        drop(store);
        assert_eq!(Store::open(&dir).expect("reopens").keys().count(), 0);
    }

    #[test]
    fn info_counts_key_plus_json_in_kb() {
        let dir = temp_dir("info");
        let mut store = Store::open(&dir).expect("opens");
        store.set("k", json(json!("ab"))).expect("set");
        assert_eq!(store.current_size(), 1 + 4);
        assert_eq!(store.current_size_kb(), 1);
        store
            .set("big", json(json!("x".repeat(3000))))
            .expect("set");
        assert_eq!(store.current_size(), 5 + 3 + 3002);
        assert_eq!(store.current_size_kb(), 3);
        store.set("big", json(json!(1))).expect("overwrite shrinks");
        assert_eq!(store.current_size(), 5 + 3 + 1);
        assert_eq!(LIMIT_SIZE_KB, 10240);
    }

    #[test]
    fn item_limit_is_one_mb_and_refusal_changes_nothing() {
        let dir = temp_dir("item");
        let mut store = Store::open(&dir).expect("opens");
        store.set("k", json(json!("old"))).expect("set");
        // Key (1) + quotes (2) + text: exactly at the limit is allowed.
        let fits = "x".repeat(MAX_ITEM_BYTES - 3);
        store
            .set("k", json(json!(fits)))
            .expect("exactly 1 MB fits");
        let over = "x".repeat(MAX_ITEM_BYTES - 2);
        let err = store.set("k", json(json!(over))).expect_err("over 1 MB");
        assert!(matches!(err, WriteError::ItemTooLarge { .. }));
        assert_eq!(err.to_string(), "exceed storage item max length");
        assert_eq!(store.current_size(), MAX_ITEM_BYTES);
        drop(store);
        let store = Store::open(&dir).expect("reopens");
        assert_eq!(
            store.current_size(),
            MAX_ITEM_BYTES,
            "the refused value never reached disk"
        );
    }

    #[test]
    fn app_limit_is_ten_mb() {
        let dir = temp_dir("total");
        let mut store = Store::open(&dir).expect("opens");
        // Ten items of (2-char key + 2 quotes + text) = 1 MB - 1 each.
        let text = "x".repeat(MAX_ITEM_BYTES - 5);
        for i in 0..10 {
            store
                .set(&format!("k{i}"), json(json!(text)))
                .expect("fits");
        }
        assert_eq!(store.current_size(), MAX_TOTAL_BYTES - 10);
        store
            .set("x", json(json!(1234567)))
            .expect("8 bytes still fit");
        let err = store.set("y", json(json!(12))).expect_err("past 10 MB");
        assert!(matches!(err, WriteError::StoreFull { .. }));
        assert_eq!(err.to_string(), "exceed storage max size 10Mb");
        // Overwriting with something smaller always works at the limit.
        store.set("k0", json(json!("small"))).expect("shrinks");
        store.set("y", json(json!(12))).expect("fits now");
        assert!(store.current_size_kb() <= LIMIT_SIZE_KB);
    }

    #[test]
    fn leftover_temp_file_is_ignored() {
        let dir = temp_dir("temp");
        let mut store = Store::open(&dir).expect("opens");
        store.set("n", json(json!({"count": 7}))).expect("set");
        drop(store);
        // What a kill in the middle of a write leaves: a truncated temp file.
        std::fs::write(
            dir.join(disk::TEMP_NAME),
            br#"{"format":"fcplayer-storage","ver"#,
        )
        .expect("write temp");
        let mut store = Store::open(&dir).expect("the temp file is not read");
        assert_eq!(store.get("n"), Some(&json(json!({"count": 7}))));
        store
            .set("n", json(json!({"count": 8})))
            .expect("a write replaces the temp file");
        assert!(!dir.join(disk::TEMP_NAME).exists(), "renamed into place");
        drop(store);
        let store = Store::open(&dir).expect("reopens");
        assert_eq!(store.get("n"), Some(&json(json!({"count": 8}))));
    }

    #[test]
    fn corrupt_store_file_is_an_error() {
        let dir = temp_dir("corrupt");
        std::fs::create_dir_all(&dir).expect("dir");
        for text in [
            "{\"format\":",
            "[]",
            r#"{"format":"other","version":1,"items":{}}"#,
            r#"{"format":"fcplayer-storage","version":2,"items":{}}"#,
            r#"{"format":"fcplayer-storage","version":1,"items":{"a":{"type":"number","data":"1"}}}"#,
        ] {
            std::fs::write(dir.join(disk::FILE_NAME), text).expect("write");
            let err = Store::open(&dir).expect_err(text);
            assert!(matches!(err, OpenError::Corrupt { .. }), "{text}: {err}");
        }
    }

    #[test]
    fn unwritable_folder_fails_and_keeps_memory() {
        let dir = temp_dir("unwritable");
        let mut store = Store::open(&dir).expect("opens empty");
        // A file appears where the folder should be: every write fails.
        std::fs::write(&dir, "not a folder").expect("write");
        let err = store.set("k", json(json!(1))).expect_err("cannot write");
        assert!(matches!(err, WriteError::Io { .. }), "{err}");
        assert_eq!(store.get("k"), None);
        let _ = std::fs::remove_file(&dir);
    }

    #[test]
    fn file_is_the_documented_format() {
        let dir = temp_dir("format");
        let mut store = Store::open(&dir).expect("opens");
        store.set("when", StoredValue::Date(1e12)).expect("set");
        store.set("gone", StoredValue::Undefined).expect("set");
        let text = std::fs::read_to_string(dir.join("storage.json")).expect("read");
        assert_eq!(
            text,
            r#"{"format":"fcplayer-storage","version":1,"items":{"when":{"type":"date","data":1000000000000},"gone":{"type":"undefined"}}}"#
        );
    }
}
