//! `demos/styles`: the style gallery, one tab per area (box model and layout, text, painting,
//! cascade and selectors), each compared with its reference image. The references were
//! checked by eye against headless Chromium drawing the same CSS (`demos/styles/compare`).

mod common;

use common::*;

fn gallery_tab(index: usize, name: &str) {
    let dir = scratch(&format!("styles-{name}"));
    let scenario = dir.join("tab.txt");
    std::fs::write(&scenario, format!("tap #fc-tabbar-{index}\nwait idle\n")).expect("scenario");
    let out = dir.join(format!("{name}.png"));
    let result = run_ok(
        fcplayer()
            .arg("shot")
            .arg(repo().join("demos/styles"))
            .arg("--size")
            .arg("375x720")
            .arg("--scenario")
            .arg(&scenario)
            .arg("--out")
            .arg(&out),
    );
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        !stderr.contains("warning") && !stderr.contains("error"),
        "the gallery's styles parse cleanly:\n{stderr}"
    );
    assert_image_matches(
        &out,
        &repo().join(format!("demos/styles/reference/{name}.png")),
        24,
        120,
    );
}

#[test]
fn box_model_and_layout() {
    gallery_tab(0, "box");
}

#[test]
fn text() {
    gallery_tab(1, "text");
}

#[test]
fn painting() {
    gallery_tab(2, "paint");
}

#[test]
fn cascade_and_selectors() {
    gallery_tab(3, "cascade");
}
