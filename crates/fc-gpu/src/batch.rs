//! Splitting a scene into passes and batches.
//!
//! A batch is a run of consecutive items of one kind, drawn with one instanced call. Paint
//! order is `Scene::items` order, so a quad between two glyphs splits the glyphs into two
//! batches; nothing is reordered.
//!
//! A pass is what is drawn into one texture: the target, or an opacity layer. Each
//! `PushLayer`…`PopLayer` group becomes a pass of its own, drawn into a transparent layer
//! texture, and a `Composite` batch in its parent's pass that blends the layer in with the
//! group's opacity. Passes are listed children first, so running them in order has every
//! layer ready before the pass that composites it; the target's pass is last.
//!
//! The per-frame vectors live in [`FrameInstances`] and are cleared, not freed, between
//! frames, so a steady scene allocates nothing here.

use std::ops::Range;

use cosmic_text::FontSystem;
use fc_paint::{Glyph, Item, Quad, Rect, Scene};

use crate::atlas::{AtlasFull, GlyphAtlas};
use crate::images::{image_instance, ImageInstance};
use crate::instances::{
    gradient_instance, plain_instance, plain_parts, quad_instance, shadow_instance, target_bounds,
    union, CompositeInstance, GlyphInstance, GradientInstance, PlainInstance, QuadInstance,
    ShadowInstance,
};

/// Which pipeline a batch uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BatchKind {
    /// A quad simple enough for `plain.wgsl` (see `plain_instance`).
    Plain,
    /// A plain box on whole pixels, its clip applied: `plain.wgsl` with `SOLID`. Shares
    /// `plains` with `Plain`.
    Solid,
    Quad,
    /// A quad with a dashed or dotted side (its own pipeline variant).
    QuadDashed,
    Shadow,
    Gradient,
    Glyph,
    /// Glyphs under a transform other than a translation (filtered pipeline variant).
    GlyphFiltered,
    /// One layer composited; the layer's index is the composite instance's index.
    Composite,
    /// One `<image>`: its texture is `FrameInstances::image_ids` at the instance's index.
    Image,
}

/// A run of instances of one kind, drawn with `draw(0..4, instances)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Batch {
    pub kind: BatchKind,
    /// Range into the instance vector of `kind`.
    pub instances: Range<u32>,
}

/// What one render pass draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pass {
    /// `None`: the target. `Some(i)`: layer texture `i`.
    pub layer: Option<u32>,
    /// Range into `FrameInstances::batches`.
    pub batches: Range<usize>,
}

/// A pass still being filled.
#[derive(Default)]
struct OpenPass {
    batches: Vec<Batch>,
    /// Target pixels this pass paints (the union of its instances' bounding boxes).
    bounds: Rect,
    opacity: f32,
}

/// One frame's instances, batches and passes.
#[derive(Default)]
pub(crate) struct FrameInstances {
    pub plains: Vec<PlainInstance>,
    pub quads: Vec<QuadInstance>,
    pub shadows: Vec<ShadowInstance>,
    pub gradients: Vec<GradientInstance>,
    pub glyphs: Vec<GlyphInstance>,
    pub composites: Vec<CompositeInstance>,
    pub images: Vec<ImageInstance>,
    /// The image (texture) id of each entry of `images`.
    pub image_ids: Vec<u64>,
    pub batches: Vec<Batch>,
    pub passes: Vec<Pass>,
    /// What the target's pass draws, in order: a hash of each instance (its kind and
    /// bytes) and the target pixels it may touch. Comparing it with the last frame's says
    /// which part of the target changed (`damage`).
    pub draws: Vec<(u64, Rect)>,
    /// The frame has opacity layers (their contents are not in `draws`).
    pub has_layers: bool,
    /// Passes being filled, innermost last; popped ones are kept for their capacity.
    open: Vec<OpenPass>,
    depth: usize,
}

