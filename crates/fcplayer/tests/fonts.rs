//! `@font-face`: icon fonts from an absolute bundle path (after a WOFF2 source that is
//! skipped), a path relative to the style file, and a `data:` URL draw their glyphs; a face
//! with nothing loadable warns at the rule's position and its text falls back.

mod common;

use common::*;

#[test]
fn font_faces_from_the_bundle_and_data_urls_draw_their_glyphs() {
    let dir = scratch("font-face");
    let out = dir.join("font-face.png");
    let result = run_ok(
        fcplayer()
            .arg("shot")
            .arg(fixture("font-face"))
            .arg("--out")
            .arg(&out),
    );
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains(
            "pages/index/index.wxss:12:1: warning: @font-face \"BrokenIcons\" not loaded: fonts/nothere.ttf"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("AppIcons"), "{stderr}");
    assert!(!stderr.contains("DataIcons"), "{stderr}");
    // The first glyph of each row is a filled shape in that row's colour: the square's and
    // the diamond's centres are solid, which no fallback glyph would be.
    let img = read_png(&out);
    let near = |p: [u8; 4], c: [u8; 3]| (0..3).all(|i| p[i].abs_diff(c[i]) < 40);
    assert!(
        near(img.pixel(312, 156), [0x1a, 0xad, 0x19]),
        "app.wxss square"
    );
    assert!(
        near(img.pixel(312, 300), [0x2f, 0x6f, 0xd8]),
        "page.wxss diamond"
    );
    assert!(
        near(img.pixel(472, 440), [0xd8, 0x3b, 0x2f]),
        "data: URL square"
    );
    assert_image_matches(&out, &fixture("font-face/font-face.png"), 24, 60);
}
