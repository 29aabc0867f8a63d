//! End to end: `fcplayer run` opens a real window under Xvfb, draws frames, and a click on
//! the button (sent through the X server with xdotool) reaches the page's handler.

mod common;

use common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn window_draws_and_answers_clicks() {
    let _serial = window_lock();
    let x = start_xvfb();
    let dir = scratch("window");
    let dump = dir.join("dump.txt");
    let mut player = fcplayer()
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .args(["run"])
        .arg(repo().join("demos/hello"))
        .args(["--scale", "1", "--quit-after-ms", "6000", "--dump-on-exit"])
        .arg(&dump)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("fcplayer runs");
    // Find the window, then click the button's centre (its box from the hello dump:
    // the button sits under the 44px navigation bar and the greeting line).
    let end = Instant::now() + Duration::from_secs(30);
    let window_id = loop {
        let out = Command::new("xdotool")
            .env("DISPLAY", &x.display)
            .args(["search", "--name", "Hello"])
            .output()
            .expect("xdotool is needed for the window test (the README's setup line installs it)");
        let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if let Some(id) = text.lines().next().filter(|l| !l.is_empty()) {
            break id.to_string();
        }
        if let Ok(Some(status)) = player.try_wait() {
            panic!("fcplayer exited before its window appeared: {status}");
        }
        assert!(Instant::now() < end, "no window appeared");
        std::thread::sleep(Duration::from_millis(100));
    };
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
    let mut player = fcplayer()
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .args(["run"])
        .arg(fixture("touch-drag"))
        .args(["--scale", "1", "--quit-after-ms", "5000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("fcplayer runs");
    let end = Instant::now() + Duration::from_secs(30);
    let window_id = loop {
        let out = Command::new("xdotool")
            .env("DISPLAY", &x.display)
            .args(["search", "--name", "Drag"])
            .output()
            .expect("xdotool runs");
        let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if let Some(id) = text.lines().next().filter(|l| !l.is_empty()) {
            break id.to_string();
        }
        if let Ok(Some(status)) = player.try_wait() {
            panic!("fcplayer exited before its window appeared: {status}");
        }
        assert!(Instant::now() < end, "no window appeared");
        std::thread::sleep(Duration::from_millis(100));
    };
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
