//! [`Renderer`]: one device, one target (window surface or offscreen texture), and the state
//! reused from frame to frame (pipelines, glyph atlas, instance buffers).

use cosmic_text::FontSystem;
use fc_paint::Scene;

use crate::atlas::GlyphAtlas;
use crate::batch::{BatchKind, FrameInstances};
use crate::device::{create_instance, describe_adapter, open_device, Gpu};
use crate::instance_buffer::InstanceBuffer;
use crate::pipelines::{Globals, Pipelines};
use crate::readback::Readback;
use crate::{GpuError, Result, RgbaImage};

/// Format of offscreen targets: 8-bit RGBA holding sRGB values as they are (no sRGB
/// encoding on write), so blending happens in sRGB space like in browsers.
const OFFSCREEN_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;

/// Draws [`Scene`]s with the GPU. One per window or offscreen target, owned by the render
/// thread; it keeps its pipelines, glyph atlas and instance buffers between frames.
pub struct Renderer {
    device: wgpu::Device,
    queue: wgpu::Queue,
    adapter_info: String,
    target: Target,
    /// Format the pipelines render in (the view format of the target).
    format: wgpu::TextureFormat,
    /// The target stores linear values: shaders and clear colour decode sRGB first.
    linear_target: bool,
    width: u32,
    height: u32,
    pipelines: Pipelines,
    atlas: GlyphAtlas,
    frame: FrameInstances,
    plain_instances: InstanceBuffer,
    quad_instances: InstanceBuffer,
    shadow_instances: InstanceBuffer,
    gradient_instances: InstanceBuffer,
    glyph_instances: InstanceBuffer,
    composite_instances: InstanceBuffer,
    image_instances: InstanceBuffer,
    /// `<image>` textures by image id.
    images: crate::images::ImageTextures,
    /// Opacity layers, the target's size, one per group in the frame; kept across frames
    /// and dropped when the target is resized.
    layers: Vec<Layer>,
    /// What the last frame left on the target, for redrawing only what changed.
    retained: Retained,
}

/// The last frame drawn into a target that keeps its pixels (an offscreen texture, or a
/// window's canvas): its draws and what else decides its pixels. A frame whose draws differ
/// only in one area redraws only that area (a scissor over the union of the differing
/// draws' bounds); software rasterisers then pay for the change, not for the window.
#[derive(Default)]
struct Retained {
    /// The target holds the last frame (false at start, after a resize, and when a
    /// frame drew nothing onto it).
    valid: bool,
    draws: Vec<(u64, fc_paint::Rect)>,
    clear: [f32; 4],
    atlas_clears: u64,
}

/// Whole-target redraw when the changed area covers more than this share of it: one pass
/// without a scissor costs no more then.
const FULL_REDRAW_SHARE: f32 = 0.7;

/// What a frame redraws.
enum Damage {
    /// Nothing differs from what the target holds.
    Nothing,
    Full,
    /// Only this area (x, y, width, height in target pixels).
    Area([u32; 4]),
}

/// A texture an opacity group is drawn into before it is composited.
struct Layer {
    view: wgpu::TextureView,
    bind_group: wgpu::BindGroup,
}

enum Target {
    Offscreen {
        texture: wgpu::Texture,
        view: wgpu::TextureView,
        /// Made on the first `read_pixels`, remade when the size changes.
        readback: Option<Readback>,
    },
    Window {
        surface: wgpu::Surface<'static>,
        config: wgpu::SurfaceConfiguration,
        /// Where frames are drawn when the surface can be copied into: it keeps its pixels
        /// (a swapchain image does not), so a frame redraws only what changed and is then
        /// copied to the surface. `None`: frames are drawn straight onto the surface.
        canvas: Option<(wgpu::Texture, wgpu::TextureView)>,
        /// The window has zero width or height (minimised): frames are skipped.
        hidden: bool,
    },
}

impl Renderer {
    /// A renderer drawing into an offscreen `width` x `height` texture, read with
    /// [`Renderer::read_pixels`]. Zero sizes are treated as 1.
    pub fn headless(width: u32, height: u32) -> Result<Self> {
        Self::headless_with_atlas(width, height, GlyphAtlas::new)
    }

