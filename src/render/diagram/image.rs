//! SVG and PNG from DOT: in-process with the built-in Graphviz port (graphviz-pure), or with an
//! installed Graphviz. Either way the layout time is bounded and no local file can be read.
//!
//! Reading files: Graphviz opens the files named by `image=`, `shapefile=` and HTML `<IMG>`.
//! Our DOT never sets those (every value is ours or quoted user text), and as a second line of
//! defence both engines run in Graphviz's "server" mode, where file loading is disabled: the
//! built-in port through `graphviz_pure_core::usershape::set_server_name`, an installed
//! Graphviz through `SERVER_NAME` in its environment. The built-in renderer uses font metric
//! tables and bundled fonts, never system fonts or `fontpath`.
//!
//! Time: an installed Graphviz is killed when the timeout expires. The built-in layout runs in a
//! thread that is abandoned on timeout (Rust cannot stop a thread); the command then exits, which
//! ends it.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

/// A Graphviz layout engine, or `auto` to pick one by the size of the graph.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// `dot` up to 60 actors and 150 ties, `sfdp` beyond (see `AUTO_MAX_NODES`).
    #[default]
    Auto,
    /// Hierarchical layers; draws clusters best.
    Dot,
    /// Spring model (stress majorisation).
    Neato,
    /// Force-directed, with clusters.
    Fdp,
    /// Multiscale force-directed, for large graphs.
    Sfdp,
    /// Circular.
    Circo,
    /// Radial: circles around a centre node.
    Twopi,
    /// Every node where its `pos` says (`neato -n`): frames on a layout computed once.
    Pinned,
    /// Nodes, edge lines and labels where their `pos` and `lp` say (`neato -n2`), edges
    /// without a `pos` routed: a layout finished by `declutter`.
    Placed,
}

/// [`Layout::Auto`] uses `dot` up to this many nodes (actors, legend excluded)...
pub const AUTO_MAX_NODES: usize = 60;
/// ... and this many ties; `sfdp` beyond either. Measured: see docs/rendering.md.
pub const AUTO_MAX_EDGES: usize = 150;

impl Layout {
    /// The engine to run for a graph of `nodes` actors and `edges` ties; never [`Layout::Auto`].
    pub fn resolve(self, nodes: usize, edges: usize) -> Layout {
        match self {
            Layout::Auto if nodes > AUTO_MAX_NODES || edges > AUTO_MAX_EDGES => Layout::Sfdp,
            Layout::Auto => Layout::Dot,
            chosen => chosen,
        }
    }

    /// The engine's Graphviz name (`-K` value).
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Auto => "auto",
            Layout::Dot => "dot",
            Layout::Neato => "neato",
            Layout::Fdp => "fdp",
            Layout::Sfdp => "sfdp",
            Layout::Circo => "circo",
            Layout::Twopi => "twopi",
            Layout::Pinned | Layout::Placed => "neato",
        }
    }
}

/// The size a PNG is scaled to, in pixels: to this width, to this height, or to fit within both
/// (keeping its proportions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PngSize {
    /// The width in pixels, if given.
    pub width: Option<u32>,
    /// The height in pixels, if given.
    pub height: Option<u32>,
}

/// Pixels per inch of a PNG from either engine when no `dpi` is set ([`PngSize::graphviz_size`]'s
/// documentation quotes it).
const PNG_PPI: f64 = 96.0;

impl PngSize {
    /// The Graphviz graph `size` that scales the drawing (up or down, `!`) to fit: inches at
    /// 96 pixels per inch; a missing side is left free (a bound no picture reaches). `None` when
    /// neither side is given.
    pub fn graphviz_size(self) -> Option<String> {
        if self.width.is_none() && self.height.is_none() {
            return None;
        }
        let inches = |px: Option<u32>| px.map_or(1e6, |px| f64::from(px) / PNG_PPI);
        Some(format!(
            "{},{}!",
            crate::render::format::exact(inches(self.width)),
            crate::render::format::exact(inches(self.height))
        ))
    }
}

