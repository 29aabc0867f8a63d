//! Helpers for end-to-end tests: run the real binary, compare images with a tolerance.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// A fresh scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

/// The player binary with a deterministic environment: only the repository's fonts.
pub fn fcplayer() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fcplayer"));
    c.env("FCPLAYER_NO_SYSTEM_FONTS", "1");
    let runtime = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xdg-runtime");
    let _ = std::fs::create_dir_all(&runtime);
    c.env("XDG_RUNTIME_DIR", runtime);
    c
}

pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("fcplayer runs");
    assert!(
        out.status.success(),
        "fcplayer failed: {}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub struct Image {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl Image {
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * self.width + x) * 4) as usize;
        [
            self.pixels[i],
            self.pixels[i + 1],
            self.pixels[i + 2],
            self.pixels[i + 3],
        ]
    }
}

pub fn read_png(path: &Path) -> Image {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("png data");
    assert_eq!(info.color_type, png::ColorType::Rgba, "{}", path.display());
    buf.truncate(info.buffer_size());
    Image {
        width: info.width,
        height: info.height,
        pixels: buf,
    }
}

fn write_png(path: &Path, img: &Image) {
    let file = std::fs::File::create(path).expect("create png");
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), img.width, img.height);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc.write_header().expect("png header");
    w.write_image_data(&img.pixels).expect("png data");
}

/// Compares `actual` with the reference image `reference` (blitz's metric: a pixel differs
/// when any channel differs by more than `max_channel`; at most `max_pixels` may differ).
/// `FCPLAYER_BLESS=1` replaces the reference. On failure `<ref>.new.png` and `<ref>.diff.png`
/// are written beside the reference. References were made on Mesa lavapipe.
pub fn assert_image_matches(actual: &Path, reference: &Path, max_channel: u8, max_pixels: usize) {
    if std::env::var_os("FCPLAYER_BLESS").is_some() || !reference.exists() {
        std::fs::copy(actual, reference).expect("bless reference");
        if std::env::var_os("FCPLAYER_BLESS").is_none() {
            panic!(
                "{} did not exist; wrote it from this run: check it and commit it",
                reference.display()
            );
        }
        return;
    }
    let a = read_png(actual);
    let r = read_png(reference);
    assert_eq!(
        (a.width, a.height),
        (r.width, r.height),
        "image size differs from {}",
        reference.display()
    );
    let mut diff = Image {
        width: a.width,
        height: a.height,
        pixels: vec![0; a.pixels.len()],
    };
    let mut count = 0;
    for (i, (pa, pr)) in a.pixels.chunks(4).zip(r.pixels.chunks(4)).enumerate() {
        let d = pa
            .iter()
            .zip(pr)
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap_or(0);
        if d > max_channel {
            count += 1;
            diff.pixels[i * 4..i * 4 + 4].copy_from_slice(&[255, 0, 0, 255]);
        } else {
            diff.pixels[i * 4..i * 4 + 4].copy_from_slice(&[pr[0] / 3, pr[1] / 3, pr[2] / 3, 255]);
        }
    }
    if count > max_pixels {
        let stem = reference.with_extension("");
        std::fs::copy(actual, stem.with_extension("new.png")).expect("write .new.png");
        write_png(&stem.with_extension("diff.png"), &diff);
        panic!(
            "{}: {count} pixels differ by more than {max_channel} (allowed {max_pixels}); see .new.png and .diff.png beside it",
            reference.display()
        );
    }
}

/// An Xvfb server for window tests, on a display it picks itself (`-displayfd`), so a stale
/// socket or lock file from an earlier run can never be mistaken for a live server.
pub struct Xvfb {
    child: std::process::Child,
    pub display: String,
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        // SIGTERM lets Xvfb remove its socket and lock file; SIGKILL would leave them behind.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

pub fn start_xvfb() -> Xvfb {
    use std::io::BufRead;
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "800x900x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("Xvfb is needed for the window tests (the README's setup line installs it)");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .expect("Xvfb reports its display");
    let n: u32 = line
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("Xvfb did not start: {line:?}"));
    let x = Xvfb {
        child,
        display: format!(":{n}"),
    };
    // Wait until it takes connections: on a loaded machine a client was seen refused just
    // after Xvfb reported its display.
    let ready = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !Command::new("xdotool")
        .env("DISPLAY", &x.display)
        .arg("getdisplaygeometry")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
    {
        assert!(
            std::time::Instant::now() < ready,
            "Xvfb {} takes no connections",
            x.display
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    x
}

/// Window tests take this lock so they run one at a time: several software-rendered windows
/// starting at once on two cores made window creation slow enough to miss deadlines.
pub fn window_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Starts the player with `spawn` under `x` and waits (up to 30 s) for its window titled
/// `title`; returns the player and the window's id. A player that could not connect to the
/// X server (seen now and then on a loaded machine just after Xvfb starts) is started again,
/// up to three times in all: nothing was sent to the app yet. Any other early exit fails the
/// test with the player's stderr.
pub fn start_in_window(
    x: &Xvfb,
    title: &str,
    spawn: impl Fn() -> std::process::Child,
) -> (std::process::Child, String) {
    use std::time::{Duration, Instant};
    let mut player = spawn();
    let mut attempts = 1;
    let end = Instant::now() + Duration::from_secs(30);
    loop {
        let out = Command::new("xdotool")
            .env("DISPLAY", &x.display)
            .args(["search", "--name", title])
            .output()
            .expect("xdotool is needed for the window tests (the README's setup line installs it)");
        let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if let Some(id) = text.lines().next().filter(|l| !l.is_empty()) {
            return (player, id.to_string());
        }
        if let Ok(Some(status)) = player.try_wait() {
            let out = player.wait_with_output().expect("fcplayer output");
            let stderr = String::from_utf8_lossy(&out.stderr).to_string();
            if stderr.contains("connection to X server") && attempts < 3 {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(500));
                player = spawn();
                continue;
            }
            panic!("fcplayer exited before its window appeared: {status}\n{stderr}");
        }
        assert!(Instant::now() < end, "no window titled {title:?} appeared");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `fcplayer shot APP` at scale 1 with `steps` as its scenario, written to `dir/NAME.txt`;
/// the PNG goes to `dir/NAME.png` and storage to `dir/data`.
pub fn shot_with_steps(app: &Path, dir: &Path, name: &str, steps: &str) -> Command {
    let scenario = dir.join(format!("{name}.txt"));
    std::fs::write(&scenario, steps).expect("scenario");
    let mut cmd = fcplayer();
    cmd.arg("shot")
        .arg(app)
        .arg("--out")
        .arg(dir.join(format!("{name}.png")))
        .args(["--scale", "1"])
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--scenario")
        .arg(scenario);
    cmd
}

/// The console output (stdout) of [`shot_with_steps`] in a fresh scratch folder `NAME`.
pub fn console_of(app: &Path, name: &str, steps: &str) -> String {
    let dir = scratch(name);
    String::from_utf8_lossy(&run_ok(&mut shot_with_steps(app, &dir, name, steps)).stdout)
        .into_owned()
}
