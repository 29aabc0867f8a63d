//! End to end: the logic thread's timers and the render side's `wait idle` / `wait MS`
//! (player-cli.md). `wait idle` waits for timers due within 50 ms (a chain of short
//! `setTimeout`s runs to its end), not for later ones; `wait 300` lets them fire.

mod common;

use common::*;

#[test]
fn wait_idle_waits_for_due_timers_and_wait_ms_for_later_ones() {
    let dir = scratch("runtime-timers");
    let scenario = dir.join("scenario.txt");
    let idle = dir.join("idle.txt");
    let tapped = dir.join("tapped.txt");
    let waited = dir.join("waited.txt");
    std::fs::write(
        &scenario,
        format!(
            "wait idle\ndump {}\ntap #btn\ndump {}\nwait 300\ndump {}\n",
            idle.display(),
            tapped.display(),
            waited.display()
        ),
    )
    .expect("scenario");
    let out = run_ok(
        fcplayer()
            .arg("shot")
            .arg(fixture("runtime-timers"))
            .arg("--out")
            .arg(dir.join("final.png"))
            .args(["--scale", "1"])
            .arg("--data-dir")
            .arg(dir.join("data"))
            .arg("--scenario")
            .arg(&scenario),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout, "app.js 375\n", "app.js without App() ran");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("error"), "{stderr}");
    let read = |p: &std::path::Path| std::fs::read_to_string(p).expect("dump written");
    let idle = read(&idle);
    assert!(
        idle.contains("\"chain done\""),
        "wait idle ran the chain:\n{idle}"
    );
    let tapped = read(&tapped);
    assert!(
        tapped.contains("\"chain done\""),
        "a timer 250 ms away does not hold `wait idle`:\n{tapped}"
    );
    let waited = read(&waited);
    assert!(waited.contains("\"later fired\""), "wait 300:\n{waited}");
}
