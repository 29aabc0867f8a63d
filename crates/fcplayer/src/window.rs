//! `fcplayer run`: a winit window drawing the player's frames and feeding it clicks.

use crate::player::{Player, PlayerOptions, LONGPRESS_MS};
use anyhow::Context;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use winit::application::ApplicationHandler;
use winit::dpi::{LogicalSize, PhysicalPosition};
use winit::event::{ElementState, MouseButton, MouseScrollDelta, WindowEvent};
use winit::event_loop::{ActiveEventLoop, ControlFlow, EventLoop, EventLoopProxy};
use winit::window::{Fullscreen, Window, WindowId};

pub struct WindowOptions {
    pub kiosk: bool,
    pub quit_after_frames: Option<u64>,
    pub quit_after_ms: Option<u64>,
    pub dump_on_exit: Option<PathBuf>,
    pub scale_override: Option<f32>,
}

struct App {
    bundle: Arc<fc_bundle::Bundle>,
    opts: PlayerOptions,
    wopts: WindowOptions,
    proxy: EventLoopProxy<()>,
    window: Option<Arc<Window>>,
    renderer: Option<fc_gpu::Renderer>,
    player: Option<Player>,
    cursor: PhysicalPosition<f64>,
    /// Where and when the left button went down.
    pressed_at: Option<(PhysicalPosition<f64>, Instant)>,
    frames: u64,
    /// When the first frame was drawn: `--quit-after-ms` counts from here, so a slow start
    /// (a loaded machine, a cold driver) does not eat the time a test needs to interact.
    first_frame: Option<Instant>,
    error: Option<anyhow::Error>,
}

impl App {
    fn fail(&mut self, event_loop: &ActiveEventLoop, e: anyhow::Error) {
        self.error = Some(e);
        event_loop.exit();
    }

    fn scale(&self) -> f32 {
        match (self.wopts.scale_override, &self.window) {
            (Some(s), _) => s,
            (None, Some(w)) => w.scale_factor() as f32,
            (None, None) => 1.0,
        }
    }

    fn start(&mut self, event_loop: &ActiveEventLoop) -> anyhow::Result<()> {
        let mut attrs = Window::default_attributes()
            .with_title(
                self.bundle
                    .config()
                    .window
                    .navigation_bar_title_text
                    .clone(),
            )
            .with_inner_size(LogicalSize::new(
                self.opts.width as f64,
                self.opts.height as f64,
            ));
        if self.wopts.kiosk {
            attrs = attrs
                .with_fullscreen(Some(Fullscreen::Borderless(None)))
                .with_decorations(false);
        }
        if attrs.title.is_empty() {
            attrs.title = "fcplayer".into();
        }
        let window = Arc::new(
            event_loop
                .create_window(attrs)
                .context("creating the window")?,
        );
        let size = window.inner_size();
        self.window = Some(window.clone());
        self.opts.scale = self.scale();
        self.opts.width = size.width as f32 / self.opts.scale;
        self.opts.height = size.height as f32 / self.opts.scale;
        let renderer =
            fc_gpu::Renderer::for_window(window.clone(), size.width.max(1), size.height.max(1))?;
        tracing::info!("adapter: {}", renderer.adapter_info());
        self.renderer = Some(renderer);
        let proxy = self.proxy.clone();
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
            let _ = proxy.send_event(());
        });
        let mut player = Player::start(self.bundle.clone(), self.opts.clone(), wake)?;
        player.set_kiosk(self.wopts.kiosk);
        self.player = Some(player);
        window.request_redraw();
        Ok(())
    }

    fn redraw(&mut self, event_loop: &ActiveEventLoop) {
        let (Some(player), Some(renderer)) = (self.player.as_mut(), self.renderer.as_mut()) else {
            return;
        };
        player.pump();
        let scene = player.build_scene();
        if let Err(e) = renderer.render(&scene, &mut player.layouter.fonts) {
            tracing::error!("drawing failed: {e}");
            return;
        }
        player.frame_drawn();
        self.frames += 1;
        self.first_frame.get_or_insert_with(Instant::now);
        if let Some(n) = self.wopts.quit_after_frames {
            if self.frames >= n {
                event_loop.exit();
            } else if let Some(w) = &self.window {
                // Counting frames means drawing continuously, not only on change.
                w.request_redraw();
            }
        }
    }
}

