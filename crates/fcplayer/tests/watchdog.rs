//! End to end: the endless-loop watchdog (player/watchdog.rs) and the engine's runtime
//! limits (fc-logic limits.rs). A handler stuck in `while (true) {}` does not freeze the
//! player: frames are still drawn, the page is marked not responding (a native dialog),
//! `wait idle` stops waiting for it, and `tap #fc-reload` restarts the app on the same page
//! with the same query and the same storage. Without a reload, boa's limits end the loop and
//! the error is reported at its file:line:col like any uncaught error.

mod common;

use common::*;

fn run(name: &str, watchdog_ms: &str, scenario: &str) -> (String, String, std::path::PathBuf) {
    let dir = scratch(name);
    let script = dir.join("scenario.txt");
    std::fs::write(&script, scenario.replace("DIR", &dir.display().to_string())).expect("scenario");
    let out = run_ok(
        fcplayer()
            .env("FCPLAYER_WATCHDOG_MS", watchdog_ms)
            .env("FCPLAYER_FRAME_STATS", "1")
            .arg("shot")
            .arg(fixture("endless-loop"))
            .arg("--out")
            .arg(dir.join("final.png"))
            .args(["--scale", "1"])
            .arg("--data-dir")
            .arg(dir.join("data"))
            .arg("--scenario")
            .arg(&script),
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        dir,
    )
}

#[test]
fn a_stuck_handler_shows_the_dialog_and_reload_restarts_the_page() {
    let (stdout, stderr, dir) = run(
        "watchdog-reload",
        "500",
        "tap #go\ntap #spin\nwait idle\nshot DIR/stuck.png\nwait 200\ndump DIR/stuck.txt\n\
         tap #fc-reload\nwait idle\ntap #inc\nwait idle\ndump DIR/after.txt\n",
    );
    assert!(
        stderr.contains("warning: the page is not responding"),
        "{stderr}"
    );
    // The dialog is drawn: its mask dims the page (white) and its card is white.
    let shot = read_png(&dir.join("stuck.png"));
    let [r, g, b, _] = shot.pixel(10, 600);
    assert!(r < 160 && g < 160 && b < 160, "page dimmed: {r},{g},{b}");
    let [r, g, b, _] = shot.pixel(187, 300);
    assert!(r > 240 && g > 240 && b > 240, "card: {r},{g},{b}");
    // Frames kept coming while the handler spun (`wait idle`'s, the shot's, ...).
    let busy_frames: u64 = stderr
        .lines()
        .find_map(|l| l.split("while a script turn was running: ").nth(1))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("frame stats on stderr:\n{stderr}"));
    assert!(busy_frames >= 2, "{stderr}");
    // The page came back with its query; storage survived (visits 2); taps work again.
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            r#"spin onLoad {"from":"index"} visits 1"#,
            "spinning",
            r#"spin onLoad {"from":"index"} visits 2"#,
        ],
        "{stderr}"
    );
    let stuck = std::fs::read_to_string(dir.join("stuck.txt")).expect("dump");
    assert!(stuck.contains("\"count 0\""), "{stuck}");
    let after = std::fs::read_to_string(dir.join("after.txt")).expect("dump");
    assert!(after.contains("\"count 1\""), "{after}");
}

#[test]
fn runtime_limits_end_a_runaway_loop_and_recursion_with_located_errors() {
    // A threshold the loop never reaches: the engine's own limits end it.
    let (stdout, stderr, dir) = run(
        "watchdog-limits",
        "60000",
        "tap #go\ntap #recurse\ntap #spin\nwait idle\ntap #inc\nwait idle\ndump DIR/after.txt\n",
    );
    assert!(!stderr.contains("not responding"), "{stderr}");
    assert!(
        stderr.contains(
            "pages/spin/spin.js:14:39: error: the script was stopped: more than 2048 nested calls"
        ),
        "{stderr}"
    );
    // boa records no position for a loop's back edge: the error points at the handler.
    assert!(
        stderr.contains("pages/spin/spin.js:9:10: error: the script ran too long and was stopped"),
        "{stderr}"
    );
    assert!(
        stdout.contains("onError the script ran too long"),
        "App.onError hears it:\n{stdout}"
    );
    let after = std::fs::read_to_string(dir.join("after.txt")).expect("dump");
    assert!(
        after.contains("\"count 1\""),
        "the thread answers again:\n{after}"
    );
}

