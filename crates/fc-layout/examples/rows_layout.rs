//! Times `Layouter::layout` alone over demos/rows' operations (the data changes its page's
//! handlers send, applied to the page directly, without the JS engine, the player or the
//! GPU): `cargo run --release -p fc-layout --example rows_layout [reps]`.

use fc_layout::{new_font_system, Layouter, Viewport};
use fc_protocol::{DataPatch, DataPath};
use fc_style::{Cascade, ResolveContext};
use fc_view::Page;
use serde_json::{json, Value};
use std::time::Instant;

const ADJ: [&str; 25] = [
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

struct Rows {
    next: u64,
    seed: u64,
}

impl Rows {
    fn pick(&mut self, n: usize) -> usize {
        // Any deterministic spread will do: the labels only need to vary in width.
        self.seed = self.seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        ((self.seed >> 33) % n as u64) as usize
    }

    fn build(&mut self, count: usize) -> Vec<Value> {
        (0..count)
            .map(|_| {
                let id = self.next;
                self.next += 1;
                let label = format!(
                    "{} {} {}",
                    ADJ[self.pick(ADJ.len())],
                    COLOURS[self.pick(COLOURS.len())],
                    NOUNS[self.pick(NOUNS.len())]
                );
                json!({"id": id, "label": label})
            })
            .collect()
    }
}

fn patch(p: &mut Page, patches: Vec<(String, Value)>) {
    let patches: Vec<DataPatch> = patches
        .into_iter()
        .map(|(path, value)| DataPatch {
            path: DataPath::parse(&path).expect("path"),
            value,
        })
        .collect();
    p.apply_patches(&patches);
}

fn main() {
    let reps: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demos/rows/pages/index/");
    let src = std::fs::read_to_string(format!("{root}index.fxml")).expect("fxml");
    let css = std::fs::read_to_string(format!("{root}index.ftss")).expect("ftss");
    let compiled = fc_template::compile("pages/index/index.fxml", &src);
    let ops = [
        "run",
        "run",
        "selectrow",
        "swaprows",
        "removerow",
        "runlots",
        "update",
        "add",
        "onelabel",
        "clear",
    ];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); ops.len()];
    let mut rebuilt = vec![0; ops.len()];
    for _ in 0..reps {
        let (sheet, _) = fc_style::parse_stylesheet("pages/index/index.ftss", &css);
        let cascade = Cascade::new(vec![
            fc_style::shared_default_stylesheet(),
            std::sync::Arc::new(sheet),
        ]);
        let mut p = Page::new(1, "pages/index/index", &compiled.template, cascade);
        p.set_initial_data(json!({"rows": [], "selected": 0}));
        let ctx = ResolveContext {
            viewport_width: 375.0,
            viewport_height: 667.0,
        };
        let viewport = Viewport {
            x: 0.0,
            y: 44.0,
            width: 375.0,
            height: 623.0,
        };
        let mut l = Layouter::new(new_font_system(false));
        p.restyle(&ctx);
        l.layout(&mut p.tree, viewport);
        let mut gen = Rows { next: 1, seed: 1 };
        let mut rows: Vec<Value> = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            let patches: Vec<(String, Value)> = match *op {
                "run" => {
                    rows = gen.build(1000);
                    vec![
                        ("rows".into(), Value::Array(rows.clone())),
                        ("selected".into(), json!(0)),
                    ]
                }
                "runlots" => {
                    rows = gen.build(10000);
                    vec![
                        ("rows".into(), Value::Array(rows.clone())),
                        ("selected".into(), json!(0)),
                    ]
                }
                "selectrow" => vec![("selected".into(), rows[1]["id"].clone())],
                "swaprows" => {
                    rows.swap(1, 998);
                    vec![
                        ("rows[1]".into(), rows[1].clone()),
                        ("rows[998]".into(), rows[998].clone()),
                    ]
                }
                "removerow" => {
                    rows.remove(3);
                    vec![("rows".into(), Value::Array(rows.clone()))]
                }
                "update" => (0..rows.len())
                    .step_by(10)
                    .map(|i| {
                        let label = format!("{} !!!", rows[i]["label"].as_str().unwrap_or(""));
                        rows[i]["label"] = json!(label);
                        (format!("rows[{i}].label"), json!(label))
                    })
                    .collect(),
                // Not one of the benchmark's: one label of the 11,000 rows, longer.
                "onelabel" => vec![("rows[5].label".into(), json!("a new label, longer"))],
                "add" => {
                    let start = rows.len();
                    let more = gen.build(1000);
                    rows.extend(more.iter().cloned());
                    more.into_iter()
                        .enumerate()
                        .map(|(k, r)| (format!("rows[{}]", start + k), r))
                        .collect()
                }
                _ => {
                    rows.clear();
                    vec![("rows".into(), json!([])), ("selected".into(), json!(0))]
                }
            };
            patch(&mut p, patches);
            p.restyle(&ctx);
            let t = Instant::now();
            l.layout(&mut p.tree, viewport);
            times[i].push(t.elapsed().as_secs_f64() * 1000.0);
            rebuilt[i] = l.stats().rebuilt;
            // The frame after: nothing changed.
            l.layout(&mut p.tree, viewport);
        }
    }
    println!(
        "{:<10} {:>10} {:>10} {:>16}",
        "op", "median ms", "min ms", "boxes rebuilt"
    );
    for ((op, mut t), n) in ops.iter().zip(times).zip(rebuilt) {
        t.sort_by(f64::total_cmp);
        println!(
            "{:<10} {:>10.2} {:>10.2} {:>16}",
            op,
            t[t.len() / 2],
            t[0],
            n
        );
    }
}
