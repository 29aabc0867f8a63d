//! End to end: the template language, one fixture mini-program per feature group under
//! `tests/fixtures/tpl-*`. Each fixture holds the same page in both spellings
//! (`pages/wx/index.wxml` with `wx:`, `pages/fx/index.fxml` with `fx:`); every test plays
//! its scenario with each as the entry page through the real binary and checks the `dump`
//! output and the console lines on stdout, which must be the same for both.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// What one headless run left behind.
struct Run {
    /// The `dump` files in scenario order, boxes stripped (`view#id.class`, `"text"`).
    dumps: Vec<String>,
    stdout: String,
    stderr: String,
    png: PathBuf,
}

/// Copies `tests/fixtures/<fixture>` to a scratch folder with `page` (`wx` or `fx`) as the
/// entry page.
fn with_entry(fixture_name: &str, page: &str, dir: &Path) -> PathBuf {
    let app = dir.join("app");
    copy_dir(&fixture(fixture_name), &app);
    let config = app.join("app.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&config).expect("app.json")).expect("json");
    let entry = format!("pages/{page}/index");
    let pages = json["pages"].as_array_mut().expect("pages");
    pages.retain(|p| p.as_str() != Some(entry.as_str()));
    pages.insert(0, entry.into());
    std::fs::write(&config, json.to_string()).expect("write app.json");
    app
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Plays `steps` (a `dump` step takes no file: the dumps are collected in order).
fn play(fixture_name: &str, page: &str, steps: &[&str]) -> Run {
    let dir = scratch(&format!("{fixture_name}-{page}"));
    let app = with_entry(fixture_name, page, &dir);
    let mut script = String::new();
    let mut dump_files = Vec::new();
    for step in steps {
        if *step == "dump" {
            let f = dir.join(format!("dump{}.txt", dump_files.len()));
            script.push_str(&format!("dump {}\n", f.display()));
            dump_files.push(f);
        } else {
            script.push_str(step);
            script.push('\n');
        }
    }
    let scenario = dir.join("scenario.txt");
    std::fs::write(&scenario, script).expect("scenario");
    let png = dir.join("final.png");
    let out = run_ok(
        fcplayer()
            .arg("shot")
            .arg(&app)
            .arg("--out")
            .arg(&png)
            .args(["--scale", "1", "--scenario"])
            .arg(&scenario),
    );
    let dumps = dump_files
        .iter()
        .map(|f| strip_boxes(&std::fs::read_to_string(f).expect("dump written")))
        .collect();
    Run {
        dumps,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        png,
    }
}

/// Drops the `[x,y,w,h]` box of every dump line and the `page` line: what is left is the
/// tree's structure and text, which does not depend on fonts.
fn strip_boxes(dump: &str) -> String {
    dump.lines()
        .skip(1)
        .map(|l| l.rsplit_once(" [").map_or(l, |(head, _)| head))
        .map(|l| format!("{}\n", l.strip_prefix("  ").unwrap_or(l)))
        .collect()
}

/// Plays the scenario with both spellings; they must agree. Returns the `wx` run and the
/// `fx` run's stderr.
fn play_both(fixture_name: &str, steps: &[&str]) -> (Run, String) {
    let wx = play(fixture_name, "wx", steps);
    let fx = play(fixture_name, "fx", steps);
    assert_eq!(wx.dumps, fx.dumps, "the wx: and fx: pages differ");
    assert_eq!(
        wx.stdout, fx.stdout,
        "the wx: and fx: pages log differently"
    );
    (wx, fx.stderr)
}

/// The overlay is a dark red panel over the page area (see errors.rs).
fn has_overlay(png: &Path) -> bool {
    let img = read_png(png);
    let p = img.pixel(img.width / 2, img.height - 10);
    p[0] > 100 && p[1] < 60 && p[2] < 60
}

/// Lines of the player's own diagnostics (not tracing's log lines).
fn diagnostics(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("pages/") || l.starts_with("common/"))
        .collect()
}

/// An expected dump written inside the test: lines are trimmed, and a leading `|` stands
/// for one level of indentation (two spaces) before the rest of the line as written.
fn lines(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.strip_prefix('|') {
            Some(rest) => format!("  {rest}\n"),
            None => format!("{l}\n"),
        })
        .collect()
}

