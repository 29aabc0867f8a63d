//! Shared setup for the render benches (`benches/rows.rs`): `demos/rows` (js-framework-benchmark's
//! table) compiled the way the player compiles a page, its page built with N rows of the demo's
//! data, and the patches the demo's operations send. The render passes run exactly as the
//! player runs them for a frame: apply patches (bindings re-evaluated), restyle, lay out,
//! build the paint list.
//!
//! Nothing here runs JavaScript: the patches are made in Rust the way `index.js` makes them
//! (`rows.js`'s generator is ported below), so the benches time the render thread only.

use fc_bundle::{join_relative, Bundle, PageFile};
use fc_layout::{Layouter, Viewport};
use fc_paint::{Frame, NavBar, Scene};
use fc_protocol::{DataPatch, DataPath};
use fc_style::{Cascade, ResolveContext, StyleSheet};
use fc_view::Page;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;

/// The window the player opens by default (player-cli.md): 375x667 logical px, scale 2.
pub const WIDTH: f32 = 375.0;
pub const HEIGHT: f32 = 667.0;
pub const SCALE: f32 = 2.0;

/// `demos/rows` in this repository.
pub fn demo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demos/rows")
}

/// A page's compiled template and cascade, as fcplayer's `compile_page` makes them.
pub struct Compiled {
    pub bundle: Arc<Bundle>,
    pub route: String,
    pub program: fc_template::Program,
    pub cascade: Cascade,
}

/// The bundle as `fc_template::link` reads it (fcplayer's `BundleMarkup`).
struct BundleMarkup<'a>(&'a Bundle);

impl fc_template::MarkupSource for BundleMarkup<'_> {
    fn resolve(&self, from: &str, target: &str) -> Result<String, String> {
        join_relative(from, target).map_err(|e| e.to_string())
    }
    fn exists(&self, path: &str) -> bool {
        self.0.exists(path)
    }
    fn read(&self, path: &str) -> Result<String, String> {
        self.0.read_text(path).map_err(|e| e.to_string())
    }
}

/// A style file and, before it, the files it `@import`s (fcplayer's `load_sheet`).
fn load_sheet(bundle: &Bundle, path: &str, depth: usize, out: &mut Vec<Arc<StyleSheet>>) {
    let text = bundle
        .read_text(path)
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let (sheet, diags) = fc_style::parse_stylesheet(path, &text);
    assert!(diags.iter().all(|d| !d.is_error()), "{path}: {diags:?}");
    for import in sheet.imports() {
        let mut target = import.clone();
        if !target.ends_with(".wxss") && !target.ends_with(".ftss") {
            target.push_str(".wxss");
        }
        if depth < 16 {
            if let Ok(p) = join_relative(path, &target) {
                load_sheet(bundle, &p, depth + 1, out);
            }
        }
    }
    out.push(Arc::new(sheet));
}

/// Compiles the entry page of the app at `dir`: the template linked with what it imports,
/// the user-agent sheets, app style and page style in the player's order.
pub fn compile(dir: &std::path::Path) -> Compiled {
    let bundle = Bundle::open(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let route = bundle.config().entry_page.clone();
    let path = bundle
        .find_page_file(&route, PageFile::Template)
        .expect("the page has a template");
    let text = bundle.read_text(&path).expect("template readable");
    let program = fc_template::link(&path, &text, &BundleMarkup(&bundle));
    assert!(
        program.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        program.diagnostics
    );
    let mut sheets = fc_style::ua_stylesheets(bundle.config().style_v2);
    if let Some(app) = bundle.app_style() {
        load_sheet(&bundle, &app, 0, &mut sheets);
    }
    if let Some(page) = bundle.find_page_file(&route, PageFile::Style) {
        load_sheet(&bundle, &page, 0, &mut sheets);
    }
    Compiled {
        bundle,
        route,
        program,
        cascade: Cascade::new(sheets),
    }
}

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

/// One row of the table's data.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: u32,
    pub label: String,
}

impl Row {
    pub fn to_value(&self) -> Value {
        json!({"id": self.id, "label": self.label})
    }
}

/// The demo's `rows.js` in Rust: mulberry32 seeded with 1, `Math.round(r * 1000) % n`, ids
/// counting up from 1.
pub struct RowGen {
    seed: i32,
    next_id: u32,
}

impl Default for RowGen {
    fn default() -> Self {
        RowGen {
            seed: 1,
            next_id: 1,
        }
    }
}