    /// [`Renderer::headless`] with a chosen glyph atlas (tests use tiny ones).
    fn headless_with_atlas(
        width: u32,
        height: u32,
        make_atlas: impl FnOnce(&wgpu::Device) -> GlyphAtlas,
    ) -> Result<Self> {
        let (width, height) = (width.max(1), height.max(1));
        let instance = create_instance();
        let gpu = open_device(&instance, None)?;
        let (texture, view) = create_offscreen_texture(&gpu.device, width, height);
        let target = Target::Offscreen {
            texture,
            view,
            readback: None,
        };
        Ok(Self::new(
            gpu,
            target,
            OFFSCREEN_FORMAT,
            false,
            width,
            height,
            make_atlas,
        ))
    }

    /// A renderer presenting to `window` (the caller passes `Arc<winit::window::Window>`),
    /// whose drawable area is `width` x `height` device pixels.
    ///
    /// Colour format: a non-sRGB 8-bit format (`Bgra8Unorm`, `Rgba8Unorm`) is preferred so
    /// sRGB values are stored as they are and blending matches browsers. If the surface offers
    /// only sRGB formats, the surface is configured with one and its frames are viewed through
    /// the non-sRGB twin (`view_formats`), which stores the same bits. If even that is not
    /// supported, the shaders decode their sRGB colours to linear so the hardware's encoding
    /// gives the right colours back; solid colours are then exact, but translucent edges and
    /// overlaps blend in linear space and look slightly different from a browser.
    ///
    /// [`Renderer::read_pixels`] does not work on window renderers (see [`GpuError::NotOffscreen`]).
    pub fn for_window<W>(window: W, width: u32, height: u32) -> Result<Self>
    where
        W: wgpu::rwh::HasWindowHandle + wgpu::rwh::HasDisplayHandle + Send + Sync + 'static,
    {
        let instance = create_instance();
        let surface = instance.create_surface(window)?;
        let gpu = open_device(&instance, Some(&surface))?;
        let caps = surface.get_capabilities(&gpu.adapter);
        let view_formats_allowed = gpu
            .adapter
            .get_downlevel_capabilities()
            .flags
            .contains(wgpu::DownlevelFlags::SURFACE_VIEW_FORMATS);
        let choice =
            choose_surface_format(&caps.formats, view_formats_allowed).ok_or_else(|| {
                GpuError::Surface(format!(
                    "the adapter {} cannot present to this window",
                    describe_adapter(&gpu.adapter)
                ))
            })?;
        tracing::debug!(?choice, "surface format");
        let alpha_mode = if caps.alpha_modes.contains(&wgpu::CompositeAlphaMode::Opaque) {
            wgpu::CompositeAlphaMode::Opaque
        } else {
            caps.alpha_modes
                .first()
                .copied()
                .unwrap_or(wgpu::CompositeAlphaMode::Auto)
        };
        let copyable = caps.usages.contains(wgpu::TextureUsages::COPY_DST);
        let config = wgpu::SurfaceConfiguration {
            usage: if copyable {
                wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_DST
            } else {
                wgpu::TextureUsages::RENDER_ATTACHMENT
            },
            format: choice.surface_format,
            color_space: wgpu::SurfaceColorSpace::Auto,
            width: width.max(1),
            height: height.max(1),
            // Fifo (vsync) is the one mode every surface supports.
            present_mode: wgpu::PresentMode::AutoVsync,
            // One frame queued while the next is drawn: low latency for taps.
            desired_maximum_frame_latency: 2,
            alpha_mode,
            view_formats: if choice.view_format == choice.surface_format {
                vec![]
            } else {
                vec![choice.view_format]
            },
        };
        let hidden = width == 0 || height == 0;
        if !hidden {
            surface.configure(&gpu.device, &config);
        }
        let canvas = copyable.then(|| create_canvas(&gpu.device, &config, choice.view_format));
        let target = Target::Window {
            surface,
            config,
            canvas,
            hidden,
        };
        Ok(Self::new(
            gpu,
            target,
            choice.view_format,
            choice.linear_target,
            width.max(1),
            height.max(1),
            GlyphAtlas::new,
        ))
    }

