//! `demos/rows` (the js-framework-benchmark operations): after each operation the `dump`
//! shows exactly the rows that operation must produce. Labels are recomputed here with the
//! demo's own generator (the benchmark's word lists, mulberry32 seeded with 1), so a row that
//! went missing, moved or kept a stale label shows up as a mismatch.

mod common;

use common::*;

const ADJECTIVES: [&str; 25] = [
    "pretty",
    "large",
    "big",
    "small",
    "tall",
    "short",
    "long",
    "handsome",
    "plain",
    "quaint",
    "clean",
    "elegant",
    "easy",
    "angry",
    "crazy",
    "helpful",
    "mushy",
    "odd",
    "unsightly",
    "adorable",
    "important",
    "inexpensive",
    "cheap",
    "expensive",
    "fancy",
];
const COLOURS: [&str; 11] = [
    "red", "yellow", "blue", "green", "pink", "brown", "purple", "brown", "white", "black",
    "orange",
];
const NOUNS: [&str; 13] = [
    "table", "chair", "house", "bbq", "desk", "car", "pony", "cookie", "sandwich", "burger",
    "pizza", "mouse", "keyboard",
];

/// The demo's `rows.js`, in Rust: mulberry32 and `Math.round(r * 1000) % max`.
struct Rows {
    seed: i32,
    next_id: u32,
}

impl Rows {
    fn new() -> Rows {
        Rows {
            seed: 1,
            next_id: 1,
        }
    }

    fn random01(&mut self) -> f64 {
        self.seed = self.seed.wrapping_add(0x6d2b79f5);
        let s = self.seed as u32;
        let mut t = (s ^ (s >> 15)).wrapping_mul(1 | s);
        t = (t.wrapping_add((t ^ (t >> 7)).wrapping_mul(61 | t))) ^ t;
        ((t ^ (t >> 14)) as f64) / 4294967296.0
    }

    fn random(&mut self, max: usize) -> usize {
        // JavaScript's Math.round: halves round up.
        ((self.random01() * 1000.0 + 0.5).floor() as usize) % max
    }

    fn build(&mut self, count: usize) -> Vec<Row> {
        (0..count)
            .map(|_| {
                let a = ADJECTIVES[self.random(ADJECTIVES.len())];
                let c = COLOURS[self.random(COLOURS.len())];
                let n = NOUNS[self.random(NOUNS.len())];
                let id = self.next_id;
                self.next_id += 1;
                Row {
                    id,
                    label: format!("{a} {c} {n}"),
                    selected: false,
                }
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Row {
    id: u32,
    label: String,
    selected: bool,
}

/// The rows of a dump: each `view.tr` line, its first quoted text (the id) and second (the
/// label).
fn rows_of(dump: &str) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut current: Option<bool> = None;
    let finish = |selected: Option<bool>, texts: &mut Vec<String>, rows: &mut Vec<Row>| {
        if let Some(selected) = selected {
            assert!(texts.len() >= 2, "a row without id and label: {texts:?}");
            rows.push(Row {
                id: texts[0].parse().expect("numeric id"),
                label: texts[1].clone(),
                selected,
            });
        }
        texts.clear();
    };
    for line in dump.lines() {
        let t = line.trim_start();
        if t.starts_with("view.tr") {
            finish(current, &mut texts, &mut rows);
            current = Some(t.contains(".danger"));
        } else if current.is_some() && t.starts_with('"') {
            if let Some(end) = t[1..].find('"') {
                texts.push(t[1..1 + end].to_string());
            }
        }
    }
    finish(current, &mut texts, &mut rows);
    rows
}

#[test]
fn every_operation_produces_the_rows_it_must() {
    let dir = scratch("rows-ops");
    let ops = [
        "run",
        "run",
        "selectrow",
        "swaprows",
        "removerow",
        "add",
        "update",
        "clear",
    ];
    let mut script = String::new();
    for (i, op) in ops.iter().enumerate() {
        script.push_str(&format!(
            "tap #{op}\ndump {}\n",
            dir.join(format!("{i}.txt")).display()
        ));
    }
    let scenario = dir.join("ops.txt");
    std::fs::write(&scenario, script).expect("scenario");
    run_ok(
        fcplayer()
            .arg("shot")
            .arg(repo().join("demos/rows"))
            .arg("--out")
            .arg(dir.join("last.png"))
            .arg("--scenario")
            .arg(&scenario),
    );

    let mut gen = Rows::new();
    let mut expected: Vec<Row> = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        match *op {
            "run" => expected = gen.build(1000),
            "add" => expected.extend(gen.build(1000)),
            "update" => {
                for row in expected.iter_mut().step_by(10) {
                    row.label.push_str(" !!!");
                }
            }
            "clear" => expected.clear(),
            "swaprows" => expected.swap(1, 998),
            "selectrow" => {
                for (j, row) in expected.iter_mut().enumerate() {
                    row.selected = j == 1;
                }
            }
            "removerow" => {
                expected.remove(3);
            }
            other => unreachable!("{other}"),
        }
        if *op == "run" {
            // `run` replaces the rows and clears the selection.
            for row in &mut expected {
                row.selected = false;
            }
        }
        let dump = std::fs::read_to_string(dir.join(format!("{i}.txt"))).expect("dump");
        let actual = rows_of(&dump);
        assert_eq!(
            actual.len(),
            expected.len(),
            "after `{op}` (step {i}): row count"
        );
        for (j, (a, e)) in actual.iter().zip(&expected).enumerate() {
            assert_eq!(a, e, "after `{op}` (step {i}): row {j}");
        }
    }
}
