//! End to end: `input` and `textarea` on the `input-basics` fixture through the scenario's
//! `input SEL TEXT` step — focus/blur/confirm/input events in order with their details,
//! `maxlength`, `password`, the `type` filters, `disabled`, a value replaced by `setData`, a
//! controlled field, `focus` from data, textarea line breaks and `auto-height`, the dump of
//! field values and a reference image (placeholders, bullets, scrolled text, caret).

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

fn play(dir: &Path, name: &str, steps: &str) -> Command {
    shot_with_steps(&fixture("input-basics"), dir, name, steps)
}

fn console(name: &str, steps: &str) -> String {
    console_of(&fixture("input-basics"), name, steps)
}

#[test]
fn typing_sends_focus_input_blur_and_confirm_in_order() {
    let out = console(
        "input-events",
        "input #name xy\ninput #name {Left}{Left}{Delete}{Home}<{End}{Enter}\n\
         input #short 1234567\ninput #pw a{Backspace}\n",
    );
    assert_eq!(
        out,
        concat!(
            "focus name {\"value\":\"Ann\",\"height\":0}\n",
            "input name \"Annx\" cursor=4 key=120\n",
            "input name \"Annxy\" cursor=5 key=121\n",
            // The second step taps the focused field again: no new focus event.
            "input name \"Anny\" cursor=3 key=46\n",
            "input name \"<Anny\" cursor=1 key=60\n",
            "confirm name {\"value\":\"<Anny\"}\n",
            "blur name {\"value\":\"<Anny\",\"cursor\":5}\n",
            // maxlength=5 (bind:input spelling): the sixth and seventh keys change nothing.
            "input short \"1\" cursor=1 key=49\n",
            "input short \"12\" cursor=2 key=50\n",
            "input short \"123\" cursor=3 key=51\n",
            "input short \"1234\" cursor=4 key=52\n",
            "input short \"12345\" cursor=5 key=53\n",
            "input pw \"secreta\" cursor=7 key=97\n",
            "input pw \"secret\" cursor=6 key=8\n",
        )
    );
}

#[test]
fn types_filter_keys_and_disabled_fields_take_no_focus() {
    let out = console(
        "input-types",
        "input #num 1a2.3\ninput #dig 4b5.6\ninput #idc 1x2X3y\ntap #off\n",
    );
    assert_eq!(
        out,
        concat!(
            "input num \"1\" cursor=1 key=49\n",
            "input num \"12\" cursor=2 key=50\n",
            "input num \"123\" cursor=3 key=51\n",
            "input dig \"4\" cursor=1 key=52\n",
            "input dig \"45\" cursor=2 key=53\n",
            "input dig \"45.\" cursor=3 key=46\n",
            "input dig \"45.6\" cursor=4 key=54\n",
            "input idc \"1\" cursor=1 key=49\n",
            "input idc \"1x\" cursor=2 key=120\n",
            "input idc \"1x2\" cursor=3 key=50\n",
            "input idc \"1x2X\" cursor=4 key=88\n",
            "input idc \"1x2X3\" cursor=5 key=51\n",
        )
    );
    // A disabled field refuses the `input` step with a clear error.
    let dir = scratch("input-disabled");
    let out = play(&dir, "s", "input #off x\n").output().expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`#off` is not an input or textarea"), "{err}");
    let out = play(&dir, "s", "input #nothing x\n").output().expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no element matches `#nothing`"));
}