impl FrameInstances {
    /// Fills the instance vectors, batches and passes for `scene`, rasterising and
    /// uploading glyphs that are not in `atlas` yet. When the atlas is full it is cleared
    /// once and the frame started again, so all glyphs of the frame refer to the same atlas
    /// contents; glyphs that still do not fit after that are left out (and logged).
    pub fn build(
        &mut self,
        scene: &Scene,
        target: Rect,
        atlas: &mut GlyphAtlas,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        fonts: &mut FontSystem,
    ) {
        if self
            .try_build(scene, target, atlas, device, queue, fonts, false)
            .is_err()
        {
            atlas.clear();
            let dropped = self.try_build(scene, target, atlas, device, queue, fonts, true);
            debug_assert!(dropped.is_ok(), "a build that skips glyphs never fails");
        }
    }

    fn clear(&mut self) {
        self.plains.clear();
        self.quads.clear();
        self.shadows.clear();
        self.gradients.clear();
        self.glyphs.clear();
        self.composites.clear();
        self.images.clear();
        self.image_ids.clear();
        self.batches.clear();
        self.passes.clear();
        self.draws.clear();
        self.has_layers = false;
        self.depth = 0;
        self.push_pass(1.0);
    }

    fn push_pass(&mut self, opacity: f32) {
        if self.open.len() <= self.depth {
            self.open.push(OpenPass::default());
        }
        let pass = &mut self.open[self.depth];
        pass.batches.clear();
        pass.bounds = [0.0; 4];
        pass.opacity = opacity;
        self.depth += 1;
    }

    fn top(&mut self) -> &mut OpenPass {
        &mut self.open[self.depth - 1]
    }

    /// Records an instance of `kind` just pushed (its vector now has `len` entries) that
    /// paints within `bounds`.
    fn add(&mut self, kind: BatchKind, len: usize, bounds: Rect) {
        if self.depth == 1 {
            let hash = self.instance_hash(kind, len - 1);
            self.draws.push((hash, bounds));
        }
        let top = self.top();
        top.bounds = union(top.bounds, bounds);
        push_to_batch(&mut top.batches, kind, len);
    }

    /// Closes the innermost pass: the target's when it is the last, else a layer that gets
    /// composited into its parent (or dropped when it paints nothing).
    fn pop_pass(&mut self, target: Rect) {
        self.depth -= 1;
        let is_root = self.depth == 0;
        let pass = &mut self.open[self.depth];
        let bounds = crate::instances::intersect(pass.bounds, target);
        let opacity = pass.opacity;
        if !is_root && (bounds[2] <= 0.0 || bounds[3] <= 0.0) {
            return;
        }
        let start = self.batches.len();
        self.batches.append(&mut pass.batches);
        let layer = (!is_root).then(|| u32::try_from(self.composites.len()).unwrap_or(u32::MAX));
        self.passes.push(Pass {
            layer,
            batches: start..self.batches.len(),
        });
        if !is_root {
            self.composites.push(CompositeInstance {
                bounds,
                params: [opacity, 0.0, 0.0, 0.0],
            });
            let len = self.composites.len();
            self.add(BatchKind::Composite, len, bounds);
        }
    }

    /// Adds a plain box: as `Solid` where it and its clip meet on whole pixels (the clip
    /// applied to the box), else as `Plain`.
    fn add_plain(&mut self, mut plain: PlainInstance, clip: &fc_paint::Clip) {
        let bounds = target_bounds(&fc_paint::IDENTITY, plain.bounds, clip);
        let [x, y, w, h] = plain.bounds;
        let [cx, cy, cw, ch] = plain.clip;
        let (x0, y0) = (x.max(cx), y.max(cy));
        let (x1, y1) = ((x + w).min(cx + cw), (y + h).min(cy + ch));
        let whole = |v: f32| v.fract() == 0.0 && v.abs() < 1.0e7;
        let kind = if x1 <= x0 || y1 <= y0 {
            // Clipped away: nothing to draw.
            return;
        } else if [x0, y0, x1, y1].into_iter().all(whole) {
            plain.bounds = [x0, y0, x1 - x0, y1 - y0];
            plain.clip = plain.bounds;
            BatchKind::Solid
        } else {
            BatchKind::Plain
        };
        self.plains.push(plain);
        self.add(kind, self.plains.len(), bounds);
    }

