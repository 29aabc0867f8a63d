//! The `mode` attribute of `<image>`: which part of the image lands where in the box.
//!
//! Pure geometry. Rectangles are `[x, y, w, h]`; the source rect is in image pixels, the
//! destination in the box's coordinates (origin at the content box's top-left).

/// One `mode` value. Unknown strings fall back to `ScaleToFill` (the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    ScaleToFill,
    AspectFit,
    AspectFill,
    WidthFix,
    HeightFix,
    Top,
    Bottom,
    Center,
    Left,
    Right,
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

impl Mode {
    pub fn parse(s: &str) -> Mode {
        match s.trim() {
            "aspectFit" => Mode::AspectFit,
            "aspectFill" => Mode::AspectFill,
            "widthFix" => Mode::WidthFix,
            "heightFix" => Mode::HeightFix,
            "top" => Mode::Top,
            "bottom" => Mode::Bottom,
            "center" => Mode::Center,
            "left" => Mode::Left,
            "right" => Mode::Right,
            "top left" => Mode::TopLeft,
            "top right" => Mode::TopRight,
            "bottom left" => Mode::BottomLeft,
            "bottom right" => Mode::BottomRight,
            _ => Mode::ScaleToFill,
        }
    }

    /// Crop modes: the image at its natural size, anchored; (ax, ay) in 0, 0.5, 1.
    fn anchor(self) -> Option<(f32, f32)> {
        Some(match self {
            Mode::Top => (0.5, 0.0),
            Mode::Bottom => (0.5, 1.0),
            Mode::Center => (0.5, 0.5),
            Mode::Left => (0.0, 0.5),
            Mode::Right => (1.0, 0.5),
            Mode::TopLeft => (0.0, 0.0),
            Mode::TopRight => (1.0, 0.0),
            Mode::BottomLeft => (0.0, 1.0),
            Mode::BottomRight => (1.0, 1.0),
            _ => return None,
        })
    }
}

/// Where the image goes: `src` in image px, `dest` in box px (may extend past the box for
/// crop modes; the painter clips to the box).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub src: [f32; 4],
    pub dest: [f32; 4],
}

/// The placement of an image of natural size `img` (px) in a box of size `bx` (px).
/// `scale` maps the image's natural px to box px for the crop modes (device scale).
pub fn place(mode: Mode, img: (u32, u32), bx: (f32, f32), scale: f32) -> Placement {
    let (iw, ih) = (img.0.max(1) as f32, img.1.max(1) as f32);
    let (bw, bh) = bx;
    let full = [0.0, 0.0, iw, ih];
    if let Some((ax, ay)) = mode.anchor() {
        // Natural size, anchored; the part outside the box is cut away by the source rect.
        let (nw, nh) = (iw * scale, ih * scale);
        let dx = (bw - nw) * ax;
        let dy = (bh - nh) * ay;
        let x0 = dx.max(0.0);
        let y0 = dy.max(0.0);
        let x1 = (dx + nw).min(bw);
        let y1 = (dy + nh).min(bh);
        let (w, h) = ((x1 - x0).max(0.0), (y1 - y0).max(0.0));
        return Placement {
            src: [(x0 - dx) / scale, (y0 - dy) / scale, w / scale, h / scale],
            dest: [x0, y0, w, h],
        };
    }
    match mode {
        Mode::AspectFit => {
            let k = (bw / iw).min(bh / ih);
            let (w, h) = (iw * k, ih * k);
            Placement {
                src: full,
                dest: [(bw - w) / 2.0, (bh - h) / 2.0, w, h],
            }
        }
        Mode::AspectFill => {
            // Fill the box, crop the image's overflow evenly on both sides.
            let k = (bw / iw).max(bh / ih);
            let (sw, sh) = (bw / k, bh / k);
            Placement {
                src: [(iw - sw) / 2.0, (ih - sh) / 2.0, sw, sh],
                dest: [0.0, 0.0, bw, bh],
            }
        }
        // widthFix/heightFix size the box to the image's ratio (layout), then fill it.
        _ => Placement {
            src: full,
            dest: [0.0, 0.0, bw, bh],
        },
    }
}