impl ApplicationHandler<()> for App {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        if self.window.is_none() {
            if let Err(e) = self.start(event_loop) {
                self.fail(event_loop, e);
            }
        }
    }

    fn user_event(&mut self, _event_loop: &ActiveEventLoop, _event: ()) {
        if let Some(player) = self.player.as_mut() {
            player.pump();
            if player.needs_frame() {
                if let Some(w) = &self.window {
                    w.request_redraw();
                }
            } else {
                // Nothing to draw: the frame on screen no longer shows what was removed.
                player.collect_garbage();
            }
        }
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, _id: WindowId, event: WindowEvent) {
        match event {
            WindowEvent::CloseRequested => event_loop.exit(),
            WindowEvent::Resized(size) => {
                if let Some(r) = self.renderer.as_mut() {
                    r.resize(size.width.max(1), size.height.max(1));
                }
                let scale = self.scale();
                if let Some(p) = self.player.as_mut() {
                    p.opts.scale = scale;
                    p.opts.width = size.width.max(1) as f32 / scale;
                    p.opts.height = size.height.max(1) as f32 / scale;
                    p.viewport_changed();
                }
                if let Some(w) = &self.window {
                    w.request_redraw();
                }
            }
            WindowEvent::CursorMoved { position, .. } => {
                self.cursor = position;
                let scale = self.scale();
                if let (Some(_), Some(player)) = (self.pressed_at, self.player.as_mut()) {
                    player.touch_move(position.x as f32 / scale, position.y as f32 / scale);
                }
            }
            WindowEvent::Focused(false) if self.pressed_at.is_some() => {
                self.pressed_at = None;
                if let Some(player) = self.player.as_mut() {
                    player.touch_cancel();
                }
            }
            WindowEvent::MouseInput {
                state,
                button: MouseButton::Left,
                ..
            } => {
                let scale = self.scale();
                let (x, y) = (self.cursor.x as f32 / scale, self.cursor.y as f32 / scale);
                match state {
                    ElementState::Pressed => {
                        self.pressed_at = Some((self.cursor, Instant::now()));
                        if let Some(player) = self.player.as_mut() {
                            player.touch_start(x, y);
                        }
                    }
                    ElementState::Released => {
                        if let (Some((_, at)), Some(player)) =
                            (self.pressed_at.take(), self.player.as_mut())
                        {
                            // The press is judged on release: held past the threshold it is
                            // a long press (and a tap only if no longpress handler ran).
                            let held = at.elapsed() >= Duration::from_millis(LONGPRESS_MS);
                            player.touch_end(x, y, held);
                        }
                    }
                }
            }
            WindowEvent::MouseWheel { delta, .. } => {
                let scale = self.scale();
                // winit: positive is towards the top/left (the content moves down); a line
                // is about 40 logical px.
                let (dx, dy) = match delta {
                    MouseScrollDelta::LineDelta(x, y) => (x * 40.0, y * 40.0),
                    MouseScrollDelta::PixelDelta(p) => (p.x as f32 / scale, p.y as f32 / scale),
                };
                let (x, y) = (self.cursor.x as f32 / scale, self.cursor.y as f32 / scale);
                if let Some(player) = self.player.as_mut() {
                    player.wheel(x, y, [-dx, -dy]);
                    if player.needs_frame() {
                        if let Some(w) = &self.window {
                            w.request_redraw();
                        }
                    }
                }
            }
            WindowEvent::KeyboardInput { event, .. } if event.state == ElementState::Pressed => {
                if let (Some(key), Some(player)) = (field_key(&event), self.player.as_mut()) {
                    if player.key(key) && player.needs_frame() {
                        if let Some(w) = &self.window {
                            w.request_redraw();
                        }
                    }
                }
            }
            WindowEvent::RedrawRequested => self.redraw(event_loop),
            _ => {}
        }
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        let mut wake_at = None;
        if let (Some(ms), Some(first)) = (self.wopts.quit_after_ms, self.first_frame) {
            let end = first + Duration::from_millis(ms);
            if Instant::now() >= end {
                event_loop.exit();
                return;
            }
            wake_at = Some(end);
        }
        // A stuck script never wakes us: wake up to notice it (player/watchdog.rs).
        if let Some(at) = self.player.as_ref().and_then(Player::watchdog_deadline) {
            wake_at = Some(wake_at.map_or(at, |end: Instant| end.min(at)));
        }
        event_loop.set_control_flow(match wake_at {
            Some(at) => ControlFlow::WaitUntil(at),
            None => ControlFlow::Wait,
        });
        if let Some(player) = self.player.as_mut() {
            player.pump();
            if player.needs_frame() {
                if let Some(w) = &self.window {
                    w.request_redraw();
                }
            } else {
                // Nothing to draw: the frame on screen no longer shows what was removed.
                player.collect_garbage();
            }
        }
    }
}