impl RowGen {
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

    /// `buildData(count)`.
    pub fn build(&mut self, count: usize) -> Vec<Row> {
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
                }
            })
            .collect()
    }
}

fn patch(path: &str, value: Value) -> DataPatch {
    DataPatch {
        path: DataPath::parse(path).expect("a valid setData key"),
        value,
    }
}

/// The render side of one `demos/rows` page as the player holds it, with N rows shown, and a
/// mirror of the JS side's `this.data.rows` to make the next patches from.
pub struct RowsPage {
    pub page: Page,
    pub layouter: Layouter,
    pub frame: Frame,
    pub ctx: ResolveContext,
    pub viewport: Viewport,
    /// What the page script's `this.data.rows` holds.
    pub rows: Vec<Row>,
    /// What `this.data.selected` holds.
    pub selected: u32,
    /// Paint extents kept between frames, as the player keeps them.
    pub paint_cache: fc_paint::PaintCache,
}

impl RowsPage {
    /// Opens the page the way the player does (initial data `{rows: [], selected: 0}`), then
    /// applies what `run()`/`runLots()` send for `n` rows, and draws that first frame (styles,
    /// layout and text shaping all done, as before the user's next tap).
    pub fn new(n: usize) -> RowsPage {
        let c = compile(&demo_dir());
        let mut page = Page::with_program(1, &c.route, &c.program, c.cascade);
        let diags = page.set_initial_data(json!({"rows": [], "selected": 0}));
        assert!(diags.is_empty(), "{diags:?}");
        let window = c.bundle.config().window.clone();
        let nav = (window.navigation_style != "custom").then(|| NavBar {
            title: window.navigation_bar_title_text.clone(),
            background: fc_paint::hex_color(&window.navigation_bar_background_color)
                .unwrap_or([0.0, 0.0, 0.0, 1.0]),
            white_text: window.navigation_bar_text_style != "black",
        });
        let frame = Frame {
            width: WIDTH,
            height: HEIGHT,
            scale: SCALE,
            nav_bar: nav,
            back_arrow: false,
            tab_bar: None,
            background: fc_paint::hex_color(&window.background_color).unwrap_or([1.0; 4]),
        };
        let viewport = Viewport {
            x: 0.0,
            y: frame.page_top(),
            width: WIDTH,
            height: frame.page_bottom() - frame.page_top(),
        };
        let mut p = RowsPage {
            page,
            layouter: Layouter::new(fc_layout::new_font_system(false)),
            frame,
            ctx: ResolveContext {
                viewport_width: WIDTH,
                viewport_height: HEIGHT,
            },
            viewport,
            rows: Vec::new(),
            selected: 0,
            paint_cache: fc_paint::PaintCache::default(),
        };
        p.draw();
        p.rows = RowGen::default().build(n);
        let rows = Value::Array(p.rows.iter().map(Row::to_value).collect());
        p.apply(&[patch("rows", rows), patch("selected", json!(0))]);
        p.draw();
        p
    }

    /// Applies one `setData` message's patches: the data mirror is written and the bindings
    /// that read a changed path are re-evaluated (lists rebuilt or reconciled).
    pub fn apply(&mut self, patches: &[DataPatch]) {
        let diags = self.page.apply_patches_owned(patches.to_vec());
        debug_assert!(diags.is_empty(), "{diags:?}");
    }

    /// Computes styles for what the last patches damaged.
    pub fn restyle(&mut self) {
        self.page.restyle(&self.ctx);
    }

    /// Lays the page out (taffy, text shaping) in the window under the navigation bar.
    pub fn layout(&mut self) {
        self.layouter.layout(&mut self.page.tree, self.viewport);
    }

    /// Builds the frame's paint list (the extents kept from the last frame brought up to
    /// date first).
    pub fn paint(&mut self) -> Scene {
        self.paint_cache.sync(&mut self.page.tree);
        fc_paint::build_scene_cached(
            &self.page.tree,
            &mut self.layouter,
            &self.frame,
            &[],
            &self.paint_cache,
        )
    }

    /// Restyle, layout and paint: what the player does before drawing a frame.
    pub fn draw(&mut self) -> Scene {
        self.restyle();
        self.layout();
        self.paint()
    }