/// Which Graphviz draws the picture.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Engine {
    /// The Graphviz port built into detente: nothing to install.
    #[default]
    Builtin,
    /// An installed Graphviz (`dot` on PATH).
    Graphviz,
}

/// A picture format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// Scalable vector graphics.
    Svg,
    /// A PNG at 96 dpi.
    Png,
}

impl ImageFormat {
    /// The Graphviz `-T` name.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
        }
    }
}

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// This build has no built-in renderer.
    #[error(
        "this detente was built without the built-in renderer (cargo feature `builtin-render`)"
    )]
    NoBuiltin,
    /// `dot` is not on PATH.
    #[error("Graphviz is not installed (no `dot` on PATH)")]
    GraphvizMissing,
    /// The layout did not finish in time.
    #[error("the `{layout}` layout did not finish within {seconds} s")]
    Timeout {
        /// The engine that ran.
        layout: &'static str,
        /// The time allowed.
        seconds: u64,
    },
    /// The PNG would be larger than [`MAX_RASTER_SIDE`] or [`MAX_RASTER_PIXELS`].
    #[error(
        "the PNG would be {width} × {height} px, more than the limit of {MAX_RASTER_SIDE} px a \
         side and {} Mi pixels",
        MAX_RASTER_PIXELS / (1024 * 1024)
    )]
    TooLarge {
        /// The width the picture would have, in pixels.
        width: u64,
        /// Its height, in pixels.
        height: u64,
    },
    /// The renderer reported an error.
    #[error("{0}")]
    Failed(String),
}

/// The widest or tallest PNG drawn (by either engine, and as a frame of an animation), in
/// pixels.
pub const MAX_RASTER_SIDE: u64 = 16_384;
/// The most pixels of a PNG (64 Mi: 256 MiB of RGBA in memory), by either engine.
pub const MAX_RASTER_PIXELS: u64 = 64 * 1024 * 1024;

/// The size in pixels (at 96 dpi) of the SVG Graphviz wrote, from its root's `width` and
/// `height` in points; `None` when they cannot be read.
fn raster_size(svg: &str) -> Option<(u64, u64)> {
    let start = svg.find("<svg")?;
    let tag = &svg[start..start + svg[start..].find('>')?];
    let points = |name: &str| -> Option<f64> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let value = &tag[at..at + tag[at..].find('"')?];
        value.trim_end_matches("pt").parse().ok()
    };
    let pixels = |pt: f64| (pt * 96.0 / 72.0).round() as u64;
    Some((pixels(points("width")?), pixels(points("height")?)))
}

/// Refuses an SVG whose PNG would exceed the raster limits, before a pixel is allocated.
fn check_raster_size(svg: &str) -> Result<(), ImageError> {
    match raster_size(svg) {
        Some((width, height))
            if width > MAX_RASTER_SIDE
                || height > MAX_RASTER_SIDE
                || width.saturating_mul(height) > MAX_RASTER_PIXELS =>
        {
            Err(ImageError::TooLarge { width, height })
        }
        _ => Ok(()),
    }
}

/// Renders `dot` to `format` with `layout` (already resolved, see [`Layout::resolve`]) on
/// `engine`, giving up after `timeout`.
pub fn render(
    dot: &str,
    layout: Layout,
    format: ImageFormat,
    engine: Engine,
    timeout: Duration,
) -> Result<Vec<u8>, ImageError> {
    let target = match format {
        ImageFormat::Svg => Target::Svg,
        ImageFormat::Png => Target::Png,
    };
    match engine {
        Engine::Builtin => builtin(dot, layout, target, timeout),
        Engine::Graphviz => graphviz(dot, layout, target, timeout),
    }
}

