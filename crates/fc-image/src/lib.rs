//! `<image>` support off the render thread: resolve a `src`, fetch its bytes (bundle file,
//! `data:` URL, `http(s)` through ureq), decode (PNG/JPEG/GIF/WebP via `image`, SVG via
//! resvg) on a small worker pool, cache by resolved source. (The `mode` geometry is
//! `fc_paint::image`; the natural-size layout rules are in `fc-layout`.)
#![deny(unsafe_code)]

mod decode;
mod loader;
mod source;

pub use decode::{decode, Decoded, MAX_SIDE};
pub use loader::{Loaded, Loader, ReadFile, Status, Wake};
pub use source::{data_url_bytes, resolve, Source};

#[cfg(test)]
mod tests;
