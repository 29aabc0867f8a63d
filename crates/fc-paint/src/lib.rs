//! Builds a `Scene` (a plain-data display list) from the laid-out view tree: box shadows,
//! backgrounds (colours and linear gradients), borders, text glyphs, clips, transforms and
//! opacity groups in CSS paint order, then the native frame (navigation bar) and the error
//! overlay. It draws nothing; `fc-gpu` does.

#![deny(unsafe_code)]

mod bg_image;
mod build;
mod decor;
mod dialogs;
mod field;
mod frame;
mod gradient;
pub mod image;
pub mod scene;
mod scroll;
mod stacking;
pub mod transform;

pub use build::{
    build_scene, build_scene_cached, build_scene_into, hex_color, Frame, NavBar, NAV_BAR_HEIGHT,
};
pub use dialogs::{
    modal_layout, paint_dialogs, sheet_row, ActionSheet, Dialogs, Modal, ModalInput, ModalLayout,
    Toast,
};
pub use frame::{TabBar, TabItem, BACK_ARROW_WIDTH, TAB_BAR_HEIGHT};
pub use scene::{
    Affine, BorderStyle, Clip, Glyph, Gradient, GradientStop, ImageItem, ImagePixels, Item, Quad,
    Rect, Scene, Shadow, IDENTITY, MAX_GRADIENT_STOPS, NO_CLIP,
};
pub use scroll::PaintCache;

#[cfg(test)]
mod tests;
