//! PDF from our SVG (timelines and diagrams), with `svg2pdf`: vector paths, and text as real
//! text in an embedded subset of Arimo, the font the built-in PNG rasterizer draws Helvetica
//! and Arial with (the same file, `fonts/Arimo.ttf`, SIL Open Font License in
//! `fonts/OFL-Arimo.txt`), so the PDF's text has the PNG's metrics. No system font is read.
//!
//! The bytes depend on the SVG alone: `svg2pdf` writes no creation date and no document id, and
//! names the font subset by a hash of its glyphs.

#[cfg(feature = "builtin-render")]
use std::sync::Arc;

#[cfg(feature = "builtin-render")]
use svg2pdf::usvg;

/// Arimo (variable weight), the metric twin of Helvetica and Arial.
#[cfg(feature = "builtin-render")]
const ARIMO: &[u8] = include_bytes!("fonts/Arimo.ttf");

/// The family names our SVGs ask for that Arimo stands in for.
#[cfg(feature = "builtin-render")]
const ALIASES: &[&str] = &["Helvetica", "Arial", "Liberation Sans", "Helvetica-Bold"];

/// Why a PDF could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot make the PDF: {0}")]
pub struct PdfError(String);

/// A font database holding Arimo alone, under its own name and the aliases.
#[cfg(feature = "builtin-render")]
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: std::sync::OnceLock<Arc<usvg::fontdb::Database>> = std::sync::OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        let ids = db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(ARIMO)));
        for id in ids {
            let Some(mut info) = db.face(id).cloned() else {
                continue;
            };
            db.remove_face(id);
            let lang = info
                .families
                .first()
                .map_or(usvg::fontdb::Language::English_UnitedStates, |f| f.1);
            for alias in ALIASES {
                info.families.push(((*alias).to_string(), lang));
            }
            db.push_face_info(info);
        }
        // Any other family (Graphviz's default Times, `sans-serif`, ...) falls back to Arimo.
        db.set_serif_family("Arimo");
        db.set_sans_serif_family("Arimo");
        db.set_monospace_family("Arimo");
        db.set_cursive_family("Arimo");
        db.set_fantasy_family("Arimo");
        Arc::new(db)
    })
    .clone()
}

/// The longest side of a PDF page, in points: 200 inches, the limit PDF 1.x readers (Acrobat
/// among them) hold to. A larger picture is scaled down to fit, still as vectors.
pub const MAX_PAGE_POINTS: f64 = 14_400.0;

/// `svg` as a one-page PDF of the same size: an SVG `pt` is a PDF point, a pixel is 3/4 of one
/// (96 dpi, as in the PNG). A picture with a side longer than [`MAX_PAGE_POINTS`] is scaled
/// down, keeping its proportions, so that its longest side is that long.
///
/// Images the SVG links to are not drawn (neither files nor `data:` URLs are read).
///
/// ```
/// let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">
///   <text x="5" y="20" font-family="Helvetica">Minsk</text></svg>"#;
/// let pdf = detente::render::pdf::from_svg(svg).unwrap();
/// assert!(pdf.starts_with(b"%PDF-"));
/// assert_eq!(pdf, detente::render::pdf::from_svg(svg).unwrap());
/// ```
#[cfg(feature = "builtin-render")]
pub fn from_svg(svg: &str) -> Result<Vec<u8>, PdfError> {
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: "Arimo".to_string(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| PdfError(e.to_string()))?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions {
            dpi: page_dpi(tree.size().width(), tree.size().height()),
        },
    )
    .map(sorted_resources)
    .map_err(|e| PdfError(e.to_string()))
}

/// The resolution that turns usvg's CSS pixels into PDF points: 96 (usvg reads `pt` sizes as
/// pixels at 96 dpi, so 96 gives them back as points), or more, to scale a picture whose longest
/// side would exceed [`MAX_PAGE_POINTS`] down to that.
#[cfg(feature = "builtin-render")]
fn page_dpi(width: f32, height: f32) -> f32 {
    let longest = f64::from(width.max(height)) * 72.0 / 96.0;
    if longest > MAX_PAGE_POINTS {
        (96.0 * longest / MAX_PAGE_POINTS) as f32
    } else {
        96.0
    }
}

