//! End to end: broken templates and scripts are reported as file:line:col on stderr and
//! drawn as an overlay; the player keeps running and exits 0.

mod common;

use common::*;

/// The overlay is a dark red panel over the page area.
fn has_overlay(png: &std::path::Path) -> bool {
    let img = read_png(png);
    let p = img.pixel(img.width / 2, img.height - 10);
    p[0] > 100 && p[1] < 60 && p[2] < 60
}

#[test]
fn template_error_is_located_and_overlaid() {
    let dir = scratch("broken-template");
    let out = run_ok(
        fcplayer()
            .arg("shot")
            .arg(fixture("broken-template"))
            .arg("--out")
            .arg(dir.join("a.png"))
            .args(["--scale", "1"]),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("pages/index/index.fxml:3:1:"),
        "stderr:\n{stderr}"
    );
    assert!(has_overlay(&dir.join("a.png")), "no error overlay drawn");
}

#[test]
fn script_error_is_located_and_overlaid() {
    let dir = scratch("broken-script");
    let out = run_ok(
        fcplayer()
            .arg("shot")
            .arg(fixture("broken-script"))
            .arg("--out")
            .arg(dir.join("a.png"))
            .args(["--scale", "1"]),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("pages/index/index.js:4:"),
        "stderr:\n{stderr}"
    );
    assert!(has_overlay(&dir.join("a.png")), "no error overlay drawn");
}

#[test]
fn handler_error_keeps_page_usable() {
    let dir = scratch("throwing-handler");
    let s = dir.join("s.txt");
    std::fs::write(
        &s,
        format!(
            "tap #boom\ntap #ok\nwait idle\ndump {}\n",
            dir.join("d.txt").display()
        ),
    )
    .expect("write");
    let out = run_ok(
        fcplayer()
            .arg("shot")
            .arg(fixture("throwing-handler"))
            .arg("--out")
            .arg(dir.join("a.png"))
            .arg("--scenario")
            .arg(&s),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stderr.contains("pages/index/index.js:3:"),
        "stderr:\n{stderr}"
    );
    assert!(stdout.contains("ok tapped"), "stdout:\n{stdout}");
    let dump = std::fs::read_to_string(dir.join("d.txt")).expect("dump");
    assert!(dump.contains("\"count 1\""), "{dump}");
}