/// The box size for `widthFix` / `heightFix` given the other dimension.
pub fn fixed_height(width: f32, img: (u32, u32)) -> f32 {
    width * img.1 as f32 / img.0.max(1) as f32
}

pub fn fixed_width(height: f32, img: (u32, u32)) -> f32 {
    height * img.0 as f32 / img.1.max(1) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(mode: &str, img: (u32, u32), bx: (f32, f32)) -> Placement {
        place(Mode::parse(mode), img, bx, 1.0)
    }

    #[test]
    fn scale_to_fill_stretches() {
        let pl = p("scaleToFill", (100, 50), (200.0, 200.0));
        assert_eq!(pl.src, [0.0, 0.0, 100.0, 50.0]);
        assert_eq!(pl.dest, [0.0, 0.0, 200.0, 200.0]);
        assert_eq!(Mode::parse("bogus"), Mode::ScaleToFill);
    }

    #[test]
    fn aspect_fit_letterboxes() {
        let pl = p("aspectFit", (100, 50), (200.0, 200.0));
        assert_eq!(pl.src, [0.0, 0.0, 100.0, 50.0]);
        assert_eq!(pl.dest, [0.0, 50.0, 200.0, 100.0]);
    }

    #[test]
    fn aspect_fill_crops_overflow() {
        let pl = p("aspectFill", (100, 50), (200.0, 200.0));
        assert_eq!(pl.src, [25.0, 0.0, 50.0, 50.0]);
        assert_eq!(pl.dest, [0.0, 0.0, 200.0, 200.0]);
    }

    #[test]
    fn fix_modes_fill_and_size() {
        assert_eq!(
            p("widthFix", (100, 50), (200.0, 100.0)).dest,
            [0.0, 0.0, 200.0, 100.0]
        );
        assert_eq!(
            p("heightFix", (100, 50), (40.0, 20.0)).src,
            [0.0, 0.0, 100.0, 50.0]
        );
        assert_eq!(fixed_height(200.0, (100, 50)), 100.0);
        assert_eq!(fixed_width(100.0, (100, 50)), 200.0);
    }

    #[test]
    fn crop_modes_anchor_at_natural_size() {
        // Image larger than the box: the anchored part shows.
        let img = (100, 100);
        let bx = (50.0, 50.0);
        assert_eq!(p("top left", img, bx).src, [0.0, 0.0, 50.0, 50.0]);
        assert_eq!(p("bottom right", img, bx).src, [50.0, 50.0, 50.0, 50.0]);
        assert_eq!(p("center", img, bx).src, [25.0, 25.0, 50.0, 50.0]);
        assert_eq!(p("top", img, bx).src, [25.0, 0.0, 50.0, 50.0]);
        assert_eq!(p("bottom", img, bx).src, [25.0, 50.0, 50.0, 50.0]);
        assert_eq!(p("left", img, bx).src, [0.0, 25.0, 50.0, 50.0]);
        assert_eq!(p("right", img, bx).src, [50.0, 25.0, 50.0, 50.0]);
        assert_eq!(p("top right", img, bx).src, [50.0, 0.0, 50.0, 50.0]);
        assert_eq!(p("bottom left", img, bx).src, [0.0, 50.0, 50.0, 50.0]);
        for m in ["top", "center", "bottom right"] {
            assert_eq!(p(m, img, bx).dest, [0.0, 0.0, 50.0, 50.0]);
        }
        // Image smaller than the box: placed at natural size, anchored.
        let pl = p("bottom right", (10, 10), (50.0, 50.0));
        assert_eq!(pl.dest, [40.0, 40.0, 10.0, 10.0]);
        assert_eq!(pl.src, [0.0, 0.0, 10.0, 10.0]);
        assert_eq!(
            p("center", (10, 10), (50.0, 50.0)).dest,
            [20.0, 20.0, 10.0, 10.0]
        );
    }

    #[test]
    fn device_scale_applies_to_crop_modes() {
        let pl = place(Mode::TopLeft, (10, 10), (50.0, 50.0), 2.0);
        assert_eq!(pl.dest, [0.0, 0.0, 20.0, 20.0]);
        assert_eq!(pl.src, [0.0, 0.0, 10.0, 10.0]);
    }
}