    fn new(
        gpu: Gpu,
        target: Target,
        format: wgpu::TextureFormat,
        linear_target: bool,
        width: u32,
        height: u32,
        make_atlas: impl FnOnce(&wgpu::Device) -> GlyphAtlas,
    ) -> Self {
        let Gpu {
            adapter,
            device,
            queue,
        } = gpu;
        let atlas = make_atlas(&device);
        let pipelines = Pipelines::new(&device, format, atlas.bind_group_layout(), linear_target);
        let instances = |label| InstanceBuffer::new(&device, &pipelines.instances_layout, label);
        let plain_instances = instances("fc-gpu plain instances");
        let quad_instances = instances("fc-gpu quad instances");
        let shadow_instances = instances("fc-gpu shadow instances");
        let gradient_instances = instances("fc-gpu gradient instances");
        let glyph_instances = instances("fc-gpu glyph instances");
        let composite_instances = instances("fc-gpu composite instances");
        let image_instances = instances("fc-gpu image instances");
        Self {
            adapter_info: describe_adapter(&adapter),
            device,
            queue,
            target,
            format,
            linear_target,
            width,
            height,
            pipelines,
            atlas,
            frame: FrameInstances::default(),
            plain_instances,
            quad_instances,
            shadow_instances,
            gradient_instances,
            glyph_instances,
            composite_instances,
            image_instances,
            images: Default::default(),
            layers: Vec::new(),
            retained: Retained::default(),
        }
    }

    /// Changes the target size, in device pixels. An offscreen target loses its contents; a
    /// window of zero width or height skips frames until it is resized again.
    pub fn resize(&mut self, width: u32, height: u32) {
        self.layers.clear();
        self.retained.valid = false;
        match &mut self.target {
            Target::Offscreen { texture, view, .. } => {
                let (width, height) = (width.max(1), height.max(1));
                if (width, height) != (self.width, self.height) {
                    (*texture, *view) = create_offscreen_texture(&self.device, width, height);
                }
                self.width = width;
                self.height = height;
            }
            Target::Window {
                surface,
                config,
                canvas,
                hidden,
            } => {
                *hidden = width == 0 || height == 0;
                if *hidden {
                    return;
                }
                config.width = width;
                config.height = height;
                surface.configure(&self.device, config);
                if canvas.is_some() {
                    *canvas = Some(create_canvas(&self.device, config, self.format));
                }
                self.width = width;
                self.height = height;
            }
        }
    }