    /// One attempt. With `skip_unfitting` a glyph that does not fit is left out; without it
    /// the attempt stops at that glyph.
    #[allow(clippy::too_many_arguments)]
    fn try_build(
        &mut self,
        scene: &Scene,
        target: Rect,
        atlas: &mut GlyphAtlas,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        fonts: &mut FontSystem,
        skip_unfitting: bool,
    ) -> Result<(), AtlasFull> {
        self.clear();
        let mut skipped = 0usize;
        for item in &scene.items {
            match item {
                Item::Quad(quad) => {
                    if is_invisible_quad(quad) {
                        continue;
                    }
                    if let Some(plain) = plain_instance(quad) {
                        self.add_plain(plain, &quad.clip);
                        continue;
                    }
                    if let Some((parts, n)) = plain_parts(quad) {
                        for plain in &parts[..n] {
                            self.add_plain(*plain, &quad.clip);
                        }
                        continue;
                    }
                    self.quads.push(quad_instance(quad));
                    let bounds = target_bounds(&quad.transform, quad.bounds, &quad.clip);
                    let dashed = quad
                        .border_styles
                        .iter()
                        .zip(quad.border_widths)
                        .any(|(s, w)| *s != fc_paint::BorderStyle::Solid && w > 0.0);
                    let kind = if dashed {
                        BatchKind::QuadDashed
                    } else {
                        BatchKind::Quad
                    };
                    self.add(kind, self.quads.len(), bounds);
                }
                Item::Shadow(shadow) => {
                    if shadow.color[3] <= 0.0 {
                        continue;
                    }
                    let area = if shadow.inset {
                        shadow.cutout
                    } else {
                        // A Gaussian is negligible beyond three standard deviations.
                        let reach = 1.5 * shadow.blur.max(0.0);
                        let b = shadow.bounds;
                        [
                            b[0] - reach,
                            b[1] - reach,
                            b[2] + 2.0 * reach,
                            b[3] + 2.0 * reach,
                        ]
                    };
                    self.shadows.push(shadow_instance(shadow));
                    let bounds = target_bounds(&shadow.transform, area, &shadow.clip);
                    self.add(BatchKind::Shadow, self.shadows.len(), bounds);
                }
                Item::Gradient(gradient) => {
                    if gradient.stop_count == 0 {
                        continue;
                    }
                    self.gradients.push(gradient_instance(gradient));
                    let bounds =
                        target_bounds(&gradient.transform, gradient.bounds, &gradient.clip);
                    self.add(BatchKind::Gradient, self.gradients.len(), bounds);
                }
                Item::Glyph(glyph) => {
                    let placed = match atlas.get_or_insert(device, queue, fonts, glyph.cache_key) {
                        Ok(placed) => placed,
                        Err(full) if !skip_unfitting => return Err(full),
                        Err(AtlasFull) => {
                            skipped += 1;
                            None
                        }
                    };
                    let Some(placed) = placed else { continue };
                    let instance = glyph_instance(glyph, &placed);
                    let bounds = target_bounds(&glyph.transform, instance.rect, &glyph.clip);
                    self.glyphs.push(instance);
                    let [a, b, c, d, _, _] = glyph.transform;
                    let kind = if (a, b, c, d) == (1.0, 0.0, 0.0, 1.0) {
                        BatchKind::Glyph
                    } else {
                        BatchKind::GlyphFiltered
                    };
                    self.add(kind, self.glyphs.len(), bounds);
                }
                Item::Image(image) => {
                    if image.opacity <= 0.0 || image.dest[2] <= 0.0 || image.dest[3] <= 0.0 {
                        continue;
                    }
                    self.images.push(image_instance(image));
                    self.image_ids.push(image.pixels.id);
                    let bounds = target_bounds(&image.transform, image.dest, &image.clip);
                    self.add(BatchKind::Image, self.images.len(), bounds);
                }
                Item::PushLayer { opacity } => {
                    self.has_layers = true;
                    self.push_pass(opacity.clamp(0.0, 1.0))
                }
                Item::PopLayer => {
                    // An unmatched PopLayer would close the target's pass: ignore it.
                    if self.depth > 1 {
                        self.pop_pass(target);
                    }
                }
            }
        }
        while self.depth > 0 {
            self.pop_pass(target);
        }
        if skipped > 0 {
            tracing::warn!(
                skipped,
                "glyph atlas full even after clearing; glyphs left out of the frame"
            );
        }
        Ok(())
    }
}

