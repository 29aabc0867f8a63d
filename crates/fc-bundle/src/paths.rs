use crate::{BundleError, Result};

/// Normalises a bundle path: `/a/./b/../c.js` -> `a/c.js`. A leading `/` means the bundle
/// root (as in the platform's absolute paths). Any step above the root, a backslash, a NUL or
/// a drive prefix is refused, so no path can reach outside the bundle.
pub fn normalize(path: &str) -> Result<String> {
    if path.contains('\\') || path.contains('\0') || path.contains(':') {
        return Err(BundleError::Escapes(path.to_string()));
    }
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(BundleError::Escapes(path.to_string()));
                }
            }
            s => parts.push(s),
        }
    }
    Ok(parts.join("/"))
}

/// Resolves `target` as written in a file at `from` (both bundle paths): `./x`, `../x` and
/// bare `x` are relative to `from`'s folder, `/x` to the bundle root.
pub fn join_relative(from: &str, target: &str) -> Result<String> {
    if target.starts_with('/') {
        return normalize(target);
    }
    let dir = match from.rfind('/') {
        Some(i) => &from[..i],
        None => "",
    };
    normalize(&format!("{dir}/{target}"))
}