#[test]
fn set_data_replaces_values_and_focus_follows_data() {
    let dir = scratch("input-data");
    let dump = dir.join("after.txt");
    let steps = format!(
        "input #name xy\ntap #reset\ninput #upper abc\ntap #focus\n\
         input #notes one{{Enter}}two\ninput #grow {{Enter}}2\ndump {}\n",
        dump.display()
    );
    let out = run_ok(&mut play(&dir, "s", &steps));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        &lines[..5],
        [
            "focus name {\"value\":\"Ann\",\"height\":0}",
            "input name \"Annx\" cursor=4 key=120",
            "input name \"Annxy\" cursor=5 key=121",
            // The tap elsewhere blurs before the button's handler runs.
            "blur name {\"value\":\"Annxy\",\"cursor\":5}",
            "reset",
        ]
    );
    // `focus` turned true by setData, with a value: the caret goes where `cursor` says.
    assert!(
        stdout.contains(
            "focus later {\"value\":\"abcd\",\"height\":0}\n\
             blur later {\"value\":\"abcd\",\"cursor\":2}\n"
        ),
        "{stdout}"
    );
    // The line break makes a second line: `linechange` (16px × 1.2 lines, rpx at 375 px).
    assert!(
        stdout.contains(
            "input notes \"one\\n\" cursor=4 key=13\n\
             linechange notes {\"height\":38,\"heightRpx\":76,\"lineCount\":2}\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("blur notes {\"value\":\"one\\ntwo\",\"cursor\":7}\n"));
    let dump = std::fs::read_to_string(&dump).expect("dump");
    for line in [
        // setData replaced what was typed.
        "    input#name [15,49,345,22]\n      \"Bob\" [15,49,345,22]\n",
        // The controlled field shows what its handler wrote back.
        "      \"ABC\" [15,305,345,22]\n",
        "    input#pw [15,106,345,22]\n      \"••••••\" [15,106,345,22]\n",
        "  textarea#notes [8,332,202,62]\n    \"one\\ntwo\" [9,333,200,60]\n",
        // auto-height: two lines tall.
        "  textarea#grow [8,398,202,40]\n    \"one\\n2\" [9,399,200,38]\n",
        // Empty fields show nothing (their placeholder is not their text).
        "    input#short [15,77,345,23]\n  view.row",
    ] {
        assert!(dump.contains(line), "missing {line:?} in\n{dump}");
    }
}

#[test]
fn fields_look_like_the_reference() {
    let dir = scratch("input-look");
    run_ok(&mut play(
        &dir,
        "look",
        "input #pw x\ninput #grow {Enter}two\ninput #long Z\n",
    ));
    // Placeholders (grey, placeholder-style red 12px, placeholder-class green), bullets,
    // the long value scrolled to its end, wrapped textarea text and the caret.
    assert_image_matches(
        &dir.join("look.png"),
        &fixture("input-basics").join("look.png"),
        24,
        200,
    );
}

/// The todo demo: items typed and added (enter and the button), kept in storage for the
/// next run, opened in the detail page with their query, and the list back after `back`.
#[test]
fn todo_items_are_typed_added_kept_and_opened() {
    let dir = scratch("input-todo");
    let data = dir.join("data");
    let (list, detail, back) = (
        dir.join("list.txt"),
        dir.join("detail.txt"),
        dir.join("back.txt"),
    );
    let steps = format!(
        "input #text Buy milk{{Enter}}\ninput #text Call Bob\ntap #add\ndump {}\n\
         tap #item-2\ndump {}\nback\ndump {}\n",
        list.display(),
        detail.display(),
        back.display()
    );
    let run = |name: &str, steps: &str| {
        let scenario = dir.join(format!("{name}.txt"));
        std::fs::write(&scenario, steps).expect("scenario");
        let mut cmd = fcplayer();
        cmd.arg("shot")
            .arg(repo().join("demos/todo"))
            .arg("--out")
            .arg(dir.join(format!("{name}.png")))
            .args(["--scale", "1"])
            .arg("--data-dir")
            .arg(&data)
            .arg("--scenario")
            .arg(&scenario);
        String::from_utf8_lossy(&run_ok(&mut cmd).stdout).into_owned()
    };
    let first = run("first", &steps);
    assert_eq!(
        first,
        concat!(
            "todo: launched with 0 items\n",
            "added 1: Buy milk\n",
            "added 2: Call Bob\n",
            "detail query {\"id\":\"2\"}\n",
        )
    );
    let read = |p: &Path| std::fs::read_to_string(p).expect("dump");
    let list = read(&list);
    for shown in [
        "\"Buy milk\"",
        "\"Call Bob\"",
        "\"2 items, 2 left\"",
        // Adding clears the draft, so the field shows nothing (its placeholder).
        "    input#text.text [12,56,271,40]\n    button#add.add",
    ] {
        assert!(list.contains(shown), "`{shown}` in\n{list}");
    }
    let detail = read(&detail);
    assert!(detail.contains("\"Call Bob\""), "{detail}");
    assert!(detail.contains("\"#2 · to do\""), "{detail}");
    assert_eq!(read(&back), list, "back restores the list");

    // A second run on the same data folder shows the items; a draft is being typed.
    let again = dir.join("again.txt");
    let second = run(
        "second",
        &format!("input #text Walk{{Left}}\ndump {}\n", again.display()),
    );
    assert_eq!(second, "todo: launched with 2 items\n");
    let again = read(&again);
    for shown in ["\"Buy milk\"", "\"Call Bob\"", "\"Walk\" [22,56,251,40]"] {
        assert!(again.contains(shown), "`{shown}` after restart\n{again}");
    }
    assert_image_matches(
        &dir.join("second.png"),
        &fixture("input-basics").join("todo.png"),
        24,
        200,
    );
}