impl FrameInstances {
    /// A hash of instance `index` of `kind`: equal hashes mean the same pixels drawn.
    fn instance_hash(&self, kind: BatchKind, index: usize) -> u64 {
        use std::hash::Hasher;
        fn bytes<T: bytemuck::Pod>(v: &[T], i: usize) -> &[u8] {
            v.get(i).map(bytemuck::bytes_of).unwrap_or(&[])
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        h.write_u8(kind as u8);
        match kind {
            BatchKind::Plain | BatchKind::Solid => h.write(bytes(&self.plains, index)),
            BatchKind::Quad | BatchKind::QuadDashed => h.write(bytes(&self.quads, index)),
            BatchKind::Shadow => h.write(bytes(&self.shadows, index)),
            BatchKind::Gradient => h.write(bytes(&self.gradients, index)),
            BatchKind::Glyph | BatchKind::GlyphFiltered => h.write(bytes(&self.glyphs, index)),
            BatchKind::Composite => h.write(bytes(&self.composites, index)),
            BatchKind::Image => {
                h.write(bytes(&self.images, index));
                h.write_u64(self.image_ids.get(index).copied().unwrap_or(0));
            }
        }
        h.finish()
    }
}

/// The part of the target that differs between two frames whose target passes drew `old`
/// and `new` (see `FrameInstances::draws`): the draws before the first difference and after
/// the last one are the same in both, in the same order, so pixels that only they touch are
/// unchanged; the rest is the union of the bounds of the differing middle of each. `None`
/// when nothing changed.
pub(crate) fn damage(old: &[(u64, Rect)], new: &[(u64, Rect)]) -> Option<Rect> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a.0 == b.0).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a.0 == b.0)
        .count();
    let changed = old[prefix..old.len() - suffix]
        .iter()
        .chain(&new[prefix..new.len() - suffix]);
    let mut area: Option<Rect> = None;
    for (_, bounds) in changed {
        area = Some(match area {
            None => *bounds,
            Some(a) => union(a, *bounds),
        });
    }
    area
}

/// A quad with nothing to paint: fully transparent fill and border, or an empty box.
fn is_invisible_quad(quad: &Quad) -> bool {
    let no_fill = quad.background[3] <= 0.0;
    let no_border = quad.border_colors.iter().all(|c| c[3] <= 0.0)
        || quad.border_widths.iter().all(|w| *w <= 0.0);
    let empty = quad.bounds[2] <= 0.0 || quad.bounds[3] <= 0.0;
    (no_fill && no_border) || empty
}

/// Extends the last batch when it has `kind`, else starts one; `len` is the new length of
/// `kind`'s instance vector (the instance just pushed is at `len - 1`). Composites and
/// images never share a batch: each binds its own texture.
fn push_to_batch(batches: &mut Vec<Batch>, kind: BatchKind, len: usize) {
    let end = u32::try_from(len).expect("fewer than 2^32 instances per frame");
    match batches.last_mut() {
        Some(last)
            if last.kind == kind && !matches!(kind, BatchKind::Composite | BatchKind::Image) =>
        {
            last.instances.end = end
        }
        _ => batches.push(Batch {
            kind,
            instances: end - 1..end,
        }),
    }
}