/// Lays `dot` out with `layout` on `engine` and returns the result as DOT (`-Tdot`): every node
/// with its `pos`, `width` and `height`, every cluster with its `bb`.
pub fn positions(
    dot: &str,
    layout: Layout,
    engine: Engine,
    timeout: Duration,
) -> Result<String, ImageError> {
    let bytes = match engine {
        Engine::Builtin => builtin(dot, layout, Target::Dot, timeout),
        Engine::Graphviz => graphviz(dot, layout, Target::Dot, timeout),
    }?;
    String::from_utf8(bytes).map_err(|_| ImageError::Failed("the layout is not valid UTF-8".into()))
}

/// What a renderer is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Svg,
    Png,
    Dot,
}

impl Target {
    fn as_str(self) -> &'static str {
        match self {
            Target::Svg => "svg",
            Target::Png => "png",
            Target::Dot => "dot",
        }
    }
}

fn timed_out(layout: Layout, timeout: Duration) -> ImageError {
    ImageError::Timeout {
        layout: layout.as_str(),
        seconds: timeout.as_secs(),
    }
}

#[cfg(feature = "builtin-render")]
fn builtin(
    dot: &str,
    layout: Layout,
    target: Target,
    timeout: Duration,
) -> Result<Vec<u8>, ImageError> {
    use std::sync::mpsc;

    fn failed(e: String) -> ImageError {
        ImageError::Failed(format!("the built-in renderer failed: {e}"))
    }
    // Graphviz's server mode: `image`, `shapefile` and `<IMG>` files are never opened.
    graphviz_pure_core::usershape::set_server_name(Some("detente"));
    let (send, receive) = mpsc::channel();
    let dot = dot.to_owned();
    let engine = layout.as_str();
    std::thread::Builder::new()
        .name("detente-layout".into())
        .spawn(move || {
            let text_format = if target == Target::Dot { "dot" } else { "svg" };
            let svg = if matches!(layout, Layout::Pinned | Layout::Placed) {
                // `neato -n`: the nodes stay where their `pos` puts them (`-n2`: edges too).
                let nop = if layout == Layout::Placed { 2 } else { 1 };
                let options = graphviz_pure::LayoutOptions::builder().nop(nop).build();
                graphviz_pure::render_dot_all_with_options(
                    &dot,
                    engine,
                    text_format,
                    &graphviz_pure::GlobalAttrs::default(),
                    options,
                )
                .map(graphviz_pure::Rendered::into_output)
                .map(|mut all| {
                    if all.is_empty() {
                        String::new()
                    } else {
                        all.swap_remove(0)
                    }
                })
            } else {
                graphviz_pure::render_dot(&dot, engine, text_format)
                    .map(graphviz_pure::Rendered::into_output)
            }
            .map_err(|e| failed(e.to_string()));
            let bytes = svg.and_then(|svg| match target {
                Target::Svg | Target::Dot => Ok(svg.into_bytes()),
                Target::Png => match check_raster_size(&svg) {
                    Err(too_large) => Err(too_large),
                    Ok(()) => graphviz_pure_raster::rasterize(
                        &svg,
                        graphviz_pure_raster::RasterFormat::Png,
                        false,
                    )
                    .map(graphviz_pure_raster::Rendered::into_output)
                    .map_err(|e| failed(e.to_string())),
                },
            });
            // The receiver is gone only after a timeout, when nobody wants the result.
            let _ = send.send(bytes);
        })
        .map_err(|e| ImageError::Failed(format!("cannot start the layout thread: {e}")))?;
    match receive.recv_timeout(timeout) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(timed_out(layout, timeout)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(ImageError::Failed(
            "the built-in renderer stopped unexpectedly".into(),
        )),
    }
}

#[cfg(not(feature = "builtin-render"))]
fn builtin(_: &str, _: Layout, _: Target, _: Duration) -> Result<Vec<u8>, ImageError> {
    Err(ImageError::NoBuiltin)
}

