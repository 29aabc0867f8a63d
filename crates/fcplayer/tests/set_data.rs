//! `setData` end to end (`tests/fixtures/set-data`): every key form reaches the render side
//! (`a.b[1].c`, `list[3]`, a computed `'list[' + i + '].done'`, several keys in one call, new
//! keys and parents, an array grown past its end, an array replaced, `'obj.x'` keeping the
//! object's other keys, `list.1.name` naming an element), `this.data` reads its own writes at once, and callbacks run after
//! the frame that shows their change, in call order, each turn's calls (microtasks
//! included) coalesced into one update.

mod common;

use common::*;

/// Plays `steps`, where a bare `dump` step collects the page's dump (boxes stripped, one
/// trimmed line per node); returns the dumps and stdout.
fn play(name: &str, steps: &[&str]) -> (Vec<String>, String) {
    let dir = scratch(name);
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
    let out = run_ok(&mut shot_with_steps(
        &fixture("set-data"),
        &dir,
        name,
        &script,
    ));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("error:"), "{stderr}");
    let dumps = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("dump written");
            text.lines()
                .map(|l| match l.trim().rsplit_once(" [") {
                    Some((head, _)) => head.to_string(),
                    None => l.trim().to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    (dumps, String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The text lines of the dump that come right after an element line starting with `head`.
fn texts_of<'a>(dump: &'a str, head: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = dump.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0] == head || w[0].starts_with(&format!("{head}.")))
        .filter_map(|w| w[1].strip_prefix('"')?.strip_suffix('"'))
        .collect()
}

#[test]
fn every_key_form_reaches_the_view_and_this_data_at_once() {
    let (dumps, stdout) = play(
        "set-data-paths",
        &[
            "dump",
            "tap #paths",
            "dump",
            "tap #replace",
            "dump",
            "tap #dotted",
            "dump",
        ],
    );
    let [before, paths, replaced, dotted] = [&dumps[0], &dumps[1], &dumps[2], &dumps[3]];
    assert_eq!(texts_of(before, "view#ab"), ["c0,c1,kept"]);
    assert_eq!(
        texts_of(before, "view.row"),
        [
            "0:0:n0:false",
            "1:1:n1:false",
            "2:2:n2:false",
            "3:3:n3:false"
        ]
    );
    assert_eq!(texts_of(before, "view.cell"), ["0=g0", "1=g1", "2=g2"]);
    assert_eq!(texts_of(before, "view#obj"), ["1,2,"]);
    assert_eq!(texts_of(before, "view#fresh"), [","]);

    // One call with six key forms.
    assert_eq!(
        texts_of(paths, "view#ab"),
        ["c0,C1,kept"],
        "a.b[1].c changes that leaf only"
    );
    assert_eq!(
        texts_of(paths, "view.row"),
        ["0:0:n0:false", "1:1:n1:true", "2:2:n2:false", "3:3:N3:true"],
        "list[3] replaced, computed list[1].done set:\n{paths}"
    );
    assert!(
        paths.contains("view.row.done\n\"1:1:n1:true\""),
        "the item's class follows its data:\n{paths}"
    );
    assert_eq!(
        texts_of(paths, "view.cell"),
        ["0=g0", "1=g1", "2=g2", "3=", "4=", "5=g5"],
        "grow[5] on three items: the array grows, the gap is empty"
    );
    assert_eq!(
        texts_of(paths, "view#obj"),
        ["1,2,3"],
        "obj.z added, x and y kept"
    );
    assert_eq!(
        texts_of(paths, "view#fresh"),
        ["2,made"],
        "missing parents made"
    );
    assert_eq!(texts_of(paths, "view#title"), ["paths"]);

    // Arrays replaced (one shorter, one a slice) and a nested key next to them.
    assert_eq!(texts_of(replaced, "view.cell"), ["0=only"]);
    assert_eq!(
        texts_of(replaced, "view.row"),
        ["0:2:n2:false", "1:3:N3:true"]
    );
    assert_eq!(
        texts_of(replaced, "view#obj"),
        ["10,2,3"],
        "obj.x set, y and z kept"
    );

    // `list.1.name` and `grow.0`: a number after a dot names an array's element.
    assert_eq!(
        texts_of(dotted, "view.row"),
        ["0:2:n2:false", "1:3:dot:true"],
        "{dotted}"
    );
    assert_eq!(texts_of(dotted, "view.cell"), ["0=G0"]);

    // `this.data` after each call, read on the next line.
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            r#"sync C1 kept true N3 6 ["g0","g1","g2",null,null,"g5"] {"x":1,"y":2,"z":3} {"deep":[null,{"v":"made"}]} paths"#,
            r#"replace ["only"] {"x":10,"y":2,"z":3} 2"#,
            r#"dotted ["G0"] dot"#,
        ],
        "{stdout}"
    );
}

#[test]
fn callbacks_run_after_the_frame_in_call_order() {
    let (dumps, stdout) = play("set-data-order", &["tap #order", "dump"]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            // The handler's turn: `this.data` holds each write at once, the microtask runs
            // before the turn ends.
            "sync two",
            "microtask two",
            // One update for the three calls (the callbacks all see its end state), then
            // their callbacks in call order, the microtask's last.
            "cb1 three true",
            "cb2 three",
            "cb3 three",
            // A query from a callback sees the drawn state; a setData from a callback is a
            // new update whose own callback follows its own frame.
            "cb1 query 80",
            "cb4 four",
        ],
        "{stdout}"
    );
    assert_eq!(texts_of(&dumps[0], "view#title"), ["four"]);
}