    /// What `selectRow()` sends ("Select row 2": `selected` = the id of `rows[1]`); when row 2
    /// is selected already, what tapping row 4's label sends (`select`), so that successive
    /// frames each change the selection.
    pub fn select_patches(&mut self) -> Vec<DataPatch> {
        let second = self.rows[1].id;
        let id = if self.selected == second {
            self.rows[3].id
        } else {
            second
        };
        self.selected = id;
        vec![patch("selected", json!(id))]
    }

    /// What `update()` sends: one message with `rows[i].label` for every 10th row, each
    /// label with " !!!" appended. A label that has it already loses it again, so that
    /// repeated frames keep the labels' length (and shaping cost) steady.
    pub fn update_patches(&mut self) -> Vec<DataPatch> {
        self.toggle_every_10th(self.rows.len())
    }

    /// [`RowsPage::update_patches`] limited to the first 1,000 rows (100 labels): the same
    /// change on a page of any size, to show that its cost does not grow with the page.
    pub fn update_first_1000_patches(&mut self) -> Vec<DataPatch> {
        self.toggle_every_10th(self.rows.len().min(1000))
    }

    fn toggle_every_10th(&mut self, end: usize) -> Vec<DataPatch> {
        let mut out = Vec::with_capacity(end / 10 + 1);
        for i in (0..end).step_by(10) {
            let label = &mut self.rows[i].label;
            match label.strip_suffix(" !!!") {
                Some(s) => *label = s.to_string(),
                None => label.push_str(" !!!"),
            }
            out.push(patch(&format!("rows[{i}].label"), json!(label)));
        }
        out
    }

