//! Bytes → premultiplied RGBA8: PNG, JPEG, GIF (first frame), WebP via `image`; SVG via resvg.
//! Every failure is an `Err(message)`; nothing here panics on bad input.

use image::ImageReader;
use std::io::Cursor;

/// A decoded image: `width × height` pixels, premultiplied RGBA8, rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// The largest image side we accept (larger files are refused, not resized).
pub const MAX_SIDE: u32 = 8192;

pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if looks_like_svg(bytes) {
        return decode_svg(bytes);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("read image: {e}"))?;
    if reader.format().is_none() {
        return Err("unknown image format".into());
    }
    let img = reader.decode().map_err(|e| format!("decode image: {e}"))?;
    let rgba = img.into_rgba8();
    let (width, height) = rgba.dimensions();
    check_size(width, height)?;
    let mut data = rgba.into_raw();
    premultiply(&mut data);
    Ok(Decoded {
        width,
        height,
        rgba: data,
    })
}

fn check_size(w: u32, h: u32) -> Result<(), String> {
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!("image size {w}x{h} not supported"));
    }
    Ok(())
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    let s = String::from_utf8_lossy(head);
    s.contains("<svg") || (s.trim_start().starts_with("<?xml") && !s.contains("<html"))
}

fn decode_svg(bytes: &[u8]) -> Result<Decoded, String> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_data(bytes, &usvg::Options::default())
        .map_err(|e| format!("decode svg: {e}"))?;
    let size = tree.size().to_int_size();
    let (width, height) = (size.width(), size.height());
    check_size(width, height)?;
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or_else(|| "svg: empty canvas".to_string())?;
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    // tiny-skia pixmaps are premultiplied RGBA8 already.
    Ok(Decoded {
        width,
        height,
        rgba: pixmap.take(),
    })
}

fn premultiply(data: &mut [u8]) {
    for px in data.chunks_exact_mut(4) {
        let a = px[3] as u32;
        if a == 255 {
            continue;
        }
        for c in &mut px[..3] {
            *c = ((*c as u32 * a + 127) / 255) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageFormat, Rgba, RgbaImage};

    fn encode(fmt: ImageFormat) -> Vec<u8> {
        let mut img = RgbaImage::from_pixel(3, 2, Rgba([255, 0, 0, 255]));
        img.put_pixel(0, 0, Rgba([0, 0, 255, 255]));
        let mut out = Cursor::new(Vec::new());
        if fmt == ImageFormat::Jpeg {
            image::DynamicImage::ImageRgba8(img)
                .into_rgb8()
                .write_to(&mut out, fmt)
                .expect("encode");
        } else {
            img.write_to(&mut out, fmt).expect("encode");
        }
        out.into_inner()
    }

    #[test]
    fn decodes_each_raster_format() {
        for fmt in [
            ImageFormat::Png,
            ImageFormat::Jpeg,
            ImageFormat::Gif,
            ImageFormat::WebP,
        ] {
            let d = decode(&encode(fmt)).unwrap_or_else(|e| panic!("{fmt:?}: {e}"));
            assert_eq!((d.width, d.height), (3, 2), "{fmt:?}");
            assert_eq!(d.rgba.len(), 3 * 2 * 4);
            if fmt != ImageFormat::Jpeg {
                assert_eq!(&d.rgba[4..8], &[255, 0, 0, 255], "{fmt:?}");
                assert_eq!(&d.rgba[0..4], &[0, 0, 255, 255], "{fmt:?}");
            }
        }
    }

    #[test]
    fn decodes_svg() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"><rect width="4" height="2" fill="#00ff00"/></svg>"##;
        let d = decode(svg).expect("svg");
        assert_eq!((d.width, d.height), (4, 2));
        assert_eq!(&d.rgba[0..4], &[0, 255, 0, 255]);
    }

    #[test]
    fn broken_input_is_an_error() {
        assert!(decode(b"not an image").is_err());
        let mut png = encode(ImageFormat::Png);
        png.truncate(30);
        assert!(decode(&png).is_err());
        assert!(decode(b"<svg").is_err());
    }

    #[test]
    fn premultiplies_alpha() {
        let mut px = vec![200, 100, 0, 128];
        premultiply(&mut px);
        assert_eq!(px, vec![100, 50, 0, 128]);
    }
}