    /// Draws `scene` (and presents it, for a window). Glyphs not seen before are rasterised
    /// from `fonts` and uploaded first. It does not wait for the GPU to finish, except that
    /// acquiring a window's next frame may wait for vsync.
    ///
    /// Items are in the target's device pixels; `scene.width` and `scene.height` are not used
    /// for scaling (the target's size set at creation or by [`Renderer::resize`] is).
    pub fn render(&mut self, scene: &Scene, fonts: &mut FontSystem) -> Result<()> {
        if let Target::Window { hidden: true, .. } = self.target {
            return Ok(());
        }
        if (scene.width, scene.height) != (self.width, self.height) {
            tracing::trace!(
                scene = ?(scene.width, scene.height),
                target = ?(self.width, self.height),
                "scene size differs from the target size"
            );
        }
        let target = [0.0, 0.0, self.width as f32, self.height as f32];
        self.frame.build(
            scene,
            target,
            &mut self.atlas,
            &self.device,
            &self.queue,
            fonts,
        );
        // Which part to draw: all of it, a scissored area over the last frame, or nothing.
        let area = self.damage(scene);
        let scissor = match area {
            Damage::Nothing => return Ok(()),
            Damage::Full => None,
            Damage::Area(rect) => {
                // Clearing the area: the clear colour as an opaque plain box, first.
                let bounds = [
                    rect[0] as f32,
                    rect[1] as f32,
                    rect[2] as f32,
                    rect[3] as f32,
                ];
                let [r, g, b, a] = scene.clear_color;
                self.frame.plains.push(crate::instances::PlainInstance {
                    bounds,
                    color: [r * a, g * a, b * a, a],
                    clip: fc_paint::NO_CLIP,
                });
                Some(rect)
            }
        };
        self.retained.draws.clone_from(&self.frame.draws);
        self.retained.clear = scene.clear_color;
        self.retained.atlas_clears = self.atlas.clears();
        let (device, queue) = (&self.device, &self.queue);
        let layout = &self.pipelines.instances_layout;
        self.plain_instances
            .write(device, queue, layout, &self.frame.plains);
        self.quad_instances
            .write(device, queue, layout, &self.frame.quads);
        self.shadow_instances
            .write(device, queue, layout, &self.frame.shadows);
        self.gradient_instances
            .write(device, queue, layout, &self.frame.gradients);
        self.glyph_instances
            .write(device, queue, layout, &self.frame.glyphs);
        self.composite_instances
            .write(device, queue, layout, &self.frame.composites);
        self.image_instances
            .write(device, queue, layout, &self.frame.images);
        self.images
            .prepare(device, queue, &self.pipelines.image_layout, scene);
        while self.layers.len() < self.frame.composites.len() {
            let layer = self.create_layer();
            self.layers.push(layer);
        }
        let globals = Globals {
            viewport: [self.width as f32, self.height as f32],
            _pad: [0; 2],
        };
        self.queue.write_buffer(
            &self.pipelines.globals_buffer,
            0,
            bytemuck::bytes_of(&globals),
        );

        let (view, surface_frame) = match &mut self.target {
            Target::Offscreen { view, .. } => (view.clone(), None),
            Target::Window {
                surface,
                config,
                canvas: Some((_, canvas_view)),
                ..
            } => {
                // Drawn into the canvas; the surface's frame is acquired to copy it into.
                let frame = acquire_frame(surface, config, &self.device)?;
                (canvas_view.clone(), frame)
            }
            Target::Window {
                surface, config, ..
            } => {
                let Some((frame, suboptimal)) = acquire_frame(surface, config, &self.device)?
                else {
                    return Ok(());
                };
                let view = frame.texture.create_view(&wgpu::TextureViewDescriptor {
                    format: Some(self.format),
                    ..Default::default()
                });
                (view, Some((frame, suboptimal)))
            }
        };

        let mut encoder = self
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("fc-gpu frame"),
            });
        let clear = clear_color(scene.clear_color, self.linear_target);
        let atlas_bind_group = self.atlas.bind_group(&self.device);
        for pass_info in &self.frame.passes {
            let (pass_view, load) = match pass_info.layer {
                None if scissor.is_some() => (&view, wgpu::LoadOp::Load),
                None => (&view, wgpu::LoadOp::Clear(clear)),
                Some(i) => match self.layers.get(i as usize) {
                    Some(layer) => (&layer.view, wgpu::LoadOp::Clear(wgpu::Color::TRANSPARENT)),
                    None => continue,
                },
            };
            let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("fc-gpu scene"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: pass_view,
                    depth_slice: None,
                    resolve_target: None,
                    ops: wgpu::Operations {
                        load,
                        store: wgpu::StoreOp::Store,
                    },
                })],
                depth_stencil_attachment: None,
                timestamp_writes: None,
                occlusion_query_set: None,
                multiview_mask: None,
            });
            pass.set_bind_group(0, &self.pipelines.globals_bind_group, &[]);
            if let (None, Some([x, y, w, h])) = (pass_info.layer, scissor) {
                pass.set_scissor_rect(x, y, w, h);
                // The clearing box is the last plain instance (on whole pixels, unclipped).
                let last = self.frame.plains.len() as u32;
                pass.set_pipeline(&self.pipelines.solid);
                pass.set_bind_group(1, self.plain_instances.bind_group(), &[]);
                pass.draw(0..4, last - 1..last);
            }
            let Some(batches) = self.frame.batches.get(pass_info.batches.clone()) else {
                continue;
            };
            for batch in batches {
                match batch.kind {
                    BatchKind::Plain | BatchKind::Solid => {
                        let pipeline = if batch.kind == BatchKind::Plain {
                            &self.pipelines.plain
                        } else {
                            &self.pipelines.solid
                        };
                        pass.set_pipeline(pipeline);
                        pass.set_bind_group(1, self.plain_instances.bind_group(), &[]);
                    }
                    BatchKind::Quad | BatchKind::QuadDashed => {
                        let pipeline = if batch.kind == BatchKind::Quad {
                            &self.pipelines.quad
                        } else {
                            &self.pipelines.quad_dashed
                        };
                        pass.set_pipeline(pipeline);
                        pass.set_bind_group(1, self.quad_instances.bind_group(), &[]);
                    }
                    BatchKind::Shadow => {
                        pass.set_pipeline(&self.pipelines.shadow);
                        pass.set_bind_group(1, self.shadow_instances.bind_group(), &[]);
                    }
                    BatchKind::Gradient => {
                        pass.set_pipeline(&self.pipelines.gradient);
                        pass.set_bind_group(1, self.gradient_instances.bind_group(), &[]);
                    }
                    BatchKind::Glyph | BatchKind::GlyphFiltered => {
                        let pipeline = if batch.kind == BatchKind::Glyph {
                            &self.pipelines.glyph
                        } else {
                            &self.pipelines.glyph_filtered
                        };
                        pass.set_pipeline(pipeline);
                        pass.set_bind_group(1, atlas_bind_group, &[]);
                        pass.set_bind_group(2, self.glyph_instances.bind_group(), &[]);
                    }
                    BatchKind::Composite => {
                        let Some(layer) = self.layers.get(batch.instances.start as usize) else {
                            continue;
                        };
                        pass.set_pipeline(&self.pipelines.composite);
                        pass.set_bind_group(1, self.composite_instances.bind_group(), &[]);
                        pass.set_bind_group(2, &layer.bind_group, &[]);
                    }
                    BatchKind::Image => {
                        let id = self.frame.image_ids.get(batch.instances.start as usize);
                        let Some(texture) = id.and_then(|id| self.images.bind_group(*id)) else {
                            continue;
                        };
                        pass.set_pipeline(&self.pipelines.image);
                        pass.set_bind_group(1, self.image_instances.bind_group(), &[]);
                        pass.set_bind_group(2, texture, &[]);
                    }
                }
                // Four vertices: the unit quad as a triangle strip, one per instance.
                pass.draw(0..4, batch.instances.clone());
            }
        }
        if let (
            Target::Window {
                canvas: Some((canvas, _)),
                ..
            },
            Some((frame, _)),
        ) = (&self.target, &surface_frame)
        {
            encoder.copy_texture_to_texture(
                canvas.as_image_copy(),
                frame.texture.as_image_copy(),
                wgpu::Extent3d {
                    width: self.width,
                    height: self.height,
                    depth_or_array_layers: 1,
                },
            );
        }
        self.queue.submit([encoder.finish()]);

        if let Some((frame, suboptimal)) = surface_frame {
            self.queue.present(frame);
            if suboptimal {
                if let Target::Window {
                    surface, config, ..
                } = &self.target
                {
                    surface.configure(&self.device, config);
                }
            }
        }
        Ok(())
    }

    /// What the frame just built (`self.frame`) must redraw, given what the target holds.
    fn damage(&mut self, scene: &Scene) -> Damage {
        let keeps_pixels = match &self.target {
            Target::Offscreen { .. } => true,
            Target::Window { canvas, .. } => canvas.is_some(),
        };
        let r = &self.retained;
        let comparable = keeps_pixels
            && r.valid
            && !self.frame.has_layers
            && scene.clear_color[3] >= 1.0
            && r.clear == scene.clear_color
            && r.atlas_clears == self.atlas.clears();
        let area = if comparable {
            crate::batch::damage(&r.draws, &self.frame.draws)
        } else {
            None
        };
        self.retained.valid = keeps_pixels;
        if !comparable {
            return Damage::Full;
        }
        let Some(area) = area else {
            return Damage::Nothing;
        };
        // Whole pixels, inside the target.
        let x0 = area[0].floor().clamp(0.0, self.width as f32);
        let y0 = area[1].floor().clamp(0.0, self.height as f32);
        let x1 = (area[0] + area[2]).ceil().clamp(0.0, self.width as f32);
        let y1 = (area[1] + area[3]).ceil().clamp(0.0, self.height as f32);
        if x1 <= x0 || y1 <= y0 {
            return Damage::Nothing;
        }
        let share = (x1 - x0) * (y1 - y0) / (self.width as f32 * self.height as f32);
        if share > FULL_REDRAW_SHARE {
            return Damage::Full;
        }
        Damage::Area([x0 as u32, y0 as u32, (x1 - x0) as u32, (y1 - y0) as u32])
    }

    /// The last rendered frame of an offscreen renderer, waiting for the GPU to finish it.
    /// Before the first [`Renderer::render`] (or after a resize) the image is transparent
    /// black. Window renderers return [`GpuError::NotOffscreen`].
    pub fn read_pixels(&mut self) -> Result<RgbaImage> {
        let Target::Offscreen {
            texture, readback, ..
        } = &mut self.target
        else {
            return Err(GpuError::NotOffscreen);
        };
        let readback = match readback {
            Some(r) if r.fits(self.width, self.height) => r,
            _ => readback.insert(Readback::new(&self.device, self.width, self.height)),
        };
        readback.read(&self.device, &self.queue, texture)
    }

    /// A transparent texture of the target's size and format for an opacity group.
    fn create_layer(&self) -> Layer {
        let texture = self.device.create_texture(&wgpu::TextureDescriptor {
            label: Some("fc-gpu opacity layer"),
            size: wgpu::Extent3d {
                width: self.width,
                height: self.height,
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: self.format,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::TEXTURE_BINDING,
            view_formats: &[],
        });
        let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
        let bind_group = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("fc-gpu opacity layer"),
            layout: &self.pipelines.layer_layout,
            entries: &[wgpu::BindGroupEntry {
                binding: 0,
                resource: wgpu::BindingResource::TextureView(&view),
            }],
        });
        Layer { view, bind_group }
    }

    /// Blocks until the GPU has finished all submitted work.
    pub fn wait_idle(&self) {
        if let Err(e) = self.device.poll(wgpu::PollType::wait_indefinitely()) {
            tracing::warn!(error = %e, "waiting for the GPU failed");
        }
    }

    /// The adapter in use: name, backend, device type and driver, for logs.
    pub fn adapter_info(&self) -> String {
        self.adapter_info.clone()
    }

    /// The target size in device pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }
}

