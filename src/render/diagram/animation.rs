//! Animations of frames: the PNGs of frames on a pinned layout, one after another, as an
//! animated GIF (`gif`, each frame quantized to its own 256-colour palette) or an animated PNG
//! (`png`, full colour). Every frame is shown for [`FRAME_DELAY_MS`] and the animation loops.
//!
//! Pinned frames share the union's box, so they have one size; a frame that comes out smaller
//! (a legend with fewer kinds) is placed at the top left of a white canvas of the largest
//! frame's size, so the animation's frames all have one size too.
//!
//! The canvas is held to the PNG limits ([`MAX_RASTER_SIDE`] a side, [`MAX_RASTER_PIXELS`]),
//! checked from the frames' headers before any pixel is decoded, and frames are decoded,
//! placed and encoded one at a time, so memory holds one canvas whatever the number of frames.

#[cfg(feature = "builtin-render")]
use super::image::{MAX_RASTER_PIXELS, MAX_RASTER_SIDE};

/// How long each frame is shown, in milliseconds.
pub const FRAME_DELAY_MS: u16 = 1000;

/// Why an animation could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot make the animation: {0}")]
pub struct AnimationError(String);

/// A decoded frame: width, height and RGBA pixels.
#[cfg(feature = "builtin-render")]
struct Rgba {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

/// Decodes PNG bytes to 8-bit RGBA.
#[cfg(feature = "builtin-render")]
fn decode(bytes: &[u8]) -> Result<Rgba, AnimationError> {
    let fail = |e: png::DecodingError| AnimationError(format!("reading a frame: {e}"));
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(fail)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| AnimationError("a frame is too large".into()))?;
    let mut buffer = vec![0; size];
    let info = reader.next_frame(&mut buffer).map_err(fail)?;
    buffer.truncate(info.buffer_size());
    let pixels = match info.color_type {
        png::ColorType::Rgba => buffer,
        png::ColorType::Rgb => buffer
            .chunks_exact(3)
            .flat_map(|c| [c[0], c[1], c[2], 255])
            .collect(),
        png::ColorType::GrayscaleAlpha => buffer
            .chunks_exact(2)
            .flat_map(|c| [c[0], c[0], c[0], c[1]])
            .collect(),
        png::ColorType::Grayscale => buffer.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => {
            return Err(AnimationError("a frame has an unexpanded palette".into()));
        }
    };
    Ok(Rgba {
        width: info.width,
        height: info.height,
        pixels,
    })
}

/// The canvas of the animation: the largest width and height of the frames, read from their
/// headers; refused beyond the PNG limits.
#[cfg(feature = "builtin-render")]
fn canvas_size(pngs: &[Vec<u8>]) -> Result<(u32, u32), AnimationError> {
    let (mut width, mut height) = (1, 1);
    for bytes in pngs {
        let reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .map_err(|e| AnimationError(format!("reading a frame: {e}")))?;
        width = width.max(reader.info().width);
        height = height.max(reader.info().height);
    }
    let (w, h) = (u64::from(width), u64::from(height));
    if w > MAX_RASTER_SIDE || h > MAX_RASTER_SIDE || w * h > MAX_RASTER_PIXELS {
        return Err(AnimationError(format!(
            "the frames would be {w} × {h} px, more than the limit of {MAX_RASTER_SIDE} px a \
             side and {} Mi pixels",
            MAX_RASTER_PIXELS / (1024 * 1024)
        )));
    }
    Ok((width, height))
}

/// A frame decoded and placed on an opaque white canvas of `(width, height)` (at least the
/// frame's size).
#[cfg(feature = "builtin-render")]
fn canvas(png: &[u8], (width, height): (u32, u32)) -> Result<Vec<u8>, AnimationError> {
    let f = decode(png)?;
    if f.width > width || f.height > height {
        return Err(AnimationError(
            "a frame is larger than its header said".into(),
        ));
    }
    let row = width as usize * 4;
    let mut canvas = vec![255u8; row * height as usize];
    for y in 0..f.height as usize {
        for x in 0..f.width as usize {
            let from = (y * f.width as usize + x) * 4;
            let to = y * row + x * 4;
            // Composite over white: a transparent background becomes white.
            let alpha = u32::from(f.pixels[from + 3]);
            for c in 0..3 {
                let v = u32::from(f.pixels[from + c]);
                canvas[to + c] = ((v * alpha + 255 * (255 - alpha) + 127) / 255) as u8;
            }
            canvas[to + 3] = 255;
        }
    }
    Ok(canvas)
}

/// The frames (PNG bytes, in order) as one looping animated GIF.
///
/// Errors: no frames, a frame that is not a PNG, or a canvas larger than GIF's 65535 pixels.
#[cfg(feature = "builtin-render")]
pub fn gif(pngs: &[Vec<u8>]) -> Result<Vec<u8>, AnimationError> {
    if pngs.is_empty() {
        return Err(AnimationError("there are no frames".into()));
    }
    let (width, height) = canvas_size(pngs)?;
    let too_large = || AnimationError(format!("{width} x {height} pixels is too large for GIF"));
    let (w, h) = (
        u16::try_from(width).map_err(|_| too_large())?,
        u16::try_from(height).map_err(|_| too_large())?,
    );
    let fail = |e: gif::EncodingError| AnimationError(e.to_string());
    let mut out = Vec::new();
    {
        let mut encoder = gif::Encoder::new(&mut out, w, h, &[]).map_err(fail)?;
        encoder.set_repeat(gif::Repeat::Infinite).map_err(fail)?;
        for png in pngs {
            let mut pixels = canvas(png, (width, height))?;
            // NeuQuant at speed 10 (gif's recommended balance): deterministic, good enough
            // for a diagram's flat colours and their antialiased edges.
            let mut frame = gif::Frame::from_rgba_speed(w, h, &mut pixels, 10);
            frame.delay = FRAME_DELAY_MS / 10;
            encoder.write_frame(&frame).map_err(fail)?;
        }
    }
    Ok(out)
}