/// Runs an installed Graphviz for `target`. A PNG is laid out as SVG first and its size checked
/// against the raster limits, so that Graphviz is never asked for a picture of gigabytes (it
/// would allocate every pixel); the two runs share `timeout`.
fn graphviz(
    dot: &str,
    layout: Layout,
    target: Target,
    timeout: Duration,
) -> Result<Vec<u8>, ImageError> {
    if target != Target::Png {
        return run_graphviz(dot, layout, target, timeout);
    }
    let start = std::time::Instant::now();
    let svg = run_graphviz(dot, layout, Target::Svg, timeout)?;
    check_raster_size(&String::from_utf8_lossy(&svg))?;
    let left = timeout.saturating_sub(start.elapsed());
    if left.is_zero() {
        return Err(timed_out(layout, timeout));
    }
    run_graphviz(dot, layout, Target::Png, left)
}

/// Runs `dot -K<layout> -T<format>` with `SERVER_NAME` set, feeding `dot` on stdin.
fn run_graphviz(
    dot: &str,
    layout: Layout,
    target: Target,
    timeout: Duration,
) -> Result<Vec<u8>, ImageError> {
    let mut command = Command::new("dot");
    match layout {
        Layout::Pinned => {
            command.arg("-n");
        }
        Layout::Placed => {
            command.arg("-n2");
        }
        _ => {}
    }
    let mut child = command
        .arg(format!("-K{}", layout.as_str()))
        .arg(format!("-T{}", target.as_str()))
        .env("SERVER_NAME", "detente")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ImageError::GraphvizMissing,
            _ => ImageError::Failed(format!("cannot run Graphviz (`dot`): {e}")),
        })?;
    // Feed and drain the pipes in threads, so a large graph cannot deadlock on a full pipe. A
    // thread the system refuses is an error, and Graphviz is stopped (which ends any thread
    // already started, as their pipes close).
    let threads = (|| -> std::io::Result<_> {
        let feeder = match child.stdin.take() {
            Some(mut stdin) => {
                let dot = dot.to_owned();
                Some(named_thread("detente-dot-in", move || {
                    // Graphviz closing stdin early shows up in its exit status.
                    let _ = stdin.write_all(dot.as_bytes());
                })?)
            }
            None => None,
        };
        let drain = |name: &str, pipe: Option<Box<dyn Read + Send>>| {
            named_thread(name, move || {
                let mut bytes = Vec::new();
                if let Some(mut pipe) = pipe {
                    let _ = pipe.read_to_end(&mut bytes);
                }
                bytes
            })
        };
        fn boxed(pipe: impl Read + Send + 'static) -> Box<dyn Read + Send> {
            Box::new(pipe)
        }
        let stdout = drain("detente-dot-out", child.stdout.take().map(boxed))?;
        let stderr = drain("detente-dot-err", child.stderr.take().map(boxed))?;
        Ok((feeder, stdout, stderr))
    })();
    let (feeder, stdout, stderr) = match threads {
        Ok(threads) => threads,
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ImageError::Failed(format!(
                "cannot start a thread to talk to Graphviz: {e}"
            )));
        }
    };
    let status = child
        .wait_timeout(timeout)
        .map_err(|e| ImageError::Failed(format!("waiting for Graphviz: {e}")))?;
    let Some(status) = status else {
        // Killing closes the pipes, which ends the threads.
        let _ = child.kill();
        let _ = child.wait();
        return Err(timed_out(layout, timeout));
    };
    if let Some(feeder) = feeder {
        let _ = feeder.join();
    }
    let out = stdout.join().unwrap_or_default();
    let err = stderr.join().unwrap_or_default();
    if !status.success() {
        let message = String::from_utf8_lossy(&err);
        return Err(ImageError::Failed(format!(
            "Graphviz failed ({status}): {}",
            message.trim()
        )));
    }
    Ok(out)
}

