//! fcplayer: runs a mini-program (a folder with `app.json`, or an `.fcpkg`) in a window or
//! headless. This binary wires the crates together: CLI, threads, the winit loop and the
//! scenario runner. The contract it keeps is `shared/spec/player-cli.md`.

#![deny(unsafe_code)]

mod bench;
mod compile;
mod components;
mod headless;
mod player;
mod scenario;
mod select;
mod window;

use anyhow::Context;
use clap::{Parser, Subcommand};
use player::{Player, PlayerOptions};
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// When `main` first looked at the clock: the fallback origin of `first_frame_ms`.
static STARTED: LazyLock<Instant> = LazyLock::new(Instant::now);

#[derive(Parser)]
#[command(
    name = "fcplayer",
    version,
    about = "A standalone player for mini-programs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct Common {
    /// Logical window size, WxH.
    #[arg(long, value_parser = parse_size)]
    size: Option<(f32, f32)>,
    /// Device pixels per logical pixel.
    #[arg(long)]
    scale: Option<f32>,
    /// Where the app's storage lives (default: the user's data directory).
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Open a window and run the mini-program.
    Run {
        app: PathBuf,
        #[command(flatten)]
        common: Common,
        /// Kiosk mode: full screen, no decorations.
        #[arg(long)]
        kiosk: bool,
        /// Quit after this many frames have been drawn (for tests).
        #[arg(long, hide = true)]
        quit_after_frames: Option<u64>,
        /// Quit this many milliseconds after the first frame (for tests).
        #[arg(long, hide = true)]
        quit_after_ms: Option<u64>,
        /// Write the page's dump here when quitting (for tests).
        #[arg(long, hide = true)]
        dump_on_exit: Option<PathBuf>,
    },
    /// Run headless and offscreen, play a scenario, write the final frame as PNG.
    Shot {
        app: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        scenario: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Play a scenario N times headless; report per input step the time to the frame that
    /// shows its effect, peak memory and time to first frame.
    Bench {
        app: PathBuf,
        #[arg(long)]
        scenario: PathBuf,
        /// How many times to play the scenario (a fresh app each time).
        #[arg(long, default_value_t = 5)]
        reps: usize,
        /// Print one JSON object (player-cli.md `bench --json`) instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Pack a bundle folder into an .fcpkg file.
    Pack {
        app_dir: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
}

fn parse_size(s: &str) -> Result<(f32, f32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or("expected WxH, e.g. 375x667")?;
    let w: f32 = w.trim().parse().map_err(|_| "width is not a number")?;
    let h: f32 = h.trim().parse().map_err(|_| "height is not a number")?;
    if !(w >= 1.0 && h >= 1.0 && w <= 16384.0 && h <= 16384.0) {
        return Err("size out of range".into());
    }
    Ok((w, h))
}

fn options(common: &Common, default_scale: f32) -> PlayerOptions {
    let (width, height) = common.size.unwrap_or((375.0, 667.0));
    PlayerOptions {
        width,
        height,
        scale: common.scale.unwrap_or(default_scale).clamp(0.25, 8.0),
        system_fonts: std::env::var_os("FCPLAYER_NO_SYSTEM_FONTS").is_none(),
        data_dir: common.data_dir.clone(),
        console_to_stderr: false,
    }
}

fn read_scenario(path: &std::path::Path) -> anyhow::Result<Vec<scenario::Line>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    scenario::parse(&path.display().to_string(), &text)
}

fn bench(
    app: PathBuf,
    scenario: PathBuf,
    reps: usize,
    as_json: bool,
    common: Common,
) -> anyhow::Result<()> {
    let steps = read_scenario(&scenario)?;
    let bundle = fc_bundle::Bundle::open(&app)?;
    let opts = PlayerOptions {
        console_to_stderr: as_json,
        ..options(&common, 2.0)
    };
    let report = bench::run(bundle, opts, &steps, reps, &scenario.display().to_string())?;
    if as_json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.to_table());
    }
    Ok(())
}

fn shot(
    app: PathBuf,
    out: PathBuf,
    scenario: Option<PathBuf>,
    common: Common,
) -> anyhow::Result<()> {
    let steps = match &scenario {
        Some(path) => read_scenario(path)?,
        None => Vec::new(),
    };
    let bundle = fc_bundle::Bundle::open(&app)?;
    let opts = options(&common, 2.0);
    let (pw, ph) = (
        (opts.width * opts.scale).round() as u32,
        (opts.height * opts.scale).round() as u32,
    );
    let renderer = fc_gpu::Renderer::headless(pw, ph)?;
    tracing::info!("adapter: {}", renderer.adapter_info());
    let player = Player::start(bundle, opts, Arc::new(|| {}))?;
    let mut h = headless::Headless { player, renderer };
    let scenario_name = scenario
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    for line in &steps {
        h.run_step(line)
            .with_context(|| format!("{scenario_name}:{}: `{}`", line.number, line.text))?;
    }
    h.wait_idle()?;
    h.shot(&out)?;
    h.player.shutdown();
    Ok(())
}

fn main() -> std::process::ExitCode {
    LazyLock::force(&STARTED);
    // mimalloc asks for transparent huge pages on its arenas: each first touch of one then
    // zeroes 2 MiB, and a page of 10,000 rows touched about 40 MiB more than it used.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("FCPLAYER_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        // Spans (turn, apply, restyle, layout, paint, gpu) report their time when they
        // close: `FCPLAYER_LOG=debug` shows where a frame's time goes.
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run {
            app,
            common,
            kiosk,
            quit_after_frames,
            quit_after_ms,
            dump_on_exit,
        } => {
            let opts = options(&common, 0.0);
            window::run(
                app,
                opts,
                window::WindowOptions {
                    kiosk,
                    quit_after_frames,
                    quit_after_ms,
                    dump_on_exit,
                    scale_override: common.scale,
                },
            )
        }
        Command::Shot {
            app,
            out,
            scenario,
            common,
        } => shot(app, out, scenario, common),
        Command::Bench {
            app,
            scenario,
            reps,
            json,
            common,
        } => bench(app, scenario, reps, json, common),
        Command::Pack { app_dir, out } => fc_bundle::pack_dir(&app_dir, &out)
            .map(|n| eprintln!("packed {n} files into {}", out.display()))
            .map_err(anyhow::Error::from),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fcplayer: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
