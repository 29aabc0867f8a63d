//! End to end: the tab bar's `iconPath`/`selectedIconPath` icons (fixture `tab-icons`):
//! drawn above the tab's text, the selected icon on the current tab, a missing icon
//! reported once on stderr with the tab keeping its text, and a reference image.

mod common;

use common::*;

#[test]
fn tab_icons_are_drawn_and_follow_the_selected_tab() {
    let dir = scratch("tab-icons");
    let scenario = dir.join("s.txt");
    let other = dir.join("other.png");
    std::fs::write(
        &scenario,
        format!("tap #fc-tabbar-1\nshot {}\n", other.display()),
    )
    .expect("scenario");
    let first = dir.join("first.png");
    let mut cmd = fcplayer();
    cmd.arg("shot")
        .arg(fixture("tab-icons"))
        .arg("--out")
        .arg(&first)
        .args(["--scale", "1"])
        .arg("--data-dir")
        .arg(dir.join("data"));
    let out = run_ok(&mut cmd);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("tabBar icon `icons/missing.png`").count(),
        1,
        "{stderr}"
    );
    assert_image_matches(&first, &fixture("tab-icons").join("tabs.png"), 24, 200);
    // Icon centres: tabs are 125 px wide, icons 24 px from 5 px below the bar's top (617).
    let green = [0x1a, 0xad, 0x19, 255];
    let grey = [0x7a, 0x7e, 0x83, 255];
    let img = read_png(&first);
    assert_eq!(img.pixel(62, 634), green, "selected home icon");
    assert_eq!(img.pixel(187, 634), grey, "me icon");

    let mut cmd = fcplayer();
    cmd.arg("shot")
        .arg(fixture("tab-icons"))
        .arg("--out")
        .arg(dir.join("final.png"))
        .args(["--scale", "1"])
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--scenario")
        .arg(&scenario);
    run_ok(&mut cmd);
    let img = read_png(&other);
    assert_eq!(img.pixel(62, 634), grey, "home icon after switching");
    assert_eq!(img.pixel(187, 634), green, "selected me icon");
}
