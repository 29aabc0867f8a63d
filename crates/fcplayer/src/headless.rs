//! `fcplayer shot`: runs the app offscreen, plays a scenario, writes PNGs and dumps.

use crate::player::Player;
use crate::scenario::{Line, Step};
use crate::select::Selector;
use anyhow::{bail, Context};
use fc_gpu::{Renderer, RgbaImage};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long `wait idle` waits for a busy logic thread before giving up on that wait.
const IDLE_TIMEOUT: Duration = Duration::from_secs(20);

pub struct Headless {
    pub player: Player,
    pub renderer: Renderer,
}

impl Headless {
    /// Draws one frame of the current state.
    pub fn draw(&mut self) -> anyhow::Result<()> {
        let scene = self.player.build_scene();
        let _span = tracing::debug_span!("gpu").entered();
        self.renderer
            .render(&scene, &mut self.player.layouter.fonts)?;
        self.player.frame_drawn();
        Ok(())
    }

    /// `wait idle`: the logic thread has answered everything, no frame is owed, and the
    /// frame on screen shows the current state.
    pub fn wait_idle(&mut self) -> anyhow::Result<()> {
        let deadline = Instant::now() + IDLE_TIMEOUT;
        loop {
            self.player.pump();
            if self.player.needs_frame() {
                self.draw()?;
                continue;
            }
            if self.player.logic_idle() {
                return Ok(());
            }
            if Instant::now() > deadline {
                tracing::warn!("the app did not become idle within {:?}", IDLE_TIMEOUT);
                return Ok(());
            }
            self.player.pump_wait(Duration::from_millis(20));
        }
    }

    /// `wait MS`: lets MS milliseconds pass, answering the logic thread meanwhile.
    pub fn wait_ms(&mut self, ms: u64) -> anyhow::Result<()> {
        let end = Instant::now() + Duration::from_millis(ms);
        while Instant::now() < end {
            self.player.pump_wait(
                end.saturating_duration_since(Instant::now())
                    .min(Duration::from_millis(10)),
            );
            if self.player.needs_frame() {
                self.draw()?;
            }
        }
        Ok(())
    }

    pub fn shot(&mut self, path: &Path) -> anyhow::Result<()> {
        self.draw()?;
        let image = self.renderer.read_pixels()?;
        write_png(path, &image)
    }

    pub fn run_step(&mut self, line: &Line) -> anyhow::Result<()> {
        self.wait_idle()?;
        // Idle, the last frame drawn: what earlier steps removed can go.
        self.player.collect_garbage();
        match &line.step {
            Step::Tap(sel) if sel.starts_with("#fc-") => {
                let (x, y) = self
                    .player
                    .frame_point(sel)
                    .or_else(|| self.player.ui_point(sel))
                    .or_else(|| self.player.watchdog_point(sel))
                    .with_context(|| format!("no element matches `{sel}`"))?;
                self.player.tap(x, y);
            }
            Step::Back => self.player.back(),
            Step::Tap(sel) => {
                let selector =
                    Selector::parse(sel).with_context(|| format!("bad selector `{sel}`"))?;
                let page = self.player.current().context("no page is open")?;
                let node = selector
                    .first(&page.tree)
                    .with_context(|| format!("no element matches `{sel}`"))?;
                let (x, y) = self.player.center_of(node).context("element has no box")?;
                self.player.tap(x, y);
            }
            Step::WaitIdle => {}
            Step::WaitMs(ms) => self.wait_ms(*ms)?,
            Step::Shot(path) => self.shot(path)?,
            Step::Dump(path) => std::fs::write(path, self.player.dump())
                .with_context(|| format!("writing {}", path.display()))?,
            Step::Scroll(sel, dy) => self.player.scroll_step(sel, *dy)?,
            Step::Input(sel, text) if sel == "#fc-modal-input" => {
                if !self.player.modal_editable() {
                    bail!("no element matches `{sel}` (no editable modal is shown)");
                }
                for key in crate::player::keys_of(text) {
                    self.wait_idle()?;
                    self.player.key(key);
                }
            }
            Step::Input(sel, text) => {
                let selector =
                    Selector::parse(sel).with_context(|| format!("bad selector `{sel}`"))?;
                let page = self.player.current().context("no page is open")?;
                let node = selector
                    .first(&page.tree)
                    .with_context(|| format!("no element matches `{sel}`"))?;
                let (x, y) = self.player.center_of(node).context("element has no box")?;
                // Focus as a tap does, then type at the end of the text.
                self.player.tap(x, y);
                if !self.player.field_focused() {
                    bail!("`{sel}` is not an input or textarea that can take focus");
                }
                self.player.field_caret_to_end();
                for key in crate::player::keys_of(text) {
                    self.wait_idle()?;
                    self.player.key(key);
                }
            }
        }
        Ok(())
    }
}

pub fn write_png(path: &Path, image: &RgbaImage) -> anyhow::Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), image.width, image.height);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc.write_header()?;
    w.write_image_data(&image.pixels)?;
    w.finish()?;
    Ok(())
}
