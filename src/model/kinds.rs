//! What each relation kind means (`relation_kinds:`): how long a point's weight lasts, whether
//! the kind counts in signed measures, its weight when kinds join one pair, how stale it may grow,
//! and how diagrams draw it. A kind the section does not declare behaves as [`KindRules::default`].

use std::fmt;
use std::str::FromStr;

use super::Date;

/// A calendar span written `90d`, `6w`, `3m` or `1y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// How many units.
    pub count: u32,
    /// Which unit.
    pub unit: SpanUnit,
}

/// The unit of a [`Span`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SpanUnit {
    /// `d`: days.
    Day,
    /// `w`: weeks of seven days.
    Week,
    /// `m`: calendar months (the same day of the month, or the month's last day).
    Month,
    /// `y`: calendar years.
    Year,
}

/// Why a span could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a span; write a whole number and a unit, e.g. `90d`, `6w`, `3m` or `1y`")]
pub struct SpanError(pub String);

impl FromStr for Span {
    type Err = SpanError;
    fn from_str(s: &str) -> Result<Span, SpanError> {
        let wrong = || SpanError(s.to_string());
        let t = s.trim();
        let Some((last, _)) = t.char_indices().last() else {
            return Err(wrong());
        };
        let (digits, unit) = t.split_at(last);
        let unit = match unit {
            "d" => SpanUnit::Day,
            "w" => SpanUnit::Week,
            "m" => SpanUnit::Month,
            "y" => SpanUnit::Year,
            _ => return Err(wrong()),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(wrong());
        }
        // More than 10,000 years would leave the calendar jiff supports.
        let count: u32 = digits.parse().map_err(|_| wrong())?;
        if count == 0 || count > 3_650_000 {
            return Err(wrong());
        }
        Ok(Span { count, unit })
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            SpanUnit::Day => 'd',
            SpanUnit::Week => 'w',
            SpanUnit::Month => 'm',
            SpanUnit::Year => 'y',
        };
        write!(f, "{}{unit}", self.count)
    }
}

impl serde::Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Span {
    /// The day `self` after `date`, as a full date; `None` past the end of the calendar.
    ///
    /// ```
    /// use detente::model::{Date, Span};
    /// let d = |s: &str| s.parse::<Date>().unwrap();
    /// let span = |s: &str| s.parse::<Span>().unwrap();
    /// assert_eq!(span("90d").after(d("2025-02-01")), Some(d("2025-05-02")));
    /// assert_eq!(span("1m").after(d("2025-01-31")), Some(d("2025-02-28")));
    /// assert_eq!(span("1y").after(d("2024-02-29")), Some(d("2025-02-28")));
    /// ```
    pub fn after(self, date: Date) -> Option<Date> {
        let n = i64::from(self.count);
        let span = match self.unit {
            SpanUnit::Day => jiff::Span::new().try_days(n),
            SpanUnit::Week => jiff::Span::new().try_weeks(n),
            SpanUnit::Month => jiff::Span::new().try_months(n),
            SpanUnit::Year => jiff::Span::new().try_years(n),
        }
        .ok()?;
        date.civil().checked_add(span).ok().map(Date::from_civil)
    }
}

/// How diagrams draw a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Line {
    /// A plain line.
    Solid,
    /// A dashed line.
    Dashed,
    /// A dotted line.
    Dotted,
    /// A thick line.
    Bold,
    /// Two parallel lines.
    Double,
}

impl Line {
    /// Every line, by its name in the file.
    pub const ALL: [(&'static str, Line); 5] = [
        ("solid", Line::Solid),
        ("dashed", Line::Dashed),
        ("dotted", Line::Dotted),
        ("bold", Line::Bold),
        ("double", Line::Double),
    ];

    /// The name used in the file.
    pub fn as_str(self) -> &'static str {
        Line::ALL
            .iter()
            .find(|(_, l)| *l == self)
            .map_or("solid", |(n, _)| n)
    }
}

/// A diagram hint for a kind: `style: {color: "#1f77b4", line: dashed}`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct KindStyle {
    /// An `#rrggbb` colour for the kind's edges.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// How its edges are drawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<Line>,
}

/// What one relation kind means, as `relation_kinds:` declares it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KindRules {
    /// A point's weight lapses this long after the point's date unless a later point renews it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<Span>,
    /// Whether the kind counts in signed measures (balance, frustration, blocs).
    pub signed: bool,
    /// The kind's weight in the signed view when several kinds join one pair.
    pub factor: f64,
    /// `check` warns when a weight is carried longer than this past its last point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale: Option<Span>,
    /// How diagrams draw the kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style: Option<KindStyle>,
}

impl Default for KindRules {
    /// An undeclared kind: never expires, signed, factor 1, no stale span, no style.
    fn default() -> Self {
        KindRules {
            expires: None,
            signed: true,
            factor: 1.0,
            stale: None,
            style: None,
        }
    }
}

/// Whether `color` is an `#rrggbb` colour.
pub fn is_hex_color(color: &str) -> bool {
    let b = color.as_bytes();
    b.len() == 7 && b[0] == b'#' && b[1..].iter().all(u8::is_ascii_hexdigit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_and_print_back() {
        for s in ["90d", "6w", "3m", "1y", "365d"] {
            assert_eq!(s.parse::<Span>().unwrap().to_string(), s);
        }
        for s in [
            "",
            "d",
            "3é",
            "é",
            "0d",
            "1.5y",
            "-3d",
            "3 d",
            "3h",
            "y1",
            "99999999999d",
        ] {
            assert!(s.parse::<Span>().is_err(), "{s}");
        }
    }

    #[test]
    fn weeks_are_seven_days() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let w: Span = "2w".parse().unwrap();
        assert_eq!(w.after(d("2020-02-20")), Some(d("2020-03-05")));
    }

    #[test]
    fn colours_are_hex() {
        assert!(is_hex_color("#1f77B4"));
        assert!(!is_hex_color("red"));
        assert!(!is_hex_color("#1f77b"));
        assert!(!is_hex_color("#1f77bg"));
    }
}
