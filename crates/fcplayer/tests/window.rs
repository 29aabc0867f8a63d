//! End to end: `fcplayer run` opens a real window under Xvfb, draws frames, and a click on
//! the button (sent through the X server with xdotool) reaches the page's handler.

mod common;

use common::*;
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn window_draws_and_answers_clicks() {
    let _serial = window_lock();
    let x = start_xvfb();
    let dir = scratch("window");
    let dump = dir.join("dump.txt");
    let (player, window_id) = start_in_window(&x, "Hello", || {
        fcplayer()
            .env("DISPLAY", &x.display)
            .env_remove("WAYLAND_DISPLAY")
            .args(["run"])
            .arg(repo().join("demos/hello"))
            .args(["--scale", "1", "--quit-after-ms", "6000", "--dump-on-exit"])
            .arg(&dump)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("fcplayer runs")
    });
    std::thread::sleep(Duration::from_millis(1500));
    let click = Command::new("xdotool")
        .env("DISPLAY", &x.display)
        .args([
            "mousemove",
            "--window",
            &window_id,
            "187",
            "90",
            "click",
            "1",
        ])
        .status()
        .expect("xdotool runs");
    assert!(click.success());
    let out = player.wait_with_output().expect("fcplayer exits");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "fcplayer run failed:\n{stderr}");
    let dump = std::fs::read_to_string(&dump).expect("dump written on exit");
    assert!(
        dump.contains("\"Hello World!\""),
        "the click did not reach the handler:\n{dump}\n{stderr}"
    );
}

#[test]
fn window_quits_after_frames() {
    let _serial = window_lock();
    let x = start_xvfb();
    let out = fcplayer()
        .env("DISPLAY", &x.display)
        .args(["run"])
        .arg(repo().join("demos/hello"))
        .args(["--quit-after-frames", "3"])
        .output()
        .expect("fcplayer runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn window_drag_sends_touchmove_and_no_tap() {
    let _serial = window_lock();
    let x = start_xvfb();
    let (player, window_id) = start_in_window(&x, "Drag", || {
        fcplayer()
            .env("DISPLAY", &x.display)
            .env_remove("WAYLAND_DISPLAY")
            .args(["run"])
            .arg(fixture("touch-drag"))
            .args(["--scale", "1", "--quit-after-ms", "5000"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("fcplayer runs")
    });
    std::thread::sleep(Duration::from_millis(1500));
    let xdo = |args: &[&str]| {
        let ok = Command::new("xdotool")
            .env("DISPLAY", &x.display)
            .args(args)
            .status()
            .expect("xdotool runs");
        assert!(ok.success(), "xdotool {args:?}");
    };
    // Press inside the pad (below the 44px bar), drag 80px down, release.
    xdo(&["mousemove", "--window", &window_id, "100", "100"]);
    xdo(&["mousedown", "1"]);
    for dy in [20, 40, 60, 80] {
        xdo(&[
            "mousemove",
            "--window",
            &window_id,
            "100",
            &(100 + dy).to_string(),
        ]);
        std::thread::sleep(Duration::from_millis(30));
    }
    xdo(&["mouseup", "1"]);
    let out = player.wait_with_output().expect("fcplayer exits");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        vec!["touchstart pad 1", "touchmove pad 1", "touchend pad 0 1"],
        "a drag is no tap:\n{stdout}"
    );
}