/// The frames (PNG bytes, in order) as one looping animated PNG, in full colour.
///
/// Errors: no frames, or a frame that is not a PNG.
#[cfg(feature = "builtin-render")]
pub fn apng(pngs: &[Vec<u8>]) -> Result<Vec<u8>, AnimationError> {
    let count = u32::try_from(pngs.len()).map_err(|_| AnimationError("too many frames".into()))?;
    if count == 0 {
        return Err(AnimationError("there are no frames".into()));
    }
    let (width, height) = canvas_size(pngs)?;
    let fail = |e: png::EncodingError| AnimationError(e.to_string());
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_animated(count, 0).map_err(fail)?;
        encoder
            .set_frame_delay(FRAME_DELAY_MS, 1000)
            .map_err(fail)?;
        let mut writer = encoder.write_header().map_err(fail)?;
        for png in pngs {
            writer
                .write_image_data(&canvas(png, (width, height))?)
                .map_err(fail)?;
        }
        writer.finish().map_err(fail)?;
    }
    Ok(out)
}

/// Without the built-in renderer there are no frames to animate.
#[cfg(not(feature = "builtin-render"))]
pub fn gif(_pngs: &[Vec<u8>]) -> Result<Vec<u8>, AnimationError> {
    Err(AnimationError(NO_BUILTIN.into()))
}

/// Without the built-in renderer there are no frames to animate.
#[cfg(not(feature = "builtin-render"))]
pub fn apng(_pngs: &[Vec<u8>]) -> Result<Vec<u8>, AnimationError> {
    Err(AnimationError(NO_BUILTIN.into()))
}

#[cfg(not(feature = "builtin-render"))]
const NO_BUILTIN: &str =
    "this detente was built without the built-in renderer (cargo feature `builtin-render`)";

#[cfg(all(test, feature = "builtin-render"))]
mod tests {
    use super::*;

    /// A `w` x `h` PNG of one colour.
    fn png_of(w: u32, h: u32, rgba: [u8; 4]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let pixels: Vec<u8> = (0..w * h).flat_map(|_| rgba).collect();
        writer.write_image_data(&pixels).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn frames_of_different_sizes_are_placed_on_one_white_canvas() {
        let frames = [png_of(4, 3, [255, 0, 0, 255]), png_of(2, 5, [0, 0, 0, 0])];
        let (w, h) = canvas_size(&frames).unwrap();
        assert_eq!((w, h), (4, 5));
        let canvases: Vec<Vec<u8>> = frames.iter().map(|f| canvas(f, (w, h)).unwrap()).collect();
        // The first frame's red, then white below it; the transparent second frame is white.
        assert_eq!(&canvases[0][..4], &[255, 0, 0, 255]);
        assert_eq!(
            &canvases[0][(4 * 4) * 4..(4 * 4) * 4 + 4],
            &[255, 255, 255, 255]
        );
        assert!(canvases[1].iter().all(|&b| b == 255));
    }

    #[test]
    fn a_canvas_beyond_the_png_limits_is_refused_before_decoding() {
        // Each frame is small in bytes and within the limits on its own; a wide one and a tall
        // one make a canvas of 256 Mi pixels.
        let wide = png_of(16_000, 1, [0, 0, 0, 255]);
        let tall = png_of(1, 16_000, [0, 0, 0, 255]);
        assert!(canvas_size(std::slice::from_ref(&wide)).is_ok());
        let error = gif(&[wide.clone(), tall.clone()]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot make the animation: the frames would be 16000 × 16000 px, more than the \
             limit of 16384 px a side and 64 Mi pixels"
        );
        assert!(apng(&[wide, tall]).is_err());
        let wider = png_of(16_385, 1, [0, 0, 0, 255]);
        assert!(gif(&[wider]).is_err());
    }

    #[test]
    fn a_gif_and_an_apng_have_every_frame() {
        let frames = vec![png_of(3, 2, [0, 0, 255, 255]); 3];
        let gif_bytes = gif(&frames).unwrap();
        let mut options = ::gif::DecodeOptions::new();
        options.set_color_output(::gif::ColorOutput::RGBA);
        let mut decoder = options.read_info(gif_bytes.as_slice()).unwrap();
        let mut n = 0;
        while let Some(frame) = decoder.read_next_frame().unwrap() {
            assert_eq!((frame.width, frame.height, frame.delay), (3, 2, 100));
            n += 1;
        }
        assert_eq!(n, 3);
        let apng_bytes = apng(&frames).unwrap();
        let reader = png::Decoder::new(std::io::Cursor::new(apng_bytes))
            .read_info()
            .unwrap();
        assert_eq!(reader.info().animation_control().unwrap().num_frames, 3);
        assert!(gif(&[]).is_err() && apng(&[]).is_err());
    }
}
