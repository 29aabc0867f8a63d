//! Builds a `Scene` (a plain-data display list) from the laid-out view tree: boxes, borders,
//! text glyphs, the native frame (navigation bar) and the error overlay. It draws nothing;
//! `fc-gpu` does.

#![deny(unsafe_code)]

mod build;
pub mod scene;

pub use build::{build_scene, hex_color, Frame, NavBar, NAV_BAR_HEIGHT};
pub use scene::{Glyph, Item, Quad, Rect, Scene, NO_CLIP};

#[cfg(test)]
mod tests;