/// A window's canvas: the surface's size and format, viewed in `view_format`.
fn create_canvas(
    device: &wgpu::Device,
    config: &wgpu::SurfaceConfiguration,
    view_format: wgpu::TextureFormat,
) -> (wgpu::Texture, wgpu::TextureView) {
    let texture = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("fc-gpu window canvas"),
        size: wgpu::Extent3d {
            width: config.width.max(1),
            height: config.height.max(1),
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: config.format,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
        view_formats: if view_format == config.format {
            &[]
        } else {
            std::slice::from_ref(&view_format)
        },
    });
    let view = texture.create_view(&wgpu::TextureViewDescriptor {
        format: Some(view_format),
        ..Default::default()
    });
    (texture, view)
}

fn create_offscreen_texture(
    device: &wgpu::Device,
    width: u32,
    height: u32,
) -> (wgpu::Texture, wgpu::TextureView) {
    let texture = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("fc-gpu offscreen target"),
        size: wgpu::Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: OFFSCREEN_FORMAT,
        // COPY_SRC: read_pixels copies it into a buffer.
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
        view_formats: &[],
    });
    let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
    (texture, view)
}

/// How a window surface is configured and drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SurfaceFormatChoice {
    /// The surface's own format.
    surface_format: wgpu::TextureFormat,
    /// The format its frames are viewed and rendered in.
    view_format: wgpu::TextureFormat,
    /// The view encodes to sRGB on write, so shaders must output linear values.
    linear_target: bool,
}

