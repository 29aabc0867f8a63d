//! Where an image's bytes come from: `data:` URLs, `http(s)` URLs and bundle paths.

/// What a `src` names, after resolving bundle paths against the page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    Data(String),
    Remote(String),
    /// A path inside the bundle, normalised (no leading `/`, no `.`/`..`).
    Bundle(String),
}

impl Source {
    /// The cache key: the resolved path or the URL itself.
    pub fn key(&self) -> &str {
        match self {
            Source::Data(s) | Source::Remote(s) | Source::Bundle(s) => s,
        }
    }
}

/// Resolves `src` as written on a page at `page` (e.g. `pages/index/index`). `None` for an
/// empty `src` or a path that leaves the bundle.
pub fn resolve(page: &str, src: &str) -> Option<Source> {
    let src = src.trim();
    if src.is_empty() {
        return None;
    }
    if src.starts_with("data:") {
        return Some(Source::Data(src.to_string()));
    }
    if src.starts_with("http://") || src.starts_with("https://") {
        return Some(Source::Remote(src.to_string()));
    }
    let mut parts: Vec<&str> = Vec::new();
    if !src.starts_with('/') {
        parts.extend(page.split('/').filter(|p| !p.is_empty()));
        parts.pop(); // the page's own file name
    }
    for seg in src.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(Source::Bundle(parts.join("/")))
}

/// The bytes of a `data:` URL (base64 or percent-encoded).
pub fn data_url_bytes(url: &str) -> Result<Vec<u8>, String> {
    let rest = url.strip_prefix("data:").ok_or("not a data: URL")?;
    let (meta, payload) = rest.split_once(',').ok_or("data: URL without a comma")?;
    if meta.ends_with(";base64") {
        base64(payload)
    } else {
        Ok(percent_decode(payload))
    }
}

fn base64(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return Err("bad base64 in data: URL".into()),
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths() {
        let b = |s: &str| Some(Source::Bundle(s.to_string()));
        assert_eq!(
            resolve("pages/index/index", "a.png"),
            b("pages/index/a.png")
        );
        assert_eq!(
            resolve("pages/index/index", "../../img/a.png"),
            b("img/a.png")
        );
        assert_eq!(resolve("pages/index/index", "/img/a.png"), b("img/a.png"));
        assert_eq!(resolve("pages/index/index", "../../../x.png"), None);
        assert_eq!(resolve("pages/index/index", ""), None);
        assert!(matches!(
            resolve("p", "https://x/y.png"),
            Some(Source::Remote(_))
        ));
        assert!(matches!(resolve("p", "data:,x"), Some(Source::Data(_))));
    }

    #[test]
    fn decodes_data_urls() {
        assert_eq!(
            data_url_bytes("data:image/png;base64,aGVsbG8=").as_deref(),
            Ok(&b"hello"[..])
        );
        assert_eq!(
            data_url_bytes("data:image/svg+xml,%3Csvg%3E").as_deref(),
            Ok(&b"<svg>"[..])
        );
        assert!(data_url_bytes("data:;base64,!!").is_err());
        assert!(data_url_bytes("data:nocomma").is_err());
    }
}