#[test]
fn expressions_in_text_attributes_and_dataset() {
    let (run, _) = play_both(
        "tpl-expressions",
        &["dump", "tap #typed", "wait idle", "dump"],
    );
    assert_eq!(
        run.dumps[0],
        lines(
            r#"
            view#lit
            |"str|1.5|true|||1,2,3|[object Object]"
            view#path
            |"20|obj|3|5||30"
            view#unary
            |"true|-7|42|number|object|undefined"
            view#arith
            |"15|1.75|1|a7|71|3x|9"
            view#cmp
            |"true|false|false|true|true|true|true"
            view#logic
            |"false|yes|dflt|0|big"
            view#spread
            |"10,20,30,4|4,2"
            view#typed.c-7.on
            |"typed 7"
            "#
        )
    );
    // One whole `{{ }}` keeps its type; mixed text is a string; `data-foo-bar` -> `fooBar`.
    assert_eq!(run.stdout, "number 5 string string true 1 obj x\n");
    assert!(
        run.dumps[1].contains("view#typed.c-8.off\n  \"typed 8\""),
        "{}",
        run.dumps[1]
    );
    assert!(run.dumps[1].contains("\"false|-8|42|number|object|undefined\""));
    assert!(run.dumps[1].contains("\"17|2|2|a8|81|3x|9\""));
    assert!(run.dumps[1].contains("\"no|true|dflt|0|big\""));
    assert!(diagnostics(&run.stderr).is_empty(), "{}", run.stderr);
}

#[test]
fn directives_if_for_block_hidden() {
    let (run, _) = play_both(
        "tpl-directives",
        &[
            "dump",
            "tap #inc",
            "wait idle",
            "dump",
            "tap #inc",
            "wait idle",
            "dump",
        ],
    );
    let first = &run.dumps[0];
    for part in [
        "view#cond\n  text\n    \"none\"\n",
        "view#list\n  text\n    \"0:a;\"\n  text\n    \"1:b;\"\n",
        "view#self\n  text\n    \"x;\"\n  text\n    \"y;\"\n",
        "view#nested\n  text\n    \"0p0;\"\n  text\n    \"0q1;\"\n  text\n    \"1s0;\"\n",
        "view#num\n  text\n    \"00;\"\n  text\n    \"11;\"\n  text\n    \"22;\"\n",
        "view#str\n  text\n    \"a;\"\n  text\n    \"b;\"\n",
        "view#obj\n  text\n    \"k1=v1;\"\n  text\n    \"k2=v2;\"\n",
        "view#odd\n  text\n    \"a;\"\nview#blk\nview#hid\n",
        "view#shown\n  \"shown\"\n",
    ] {
        assert!(first.contains(part), "missing\n{part}\nin\n{first}");
    }
    let second = &run.dumps[1];
    for part in [
        "view#cond\n  text\n    \"one\"\n",
        "  text\n    \"2:c;\"\n",
        "  text\n    \"1t1;\"\n",
        "view#odd\n  text\n    \"a;\"\n  text\n    \"c;\"\n",
        "view#blk\n  text\n    \"b1;\"\n  text\n    \"b2;\"\n",
        "view#hid\n",
    ] {
        assert!(second.contains(part), "missing\n{part}\nin\n{second}");
    }
    let third = &run.dumps[2];
    assert!(
        third.contains("view#cond\n  text\n    \"many\"\n"),
        "{third}"
    );
    assert!(
        !third.contains("view#hid"),
        "hidden=\"{{n > 1}}\" hides it:\n{third}"
    );
    assert!(
        third.contains("view#shown"),
        "hidden=\"{{false}}\" shows it"
    );
    assert!(diagnostics(&run.stderr).is_empty(), "{}", run.stderr);
}