/// `pdf` with the entries of its resource dictionaries in sorted order.
///
/// `svg2pdf` keeps a page's resources (`/xo0 8 0 R`, `/gs3 13 0 R`, ...) in a hash map, so their
/// order changes from run to run. Each entry is a line of its own in the uncompressed page
/// object; sorting a run of such lines moves no byte offset (the lines only trade places), so the
/// cross-reference table stays true. Stream data is left alone.
#[cfg(feature = "builtin-render")]
fn sorted_resources(pdf: Vec<u8>) -> Vec<u8> {
    fn is_resource(line: &[u8]) -> bool {
        let Some(rest) = line.trim_ascii_start().strip_prefix(b"/") else {
            return false;
        };
        let mut words = rest.split(|&b| b == b' ');
        let name = words.next().unwrap_or_default();
        let named = name.first().is_some_and(u8::is_ascii_alphabetic)
            && name.last().is_some_and(u8::is_ascii_digit)
            && name.iter().all(u8::is_ascii_alphanumeric);
        let number =
            |w: Option<&[u8]>| w.is_some_and(|w| !w.is_empty() && w.iter().all(u8::is_ascii_digit));
        named
            && number(words.next())
            && words.next() == Some(b"0")
            && words.next() == Some(b"R")
            && words.next().is_none()
    }
    let mut lines: Vec<&[u8]> = pdf.split(|&b| b == b'\n').collect();
    let mut in_stream = false;
    let mut i = 0;
    while i < lines.len() {
        if in_stream {
            in_stream = lines[i] != b"endstream";
            i += 1;
            continue;
        }
        if lines[i] == b"stream" {
            in_stream = true;
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && is_resource(lines[i]) {
            i += 1;
        }
        if i > start {
            lines[start..i].sort_unstable();
        } else {
            i += 1;
        }
    }
    lines.join(&b'\n')
}

/// Without the built-in renderer there is no PDF writer.
#[cfg(not(feature = "builtin-render"))]
pub fn from_svg(_svg: &str) -> Result<Vec<u8>, PdfError> {
    Err(PdfError(
        "this detente was built without the built-in renderer (cargo feature `builtin-render`)"
            .into(),
    ))
}

#[cfg(all(test, feature = "builtin-render"))]
mod tests {
    use super::*;

    #[test]
    fn a_page_longer_than_200_inches_is_scaled_down_to_fit() {
        assert_eq!(page_dpi(800.0, 600.0), 96.0);
        // 19,200 px is 14,400 pt: the longest page kept as is.
        assert_eq!(page_dpi(100.0, 19_200.0), 96.0);
        // 104,800 px (78,600 pt) tall: scaled by 14,400 / 78,600.
        let dpi = page_dpi(1633.0, 104_800.0);
        assert!((f64::from(104_800.0 * 72.0 / dpi) - MAX_PAGE_POINTS).abs() < 0.5);
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="1000pt" height="60000pt">
            <text x="5" y="20" font-family="Helvetica">Minsk</text></svg>"#;
        let pdf = String::from_utf8_lossy(&from_svg(svg).unwrap()).into_owned();
        let media = pdf
            .lines()
            .find_map(|l| l.trim().strip_prefix("/MediaBox ["))
            .expect("a page size");
        let numbers: Vec<f64> = media
            .trim_end_matches(']')
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        assert!((numbers[3] - MAX_PAGE_POINTS).abs() < 0.5, "{media}");
        assert!((numbers[2] - 240.0).abs() < 0.5, "{media}");
    }

    #[test]
    fn resource_entries_are_sorted_and_streams_left_alone() {
        let pdf = b"4 0 obj\n<<\n  /XObject <<\n      /xo2 12 0 R\n      /xo0 8 0 R\n    >>\n  \
                    /Parent 3 0 R\n>>\nstream\n/b9 1 0 R\n/a1 2 0 R\nendstream\n"
            .to_vec();
        let sorted = sorted_resources(pdf.clone());
        assert_eq!(sorted.len(), pdf.len());
        assert_eq!(
            String::from_utf8(sorted).unwrap(),
            "4 0 obj\n<<\n  /XObject <<\n      /xo0 8 0 R\n      /xo2 12 0 R\n    >>\n  \
             /Parent 3 0 R\n>>\nstream\n/b9 1 0 R\n/a1 2 0 R\nendstream\n"
        );
    }
}