/// The window: a click focuses the field and keys typed through the X server (xdotool)
/// edit it, one `input` event per key; Return confirms.
#[test]
fn window_keys_type_into_the_focused_field() {
    use std::process::Stdio;
    use std::time::Duration;
    let _serial = window_lock();
    let x = start_xvfb();
    let dir = scratch("input-window");
    let dump = dir.join("dump.txt");
    let (player, window_id) = start_in_window(&x, "input-basics", || {
        fcplayer()
            .env("DISPLAY", &x.display)
            .env_remove("WAYLAND_DISPLAY")
            .args(["run"])
            .arg(fixture("input-basics"))
            .args(["--scale", "1", "--quit-after-ms", "7000", "--dump-on-exit"])
            .arg(&dump)
            .arg("--data-dir")
            .arg(dir.join("data"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("fcplayer runs")
    });
    let xdo = |args: &[&str]| {
        Command::new("xdotool")
            .env("DISPLAY", &x.display)
            .args(args)
            .output()
            .expect("xdotool is needed for the window test")
    };
    std::thread::sleep(Duration::from_millis(1500));
    // The #name field's centre (its box in the dump: [15,49,345,22]).
    assert!(xdo(&[
        "mousemove",
        "--window",
        &window_id,
        "187",
        "60",
        "click",
        "1"
    ])
    .status
    .success());
    std::thread::sleep(Duration::from_millis(300));
    // Xvfb has no window manager to give the window the keyboard focus.
    assert!(xdo(&["windowfocus", "--sync", &window_id]).status.success());
    assert!(xdo(&["type", "--delay", "50", "ok"]).status.success());
    assert!(xdo(&["key", "--delay", "50", "BackSpace", "Return"])
        .status
        .success());
    let out = player.wait_with_output().expect("fcplayer exits");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "fcplayer run failed:\n{stderr}");
    assert_eq!(
        stdout,
        concat!(
            "focus name {\"value\":\"Ann\",\"height\":0}\n",
            "input name \"Anno\" cursor=4 key=111\n",
            "input name \"Annok\" cursor=5 key=107\n",
            "input name \"Anno\" cursor=4 key=8\n",
            "confirm name {\"value\":\"Anno\"}\n",
            "blur name {\"value\":\"Anno\",\"cursor\":4}\n",
        ),
        "{stderr}"
    );
    let dump = std::fs::read_to_string(&dump).expect("dump written on exit");
    assert!(dump.contains("      \"Anno\" [15,49,345,22]\n"), "{dump}");
}

/// `wx.showModal({editable: true})`: a native field pre-filled with `content`, typed into
/// with `input #fc-modal-input`, its text in `res.content` (cancel too).
#[test]
fn editable_modal_answers_with_the_typed_content() {
    let dir = scratch("input-modal");
    let shot = dir.join("modal.png");
    let steps = format!(
        "tap #ask\ninput #fc-modal-input {{Backspace}}{{Backspace}}{{Backspace}}Zoë\nshot {}\n\
         tap #fc-modal-confirm\ntap #ask\ninput #fc-modal-input !\ntap #fc-modal-cancel\n",
        shot.display()
    );
    let out = run_ok(&mut play(&dir, "s", &steps));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        concat!(
            "modal {\"errMsg\":\"showModal:ok\",\"confirm\":true,\"cancel\":false,\"content\":\"Zoë\"}\n",
            "modal {\"errMsg\":\"showModal:ok\",\"confirm\":false,\"cancel\":true,\"content\":\"Ann!\"}\n",
        )
    );
    assert_image_matches(&shot, &fixture("input-basics").join("modal.png"), 24, 200);
    // Without a modal the selector matches nothing.
    let out = play(&dir, "t", "input #fc-modal-input x\n")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no editable modal is shown"));
}

