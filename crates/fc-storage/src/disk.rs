//! Reading `storage.json` and replacing it atomically (see the crate docs for why).

use crate::{OpenError, StoredValue};
use serde_json::{Map, Value};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

pub(crate) const FILE_NAME: &str = "storage.json";
/// Next to the file, so the rename never crosses file systems (a cross-device rename is
/// not atomic, it fails).
pub(crate) const TEMP_NAME: &str = "storage.json.tmp";
const FORMAT: &str = "fcplayer-storage";
const VERSION: u64 = 1;

/// The items of the store in `dir`, in their order; empty when there is no file yet.
pub(crate) fn load(dir: &Path) -> Result<Vec<(String, StoredValue)>, OpenError> {
    let path = dir.join(FILE_NAME);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(OpenError::Read { path, source }),
    };
    let corrupt = |message: String| OpenError::Corrupt {
        path: path.clone(),
        message,
    };
    let root: Value = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
    if root.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(corrupt(format!("`format` is not \"{FORMAT}\"")));
    }
    let version = root.get("version").and_then(Value::as_u64);
    if version != Some(VERSION) {
        return Err(corrupt(format!(
            "version {} is not {VERSION} (written by another fcplayer?)",
            root.get("version").unwrap_or(&Value::Null)
        )));
    }
    let Some(Value::Object(items)) = root.get("items") else {
        return Err(corrupt("`items` is not an object".into()));
    };
    items
        .iter()
        .map(|(key, entry)| {
            StoredValue::from_entry(entry)
                .map(|value| (key.clone(), value))
                .map_err(|m| corrupt(format!("item \"{key}\": {m}")))
        })
        .collect()
}

/// The whole file's text for these items.
pub(crate) fn encode<'a>(items: impl Iterator<Item = (&'a String, &'a StoredValue)>) -> Vec<u8> {
    let items: Map<String, Value> = items.map(|(k, v)| (k.clone(), v.to_entry())).collect();
    let mut root = Map::new();
    root.insert("format".into(), Value::from(FORMAT));
    root.insert("version".into(), Value::from(VERSION));
    root.insert("items".into(), Value::Object(items));
    serde_json::to_vec(&Value::Object(root)).expect("a JSON value with string keys serialises")
}

/// Replaces `dir/storage.json` with `bytes`: temp file, fsync, rename, fsync the folder.
/// On error the old file is untouched (a stale temp file may remain; it is never read).
pub(crate) fn write_atomic(dir: &Path, bytes: &[u8]) -> Result<(), (PathBuf, std::io::Error)> {
    ensure_dir(dir)?;
    let temp = dir.join(TEMP_NAME);
    let target = dir.join(FILE_NAME);
    let at = |path: &Path| {
        let path = path.to_path_buf();
        move |err| (path, err)
    };
    // `create` truncates a temp file a killed run left behind.
    let mut file = File::create(&temp).map_err(at(&temp))?;
    file.write_all(bytes).map_err(at(&temp))?;
    // Without this, the rename can reach the disk before the data: after a power cut the
    // new name would point at an empty or partial file.
    file.sync_all().map_err(at(&temp))?;
    drop(file);
    std::fs::rename(&temp, &target).map_err(at(&target))?;
    sync_dir(dir).map_err(at(dir))?;
    Ok(())
}

/// Creates the store's folder on first write, flushing its parent so the folder's entry
/// is durable too.
fn ensure_dir(dir: &Path) -> Result<(), (PathBuf, std::io::Error)> {
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))?;
    if let Some(parent) = dir.parent() {
        sync_dir(parent).map_err(|e| (parent.to_path_buf(), e))?;
    }
    Ok(())
}

/// Makes a rename or create in `dir` durable.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows cannot open a folder as a file; NTFS journals the rename's metadata itself.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}
