//! End to end: `<image>` from bundle files (SVG, PNG), `bindload` with the natural size,
//! `binderror` for a missing file, `widthFix`, and the pixels on screen after `wait idle`.

mod common;

use common::*;

#[test]
fn images_load_fire_events_and_draw() {
    let dir = scratch("image-modes");
    let scenario = dir.join("scenario.txt");
    std::fs::write(&scenario, "wait idle\n").expect("scenario");
    let out_png = dir.join("final.png");
    let out = run_ok(
        fcplayer()
            .arg("shot")
            .arg(fixture("image-modes"))
            .arg("--out")
            .arg(&out_png)
            .args(["--scale", "1"])
            .arg("--data-dir")
            .arg(dir.join("data"))
            .arg("--scenario")
            .arg(&scenario),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines: Vec<&str> = stdout.lines().collect();
    lines.sort();
    assert_eq!(
        lines,
        vec![
            "error missing",
            "load png 4x2",
            "load round 8x4",
            "load svg 8x4"
        ],
        "{stdout}"
    );
    let img = read_png(&out_png);
    // The SVG (red) stretched over 100×50 under the 44 px navigation bar.
    let p = img.pixel(50, 44 + 25);
    assert!(p[0] > 200 && p[1] < 50 && p[2] < 50, "svg pixel {p:?}");
    // The PNG (blue), widthFix: 40 wide, 20 tall.
    let p = img.pixel(120, 44 + 10);
    assert!(p[2] > 200 && p[0] < 50, "png pixel {p:?}");
    // The rounded one: its corner is clipped (white), its centre red.
    let p = img.pixel(140 + 30, 44 + 30);
    assert!(p[0] > 200 && p[1] < 50, "round centre {p:?}");
    let p = img.pixel(141, 45);
    assert!(p[1] > 200, "round corner clipped {p:?}");
}

/// Every format (PNG, JPEG, GIF's first frame, WebP, SVG) and every `mode`, against a
/// reference image; `load` reports each picture's natural size.
#[test]
fn every_format_and_mode_draws_like_the_reference() {
    let dir = scratch("image-gallery");
    let out = dir.join("gallery.png");
    let result = run_ok(
        fcplayer()
            .arg("shot")
            .arg(fixture("image-gallery"))
            .arg("--out")
            .arg(&out),
    );
    let stdout = String::from_utf8_lossy(&result.stdout);
    let mut loads: Vec<&str> = stdout.lines().filter(|l| l.starts_with("load")).collect();
    loads.sort_unstable();
    assert_eq!(
        loads,
        vec![
            "load gif 96 72",
            "load heightFix 96 72",
            "load jpg 96 72",
            "load png 96 72",
            "load svg 96 72",
            "load webp 96 72",
            "load widthFix 96 72",
        ],
        "{stdout}"
    );
    assert_image_matches(
        &out,
        &fixture("image-gallery").join("reference.png"),
        24,
        200,
    );
}
