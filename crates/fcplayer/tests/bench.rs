//! `fcplayer bench --json` keeps the shape player-cli.md gives: one JSON object on stdout,
//! one entry per input step in script order, medians within min..max. Shape only: timings
//! are figures, never test conditions.

mod common;

use common::*;
use serde_json::Value;

#[test]
fn bench_json_has_one_entry_per_input_step() {
    let dir = scratch("bench-json");
    let scenario = dir.join("steps.txt");
    std::fs::write(
        &scenario,
        "# two inputs and steps that are not timed\ntap button\nwait idle\nback\nwait 10\n",
    )
    .expect("scenario");
    let out = run_ok(
        fcplayer()
            .arg("bench")
            .arg(repo().join("demos/hello"))
            .arg("--scenario")
            .arg(&scenario)
            .arg("--reps")
            .arg("2")
            .arg("--json"),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("stdout is one JSON object ({e}):\n{stdout}"));
    assert_eq!(report["reps"], 2);
    let steps = report["steps"].as_array().expect("steps");
    let names: Vec<(u64, &str)> = steps
        .iter()
        .map(|s| {
            (
                s["line"].as_u64().unwrap_or(0),
                s["step"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(names, vec![(2, "tap button"), (4, "back")]);
    for s in steps {
        let (min, med, max) = (
            s["min_ms"].as_f64().expect("min"),
            s["median_ms"].as_f64().expect("median"),
            s["max_ms"].as_f64().expect("max"),
        );
        assert!(0.0 < min && min <= med && med <= max, "{s}");
    }
    assert!(report["peak_rss_mib"].as_f64().is_some_and(|m| m > 1.0));
    assert!(report["first_frame_ms"].as_f64().is_some_and(|m| m > 0.0));
}