/// Starts `f` on a thread named `name`; an error when the system refuses the thread.
fn named_thread<T: Send + 'static>(
    name: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<std::thread::JoinHandle<T>> {
    std::thread::Builder::new().name(name.to_string()).spawn(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_beyond_the_raster_limits_is_refused_before_drawing() {
        let svg = |w: &str, h: &str| {
            format!(r#"<?xml version="1.0"?><svg width="{w}pt" height="{h}pt" viewBox="0 0 1 1">"#)
        };
        assert_eq!(raster_size(&svg("685", "453")), Some((913, 604)));
        assert!(check_raster_size(&svg("685", "453")).is_ok());
        // 12,288 pt is 16,384 px: the widest allowed.
        assert!(check_raster_size(&svg("12288", "100")).is_ok());
        let wide = check_raster_size(&svg("800194", "304")).unwrap_err();
        assert_eq!(
            wide.to_string(),
            "the PNG would be 1066925 × 405 px, more than the limit of 16384 px a side and 64 Mi \
             pixels"
        );
        // Within the side limit, but 12,000 × 12,000 px is more than 64 Mi pixels.
        assert!(matches!(
            check_raster_size(&svg("9000", "9000")),
            Err(ImageError::TooLarge {
                width: 12000,
                height: 12000
            })
        ));
    }

    #[test]
    fn auto_picks_dot_for_small_graphs_and_sfdp_for_large_ones() {
        assert_eq!(Layout::Auto.resolve(10, 20), Layout::Dot);
        assert_eq!(
            Layout::Auto.resolve(AUTO_MAX_NODES, AUTO_MAX_EDGES),
            Layout::Dot
        );
        assert_eq!(Layout::Auto.resolve(AUTO_MAX_NODES + 1, 0), Layout::Sfdp);
        assert_eq!(Layout::Auto.resolve(5, AUTO_MAX_EDGES + 1), Layout::Sfdp);
        assert_eq!(Layout::Circo.resolve(1000, 5000), Layout::Circo);
    }

    /// A DOT graph whose node shows a real image file, and that file's directory.
    fn image_graph() -> (String, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret.png");
        // A PNG header is all Graphviz reads to size an image: signature, then IHDR (1 x 1).
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec();
        png.extend([0x90, 0x77, 0x53, 0xde]);
        std::fs::write(&secret, png).unwrap();
        (
            format!("digraph {{ a [image=\"{}\"] }}", secret.display()),
            dir,
        )
    }

    #[test]
    fn errors_name_no_command_line_flag() {
        // The command line adds its own hints (`--engine`, `--layout`, ...); the library's
        // messages must make sense to any caller.
        for error in [
            ImageError::NoBuiltin,
            ImageError::GraphvizMissing,
            ImageError::Timeout {
                layout: "dot",
                seconds: 5,
            },
        ] {
            let message = error.to_string();
            assert!(!message.contains("--"), "{message}");
        }
        assert_eq!(
            ImageError::Timeout {
                layout: "dot",
                seconds: 5
            }
            .to_string(),
            "the `dot` layout did not finish within 5 s"
        );
    }

    fn svg_of(engine: Engine, dot: &str) -> String {
        let svg = render(
            dot,
            Layout::Dot,
            ImageFormat::Svg,
            engine,
            Duration::from_secs(30),
        );
        String::from_utf8(svg.unwrap()).unwrap()
    }

    #[cfg(feature = "builtin-render")]
    #[test]
    fn the_builtin_renderer_reads_no_image_file() {
        let (dot, _dir) = image_graph();
        let svg = svg_of(Engine::Builtin, &dot);
        assert!(svg.contains("<svg") && !svg.contains("<image"), "{svg}");
    }

    #[test]
    fn an_installed_graphviz_reads_no_image_file() {
        if std::process::Command::new("dot")
            .arg("-V")
            .output()
            .is_err()
        {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but `dot` is missing"
            );
            return;
        }
        let (dot, _dir) = image_graph();
        let svg = svg_of(Engine::Graphviz, &dot);
        assert!(svg.contains("<svg") && !svg.contains("<image"), "{svg}");
    }
}