/// Picks the surface format among `formats` (the surface's capabilities, preferred first):
/// a non-sRGB 8-bit format, else an sRGB one viewed as non-sRGB when `view_formats_allowed`,
/// else the first format, decoding in the shader if it is sRGB. `None` when `formats` is
/// empty (the adapter cannot present to the surface).
fn choose_surface_format(
    formats: &[wgpu::TextureFormat],
    view_formats_allowed: bool,
) -> Option<SurfaceFormatChoice> {
    use wgpu::TextureFormat::{Bgra8Unorm, Rgba8Unorm};
    if let Some(&format) = formats
        .iter()
        .find(|f| matches!(f, Bgra8Unorm | Rgba8Unorm))
    {
        return Some(SurfaceFormatChoice {
            surface_format: format,
            view_format: format,
            linear_target: false,
        });
    }
    let first = *formats.first()?;
    if view_formats_allowed {
        if let Some(&format) = formats
            .iter()
            .find(|f| f.is_srgb() && f.remove_srgb_suffix() != **f)
        {
            return Some(SurfaceFormatChoice {
                surface_format: format,
                view_format: format.remove_srgb_suffix(),
                linear_target: false,
            });
        }
    }
    Some(SurfaceFormatChoice {
        surface_format: first,
        view_format: first,
        linear_target: first.is_srgb(),
    })
}

