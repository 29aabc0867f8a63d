//! End to end: app.json `"style": "v2"` gives the basic components the WeUI 2 look, in pages
//! and in isolated custom components (the `style-v2` fixture).

mod common;

use common::*;

/// Anti-aliasing may differ by a few levels between Mesa versions; shapes must not.
const MAX_CHANNEL: u8 = 24;
const MAX_PIXELS: usize = 80;

/// The dump line of the element `#id` as its box: `[x, y, w, h]`.
fn dump_box(dump: &str, id: &str) -> [i32; 4] {
    let needle = format!("#{id} [");
    let line = dump
        .lines()
        .find(|l| l.contains(&needle))
        .unwrap_or_else(|| panic!("no #{id} in dump:\n{dump}"));
    let inside = line
        .split('[')
        .nth(1)
        .and_then(|r| r.split(']').next())
        .unwrap_or_else(|| panic!("no box on `{line}`"));
    let v: Vec<i32> = inside
        .split(',')
        .map(|n| n.trim().parse().expect("box number"))
        .collect();
    [v[0], v[1], v[2], v[3]]
}

#[test]
fn v2_buttons_are_184px_centred_and_match_the_reference() {
    let dir = scratch("style-v2");
    let app = fixture("style-v2");
    let dump = dir.join("dump.txt");
    let shot = dir.join("shot.png");
    let scenario = dir.join("scenario.txt");
    std::fs::write(
        &scenario,
        format!("dump {}\nshot {}\n", dump.display(), shot.display()),
    )
    .expect("scenario");
    run_ok(
        fcplayer()
            .arg("shot")
            .arg(&app)
            .arg("--out")
            .arg(dir.join("final.png"))
            .args(["--scale", "1"])
            .arg("--scenario")
            .arg(&scenario),
    );
    let dump = std::fs::read_to_string(&dump).expect("dump");

    // Full-size buttons: 184px wide, centred in the 375px page, 40px tall (24px line + 2×8px).
    for id in ["default", "primary", "warn", "disabled", "in-card"] {
        let [x, _, w, h] = dump_box(&dump, id);
        assert_eq!((w, h), (184, 40), "#{id}:\n{dump}");
        // The dump rounds 95.5 to a whole pixel; the two side gaps differ by at most 1.
        assert!((x - (375 - x - w)).abs() <= 1, "#{id} centred:\n{dump}");
    }
    // Plain adds its 1px border to the height (border-box, auto height).
    assert_eq!(dump_box(&dump, "plain")[2..], [184, 42]);
    // Mini: inline-block, sized to its text, 32px tall (16px × line-height 2).
    let mini = dump_box(&dump, "mini");
    let other = dump_box(&dump, "mini-default");
    assert_eq!((mini[3], other[3]), (32, 32), "{dump}");
    assert!(
        mini[2] < 184 && mini[1] == other[1],
        "side by side:\n{dump}"
    );

    // Colours, read off the picture: the primary fill, the default grey, warn's red text.
    let img = read_png(&shot);
    let [x, y, _, _] = dump_box(&dump, "primary");
    assert_eq!(
        img.pixel(x as u32 + 6, y as u32 + 20)[..3],
        [0x07, 0xC1, 0x60]
    );
    let [x, y, _, _] = dump_box(&dump, "default");
    assert_eq!(
        img.pixel(x as u32 + 6, y as u32 + 20)[..3],
        [0xF2, 0xF2, 0xF2]
    );
    assert_image_matches(&shot, &app.join("reference.png"), MAX_CHANNEL, MAX_PIXELS);
}

#[test]
fn a_v1_app_keeps_the_full_width_button() {
    let dir = scratch("style-v1");
    let dump = dir.join("dump.txt");
    let scenario = dir.join("scenario.txt");
    std::fs::write(&scenario, format!("dump {}\n", dump.display())).expect("scenario");
    run_ok(
        fcplayer()
            .arg("shot")
            .arg(repo().join("demos/hello"))
            .arg("--out")
            .arg(dir.join("final.png"))
            .args(["--scale", "1"])
            .arg("--scenario")
            .arg(&scenario),
    );
    let dump = std::fs::read_to_string(&dump).expect("dump");
    let line = dump
        .lines()
        .find(|l| l.trim_start().starts_with("button"))
        .unwrap_or_else(|| panic!("no button in dump:\n{dump}"));
    // v1: full width and 46px tall (18px × 2.55555556).
    assert!(line.contains(",375,46]"), "{line}");
}