/// Places the glyph's atlas image the way cosmic-text does: left edge at `x + left`, top edge
/// at `y - top` (swash's `top` counts upwards from the baseline).
fn glyph_instance(glyph: &Glyph, placed: &crate::atlas::AtlasGlyph) -> GlyphInstance {
    GlyphInstance {
        rect: [
            (glyph.x + placed.left) as f32,
            (glyph.y - placed.top) as f32,
            placed.size[0] as f32,
            placed.size[1] as f32,
        ],
        atlas: [placed.origin[0], placed.origin[1], placed.kind as u32, 0],
        color: glyph.color,
        clip: glyph.clip.into(),
        transform: glyph.transform.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_items_of_one_kind_share_a_batch() {
        let mut batches = Vec::new();
        push_to_batch(&mut batches, BatchKind::Quad, 1);
        push_to_batch(&mut batches, BatchKind::Quad, 2);
        push_to_batch(&mut batches, BatchKind::Glyph, 1);
        push_to_batch(&mut batches, BatchKind::Glyph, 2);
        push_to_batch(&mut batches, BatchKind::Quad, 3);
        push_to_batch(&mut batches, BatchKind::Composite, 1);
        push_to_batch(&mut batches, BatchKind::Composite, 2);
        let kinds: Vec<(BatchKind, Range<u32>)> = batches
            .iter()
            .map(|b| (b.kind, b.instances.clone()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (BatchKind::Quad, 0..2),
                (BatchKind::Glyph, 0..2),
                (BatchKind::Quad, 2..3),
                (BatchKind::Composite, 0..1),
                (BatchKind::Composite, 1..2),
            ]
        );
    }

    #[test]
    fn damage_is_the_differing_middle() {
        let row = |h: u64, y: f32| (h, [0.0, y, 100.0, 10.0]);
        let old = [row(1, 0.0), row(2, 10.0), row(3, 20.0), row(4, 30.0)];
        assert_eq!(damage(&old, &old), None);
        // One row changed: only it.
        let new = [row(1, 0.0), row(9, 10.0), row(3, 20.0), row(4, 30.0)];
        assert_eq!(damage(&old, &new), Some([0.0, 10.0, 100.0, 10.0]));
        // Two rows changed: everything between them too.
        let new = [row(1, 0.0), row(9, 10.0), row(3, 20.0), row(8, 30.0)];
        assert_eq!(damage(&old, &new), Some([0.0, 10.0, 100.0, 30.0]));
        // A draw removed: its old bounds.
        let new = [row(1, 0.0), row(3, 20.0), row(4, 30.0)];
        assert_eq!(damage(&old, &new), Some([0.0, 10.0, 100.0, 10.0]));
        // A draw added at the end.
        let new = [
            row(1, 0.0),
            row(2, 10.0),
            row(3, 20.0),
            row(4, 30.0),
            row(5, 40.0),
        ];
        assert_eq!(damage(&old, &new), Some([0.0, 40.0, 100.0, 10.0]));
        // Two draws swapped: both places.
        let new = [row(1, 0.0), row(3, 20.0), row(2, 10.0), row(4, 30.0)];
        assert_eq!(damage(&old, &new), Some([0.0, 10.0, 100.0, 20.0]));
        assert_eq!(damage(&[], &[]), None);
    }

    #[test]
    fn transparent_quads_are_skipped() {
        let quad = Quad {
            border_colors: [[0.0, 0.0, 0.0, 1.0]; 4],
            ..Quad::filled([0.0, 0.0, 10.0, 10.0], [1.0, 0.0, 0.0, 0.0])
        };
        assert!(is_invisible_quad(&quad));
        assert!(!is_invisible_quad(&Quad {
            border_widths: [1.0, 0.0, 0.0, 0.0],
            ..quad
        }));
    }
}
