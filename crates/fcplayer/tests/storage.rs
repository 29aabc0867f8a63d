//! End to end: storage kept across player runs on one `--data-dir`, and a player killed
//! (SIGKILL) while it writes storage in a loop leaves a store that loads and holds a
//! consistent, acknowledged value. Every run names its own `--data-dir` under the test's
//! scratch folder, never the user's data directory.

mod common;

use common::*;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn shot(app: &str, dir: &Path, data: &Path, name: &str) -> Command {
    let mut cmd = fcplayer();
    cmd.arg("shot")
        .arg(fixture(app))
        .arg("--out")
        .arg(dir.join(format!("{name}.png")))
        .args(["--scale", "1"])
        .arg("--data-dir")
        .arg(data);
    cmd
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn values_stored_in_one_run_are_shown_by_the_next() {
    let dir = scratch("storage-persist");
    let data = dir.join("data");
    let first = run_ok(&mut shot("storage-persist", &dir, &data, "first"));
    assert_eq!(stdout_of(&first), "first run stored setStorage:ok\n");
    let file = data
        .join("fcplayer-test-storage-persist")
        .join("storage.json");
    assert!(file.is_file(), "kept per app id: {}", file.display());

    let scenario = dir.join("dump.txt");
    let dump = dir.join("second.txt");
    std::fs::write(&scenario, format!("dump {}\n", dump.display())).expect("scenario");
    let second = run_ok(
        shot("storage-persist", &dir, &data, "second")
            .arg("--scenario")
            .arg(&scenario),
    );
    assert_eq!(
        stdout_of(&second),
        concat!(
            "runs number 1\n",
            "note string \"kept across runs\"\n",
            "list object [1,\"two\",{\"three\":3}]\n",
            "when Date 2024-01-02T03:04:05.000Z\n",
            "flag boolean true\n",
        )
    );
    let dump = std::fs::read_to_string(&dump).expect("dump");
    for shown in [
        "runs 2",
        "kept across runs",
        "when: Date 2024-01-02T03:04:05.000Z",
        "flag: boolean true",
    ] {
        assert!(dump.contains(shown), "`{shown}` not on the page:\n{dump}");
    }
    let third = run_ok(&mut shot("storage-persist", &dir, &data, "third"));
    assert!(
        stdout_of(&third).starts_with("runs number 2\n"),
        "{}",
        stdout_of(&third)
    );
}

/// The `counter` item must be one the writer produced whole: its fields agree.
fn check_counter(counter: &Value) -> u64 {
    let n = counter["n"]
        .as_u64()
        .unwrap_or_else(|| panic!("no counter: {counter}"));
    assert_eq!(counter["copy"].as_u64(), Some(n), "{counter}");
    assert_eq!(counter["check"].as_u64(), Some(n * 7 + 3), "{counter}");
    assert_eq!(
        counter["text"].as_str(),
        Some(format!("n={n}").as_str()),
        "{counter}"
    );
    n
}

#[test]
fn killed_while_writing_the_store_still_loads_a_consistent_value() {
    let dir = scratch("storage-kill");
    // Pseudo-random jitter on top of a spread of delays: kills land at different points
    // of a write (temp file, fsync, rename) from run to run.
    let jitter = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0);
    for (round, base_ms) in [0u64, 2, 5, 13, 30, 70, 150].into_iter().enumerate() {
        let delay = Duration::from_millis(base_ms + (jitter >> round) % 7);
        let data = dir.join(format!("data-{round}"));
        let mut child = shot("storage-kill", &dir, &data, "writer")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("fcplayer starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut last_ack = 0u64;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("wrote ").and_then(|n| n.parse().ok()) {
                    if last_ack == 0 {
                        let _ = tx.send(());
                    }
                    last_ack = n;
                }
            }
            last_ack
        });
        // Wait for the first acknowledged write, then kill after the delay.
        let started = Instant::now();
        let first = rx.recv_timeout(Duration::from_secs(60));
        assert!(
            first.is_ok(),
            "round {round}: no write within {:?}",
            started.elapsed()
        );
        std::thread::sleep(delay);
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        let last_ack = reader.join().expect("reader");
        assert!(last_ack >= 1);

        // The file itself: valid JSON holding a whole counter no older than the last
        // acknowledged write (acknowledged writes are durable) and at most one newer.
        let app = data.join("fcplayer-test-storage-kill");
        let text =
            std::fs::read_to_string(app.join("storage.json")).expect("storage.json is there");
        let root: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("round {round}: storage.json is not JSON ({e})"));
        let items = &root["items"];
        let n = check_counter(&items["counter"]["data"]);
        assert!(
            n == last_ack || n == last_ack + 1,
            "round {round}: stored counter {n}, last acknowledged {last_ack}"
        );
        assert_eq!(
            items["ballast"]["data"].as_str().map(str::len),
            Some(300 * 1024)
        );

        // A new player on the same data folder (another bundle, same app id) loads it.
        let out = run_ok(&mut shot("storage-kill-check", &dir, &data, "check"));
        let stdout = stdout_of(&out);
        let mut lines = stdout.lines();
        let counter = lines
            .next()
            .and_then(|l| l.strip_prefix("counter "))
            .and_then(|l| serde_json::from_str::<Value>(l).ok())
            .unwrap_or_else(|| panic!("round {round}: {stdout}"));
        assert_eq!(check_counter(&counter), n, "round {round}");
        assert_eq!(lines.next(), Some("ballast 307200"), "{stdout}");
        assert_eq!(
            lines.next(),
            Some(r#"keys ["ballast","counter"]"#),
            "{stdout}"
        );
        eprintln!(
            "round {round}: killed {delay:?} after the first write; last acknowledged {last_ack}, stored {n}, temp file left: {}",
            app.join("storage.json.tmp").exists()
        );
    }
}
