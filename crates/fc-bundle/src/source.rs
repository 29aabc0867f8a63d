use crate::{normalize, BundleError, Result};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Largest total size of an `.fcpkg`'s unpacked files: a guard against zip bombs, far above
/// any real mini-program (the platform caps a package at 20 MiB).
const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;

/// Where a bundle's files come from.
#[derive(Debug)]
pub(crate) enum Source {
    /// A folder on disk; `root` is canonical so symlinks cannot lead out of it.
    Dir { root: PathBuf },
    /// An `.fcpkg` read fully into memory at open (bundles are small; this keeps reads
    /// lock-free from both threads).
    Zip { files: HashMap<String, Vec<u8>> },
}

impl Source {
    pub(crate) fn open(path: &Path) -> Result<Source> {
        let open_err = |source| BundleError::Open {
            path: path.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(open_err)?;
        if meta.is_dir() {
            let root = path.canonicalize().map_err(open_err)?;
            return Ok(Source::Dir { root });
        }
        let file = std::fs::File::open(path).map_err(open_err)?;
        let arc_err = |e: &dyn std::fmt::Display| BundleError::Archive {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        let mut zip = zip::ZipArchive::new(file).map_err(|e| arc_err(&e))?;
        let mut files = HashMap::new();
        let mut total: u64 = 0;
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).map_err(|e| arc_err(&e))?;
            if entry.is_dir() {
                continue;
            }
            let raw_name = entry.name().map_err(|e| arc_err(&e))?.into_owned();
            let name = normalize(&raw_name)?;
            total = total.saturating_add(entry.size());
            if total > MAX_UNPACKED_BYTES {
                return Err(arc_err(&"unpacked size exceeds 512 MiB"));
            }
            let mut data = Vec::with_capacity(entry.size().min(64 << 20) as usize);
            entry.read_to_end(&mut data).map_err(|e| arc_err(&e))?;
            files.insert(name, data);
        }
        // A bundle packed with its folder as the top entry (`hello/app.json`) is accepted too.
        if !files.contains_key("app.json") {
            let tops: Vec<&String> = files.keys().filter(|k| k.ends_with("/app.json")).collect();
            if let [only] = tops.as_slice() {
                let prefix = only.trim_end_matches("app.json").to_string();
                files = files
                    .into_iter()
                    .filter_map(|(k, v)| k.strip_prefix(&prefix).map(|s| (s.to_string(), v)))
                    .collect();
            }
        }
        Ok(Source::Zip { files })
    }

    fn disk_path(root: &Path, rel: &str) -> Result<PathBuf> {
        let full = root.join(rel);
        // A symlink inside the folder may point anywhere: check where it really lands.
        match full.canonicalize() {
            Ok(real) if real.starts_with(root) => Ok(real),
            Ok(_) => Err(BundleError::Escapes(rel.to_string())),
            Err(_) => Err(BundleError::NotFound(rel.to_string())),
        }
    }

    pub(crate) fn read(&self, path: &str) -> Result<Vec<u8>> {
        let rel = normalize(path)?;
        match self {
            Source::Dir { root } => {
                let real = Self::disk_path(root, &rel)?;
                if real.is_dir() {
                    return Err(BundleError::NotFound(rel));
                }
                std::fs::read(&real).map_err(|e| BundleError::Read {
                    path: rel,
                    message: e.to_string(),
                })
            }
            Source::Zip { files } => files.get(&rel).cloned().ok_or(BundleError::NotFound(rel)),
        }
    }

    pub(crate) fn read_text(&self, path: &str) -> Result<String> {
        let bytes = self.read(path)?;
        String::from_utf8(bytes).map_err(|_| BundleError::NotUtf8(path.to_string()))
    }

    pub(crate) fn exists(&self, path: &str) -> bool {
        let Ok(rel) = normalize(path) else {
            return false;
        };
        match self {
            Source::Dir { root } => Self::disk_path(root, &rel)
                .map(|p| p.is_file())
                .unwrap_or(false),
            Source::Zip { files } => files.contains_key(&rel),
        }
    }
}

/// Packs a bundle folder into an `.fcpkg` (a deflated zip with bundle-relative names).
/// Hidden files and folders (names starting with `.`) are left out.
pub fn pack_dir(dir: &Path, out: &Path) -> std::io::Result<usize> {
    if !dir.join("app.json").is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{}: no app.json in this folder", dir.display()),
        ));
    }
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.sort();
    let file = std::fs::File::create(out)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for rel in &files {
        let data = std::fs::read(dir.join(rel))?;
        zip.start_file(rel.as_str(), options)
            .map_err(std::io::Error::other)?;
        zip.write_all(&data)?;
    }
    zip.finish().map_err(std::io::Error::other)?;
    Ok(files.len())
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(rel.join("/"));
        }
    }
    Ok(())
}