/// The field key a key press means: editing keys by name, anything else by the text it
/// types. (Input-method commits are not taken: the window does not enable IME.)
fn field_key(event: &winit::event::KeyEvent) -> Option<crate::player::Key> {
    use crate::player::Key;
    use winit::keyboard::{Key as WKey, NamedKey};
    Some(match &event.logical_key {
        WKey::Named(NamedKey::Enter) => Key::Enter,
        WKey::Named(NamedKey::Backspace) => Key::Backspace,
        WKey::Named(NamedKey::Delete) => Key::Delete,
        WKey::Named(NamedKey::ArrowLeft) => Key::Left,
        WKey::Named(NamedKey::ArrowRight) => Key::Right,
        WKey::Named(NamedKey::Home) => Key::Home,
        WKey::Named(NamedKey::End) => Key::End,
        WKey::Named(NamedKey::ArrowUp) => Key::Up,
        WKey::Named(NamedKey::ArrowDown) => Key::Down,
        _ => {
            let text = event.text.as_ref()?;
            if text.chars().all(char::is_control) {
                return None;
            }
            Key::Text(text.to_string())
        }
    })
}

pub fn run(app: PathBuf, opts: PlayerOptions, wopts: WindowOptions) -> anyhow::Result<()> {
    let bundle = fc_bundle::Bundle::open(&app)?;
    let event_loop = EventLoop::<()>::with_user_event()
        .build()
        .context("no display to open a window on (is DISPLAY set?)")?;
    let proxy = event_loop.create_proxy();
    let mut state = App {
        bundle,
        opts,
        wopts,
        proxy,
        window: None,
        renderer: None,
        player: None,
        cursor: PhysicalPosition::new(0.0, 0.0),
        pressed_at: None,
        frames: 0,
        first_frame: None,
        error: None,
    };
    event_loop
        .run_app(&mut state)
        .context("the window's event loop failed")?;
    if let Some(e) = state.error.take() {
        return Err(e);
    }
    if let Some(player) = state.player.take() {
        // Let the last taps' handlers land before the dump.
        let mut player = player;
        let end = Instant::now() + Duration::from_secs(2);
        while !player.logic_idle() && Instant::now() < end {
            player.pump_wait(Duration::from_millis(20));
        }
        if let Some(path) = &state.wopts.dump_on_exit {
            let _ = player.build_scene();
            std::fs::write(path, player.dump())
                .with_context(|| format!("writing {}", path.display()))?;
        }
        player.shutdown();
    }
    Ok(())
}
