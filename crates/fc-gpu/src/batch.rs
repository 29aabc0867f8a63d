//! Splitting a scene into batches: runs of consecutive items of one kind, each drawn with one
//! instanced call. Paint order is `Scene::items` order, so a quad between two glyphs splits
//! the glyphs into two batches; nothing is reordered.
//!
//! The per-frame vectors live in [`FrameInstances`] and are cleared, not freed, between
//! frames, so a steady scene allocates nothing here.

use std::ops::Range;

use bytemuck::{Pod, Zeroable};
use cosmic_text::FontSystem;
use fc_paint::{Glyph, Item, Quad, Scene};

use crate::atlas::{AtlasFull, GlyphAtlas};

/// One glyph as `shaders/glyph.wgsl` reads it from the instance buffer.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct GlyphInstance {
    /// Image rectangle in device pixels: x, y (top-left), width, height.
    pub rect: [f32; 4],
    /// Top-left texel of the image in its atlas page.
    pub atlas_origin: [u32; 2],
    /// `GlyphKind` as u32: which page.
    pub kind: u32,
    /// Keeps `color` 16-byte aligned, like the WGSL side.
    pub _pad: u32,
    /// Straight sRGB, 0..1.
    pub color: [f32; 4],
    /// x, y, width, height.
    pub clip: [f32; 4],
}

/// Which pipeline a batch uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BatchKind {
    Quad,
    Glyph,
}

/// A run of instances of one kind, drawn with `draw(0..4, instances)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Batch {
    pub kind: BatchKind,
    /// Range into the instance vector of `kind`.
    pub instances: Range<u32>,
}

/// One frame's instances and batches.
#[derive(Default)]
pub(crate) struct FrameInstances {
    pub quads: Vec<Quad>,
    pub glyphs: Vec<GlyphInstance>,
    pub batches: Vec<Batch>,
}

impl FrameInstances {
    /// Fills the instance vectors and batches for `scene`, rasterising and uploading glyphs
    /// that are not in `atlas` yet. When the atlas is full it is cleared once and the frame
    /// started again, so all glyphs of the frame refer to the same atlas contents; glyphs that
    /// still do not fit after that are left out (and logged).
    pub fn build(
        &mut self,
        scene: &Scene,
        atlas: &mut GlyphAtlas,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        fonts: &mut FontSystem,
    ) {
        if self
            .try_build(scene, atlas, device, queue, fonts, false)
            .is_err()
        {
            atlas.clear();
            let dropped = self.try_build(scene, atlas, device, queue, fonts, true);
            debug_assert!(dropped.is_ok(), "a build that skips glyphs never fails");
        }
    }

    /// One attempt. With `skip_unfitting` a glyph that does not fit is left out; without it
    /// the attempt stops at that glyph.
    fn try_build(
        &mut self,
        scene: &Scene,
        atlas: &mut GlyphAtlas,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        fonts: &mut FontSystem,
        skip_unfitting: bool,
    ) -> Result<(), AtlasFull> {
        self.quads.clear();
        self.glyphs.clear();
        self.batches.clear();
        let mut skipped = 0usize;
        for item in &scene.items {
            match item {
                Item::Quad(quad) => {
                    if is_invisible_quad(quad) {
                        continue;
                    }
                    self.quads.push(*quad);
                    push_to_batch(&mut self.batches, BatchKind::Quad, self.quads.len());
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
                    self.glyphs.push(glyph_instance(glyph, &placed));
                    push_to_batch(&mut self.batches, BatchKind::Glyph, self.glyphs.len());
                }
            }
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

/// A quad with nothing to paint: fully transparent fill and border, or an empty box.
fn is_invisible_quad(quad: &Quad) -> bool {
    let no_fill = quad.background[3] <= 0.0;
    let no_border = quad.border_color[3] <= 0.0 || quad.border_widths.iter().all(|w| *w <= 0.0);
    let empty = quad.bounds[2] <= 0.0 || quad.bounds[3] <= 0.0;
    (no_fill && no_border) || empty
}

/// Extends the last batch when it has `kind`, else starts one; `len` is the new length of
/// `kind`'s instance vector (the instance just pushed is at `len - 1`).
fn push_to_batch(batches: &mut Vec<Batch>, kind: BatchKind, len: usize) {
    let end = u32::try_from(len).expect("fewer than 2^32 instances per frame");
    match batches.last_mut() {
        Some(last) if last.kind == kind => last.instances.end = end,
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
        atlas_origin: placed.origin,
        kind: placed.kind as u32,
        _pad: 0,
        color: glyph.color,
        clip: glyph.clip,
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
        assert_eq!(
            batches,
            vec![
                Batch {
                    kind: BatchKind::Quad,
                    instances: 0..2
                },
                Batch {
                    kind: BatchKind::Glyph,
                    instances: 0..2
                },
                Batch {
                    kind: BatchKind::Quad,
                    instances: 2..3
                },
            ]
        );
    }

    #[test]
    fn glyph_instance_matches_wgsl_layout() {
        // rect 16 + origin 8 + kind 4 + pad 4 + color 16 + clip 16.
        assert_eq!(std::mem::size_of::<GlyphInstance>(), 64);
        assert_eq!(std::mem::size_of::<Quad>(), 96);
    }

    #[test]
    fn transparent_quads_are_skipped() {
        let quad = Quad {
            bounds: [0.0, 0.0, 10.0, 10.0],
            background: [1.0, 0.0, 0.0, 0.0],
            border_color: [0.0, 0.0, 0.0, 1.0],
            border_widths: [0.0; 4],
            corner_radii: [0.0; 4],
            clip: fc_paint::NO_CLIP,
        };
        assert!(is_invisible_quad(&quad));
        assert!(!is_invisible_quad(&Quad {
            border_widths: [1.0, 0.0, 0.0, 0.0],
            ..quad
        }));
    }
}
