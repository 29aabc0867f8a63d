//! End to end: the seed's Hello example, headless, from a folder and from an .fcpkg.

mod common;

use common::*;
use std::path::Path;

/// Anti-aliasing may differ by a few levels between Mesa versions; text positions must not.
const MAX_CHANNEL: u8 = 24;
const MAX_PIXELS: usize = 60;

fn play(app: &Path, dir: &Path) -> (String, String, String) {
    let scenario = dir.join("tap.txt");
    std::fs::write(
        &scenario,
        format!(
            "dump {d1}\nshot {s1}\ntap button\nwait idle\ndump {d2}\nshot {s2}\n",
            d1 = dir.join("before.txt").display(),
            s1 = dir.join("before.png").display(),
            d2 = dir.join("after.txt").display(),
            s2 = dir.join("after.png").display(),
        ),
    )
    .expect("scenario");
    let out = run_ok(
        fcplayer()
            .arg("shot")
            .arg(app)
            .arg("--out")
            .arg(dir.join("final.png"))
            .args(["--scale", "1"])
            .arg("--scenario")
            .arg(&scenario),
    );
    let before = std::fs::read_to_string(dir.join("before.txt")).expect("dump before");
    let after = std::fs::read_to_string(dir.join("after.txt")).expect("dump after");
    (
        before,
        after,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn check(dir: &Path, before: &str, after: &str) {
    assert!(
        before.contains("\"Hello FinClip!\""),
        "dump before tap:\n{before}"
    );
    assert!(
        before
            .lines()
            .any(|l| l.trim_start().starts_with("button ")),
        "{before}"
    );
    assert!(before.contains("\"Click me!\""), "{before}");
    assert!(
        after.contains("\"Hello World!\""),
        "dump after tap:\n{after}"
    );
    assert!(!after.contains("FinClip"), "{after}");
    let refs = fixture("hello");
    assert_image_matches(
        &dir.join("before.png"),
        &refs.join("before.png"),
        MAX_CHANNEL,
        MAX_PIXELS,
    );
    assert_image_matches(
        &dir.join("after.png"),
        &refs.join("after.png"),
        MAX_CHANNEL,
        MAX_PIXELS,
    );
    assert_image_matches(
        &dir.join("final.png"),
        &refs.join("after.png"),
        MAX_CHANNEL,
        MAX_PIXELS,
    );
}

#[test]
fn hello_folder_tap_changes_name() {
    let dir = scratch("hello-folder");
    let (before, after, stderr) = play(&repo().join("demos/hello"), &dir);
    check(&dir, &before, &after);
    assert!(!stderr.contains("error"), "unexpected errors:\n{stderr}");
    // The dump is the one the fixture keeps (layout boxes included).
    let expected =
        std::fs::read_to_string(fixture("hello").join("after.txt")).expect("expected dump");
    assert_eq!(after, expected);
}

#[test]
fn hello_packed_behaves_the_same() {
    let dir = scratch("hello-packed");
    let pkg = dir.join("h.fcpkg");
    run_ok(
        fcplayer()
            .arg("pack")
            .arg(repo().join("demos/hello"))
            .arg("--out")
            .arg(&pkg),
    );
    let (before, after, _) = play(&pkg, &dir);
    check(&dir, &before, &after);
}

#[test]
fn unknown_bundle_is_a_one_line_failure() {
    let out = fcplayer()
        .args(["shot", "/nonexistent/app", "--out"])
        .arg(scratch("missing").join("x.png"))
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/app"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn bad_scenario_line_is_named() {
    let dir = scratch("bad-scenario");
    let s = dir.join("s.txt");
    std::fs::write(&s, "tap button\ntap #nothing-here\n").expect("write");
    let out = fcplayer()
        .arg("shot")
        .arg(repo().join("demos/hello"))
        .arg("--out")
        .arg(dir.join("x.png"))
        .arg("--scenario")
        .arg(&s)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("s.txt:2"), "{stderr}");
    assert!(
        stderr.contains("no element matches `#nothing-here`"),
        "{stderr}"
    );
}
