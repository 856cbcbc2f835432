//! How a tie or an actor looks in a diagram: the colour, width and line style mapping that the
//! legend explains and docs/rendering.md documents.

use crate::model::{KindRules, Line, Scale};

/// Okabe–Ito blue: cooperation (a positive weight). Distinct from [`NEGATIVE`] for every common
/// form of colour blindness.
pub(crate) const POSITIVE: &str = "#0072B2";
/// Okabe–Ito vermillion: hostility (a negative weight).
pub(crate) const NEGATIVE: &str = "#D55E00";
/// A weight of exactly zero.
pub(crate) const NEUTRAL: &str = "#999999";
/// Outlines and text of actors with no tie on the date.
pub(crate) const FADED: &str = "#B0B0B0";
/// Outlines and text of actors with a tie on the date.
pub(crate) const INK: &str = "#222222";
/// Fill of a state or organisation node.
pub(crate) const STATE_FILL: &str = "#EEF3F8";
/// Outline of a state or organisation cluster.
pub(crate) const CLUSTER_LINE: &str = "#8899AA";

/// The thinnest and thickest tie, in points.
pub(crate) const MIN_WIDTH: f64 = 1.0;
/// See [`MIN_WIDTH`].
pub(crate) const MAX_WIDTH: f64 = 5.0;

/// The colour of a tie of weight `weight`.
pub(crate) fn colour(weight: f64) -> &'static str {
    if weight > 0.0 {
        POSITIVE
    } else if weight < 0.0 {
        NEGATIVE
    } else {
        NEUTRAL
    }
}

/// The pen width of a tie: [`MIN_WIDTH`] at weight 0 up to [`MAX_WIDTH`] at the scale's largest
/// magnitude, linear in |weight|.
pub(crate) fn width(weight: f64, scale: Scale) -> f64 {
    let strength = scale.normalise(weight).abs().clamp(0.0, 1.0);
    MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * strength
}

/// The line styles ties are drawn with, in the order unknown kinds are spread over.
const STYLES: [&str; 3] = ["solid", "dashed", "dotted"];

/// The Graphviz line style of a tie of `kind`.
///
/// Known kinds: `relation` and `diplomatic` solid; `contact`, `visit` and `talks` dashed;
/// `economic`, `trade` and `sanctions` dotted; `conflict`, `military` and `security` solid
/// (they are told apart by the legend and by `--labels kinds`). Any other kind gets one of
/// solid, dashed or dotted picked by a stable hash of its name, so it looks the same on every
/// date and in every file.
pub(crate) fn line_style(kind: &str) -> &'static str {
    match kind {
        "relation" | "diplomatic" | "conflict" | "military" | "security" => "solid",
        "contact" | "visit" | "talks" => "dashed",
        "economic" | "trade" | "sanctions" => "dotted",
        other => STYLES[(fnv1a(other) % STYLES.len() as u64) as usize],
    }
}

/// The Graphviz line style of a tie of `kind` whose kind declares `rules`: the kind's
/// `style: {line: ...}` when it gives one (`double` is drawn solid, as two lines, by
/// [`edge_colour`]), else [`line_style`].
pub(crate) fn kind_line_style(kind: &str, rules: Option<&KindRules>) -> &'static str {
    match rules.and_then(|r| r.style.as_ref()).and_then(|s| s.line) {
        Some(Line::Solid | Line::Double) => "solid",
        Some(Line::Dashed) => "dashed",
        Some(Line::Dotted) => "dotted",
        Some(Line::Bold) => "bold",
        None => line_style(kind),
    }
}

/// The lowest opacity a tie is drawn with (at confidence 0).
pub(crate) const MIN_OPACITY: f64 = 0.25;

/// The Graphviz colour of a tie's edge: the kind's `style: {color: ...}` when it gives one, else
/// the sign's [`colour`]; made translucent for a confidence below 1 (opacity from
/// [`MIN_OPACITY`] at confidence 0 to opaque at 1); a `double` line is the colour twice with a
/// white line between.
pub(crate) fn edge_colour(
    weight: f64,
    rules: Option<&KindRules>,
    confidence: Option<f64>,
) -> String {
    let style = rules.and_then(|r| r.style.as_ref());
    let base = style
        .and_then(|s| s.color.clone())
        .unwrap_or_else(|| colour(weight).to_string());
    let colour = match confidence.filter(|c| *c < 1.0) {
        Some(c) => {
            let opacity = MIN_OPACITY + (1.0 - MIN_OPACITY) * c.clamp(0.0, 1.0);
            format!("{base}{:02X}", (opacity * 255.0).round() as u8)
        }
        None => base,
    };
    if style.and_then(|s| s.line) == Some(Line::Double) {
        format!("{colour}:#FFFFFF:{colour}")
    } else {
        colour
    }
}

/// FNV-1a: a hash that, unlike std's, is the same in every run and on every platform.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_sign() {
        assert_eq!(colour(0.3), POSITIVE);
        assert_eq!(colour(-0.01), NEGATIVE);
        assert_eq!(colour(0.0), NEUTRAL);
    }

    #[test]
    fn width_grows_with_the_magnitude_in_the_scale() {
        let unit = Scale::default();
        assert!((width(0.0, unit) - MIN_WIDTH).abs() < 1e-12);
        assert!((width(-1.0, unit) - MAX_WIDTH).abs() < 1e-12);
        assert!((width(0.5, unit) - 3.0).abs() < 1e-12);
        let wide = Scale {
            min: -10.0,
            max: 10.0,
        };
        assert!((width(5.0, wide) - 3.0).abs() < 1e-12);
    }

    #[test]
    fn confidence_fades_a_tie_and_a_kind_style_overrides_the_defaults() {
        assert_eq!(edge_colour(0.3, None, None), POSITIVE);
        assert_eq!(edge_colour(0.3, None, Some(1.0)), POSITIVE);
        assert_eq!(edge_colour(-0.3, None, Some(0.0)), format!("{NEGATIVE}40"));
        assert_eq!(edge_colour(-0.3, None, Some(0.5)), format!("{NEGATIVE}9F"));
        let rules = KindRules {
            style: Some(crate::model::KindStyle {
                color: Some("#112233".into()),
                line: Some(Line::Double),
            }),
            ..KindRules::default()
        };
        assert_eq!(
            edge_colour(0.3, Some(&rules), None),
            "#112233:#FFFFFF:#112233"
        );
        assert_eq!(kind_line_style("contact", Some(&rules)), "solid");
        assert_eq!(kind_line_style("contact", None), "dashed");
    }

    #[test]
    fn known_kinds_have_fixed_styles_and_others_a_stable_one() {
        assert_eq!(line_style("diplomatic"), "solid");
        assert_eq!(line_style("contact"), "dashed");
        assert_eq!(line_style("economic"), "dotted");
        assert_eq!(line_style("cultural"), line_style("cultural"));
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
