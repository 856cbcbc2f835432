//! What a chart draws around a tie's line from format 1.1: the band of a point's `range`, the
//! fading of a line whose `confidence` is below 1, and the spans where an expiring kind's weight
//! has lapsed. Every date is read through the model (`Graph::weight_on`, `Graph::point_behind`,
//! `Relation::confidence_on`), so the marks agree with the line and with `show`.

use crate::model::{Date, Graph, Interpolation, Point, Relation};
use crate::render::diagram::style::MIN_OPACITY;

/// One unbroken band: `(day, low, high)` corners, days from the range's start. Two corners on
/// one day are a step in the band.
pub(crate) type Band = Vec<(i64, f64, f64)>;

/// The date `days` after `from`.
fn day_date(from: Date, days: i64) -> Option<Date> {
    from.civil()
        .checked_add(jiff::Span::new().days(days))
        .ok()
        .map(Date::from_civil)
}

/// The days a tie's marks can change on between `from` and `to`: the range's ends, every point
/// and every lapse inside it (the cuts the line itself bends on).
fn cuts(graph: &Graph, relation: &Relation, from: Date, to: Date) -> Vec<Date> {
    let expires = graph.expiry_of(relation);
    let mut cuts = vec![from, to];
    for p in &relation.series {
        cuts.push(p.date);
        if let Some(lapse) = expires.and_then(|span| span.after(p.date)) {
            cuts.push(lapse);
        }
    }
    cuts.retain(|d| from <= *d && *d <= to);
    cuts.sort();
    cuts.dedup();
    cuts
}

/// The `[low, high]` of the band on `date`, between the point in force `p` and, when the line
/// moves linearly towards it, the next point `q` (both ranged: the two ranges interpolated by
/// calendar days, as the weight is).
fn range_at(p: &Point, q: Option<&Point>, date: Date) -> Option<[f64; 2]> {
    let low_high = p.range()?;
    let Some(q) = q else {
        return Some(low_high);
    };
    let next = q.range()?;
    if date == q.date {
        return Some(next);
    }
    let t = p.date.days_until(date) as f64 / p.date.days_until(q.date) as f64;
    Some([
        low_high[0] + (next[0] - low_high[0]) * t,
        low_high[1] + (next[1] - low_high[1]) * t,
    ])
}

/// The bands of `relation`'s stated ranges from `from` to `to`. Where the weight holds (a step,
/// or a linear weight after its last point, before an `end` or a lapse) the band is the point's
/// range, flat; where a linear weight moves towards the next point, the band runs straight from
/// one point's range to the next's, and there is none unless both points state a range. No band
/// where the tie does not exist.
pub(crate) fn bands(graph: &Graph, relation: &Relation, from: Date, to: Date) -> Vec<Band> {
    let linear = graph.interpolation_of(relation) == Interpolation::Linear;
    let expires = graph.expiry_of(relation);
    let day = |d: Date| from.days_until(d);
    let mut out: Vec<Band> = Vec::new();
    let mut current: Band = Vec::new();
    let cuts = cuts(graph, relation, from, to);
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let Some(p) = graph.point_behind(relation, start) else {
            out.extend((!current.is_empty()).then(|| std::mem::take(&mut current)));
            continue;
        };
        // The next point, when the line moves towards it (as `Relation::weight_lasting` reads it).
        let i = relation.series.partition_point(|x| x.date <= start);
        let lapse = expires.and_then(|span| span.after(p.date));
        let q = relation
            .series
            .get(i)
            .filter(|q| linear && !q.is_end())
            .filter(|q| lapse.is_none_or(|l| q.date <= l));
        let (Some(a), Some(b)) = (range_at(p, q, start), range_at(p, q, end)) else {
            out.extend((!current.is_empty()).then(|| std::mem::take(&mut current)));
            continue;
        };
        if current
            .last()
            .is_none_or(|&(d, lo, hi)| d != day(start) || lo != a[0] || hi != a[1])
        {
            current.push((day(start), a[0], a[1]));
        }
        current.push((day(end), b[0], b[1]));
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.retain(|b| b.len() >= 2);
    out
}

/// The spans `(first day, last day)` from `from` to `to` where `relation`'s weight has lapsed
/// (its kind's `expires:`): from the lapse to the next point, or to the range's end.
pub(crate) fn expired(graph: &Graph, relation: &Relation, from: Date, to: Date) -> Vec<(i64, i64)> {
    let Some(span) = graph.expiry_of(relation) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, p) in relation.series.iter().enumerate() {
        if p.is_end() {
            continue;
        }
        let Some(lapse) = span.after(p.date) else {
            continue;
        };
        let until = relation.series.get(i + 1).map_or(to, |q| q.date.min(to));
        if lapse < until && until > from && lapse < to {
            out.push((from.days_until(lapse.max(from)), from.days_until(until)));
        }
    }
    out
}

