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