/// The next frame of a window surface and whether it is suboptimal (reconfigure after
/// presenting). `None`: skip this frame (window occluded, or the driver timed out).
fn acquire_frame(
    surface: &wgpu::Surface<'static>,
    config: &wgpu::SurfaceConfiguration,
    device: &wgpu::Device,
) -> Result<Option<(wgpu::SurfaceTexture, bool)>> {
    let mut reconfigured = false;
    loop {
        match surface.get_current_texture() {
            wgpu::CurrentSurfaceTexture::Success(frame) => return Ok(Some((frame, false))),
            wgpu::CurrentSurfaceTexture::Suboptimal(frame) => return Ok(Some((frame, true))),
            wgpu::CurrentSurfaceTexture::Occluded => return Ok(None),
            wgpu::CurrentSurfaceTexture::Timeout => {
                tracing::debug!("timed out acquiring a surface frame; frame skipped");
                return Ok(None);
            }
            // The swapchain no longer matches the window: configure it again, once.
            wgpu::CurrentSurfaceTexture::Outdated | wgpu::CurrentSurfaceTexture::Lost
                if !reconfigured =>
            {
                surface.configure(device, config);
                reconfigured = true;
            }
            other => {
                return Err(GpuError::Surface(format!(
                    "could not acquire a frame: {other:?}"
                )))
            }
        }
    }
}