/// Up and Down move the caret between a textarea's lines (keeping its x); past the first
/// line Up goes to the start.
#[test]
fn textarea_up_and_down_move_between_lines() {
    let out = console(
        "input-updown",
        "input #notes xxxx{Enter}xx{Up}Y{Down}Z{Up}{Up}W\n",
    );
    let last = out.lines().last().unwrap_or_default();
    assert_eq!(
        last, "input notes \"WxxYxx\\nxxZ\" cursor=1 key=87",
        "{out}"
    );
}

/// `auto-focus`: the field has the focus from the first frame (caret at the end), and a tap
/// elsewhere takes it away.
#[test]
fn auto_focus_focuses_on_the_first_frame() {
    let dir = scratch("input-autofocus");
    let scenario = dir.join("s.txt");
    std::fs::write(&scenario, "tap #away\n").expect("scenario");
    let mut cmd = fcplayer();
    cmd.arg("shot")
        .arg(fixture("input-autofocus"))
        .arg("--out")
        .arg(dir.join("s.png"))
        .args(["--scale", "1"])
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--scenario")
        .arg(&scenario);
    let out = run_ok(&mut cmd);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        concat!(
            "focus second {\"value\":\"typed 1\",\"height\":0}\n",
            "blur second {\"value\":\"typed 1\",\"cursor\":7}\n",
        )
    );
}

/// The placeholder's colour comes from `::placeholder` rules (grey by default), then
/// `placeholder-class`, then `placeholder-style`.
#[test]
fn placeholder_styles_layer_pseudo_class_and_inline() {
    let dir = scratch("input-placeholder");
    let out = dir.join("ph.png");
    run_ok(
        fcplayer()
            .arg("shot")
            .arg(fixture("input-placeholder"))
            .arg("--out")
            .arg(&out),
    );
    let img = read_png(&out);
    // Each 40px field (80 device px) shows bold Ms; look for the row's colour in its band.
    let has = |band: u32, rgb: [u8; 3]| {
        (band * 80 + 10..band * 80 + 70).any(|y| {
            (0..450).any(|x| {
                let p = img.pixel(x, y);
                (0..3).all(|i| p[i].abs_diff(rgb[i]) < 30)
            })
        })
    };
    assert!(has(0, [0x80, 0x80, 0x80]), "default grey");
    assert!(
        has(1, [0xff, 0, 0]) && !has(1, [0x80, 0x80, 0x80]),
        "::placeholder"
    );
    assert!(
        has(2, [0, 0, 0xff]) && !has(2, [0xff, 0, 0]),
        "placeholder-class"
    );
    assert!(
        has(3, [0, 0xaa, 0]) && !has(3, [0, 0, 0xff]),
        "placeholder-style"
    );
}