/// The opacity of a tie's line from day `a` to day `b` (`a == b`: the rise on that day): as the
/// diagrams draw a tie, opaque at confidence 1 or none stated, [`MIN_OPACITY`] at 0. A stretch
/// between two points is read on a day strictly inside it, where linear interpolation takes the
/// lower of the two points' confidences.
pub(crate) fn opacity(graph: &Graph, relation: &Relation, from: Date, a: i64, b: i64) -> f64 {
    let inside = if b - a >= 2 { a + (b - a) / 2 } else { a };
    let confidence = day_date(from, inside)
        .and_then(|d| relation.confidence_on(d, graph.interpolation_of(relation)));
    of_confidence(confidence)
}

/// The opacity for a confidence: 1 when none is stated or it is 1.
pub(crate) fn of_confidence(confidence: Option<f64>) -> f64 {
    match confidence {
        Some(c) if c < 1.0 => MIN_OPACITY + (1.0 - MIN_OPACITY) * c.clamp(0.0, 1.0),
        _ => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PointDetail;
    use crate::model::{Ends, Interpolation, Point};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn ranged(date: &str, w: f64, low: f64, high: f64) -> Point {
        Point::weight(d(date), w).with(PointDetail {
            range: Some([low, high]),
            ..PointDetail::default()
        })
    }

    fn tie(series: Vec<Point>, interpolation: Interpolation) -> Relation {
        Relation {
            ends: Ends::Mutual("A".into(), "B".into()),
            kind: "contact".into(),
            interpolation: Some(interpolation),
            series,
            note: None,
        }
    }

    #[test]
    fn a_step_band_is_flat_over_the_span_its_point_holds() {
        let t = tie(
            vec![
                ranged("2020-01-11", 0.5, 0.2, 0.8),
                Point::weight(d("2020-01-21"), -0.5),
            ],
            Interpolation::Step,
        );
        let b = bands(&Graph::default(), &t, d("2020-01-01"), d("2020-01-31"));
        assert_eq!(b, vec![vec![(10, 0.2, 0.8), (20, 0.2, 0.8)]]);
    }

    #[test]
    fn a_linear_band_runs_between_two_ranged_points_only() {
        let t = tie(
            vec![
                ranged("2020-01-01", 0.0, -0.2, 0.2),
                ranged("2020-01-11", 1.0, 0.6, 1.0),
                Point::weight(d("2020-01-21"), 0.0),
            ],
            Interpolation::Linear,
        );
        let b = bands(&Graph::default(), &t, d("2020-01-06"), d("2020-01-31"));
        // Halfway to the second point on day 0; nothing from the second to the unranged third.
        assert_eq!(b.len(), 1);
        let band = &b[0];
        assert_eq!(band[0].0, 0);
        assert!((band[0].1 - 0.2).abs() < 1e-9 && (band[0].2 - 0.6).abs() < 1e-9);
        assert_eq!(band.last().unwrap(), &(5, 0.6, 1.0));
    }

    #[test]
    fn a_lapse_ends_the_band_and_opens_an_expired_span() {
        let mut graph = Graph::default();
        graph.relation_kinds.insert(
            "contact".into(),
            crate::model::KindRules {
                expires: Some("10d".parse().unwrap()),
                ..Default::default()
            },
        );
        let t = tie(
            vec![
                ranged("2020-01-01", 0.5, 0.3, 0.7),
                Point::weight(d("2020-01-21"), 0.1),
            ],
            Interpolation::Step,
        );
        let (from, to) = (d("2020-01-01"), d("2020-02-10"));
        assert_eq!(
            bands(&graph, &t, from, to),
            vec![vec![(0, 0.3, 0.7), (10, 0.3, 0.7)]]
        );
        // Lapsed on day 10 until the next point on day 20, then again from day 30 to the end.
        assert_eq!(expired(&graph, &t, from, to), vec![(10, 20), (30, 40)]);
        assert!(expired(&Graph::default(), &t, from, to).is_empty());
    }

    #[test]
    fn confidence_fades_the_line_as_it_fades_a_diagram_edge() {
        let mut p = Point::weight(d("2020-01-01"), 0.5);
        p.edit_detail(|d| d.confidence = Some(0.0));
        let t = tie(
            vec![p, Point::weight(d("2020-01-11"), 0.2)],
            Interpolation::Step,
        );
        let from = d("2020-01-01");
        assert_eq!(opacity(&Graph::default(), &t, from, 0, 10), MIN_OPACITY);
        assert_eq!(opacity(&Graph::default(), &t, from, 10, 20), 1.0);
        assert_eq!(of_confidence(Some(1.0)), 1.0);
        assert!((of_confidence(Some(0.5)) - 0.625).abs() < 1e-12);
    }
}
