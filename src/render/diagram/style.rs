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

/// How a kind's ties are drawn, apart from colour (the sign) and width (the strength): a dash
/// pattern and a number of parallel lines. Told apart in greyscale, and independent of width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Look {
    /// The Graphviz `style`: `solid`, `dashed`, `dotted` (or `bold`, from a kind's hint only).
    pub dash: &'static str,
    /// How many parallel lines (1 to 3) draw the tie.
    pub lines: u8,
}

impl Look {
    const fn new(dash: &'static str, lines: u8) -> Look {
        Look { dash, lines }
    }

    /// The pen width of each of the parallel lines of a tie whose total width is `total`.
    ///
    /// Graphviz draws a colour list `c:invis:c` as lines as wide as the pen, side by side with
    /// a pen-wide gap between each two. The lines share the width out, so a tie of `n` lines
    /// has as much ink as a single line of the same weight and strength still reads from the
    /// width (a strong double tie is two firm lines, not two hairlines). Each line keeps half a
    /// point, so a weak triple tie stays visible.
    pub fn pen_width(self, total: f64) -> f64 {
        let share = total / f64::from(self.lines);
        if self.lines > 1 {
            share.max(0.5)
        } else {
            share
        }
    }
}

/// The plain look: one solid line (`diplomatic`, `relation`, a kind's `line: solid`).
pub(crate) const PLAIN: Look = Look::new("solid", 1);

/// The looks other than [`PLAIN`], in the order unknown kinds are spread over.
const LOOKS: [Look; 8] = [
    Look::new("solid", 2),
    Look::new("dashed", 1),
    Look::new("dotted", 1),
    Look::new("dashed", 2),
    Look::new("dotted", 2),
    Look::new("solid", 3),
    Look::new("dashed", 3),
    Look::new("dotted", 3),
];

/// The look of a tie of `kind` when its kind gives no `style:` hint.
///
/// Well-known kinds have fixed looks: `relation` and `diplomatic` one solid line; `alliance`
/// two solid lines (the strongest kind of tie must not look weak); `contact`, `visit` and
/// `talks` dashed; `trade` and `economic` dotted; `conflict` and `war` two dashed lines;
/// `sanctions` two dotted lines; `military` and `security` three solid lines; `aid` three dotted
/// lines. Any other kind gets one of the eight looks other than one solid line, picked by a
/// stable hash of its name, so it looks the same on every date and in every file.
pub(crate) fn kind_look(kind: &str) -> Look {
    match kind {
        "relation" | "diplomatic" => PLAIN,
        "alliance" => Look::new("solid", 2),
        "contact" | "visit" | "talks" => Look::new("dashed", 1),
        "trade" | "economic" => Look::new("dotted", 1),
        "conflict" | "war" => Look::new("dashed", 2),
        "sanctions" => Look::new("dotted", 2),
        "military" | "security" => Look::new("solid", 3),
        "aid" => Look::new("dotted", 3),
        other => LOOKS[(fnv1a(other) % LOOKS.len() as u64) as usize],
    }
}

/// The look of a tie of `kind` whose kind declares `rules`: the kind's `style: {line: ...}`
/// when it gives one (`double` is two solid lines, `bold` Graphviz's bold), else [`kind_look`].
pub(crate) fn look(kind: &str, rules: Option<&KindRules>) -> Look {
    match rules.and_then(|r| r.style.as_ref()).and_then(|s| s.line) {
        Some(Line::Solid) => PLAIN,
        Some(Line::Double) => Look::new("solid", 2),
        Some(Line::Dashed) => Look::new("dashed", 1),
        Some(Line::Dotted) => Look::new("dotted", 1),
        Some(Line::Bold) => Look::new("bold", 1),
        None => kind_look(kind),
    }
}

/// The lowest opacity a tie is drawn with (at confidence 0).
pub(crate) const MIN_OPACITY: f64 = 0.25;

/// The Graphviz colour of a tie's edge: the kind's `style: {color: ...}` when it gives one, else
/// the sign's [`colour`]; made translucent for a confidence below 1 (opacity from
/// [`MIN_OPACITY`] at confidence 0 to opaque at 1); a look of several lines repeats the colour
/// with an invisible line between each two (invisible rather than white, so a transparent
/// background shows through).
pub(crate) fn edge_colour(
    weight: f64,
    rules: Option<&KindRules>,
    confidence: Option<f64>,
    look: Look,
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
    vec![colour.as_str(); usize::from(look.lines)].join(":invis:")
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
        assert_eq!(edge_colour(0.3, None, None, PLAIN), POSITIVE);
        assert_eq!(edge_colour(0.3, None, Some(1.0), PLAIN), POSITIVE);
        assert_eq!(
            edge_colour(-0.3, None, Some(0.0), PLAIN),
            format!("{NEGATIVE}40")
        );
        assert_eq!(
            edge_colour(-0.3, None, Some(0.5), PLAIN),
            format!("{NEGATIVE}9F")
        );
        let rules = KindRules {
            style: Some(crate::model::KindStyle {
                color: Some("#112233".into()),
                line: Some(Line::Double),
            }),
            ..KindRules::default()
        };
        let double = look("contact", Some(&rules));
        assert_eq!(double, Look::new("solid", 2));
        assert_eq!(
            edge_colour(0.3, Some(&rules), None, double),
            "#112233:invis:#112233"
        );
        assert_eq!(look("contact", None), Look::new("dashed", 1));
        assert_eq!(
            edge_colour(-0.3, None, None, kind_look("military")),
            format!("{NEGATIVE}:invis:{NEGATIVE}:invis:{NEGATIVE}")
        );
    }

    #[test]
    fn known_kinds_have_distinct_fixed_looks_and_others_a_stable_one() {
        let known = [
            "diplomatic",
            "alliance",
            "contact",
            "trade",
            "conflict",
            "sanctions",
            "military",
            "aid",
        ];
        let looks: Vec<Look> = known.iter().map(|k| kind_look(k)).collect();
        for (i, a) in looks.iter().enumerate() {
            for (j, b) in looks.iter().enumerate() {
                assert!(i == j || a != b, "{} and {} look alike", known[i], known[j]);
            }
        }
        // The complaint of issue 14: the alliance was dotted like trade and looked weak.
        assert_eq!(kind_look("alliance"), Look::new("solid", 2));
        assert_eq!(kind_look("cultural"), kind_look("cultural"));
        assert_ne!(kind_look("cultural"), PLAIN);
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn parallel_lines_share_the_width_of_one() {
        let total = width(0.95, Scale::default());
        assert!((PLAIN.pen_width(total) - total).abs() < 1e-12);
        assert!((Look::new("solid", 2).pen_width(total) * 2.0 - total).abs() < 1e-12);
        assert!((Look::new("dotted", 3).pen_width(MIN_WIDTH) - 0.5).abs() < 1e-12);
    }
}