    /// What `swapRows()` sends: `rows[1]` and `rows[998]` exchanged, as two item paths in
    /// one message (doing it twice restores the order).
    pub fn swap_patches(&mut self) -> Vec<DataPatch> {
        assert!(self.rows.len() > 998, "swap needs 999 rows or more");
        self.rows.swap(1, 998);
        vec![
            patch("rows[1]", self.rows[1].to_value()),
            patch("rows[998]", self.rows[998].to_value()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each `view.tr` line of the dump with the texts under it, joined.
    fn table(p: &RowsPage) -> Vec<String> {
        let mut out = String::new();
        fc_view::dump_tree(&p.page.tree, &mut out);
        let mut rows: Vec<String> = Vec::new();
        for line in out.lines() {
            let t = line.trim_start();
            if t.starts_with("view.tr") {
                rows.push(if t.contains(".danger") { "* " } else { "" }.into());
            } else if let (Some(last), Some(text)) = (rows.last_mut(), t.strip_prefix('"')) {
                // The text only, not its box: a swapped row moves.
                last.push_str(text.split('"').next().unwrap_or(""));
                last.push('|');
            }
        }
        rows
    }

    /// A fresh paint of the page, extents computed from nothing.
    fn fresh_paint(p: &mut RowsPage) -> Scene {
        fc_paint::build_scene(&p.page.tree, &mut p.layouter, &p.frame, &[])
    }

    /// The extents kept between frames give the paint a fresh computation gives, after
    /// every operation and scroll (each frame's scene compared item by item).
    #[test]
    fn kept_extents_paint_what_fresh_ones_do() {
        let mut p = RowsPage::new(1000);
        let check = |p: &mut RowsPage, what: &str| {
            p.restyle();
            p.layout();
            let kept = p.paint();
            let fresh = fresh_paint(p);
            assert!(kept.items.len() > 20, "{what}: {} items", kept.items.len());
            assert!(kept == fresh, "{what}: the kept extents paint otherwise");
            // The kept reach gives the page's scroll height a walk over the page gives.
            let tree = &p.page.tree;
            let (root, client) = (tree.root(), [0.0, 44.0, WIDTH, 600.0]);
            let reach = p.paint_cache.content_reach(tree, root).expect("synced");
            assert_eq!(
                fc_view::scroll::content_size_from(tree, root, client, reach),
                fc_view::scroll::content_size(tree, root, client),
                "{what}"
            );
            assert_eq!(
                p.paint_cache.scroll_views(tree).expect("synced"),
                fc_view::scroll::scroll_views(tree)
            );
        };
        check(&mut p, "first frame");
        for round in 0..2 {
            let patches = p.select_patches();
            p.apply(&patches);
            check(&mut p, "select");
            let patches = p.update_patches();
            p.apply(&patches);
            check(&mut p, "update");
            let patches = p.swap_patches();
            p.apply(&patches);
            check(&mut p, "swap");
            // Scroll the page down to the swapped row, and back.
            let root = p.page.tree.root();
            let y = if round == 0 { 998.0 * 33.0 } else { 0.0 };
            p.page.tree.set_scroll(root, [0.0, y]);
            check(&mut p, "scroll");
        }
        // Remove row 4 (the list replaced without it), then append 1,000 rows.
        p.rows.remove(3);
        let rows = Value::Array(p.rows.iter().map(Row::to_value).collect());
        p.apply(&[patch("rows", rows)]);
        check(&mut p, "remove");
        let start = p.rows.len();
        let more = RowGen::default().build(1000);
        let patches: Vec<DataPatch> = more
            .iter()
            .enumerate()
            .map(|(i, r)| patch(&format!("rows[{}]", start + i), r.to_value()))
            .collect();
        p.apply(&patches);
        check(&mut p, "append");
        let root = p.page.tree.root();
        p.page.tree.set_scroll(root, [0.0, 1500.0 * 33.0]);
        check(&mut p, "scroll to appended rows");
        p.apply(&[patch("rows", json!([]))]);
        p.restyle();
        p.layout();
        let kept = p.paint();
        assert!(kept == fresh_paint(&mut p), "clear");
    }

    /// Hit testing that passes over what the kept extents rule out finds what a walk over
    /// the whole page finds, at points all over the window, scrolled or not.
    #[test]
    fn hit_testing_within_the_kept_extents_finds_what_a_full_walk_finds() {
        let mut p = RowsPage::new(1000);
        let root = p.page.tree.root();
        for scroll in [0.0, 333.0, 20_000.0] {
            p.page.tree.set_scroll(root, [0.0, scroll]);
            p.draw();
            let tree = &p.page.tree;
            let cache = &p.paint_cache;
            let mut hits = 0;
            for yi in 0..60 {
                for xi in 0..12 {
                    let (x, y) = (xi as f32 * 33.0 + 2.0, 44.0 + yi as f32 * 10.7);
                    let full = fc_view::hit_test(tree, x, y);
                    let within =
                        fc_view::hit_test_within(tree, x, y, &|id, q| cache.may_hold(tree, id, q));
                    assert_eq!(full, within, "at {x}, {y} scrolled {scroll}");
                    hits += usize::from(full.is_some_and(|n| n != root));
                }
            }
            assert!(hits > 300, "{hits} points landed on elements");
        }
    }

    #[test]
    fn generator_matches_rows_js() {
        // The first labels `buildData` makes (node demos/rows/pages/index/rows.js).
        let rows: Vec<(u32, String)> = RowGen::default()
            .build(3)
            .into_iter()
            .map(|r| (r.id, r.label))
            .collect();
        assert_eq!(
            rows,
            [
                (1, "big green cookie".to_string()),
                (2, "long red sandwich".to_string()),
                (3, "angry purple pizza".to_string())
            ]
        );
    }

    /// The benches time real changes: every patch set changes what the table shows, the
    /// frame after it paints, and undoing it restores the table.
    #[test]
    fn every_operation_changes_the_table() {
        let mut p = RowsPage::new(1000);
        let first = table(&p);
        assert_eq!(first.len(), 1000);
        assert!(!p.paint().items.is_empty());

        let patches = p.select_patches();
        p.apply(&patches);
        p.draw();
        let selected = table(&p);
        assert!(selected[1].starts_with("* "), "{}", selected[1]);
        assert_eq!(selected.iter().filter(|r| r.starts_with("* ")).count(), 1);
        let patches = p.select_patches();
        p.apply(&patches);
        p.draw();
        assert!(table(&p)[3].starts_with("* "));

        let patches = p.update_patches();
        assert_eq!(patches.len(), 100);
        p.apply(&patches);
        p.draw();
        let updated = table(&p);
        assert!(updated[0].contains(" !!!"), "{}", updated[0]);
        assert!(updated[990].contains(" !!!"));
        assert!(!updated[1].contains(" !!!"));
        let patches = p.update_patches();
        p.apply(&patches);
        p.draw();
        assert!(!table(&p)[0].contains(" !!!"));

        let before = table(&p);
        let patches = p.swap_patches();
        p.apply(&patches);
        p.draw();
        let swapped = table(&p);
        assert_eq!(swapped[1], before[998]);
        assert_eq!(swapped[998], before[1]);
        let patches = p.swap_patches();
        p.apply(&patches);
        p.draw();
        assert_eq!(table(&p), before);
    }
}
