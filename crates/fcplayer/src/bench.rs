//! `fcplayer bench`: plays a scenario N times headless and reports, per input step, the time
//! from the input to the moment the GPU has finished the frame that shows its effect
//! (player-cli.md `bench --json`), with peak resident memory and time to first frame.

use crate::headless::Headless;
use crate::player::{Player, PlayerOptions};
use crate::scenario::{Line, Step};
use anyhow::Context;
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;

/// One timed step's samples over the repetitions.
struct Timed {
    line: usize,
    step: String,
    samples_ms: Vec<f64>,
}

pub struct BenchReport {
    reps: usize,
    steps: Vec<Timed>,
    peak_rss_mib: f64,
    first_frame_ms: f64,
}

/// The steps whose time is measured: the inputs (player-cli.md).
fn is_input(step: &Step) -> bool {
    matches!(
        step,
        Step::Tap(_) | Step::Input(..) | Step::Scroll(..) | Step::Back
    )
}

pub fn run(
    bundle: Arc<fc_bundle::Bundle>,
    opts: PlayerOptions,
    steps: &[Line],
    reps: usize,
    scenario_name: &str,
) -> anyhow::Result<BenchReport> {
    let reps = reps.max(1);
    let (pw, ph) = (
        (opts.width * opts.scale).round() as u32,
        (opts.height * opts.scale).round() as u32,
    );
    let renderer = fc_gpu::Renderer::headless(pw, ph)?;
    tracing::info!("adapter: {}", renderer.adapter_info());
    let mut timed: Vec<Timed> = steps
        .iter()
        .filter(|l| is_input(&l.step))
        .map(|l| Timed {
            line: l.number,
            step: l.text.clone(),
            samples_ms: Vec::with_capacity(reps),
        })
        .collect();
    let mut first_frame_ms = f64::NAN;
    let mut spare = Some(renderer);
    for rep in 0..reps {
        // A fresh app each repetition; the GPU device is kept (it is the player's, not the
        // app's, and creating it is not what is measured).
        let player = Player::start(bundle.clone(), opts.clone(), Arc::new(|| {}))?;
        let renderer = spare.take().context("renderer")?;
        let mut h = Headless { player, renderer };
        h.wait_idle()?;
        h.renderer.wait_idle();
        if rep == 0 {
            first_frame_ms = since_process_start_ms();
        }
        let mut next = 0;
        for line in steps {
            if is_input(&line.step) {
                h.wait_idle()?;
                let start = Instant::now();
                h.run_step(line)
                    .with_context(|| format!("{scenario_name}:{}: `{}`", line.number, line.text))?;
                h.wait_idle()?;
                {
                    let _span = tracing::debug_span!("gpu_wait").entered();
                    h.renderer.wait_idle();
                }
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                if let Some(t) = timed.get_mut(next) {
                    t.samples_ms.push(ms);
                }
                // The idle time after the frame, where the window's event loop drops what
                // the step removed (`Player::collect_garbage`): not part of the step.
                h.player.collect_garbage();
                next += 1;
            } else {
                h.run_step(line)
                    .with_context(|| format!("{scenario_name}:{}: `{}`", line.number, line.text))?;
            }
        }
        let Headless {
            player,
            renderer: r,
        } = h;
        player.shutdown();
        spare = Some(r);
    }
    Ok(BenchReport {
        reps,
        steps: timed,
        peak_rss_mib: peak_rss_mib().unwrap_or(f64::NAN),
        first_frame_ms,
    })
}

fn median(xs: &[f64]) -> f64 {
    let mut s = xs.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl BenchReport {
    pub fn to_json(&self) -> serde_json::Value {
        let steps: Vec<_> = self
            .steps
            .iter()
            .map(|t| {
                json!({
                    "line": t.line,
                    "step": t.step,
                    "median_ms": round2(median(&t.samples_ms)),
                    "min_ms": round2(t.samples_ms.iter().copied().fold(f64::INFINITY, f64::min)),
                    "max_ms": round2(t.samples_ms.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
                })
            })
            .collect();
        json!({
            "reps": self.reps,
            "steps": steps,
            "peak_rss_mib": round2(self.peak_rss_mib),
            "first_frame_ms": round2(self.first_frame_ms),
        })
    }

    pub fn to_table(&self) -> String {
        let mut out = format!(
            "{} repetitions; ms from input to the frame finished on the GPU\n{:<6}{:<28}{:>10}{:>10}{:>10}\n",
            self.reps, "line", "step", "median", "min", "max"
        );
        for t in &self.steps {
            let min = t.samples_ms.iter().copied().fold(f64::INFINITY, f64::min);
            let max = t
                .samples_ms
                .iter()
                .copied()
                .fold(f64::NEG_INFINITY, f64::max);
            out.push_str(&format!(
                "{:<6}{:<28}{:>10.2}{:>10.2}{:>10.2}\n",
                t.line,
                t.step,
                median(&t.samples_ms),
                min,
                max
            ));
        }
        out.push_str(&format!(
            "peak resident memory: {:.1} MiB\nfirst frame: {:.1} ms after process start\n",
            self.peak_rss_mib, self.first_frame_ms
        ));
        out
    }
}

/// The process's peak resident set (`VmHWM`), in MiB. Linux only; `None` elsewhere.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Milliseconds since the process started: from `/proc/self/stat`'s start time (clock ticks
/// after boot, 10 ms resolution at the usual 100 Hz) and `/proc/uptime`. Elsewhere, from the
/// first time this binary looked at the clock.
fn since_process_start_ms() -> f64 {
    proc_age_ms().unwrap_or_else(|| crate::STARTED.elapsed().as_secs_f64() * 1000.0)
}

fn proc_age_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    // `rest` starts at field 3 (state); starttime is field 22.
    let ticks: f64 = rest.split_whitespace().nth(19)?.parse().ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    // /proc counts in USER_HZ, which is 100 on x86 and ARM Linux.
    let age = uptime - ticks / 100.0;
    (age >= 0.0).then_some(age * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn process_age_and_memory_are_read() {
        let age = since_process_start_ms();
        assert!((0.0..3_600_000.0).contains(&age), "{age}");
        if cfg!(target_os = "linux") {
            assert!(peak_rss_mib().is_some_and(|m| m > 0.0));
        }
    }

    #[test]
    fn only_inputs_are_timed() {
        assert!(is_input(&Step::Tap("#a".into())));
        assert!(is_input(&Step::Back));
        assert!(is_input(&Step::Scroll("page".into(), 10.0)));
        assert!(!is_input(&Step::WaitIdle));
        assert!(!is_input(&Step::Shot("a.png".into())));
    }
}