/// The clear colour for the render pass: straight sRGB to premultiplied (what the target
/// holds), decoded to linear for a linear target.
fn clear_color(straight: [f32; 4], linear_target: bool) -> wgpu::Color {
    let [r, g, b, a] = straight.map(|c| f64::from(c.clamp(0.0, 1.0)));
    let decode = |c: f64| {
        if !linear_target {
            c
        } else if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    wgpu::Color {
        r: decode(r) * a,
        g: decode(g) * a,
        b: decode(b) * a,
        a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wgpu::TextureFormat::{Bgra8Unorm, Bgra8UnormSrgb, Rgb10a2Unorm, Rgba8UnormSrgb};

    #[test]
    fn surface_prefers_non_srgb_8_bit_formats() {
        let choice = choose_surface_format(&[Bgra8UnormSrgb, Bgra8Unorm], true);
        assert_eq!(
            choice,
            Some(SurfaceFormatChoice {
                surface_format: Bgra8Unorm,
                view_format: Bgra8Unorm,
                linear_target: false
            })
        );
    }

    #[test]
    fn srgb_only_surface_is_viewed_as_non_srgb_when_allowed() {
        let choice = choose_surface_format(&[Rgba8UnormSrgb], true).expect("a format");
        assert_eq!(choice.view_format, wgpu::TextureFormat::Rgba8Unorm);
        assert!(!choice.linear_target);

        let choice = choose_surface_format(&[Rgba8UnormSrgb], false).expect("a format");
        assert_eq!(choice.view_format, Rgba8UnormSrgb);
        assert!(choice.linear_target, "shaders must decode sRGB");
    }

    #[test]
    fn other_formats_and_no_formats() {
        let choice = choose_surface_format(&[Rgb10a2Unorm], true).expect("a format");
        assert_eq!(choice.view_format, Rgb10a2Unorm);
        assert!(!choice.linear_target);
        assert_eq!(choose_surface_format(&[], true), None);
    }

    /// Without XDG_RUNTIME_DIR the Vulkan loader prints an error on stderr; set it once,
    /// before any test opens a device (tests run on parallel threads).
    fn quiet_vulkan_loader() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            if std::env::var_os("XDG_RUNTIME_DIR").is_none() {
                std::env::set_var("XDG_RUNTIME_DIR", std::env::temp_dir());
            }
        });
    }

    /// Regression guard for atlas growth and clearing: a renderer whose atlas starts at
    /// 16x16 and may not exceed 64x64 must draw every frame exactly like one with a roomy
    /// atlas, although it grows, clears and re-adds glyphs along the way.
    #[test]
    fn tiny_atlas_grows_and_clears_without_changing_pixels() {
        use cosmic_text::{fontdb, Attrs, Buffer, Family, Metrics, Shaping};
        use fc_paint::{Clip, Glyph, Item, IDENTITY};

        quiet_vulkan_loader();
        let mut db = fontdb::Database::new();
        db.load_fonts_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts"));
        let mut fonts = FontSystem::new_with_locale_and_db("en-US".into(), db);
        let mut scene_for = |text: &str| {
            let mut buffer = Buffer::new(&mut fonts, Metrics::new(20.0, 24.0));
            buffer.set_size(Some(300.0), Some(40.0));
            let attrs = Attrs::new().family(Family::Name("Noto Sans"));
            buffer.set_text(text, &attrs, Shaping::Advanced, None);
            buffer.shape_until_scroll(&mut fonts, false);
            let mut items = Vec::new();
            for run in buffer.layout_runs() {
                for glyph in run.glyphs {
                    let p = glyph.physical((4.0, 4.0 + run.line_y), 1.0);
                    items.push(Item::Glyph(Glyph {
                        cache_key: p.cache_key,
                        x: p.x,
                        y: p.y,
                        color: [0.0, 0.0, 0.0, 1.0],
                        clip: Clip::NONE,
                        transform: IDENTITY,
                    }));
                }
            }
            Scene {
                width: 300,
                height: 40,
                clear_color: [1.0; 4],
                items,
            }
        };
        let scenes: Vec<Scene> = ["Hello", "ABCDEFG", "HIJKLMN", "OPQRSTU", "Hello"]
            .into_iter()
            .map(&mut scene_for)
            .collect();

        let no_adapter = "fc-gpu tests need a GPU adapter (lavapipe on CI)";
        let mut roomy = Renderer::headless(300, 40).expect(no_adapter);
        let mut tiny =
            Renderer::headless_with_atlas(300, 40, |d| GlyphAtlas::with_sizes(d, 16, 16, 64))
                .expect(no_adapter);
        for (i, scene) in scenes.iter().enumerate() {
            roomy.render(scene, &mut fonts).expect("render");
            tiny.render(scene, &mut fonts).expect("render");
            let expected = roomy.read_pixels().expect("read");
            let got = tiny.read_pixels().expect("read");
            assert!(expected == got, "frame {i} differs with the tiny atlas");
        }
        assert_eq!(
            tiny.atlas.page_sizes().0,
            64,
            "the mask page should have grown to its cap"
        );
        assert!(
            tiny.atlas.clears() > 0,
            "the atlas should have been cleared at least once"
        );
        assert_eq!(roomy.atlas.clears(), 0);
    }

    /// Instance buffers grow to fit a large scene, then stay as they are for frames of the
    /// same size (no per-frame allocation).
    #[test]
    fn instance_buffers_grow_once_and_are_reused() {
        use fc_paint::{Item, Quad};

        quiet_vulkan_loader();
        // Rounded, so it is drawn by the quad pipeline, not as a plain box.
        let quad = Quad {
            corner_radii: [0.5; 4],
            ..Quad::filled([1.0, 1.0, 2.0, 2.0], [0.0, 0.0, 1.0, 1.0])
        };
        let scene = Scene {
            width: 8,
            height: 8,
            clear_color: [1.0; 4],
            items: vec![Item::Quad(quad); 5000],
        };
        let mut fonts = FontSystem::new_with_locale_and_db(
            "en-US".into(),
            cosmic_text::fontdb::Database::new(),
        );
        let mut r =
            Renderer::headless(8, 8).expect("fc-gpu tests need a GPU adapter (lavapipe on CI)");
        r.render(&scene, &mut fonts).expect("render");
        let capacity = r.quad_instances.capacity();
        assert!(capacity >= 5000 * size_of::<crate::instances::QuadInstance>() as u64);
        assert!(
            capacity.is_power_of_two(),
            "grown by doubling from a power of two"
        );
        r.render(&scene, &mut fonts).expect("render");
        assert_eq!(r.quad_instances.capacity(), capacity);
        assert_eq!(
            r.frame.batches.len(),
            1,
            "5000 consecutive quads are one batch"
        );
        r.wait_idle();
    }

    #[test]
    fn clear_colour_is_premultiplied() {
        let c = clear_color([1.0, 0.5, 0.0, 0.5], false);
        assert_eq!((c.r, c.g, c.b, c.a), (0.5, 0.25, 0.0, 0.5));
    }
}