/// Runs the fixture in a window under Xvfb with `extra` arguments, clicks at each window
/// point after its pause, and returns (stdout, stderr, the dump written on exit).
fn window_run(name: &str, extra: &[&str], clicks: &[(u64, i32, i32)]) -> (String, String, String) {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let _serial = window_lock();
    let x = start_xvfb();
    let dir = scratch(name);
    let dump = dir.join("dump.txt");
    let mut player = fcplayer()
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .env("FCPLAYER_WATCHDOG_MS", "500")
        .env("FCPLAYER_FRAME_STATS", "1")
        .arg("run")
        .arg(fixture("endless-loop"))
        .args(["--scale", "1", "--quit-after-ms", "9000"])
        .args(extra)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--dump-on-exit")
        .arg(&dump)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("fcplayer runs");
    let end = Instant::now() + Duration::from_secs(30);
    let window_id = loop {
        let out = Command::new("xdotool")
            .env("DISPLAY", &x.display)
            .args(["search", "--name", "Watchdog"])
            .output()
            .expect("xdotool is needed for the window tests");
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
    for (pause_ms, cx, cy) in clicks {
        std::thread::sleep(Duration::from_millis(*pause_ms));
        let (cx, cy) = (cx.to_string(), cy.to_string());
        let ok = Command::new("xdotool")
            .env("DISPLAY", &x.display)
            .args(["mousemove", "--window", &window_id, &cx, &cy, "click", "1"])
            .status()
            .expect("xdotool runs");
        assert!(ok.success());
    }
    let out = player.wait_with_output().expect("fcplayer exits");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "fcplayer run failed:\n{stderr}");
    let dump = std::fs::read_to_string(&dump).unwrap_or_default();
    (stdout, stderr, dump)
}

/// The page's buttons span the window's width under the 44 px bar: `#go` (the index page's
/// navigator line), then `#spin` and `#inc` on the next page.
const GO: (i32, i32) = (100, 55);
const SPIN: (i32, i32) = (100, 90);
const INC: (i32, i32) = (100, 138);

#[test]
fn the_window_keeps_drawing_while_a_handler_spins_and_its_reload_button_works() {
    // The Reload button's centre in a 375x667 window (the dialog is centred).
    let (stdout, stderr, dump) = window_run(
        "watchdog-window",
        &[],
        &[
            (1500, GO.0, GO.1),
            (1000, SPIN.0, SPIN.1),
            (1500, 187, 402),
            (1500, INC.0, INC.1),
        ],
    );
    assert!(stderr.contains("not responding"), "{stderr}");
    let busy_frames: u64 = stderr
        .lines()
        .find_map(|l| l.split("while a script turn was running: ").nth(1))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("frame stats on stderr:\n{stderr}"));
    assert!(
        busy_frames >= 1,
        "the dialog was drawn while it spun:\n{stderr}"
    );
    assert_eq!(
        stdout.matches("spin onLoad").count(),
        2,
        "reloaded:\n{stdout}\n{stderr}"
    );
    assert!(
        dump.contains("\"count 1\""),
        "a tap after the reload works:\n{dump}"
    );
}

#[test]
fn kiosk_reloads_on_its_own() {
    let (stdout, stderr, dump) = window_run(
        "watchdog-kiosk",
        &["--kiosk"],
        &[
            (1500, GO.0, GO.1),
            (1000, SPIN.0, SPIN.1),
            (2000, INC.0, INC.1),
        ],
    );
    assert!(stderr.contains("not responding"), "{stderr}");
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("spin onLoad"))
            .collect::<Vec<_>>(),
        [
            r#"spin onLoad {"from":"index"} visits 1"#,
            r#"spin onLoad {"from":"index"} visits 2"#
        ],
        "reloaded without a tap:\n{stdout}\n{stderr}"
    );
    assert!(
        dump.contains("\"count 1\""),
        "a tap after the reload works:\n{dump}"
    );
}
