//! Helpers shared by the pixel tests: a renderer on whatever adapter wgpu finds (lavapipe on
//! CI), a font system built only from the repo's fonts, and small scene builders.

#![allow(dead_code)] // each test file uses a different subset

use std::sync::Once;

use cosmic_text::fontdb;
use cosmic_text::FontSystem;
use fc_gpu::{Renderer, RgbaImage};
use fc_paint::{Quad, Scene};

pub const WHITE: [f32; 4] = [1.0, 1.0, 1.0, 1.0];
pub const RED: [f32; 4] = [1.0, 0.0, 0.0, 1.0];
pub const BLUE: [f32; 4] = [0.0, 0.0, 1.0, 1.0];
pub const BLACK: [f32; 4] = [0.0, 0.0, 0.0, 1.0];
pub const TRANSPARENT: [f32; 4] = [0.0, 0.0, 0.0, 0.0];

/// Keeps the Vulkan loader quiet: without XDG_RUNTIME_DIR it prints an error on stderr.
fn prepare_environment() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("XDG_RUNTIME_DIR").is_none() {
            let dir = std::env::temp_dir().join("fc-gpu-tests-runtime");
            let _ = std::fs::create_dir_all(&dir);
            std::env::set_var("XDG_RUNTIME_DIR", dir);
        }
    });
}

/// An offscreen renderer. Fails the test, loudly, when no adapter exists: CI always has
/// lavapipe, so a missing adapter is a broken environment, not a reason to skip.
pub fn renderer(width: u32, height: u32) -> Renderer {
    prepare_environment();
    match Renderer::headless(width, height) {
        Ok(r) => r,
        Err(e) => panic!(
            "fc-gpu tests need a GPU adapter; none found: {e}. \
             On Debian/Ubuntu: apt install mesa-vulkan-drivers libvulkan1"
        ),
    }
}

/// A font system that knows only `assets/fonts` (Noto Sans), so text renders the same on
/// every machine.
pub fn fonts() -> FontSystem {
    let mut db = fontdb::Database::new();
    db.load_fonts_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts"));
    assert!(!db.is_empty(), "no fonts found in assets/fonts");
    FontSystem::new_with_locale_and_db("en-US".into(), db)
}

/// A font system with no fonts, for scenes without text.
pub fn no_fonts() -> FontSystem {
    FontSystem::new_with_locale_and_db("en-US".into(), fontdb::Database::new())
}

/// A plain filled box.
pub fn rect(x: f32, y: f32, w: f32, h: f32, color: [f32; 4]) -> Quad {
    Quad::filled([x, y, w, h], color)
}

pub fn scene(width: u32, height: u32, items: Vec<fc_paint::Item>) -> Scene {
    Scene {
        width,
        height,
        clear_color: WHITE,
        items,
    }
}

/// Renders `scene` on a fresh renderer of the scene's size and reads it back.
pub fn render(scene: &Scene) -> RgbaImage {
    let mut r = renderer(scene.width, scene.height);
    r.render(scene, &mut no_fonts()).expect("render");
    r.read_pixels().expect("read_pixels")
}

pub fn px(image: &RgbaImage, x: u32, y: u32) -> [u8; 4] {
    image.pixel(x, y).unwrap_or_else(|| {
        panic!(
            "({x}, {y}) outside the {}x{} image",
            image.width, image.height
        )
    })
}

/// Asserts each channel of the pixel at (x, y) is within `tolerance` of `expected`.
#[track_caller]
pub fn assert_px(image: &RgbaImage, x: u32, y: u32, expected: [u8; 4], tolerance: u8) {
    let got = px(image, x, y);
    let close = got
        .iter()
        .zip(expected)
        .all(|(g, e)| g.abs_diff(e) <= tolerance);
    assert!(
        close,
        "pixel ({x}, {y}) is {got:?}, expected {expected:?} ± {tolerance}"
    );
}
