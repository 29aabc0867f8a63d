//! The render thread's hot paths on `demos/rows` at 1,000 and 10,000 rows (issue #7): for
//! each operation (select row 2, update every 10th row, update every 10th of the first 1,000
//! rows, swap rows), the frame after it split into its passes. Ids read `PASS/OP/ROWS`, so the two sizes of one measurement sit side by
//! side: `apply/select/1000`, `apply/select/10000`.
//!
//! - `write`: the patches written into a copy of the page's data, nothing else (the share of
//!   `apply` that is not binding re-evaluation);
//! - `apply`: writing the patches into the data mirror and re-evaluating the bindings that
//!   read a changed path (the keyed list diff, for swap);
//! - `restyle`: styles of what changed; `relayout`: taffy and text shaping;
//! - `build_scene`: the paint list; `frame`: all four, as the player runs them per frame.
//!
//! Every iteration makes a real change (the selection alternates between rows 2 and 4, the
//! update appends " !!!" then takes it off, the swap swaps back) and runs the whole frame, so
//! each pass starts from the state the passes before it leave; only the pass named is timed.

// The player's allocator: glibc's spends much of a large removal consolidating free chunks.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, SamplingMode};
use fc_bench::RowsPage;
use fc_protocol::DataPatch;
use std::hint::black_box;
use std::time::{Duration, Instant};

const SIZES: [usize; 2] = [1_000, 10_000];

/// The passes of one frame, in the order the player runs them.
const PASSES: [&str; 4] = ["apply", "restyle", "relayout", "build_scene"];

type MakePatches = fn(&mut RowsPage) -> Vec<DataPatch>;

const OPS: [(&str, MakePatches); 4] = [
    ("select", RowsPage::select_patches),
    ("update10th", RowsPage::update_patches),
    // The same 100 labels at both sizes: the cost of a change of one size.
    ("update100", RowsPage::update_first_1000_patches),
    ("swap", RowsPage::swap_patches),
];

/// One frame after `patches`: the time each pass took.
fn frame(p: &mut RowsPage, patches: &[DataPatch]) -> [Duration; 4] {
    let t0 = Instant::now();
    p.apply(black_box(patches));
    let t1 = Instant::now();
    p.restyle();
    let t2 = Instant::now();
    p.layout();
    let t3 = Instant::now();
    black_box(p.paint());
    let t4 = Instant::now();
    [t1 - t0, t2 - t1, t3 - t2, t4 - t3]
}

fn rows(c: &mut Criterion) {
    // As the player runs: mimalloc's arenas would otherwise zero 2 MiB per first touch.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let mut pages: Vec<RowsPage> = SIZES.iter().map(|&n| RowsPage::new(n)).collect();
    // `frame` times the four passes together.
    for pass in (0..PASSES.len()).map(Some).chain([None]) {
        let mut group = c.benchmark_group(pass.map_or("frame", |i| PASSES[i]));
        // A frame over 10,000 rows takes long: few samples, each of the same count.
        group.sample_size(10).sampling_mode(SamplingMode::Flat);
        for (op, make) in OPS {
            for page in &mut pages {
                let n = page.rows.len();
                group.bench_function(BenchmarkId::new(op, n), |b| {
                    b.iter_custom(|iters| {
                        let mut total = Duration::ZERO;
                        for _ in 0..iters {
                            let patches = make(page);
                            let times = frame(page, &patches);
                            total += match pass {
                                Some(i) => times[i],
                                None => times.iter().sum(),
                            };
                        }
                        total
                    })
                });
            }
        }
        group.finish();
    }
    // Last: it moves the mirrors (`page.rows`) on without the pages following.
    let mut group = c.benchmark_group("write");
    for (op, make) in OPS {
        for page in &mut pages {
            let mut data = page.page.data.clone();
            group.bench_function(BenchmarkId::new(op, page.rows.len()), |b| {
                b.iter_batched_ref(
                    || make(page),
                    |patches| {
                        for p in patches.iter() {
                            p.apply(&mut data);
                        }
                    },
                    BatchSize::SmallInput,
                )
            });
        }
    }
    group.finish();
}

criterion_group!(benches, rows);
criterion_main!(benches);