#[test]
fn templates_imports_and_includes() {
    let (run, fx_stderr) = play_both(
        "tpl-templates",
        &[
            "dump",
            "tap #card-T",
            "tap #switch",
            "wait idle",
            "dump",
            "tap #switch",
            "wait idle",
            "dump",
        ],
    );
    // Shorthand, spread, object literal and combined data; the page's `secret` is not
    // visible inside a template; the template from an imported .fxml; include pastes the
    // header (its own template and wxs left out) and the footer it includes.
    assert_eq!(
        run.dumps[0],
        lines(
            r#"
            view#t1
            |view#card-T.card
            |  text
            |    "T:2:"
            view#t2
            |view#card-I.card
            |  text
            |    "I:5:"
            view#t3
            |view#card-literal.card
            |  text
            |    "literal:9:"
            view#t4
            |view#card-over.card
            |  text
            |    "over:2:"
            view#t5
            |text.local
            |  "local dyn"
            view#t6
            |view#card-L1.card
            |  text
            |    "L1:1:"
            |view#card-L2.card
            |  text
            |    "L2:2:"
            view#inc
            |text.head
            |  "head T"
            |text.foot
            |  "foot 2"
            view#switch
            |"switch"
            "#
        )
    );
    // A handler inside a template runs on the page.
    assert_eq!(run.stdout, "card T card-T\n");
    // `is` is an expression: now the imported `more`, updated with the data it depends on.
    assert!(
        run.dumps[1].contains("view#t5\n  text.more\n    \"more dyn\"\n"),
        "{}",
        run.dumps[1]
    );
    assert!(run.dumps[1].contains("\"I:6:\""), "{}", run.dumps[1]);
    // An unknown dynamic `is` renders nothing, with a warning (not an error).
    assert!(
        run.dumps[2].contains("view#t5\nview#t6\n"),
        "{}",
        run.dumps[2]
    );
    let warned = |stderr: &str, file: &str| {
        stderr.contains(&format!(
            "{file}:8:15: warning: no template named `nope`: `<template is>` renders nothing"
        ))
    };
    assert!(warned(&run.stderr, "pages/wx/index.wxml"), "{}", run.stderr);
    assert!(warned(&fx_stderr, "pages/fx/index.fxml"), "{fx_stderr}");
    assert!(!run.stderr.contains(": error:"), "{}", run.stderr);
    assert!(!has_overlay(&run.png), "warnings never reach the overlay");
}

