//! End to end: custom components (logic.md §7, style.md §5) through the real binary. The
//! demo (`demos/components`) and the pages of `tests/fixtures/components`, each played as
//! the entry page: console lines in order, `dump` output, stderr diagnostics and pixels.

mod common;

use common::*;
use std::path::{Path, PathBuf};

struct Run {
    /// `dump` files in scenario order, boxes stripped.
    dumps: Vec<String>,
    stdout: String,
    stderr: String,
    png: PathBuf,
    /// The dumps as written (with boxes), for pixel positions.
    raw_dumps: Vec<String>,
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

/// The components fixture with `pages/<page>/index` as its entry page.
fn fixture_page(page: &str) -> PathBuf {
    let dir = scratch(&format!("components-{page}"));
    let app = dir.join("app");
    copy_dir(&fixture("components"), &app);
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

/// Plays `steps` on `app` (a `dump` step takes no file name here).
fn play(name: &str, app: &Path, steps: &[&str]) -> Run {
    let dir = scratch(&format!("components-run-{name}"));
    let mut script = String::new();
    let mut files = Vec::new();
    for step in steps {
        if *step == "dump" {
            let f = dir.join(format!("dump{}.txt", files.len()));
            script.push_str(&format!("dump {}\n", f.display()));
            files.push(f);
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
            .arg(app)
            .arg("--out")
            .arg(&png)
            .args(["--scale", "1", "--scenario"])
            .arg(&scenario),
    );
    let raw_dumps: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("dump written"))
        .collect();
    Run {
        dumps: raw_dumps.iter().map(|d| strip_boxes(d)).collect(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        png,
        raw_dumps,
    }
}

fn strip_boxes(dump: &str) -> String {
    dump.lines()
        .skip(1)
        .map(|l| l.rsplit_once(" [").map_or(l, |(head, _)| head))
        .map(|l| format!("{}\n", l.strip_prefix("  ").unwrap_or(l)))
        .collect()
}

/// Expected text: lines trimmed; each leading `|` is one level of indentation.
fn lines(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let depth = l.chars().take_while(|c| *c == '|').count();
            format!("{}{}\n", "  ".repeat(depth), &l[depth..])
        })
        .collect()
}

fn console(run: &Run) -> Vec<&str> {
    run.stdout.lines().collect()
}

#[test]
fn demo_lifetimes_observers_slots_and_events_in_order() {
    let run = play(
        "demo",
        &repo().join("demos/components"),
        &[
            "wait idle",
            "dump",
            "tap #pick",
            "wait idle",
            "tap #inc",
            "wait idle",
            "dump",
        ],
    );
    assert_eq!(
        console(&run),
        vec![
            "page onLoad",
            "card created, setData is function",
            "observers: count 1",
            "count property observer 1 0",
            "behavior attached, origin behavior",
            "card attached Fruit 1 from behavior",
            "card ready",
            "page onReady, card is components/card/card count 1",
            "card tapped",
            "page got pick detail.count 1 from main",
            "observers: count 2",
            "count property observer 2 1",
        ],
        "stderr:\n{}",
        run.stderr
    );
    let tree = |n: u32, m: u32| {
        lines(&format!(
            r#"view.page
            |card#main.outer
            ||view.card
            |||view.head
            ||||"Head of Fruit"
            |||view.title
            ||||"Fruit x{n} = {m}"
            |||text.body
            ||||"Body from the page, count {n}"
            |||view#pick.pick
            ||||"Pick"
            |button#inc
            ||"Add one""#
        ))
    };
    assert_eq!(run.dumps[0], tree(1, 2));
    assert_eq!(run.dumps[1], tree(2, 4));
    assert!(
        !run.stderr.contains("error") && !run.stderr.contains("warning"),
        "{}",
        run.stderr
    );
}

#[test]
fn trigger_event_options_and_select_component() {
    let run = play("events", &fixture_page("events"), &["wait idle"]);
    assert_eq!(
        console(&run),
        vec![
            "onLoad: no instance yet null 0",
            "items 3 other 1 deep from page null",
            "owner of #i is the page true",
            "deep owner components/outer/outer missing null",
            "p2 plain",
            "p2 bubbles",
            "p1 bubbles i o",
            "p2 composed",
            "o1 inside outer composed",
            "p1 composed i o",
            "c1 capture capture",
            "p2 capture",
            "p1 capture i o",
        ],
        "stderr:\n{}",
        run.stderr
    );
}

#[test]
fn properties_are_coerced_observers_fire_and_behaviors_merge() {
    let run = play(
        "props",
        &fixture_page("props"),
        &[
            "wait idle",
            "tap #sub",
            "wait idle",
            "tap #deeper",
            "wait idle",
            "dump",
        ],
    );
    assert_eq!(
        console(&run),
        vec![
            "observer num,str 42 5",
            "observer obj.a 1",
            "observer obj.** {\"a\":1}",
            "b0 attached",
            "b1 attached",
            "b2 attached",
            "p attached [true,42,\"5\",[1,2],{\"a\":1},3] same object true",
            "behaviors: who b2 name own cfg {\"a\":1,\"b\":2} level b2 has b0 true",
            "bad attached [false,7,\"\",[],null,0] same object true",
            // The page's `obj.a` write reaches the child as its `obj` property.
            "observer obj.a 2",
            "observer obj.** {\"a\":2}",
            // `obj.b.c` is below `obj.a`'s watch, but inside `obj.**`.
            "observer obj.** {\"a\":2,\"b\":{\"c\":1}}",
        ],
        "stderr:\n{}",
        run.stderr
    );
    assert!(run.dumps[0].contains("\"42 5 true\""), "{}", run.dumps[0]);
    assert!(run.dumps[0].contains("\"7 false\""), "{}", run.dumps[0]);
    // Bad types are reported at the property's declaration.
    assert!(
        run.stderr.contains(
            "components/probe/probe.js:9:5: warning: property \"num\" of \"components/probe/probe\" received type-incompatible value: expected <Number> but got \"abc\""
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("components/probe/probe.js:11:5: warning: property \"list\""),
        "{}",
        run.stderr
    );
}

#[test]
fn a_keyed_list_keeps_its_instances_and_fires_moved_for_the_one_that_moves() {
    let run = play(
        "moved",
        &fixture_page("moved"),
        &[
            "wait idle",
            "tap #reorder",
            "wait idle",
            "dump",
            "tap #drop",
            "wait idle",
            "dump",
        ],
    );
    assert_eq!(
        console(&run),
        vec!["mover c moved", "mover c detached"],
        "stderr:\n{}",
        run.stderr
    );
    let labels = |dump: &str| -> Vec<String> {
        dump.lines()
            .map(str::trim)
            .filter(|l| l.starts_with('"') && l.len() == 3)
            .map(str::to_string)
            .collect()
    };
    assert_eq!(labels(&run.dumps[0]), ["\"c\"", "\"a\"", "\"b\""]);
    assert_eq!(labels(&run.dumps[1]), ["\"a\"", "\"b\""]);
}

#[test]
fn lifetimes_page_lifetimes_nested_and_global_components_and_a_missing_one() {
    let run = play(
        "life",
        &fixture_page("life"),
        &[
            "wait idle",
            "dump",
            "tap #rename",
            "wait idle",
            "tap #go",
            "wait idle",
            "back",
            "wait idle",
            "tap #toggle",
            "wait idle",
            "dump",
        ],
    );
    assert_eq!(
        console(&run),
        vec![
            "life created (legacy form)",
            "label  -> one",
            "life attached",
            "leaf attached",
            "life ready",
            "life setData called",
            // After the frame that shows the update, `this` = the instance.
            "life setData callback, this is life components/life/life",
            "label one -> two",
            "life page hide",
            "life page show",
            "life detached",
            "leaf detached",
        ],
        "stderr:\n{}",
        run.stderr
    );
    assert_eq!(
        run.dumps[0],
        lines(
            r#"view
            |life#lifer
            ||view.life
            |||"life one"
            |||leaf
            ||||text.leaf
            |||||"leaf"
            |badge
            ||text.badge
            |||"global"
            |nojs
            ||view
            |||"no script"
            |broken
            ||view
            |||text
            |button#toggle
            ||"toggle"
            |button#go
            ||"go"
            |button#rename
            ||"rename""#
        )
    );
    assert!(!run.dumps[1].contains("life"), "{}", run.dumps[1]);
    assert!(
        run.stderr.contains(
            "pages/life/index.json:4:15: error: component \"ghost\" not found at \"./nope/ghost\""
        ),
        "{}",
        run.stderr
    );
    // A component's own files: template errors and a missing script.
    assert!(
        run.stderr
            .contains("components/broken/broken.wxml:2:16: error: bad expression"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: component script not found: components/nojs/nojs.js"),
        "{}",
        run.stderr
    );
    // The errors are on the page's overlay (a dark red panel at the bottom).
    let img = read_png(&run.png);
    let p = img.pixel(img.width / 2, img.height - 10);
    assert!(p[0] > 100 && p[1] < 60 && p[2] < 60, "no overlay: {p:?}");
    // A custom tag is not an unknown tag.
    assert!(!run.stderr.contains("unknown tag"), "{}", run.stderr);
}

#[test]
fn a_page_built_with_component() {
    let run = play(
        "ascomp",
        &fixture_page("ascomp"),
        &["wait idle", "tap #add", "wait idle", "dump"],
    );
    assert_eq!(
        console(&run),
        vec![
            "page component attached 1",
            "page component show",
            "add -> 2 4"
        ],
        "stderr:\n{}",
        run.stderr
    );
    assert_eq!(
        run.dumps[0],
        lines(
            r#"view#n
            |"n=2 twice=4"
            button#add
            |"add""#
        )
    );
}

/// The centre pixel of the node whose dump line starts with `head`.
fn centre_pixel(run: &Run, head: &str) -> [u8; 4] {
    let line = run.raw_dumps[0]
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(&format!("{head} [")))
        .unwrap_or_else(|| panic!("no `{head}` in\n{}", run.raw_dumps[0]));
    let rect: Vec<f32> = line
        .rsplit_once('[')
        .and_then(|(_, r)| r.strip_suffix(']'))
        .expect("box")
        .split(',')
        .map(|n| n.parse().expect("number"))
        .collect();
    let img = read_png(&run.png);
    img.pixel(
        (rect[0] + rect[2] / 2.0) as u32,
        (rect[1] + rect[3] / 2.0) as u32,
    )
}

#[test]
fn style_isolation_host_and_shared_components() {
    let run = play("style", &fixture_page("style"), &["wait idle", "dump"]);
    let red = [255, 0, 0, 255];
    let blue = [0, 0, 255, 255];
    // The app's `.box` styles the page...
    assert_eq!(centre_pixel(&run, "view#page-box.box"), red);
    // ...not an isolated component's `.box` (nor the page's `.inner-box`): its host's
    // `:host` background shows through.
    assert_eq!(centre_pixel(&run, "iso#iso"), blue);
    assert_eq!(centre_pixel(&run, "view#iso-box.box.inner-box"), blue);
    // `styleIsolation: apply-shared` lets the app's and page's classes in.
    assert_eq!(centre_pixel(&run, "view#shared-box.box"), red);
    // Slotted content belongs to the page and takes the page's styles.
    assert_eq!(centre_pixel(&run, "view#slotted.box"), red);
    // `externalClasses: ['my-class']` with `my-class="box"`: the app's `.box` applies.
    assert_eq!(centre_pixel(&run, "view#ext-box.box.tall"), red);
    // `options: {addGlobalClass: true}` in the script lets the app's classes in.
    assert_eq!(centre_pixel(&run, "view#glob-box.box"), red);
}

#[test]
fn weui_like_components_match_their_reference() {
    let dir = scratch("components-weui");
    let open = dir.join("dialog.png");
    let run = play(
        "weui",
        &repo().join("demos/weui"),
        &[
            "wait idle",
            "tap .primary",
            "wait idle",
            &format!("shot {}", open.display()),
            "tap #dialog-ok",
            "wait idle",
            "dump",
        ],
    );
    assert_eq!(
        console(&run),
        vec!["dialog closed with ok"],
        "{}",
        run.stderr
    );
    assert!(!run.dumps[0].contains("view.mask"), "{}", run.dumps[0]);
    // Cells, buttons and the open dialog, all styled by their own component sheets.
    assert_image_matches(
        &open,
        &fixture("components").join("weui-reference.png"),
        24,
        200,
    );
}

#[test]
fn relations_link_parent_and_child_and_unlink_on_removal() {
    let run = play(
        "rel",
        &fixture_page("rel"),
        &["wait idle", "tap #drop", "wait idle"],
    );
    assert_eq!(
        console(&run),
        vec![
            "item a linked to components/rel/box",
            "box linked a",
            "item b linked to components/rel/box",
            "box linked b",
            "labels a,b",
            "item b unlinked",
            "box unlinked b",
        ],
        "stderr:\n{}",
        run.stderr
    );
}