#[test]
fn wxs_modules_inline_src_require_and_isolation() {
    let (run, _) = play_both("tpl-wxs", &["dump", "tap #bump", "wait idle", "dump"]);
    assert_eq!(
        run.dumps[0],
        lines(
            r#"
            view#money
            |"¥9.50 yuan"
            view#tools
            |"ANN|2024|true|false|undefined,undefined,undefined,undefined"
            view#tpl
            |text
            |  "half 4.75 undefined"
            view#data
            |"[]"
            view#bump
            |"bump"
            "#
        )
    );
    assert!(run.dumps[1].contains("\"¥19.00 yuan\""), "{}", run.dumps[1]);
    assert!(run.dumps[1].contains("\"BOB|2024|"), "{}", run.dumps[1]);
    assert!(
        run.dumps[1].contains("\"half 9.5 undefined\""),
        "{}",
        run.dumps[1]
    );
    // A call on data is not a wxs call: undefined, with a warning at its place.
    assert!(
        run.stderr
            .contains("pages/wx/index.wxml:12:20: warning: `name.toUpperCase(…)`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(": error:"), "{}", run.stderr);
}

/// The issue's check: a `wx:` page with `import`, `include`, `template`, nested `for` and
/// `catchtap` logs the right `target`/`currentTarget` for a tap that bubbles.
#[test]
fn events_route_through_capture_bubble_catch_and_mut() {
    let (run, _) = play_both(
        "tpl-events",
        &[
            "tap #row-a-2",
            "tap #mutin",
            "tap #ccin",
            "tap #dyn",
            "tap #dyn",
            "tap #off",
            "wait idle",
            "dump",
        ],
    );
    assert_eq!(
        run.stdout,
        lines(
            "
            tsOuter touchstart row-a-2 outer 1 1
            teOuter touchend row-a-2 outer 0 1
            capOuter tap row-a-2 outer 1 1
            onRow tap row-a-2 row-a-2 1 1
            row dataset 2
            onGroup tap row-a-2 group-a 1 1
            catchMid tap row-a-2 mid 1 1
            mutInner tap mutin mutin 1 1
            plainInner tap mutin mutin 1 1
            ccOuter tap ccin cc 1 1
            onDyn tap dyn dyn 1 1
            number true true true true
            onDyn2 tap dyn dyn 1 1
            "
        )
    );
    assert!(
        run.dumps[0].contains("view#outer\n  view#mid\n    view#group-a\n      view#row-a-1.row\n        \"a1\"\n      view#row-a-2.row\n"),
        "{}",
        run.dumps[0]
    );
    assert!(
        run.dumps[0].contains("text#title\n  \"events\"\n"),
        "{}",
        run.dumps[0]
    );
}

#[test]
fn legacy_forms_and_unknown_tags_are_accepted() {
    let (run, fx_stderr) = play_both("tpl-legacy", &["dump"]);
    assert_eq!(
        run.dumps[0],
        lines(
            r#"
            view#items
            |text
            |  "a;"
            |text
            |  "b;"
            view#nokey
            |text
            |  "0a;"
            |text
            |  "1b;"
            view#braced
            |text
            |  "1;"
            |text
            |  "2;"
            foo-bar#unknown
            |text
            |  "inside unknown"
            |foo-bar
            |  text
            |    "nested unknown"
            marquee
            |"scrolling"
            view#after
            |"after"
            "#
        )
    );
    for (stderr, file) in [
        (run.stderr.as_str(), "pages/wx/index.wxml"),
        (fx_stderr.as_str(), "pages/fx/index.fxml"),
    ] {
        let found = diagnostics(stderr);
        assert!(!stderr.contains(": error:"), "{stderr}");
        // One warning per tag name, at its first use.
        for (at, tag) in [
            ("4:1", "unknown tag `<foo-bar>`"),
            ("5:1", "unknown tag `<marquee>`"),
            ("6:1", "`<ad>`"),
            ("7:1", "`<open-data>`"),
            ("8:1", "`<official-account>`"),
        ] {
            let want = format!("{file}:{at}: warning: {tag}");
            assert_eq!(
                found.iter().filter(|l| l.starts_with(&want)).count(),
                1,
                "{want} in\n{stderr}"
            );
        }
        assert_eq!(found.iter().filter(|l| l.contains("foo-bar")).count(), 1);
    }
    assert!(!has_overlay(&run.png), "warnings never reach the overlay");
}

#[test]
fn errors_are_located_overlaid_and_the_rest_renders() {
    let (run, fx_stderr) = play_both("tpl-errors", &["dump"]);
    assert_eq!(
        run.dumps[0],
        lines(
            r#"
            text.loop
            |"loop once"
            view#ok
            |"still renders 1"
            view#noimport
            view#notpl
            view#badexpr
            |"a b"
            view#badname
            |text
            |  "x"
            view#wxserr
            |"[]"
            view#unclosed
            |text
            |  "open"
            "#
        )
    );
    for (stderr, file) in [
        (run.stderr.as_str(), "pages/wx/index.wxml"),
        (fx_stderr.as_str(), "pages/fx/index.fxml"),
    ] {
        for want in [
            format!("{file}:1:1: error: cannot import `/common/missing.wxml`: no such file"),
            "common/loop2.wxml:1:1: error: include cycle".to_string(),
            // Imports are not transitive: lib.wxml imports deep.wxml, the page cannot use it.
            format!("{file}:5:21: error: no template named `deep`"),
            format!("{file}:6:18: error: no template named `nothing`"),
            format!("{file}:7:27: error: bad expression"),
            format!("{file}:8:44: error: `"),
            format!("{file}:11:32: error: wxs: TypeError"),
            format!("{file}:15:1: error: unclosed tag `<view>`"),
        ] {
            assert!(stderr.contains(&want), "missing `{want}` in\n{stderr}");
        }
        assert!(
            !stderr.contains("warning: no template named"),
            "reported once: {stderr}"
        );
    }
    assert!(has_overlay(&run.png), "errors are shown on the overlay");
}

/// A press held past 350 ms in the window is a `longpress`, and no `tap` follows when a
/// longpress handler ran; a short click is a `tap`. Runs under Xvfb, clicked with xdotool.
#[test]
fn window_long_press_then_tap() {
    use std::process::{Command, Stdio};
    use std::time::Duration;
    let _serial = window_lock();
    let xvfb = start_xvfb();
    let display = xvfb.display.clone();
    let dir = scratch("tpl-events-window");
    let app = with_entry("tpl-events", "wx", &dir);
    let (player, window) = start_in_window(&xvfb, "tpl-events", || {
        fcplayer()
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .arg("run")
            .arg(&app)
            .args(["--scale", "1", "--quit-after-ms", "7000"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("fcplayer runs")
    });
    let xdotool = |args: &[&str]| {
        Command::new("xdotool")
            .env("DISPLAY", &display)
            .args(args)
            .output()
            .expect("xdotool is needed for the window tests")
    };
    std::thread::sleep(Duration::from_millis(1500));
    // `#long` is the page's first box: 100px tall under the 44px navigation bar.
    xdotool(&[
        "mousemove",
        "--window",
        &window,
        "187",
        "94",
        "mousedown",
        "1",
    ]);
    std::thread::sleep(Duration::from_millis(700));
    xdotool(&["mouseup", "1"]);
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&["click", "1"]);
    let out = player.wait_with_output().expect("fcplayer exits");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stdout, "onLong longpress long long 1 1\nonLongTap tap long long 1 1\n",
        "{stderr}"
    );
}
