//! A tie's weight over a range as polylines: what the chart draws for one series, following the
//! format's meaning of a series (steps hold, linear segments move by calendar days, an `end`
//! opens a gap until the next point).

use crate::model::{Date, Graph, PointValue, Relation};

/// One unbroken stretch of a tie's line: `(day, weight)` corners, days counted from the range's
/// start. A step is two corners on one day (the rise), a linear stretch a straight line between
/// two corners on different days.
pub(crate) type Stretch = Vec<(i64, f64)>;

/// The stretches of `relation` between `from` and `to` (both included): one per period the tie
/// exists, separated by gaps where it does not (before its first point, after an `end`).
pub(crate) fn stretches(graph: &Graph, relation: &Relation, from: Date, to: Date) -> Vec<Stretch> {
    let linear = graph.interpolation_of(relation) == crate::model::Interpolation::Linear;
    let expires = graph.expiry_of(relation);
    // The days the line can bend on: the range's ends and every point inside it.
    let mut cuts: Vec<Date> = vec![from];
    cuts.extend(
        relation
            .series
            .iter()
            .map(|p| p.date)
            .filter(|&d| from < d && d < to),
    );
    // A weight that lapses opens a gap on the day it lapses.
    if let Some(span) = expires {
        cuts.extend(
            relation
                .series
                .iter()
                .filter_map(|p| span.after(p.date))
                .filter(|&d| from < d && d < to),
        );
        cuts.sort();
        cuts.dedup();
    }
    if to > from {
        cuts.push(to);
    }
    let day = |d: Date| from.days_until(d);
    let mut out: Vec<Stretch> = Vec::new();
    let mut current: Stretch = Vec::new();
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let Some(s) = graph.weight_on(relation, start) else {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        };
        // The weight just before `end`: a linear stretch reaches the next point's weight there;
        // a step (or a linear stretch into an `end`) holds `s`; the range's end is read as is.
        let point_at_end = relation.series.iter().find(|p| p.date == end);
        let e = match point_at_end {
            Some(p) if linear => match p.value() {
                PointValue::Weight(w) => w,
                PointValue::End => s,
            },
            Some(_) => s,
            None => graph.weight_on(relation, end).unwrap_or(s),
        };
        if current.last().is_none_or(|&(_, w)| w != s) {
            current.push((day(start), s));
        }
        current.push((day(end), e));
    }
    if cuts.len() == 1 {
        // A range of one day: a single dot where the tie exists.
        if let Some(w) = graph.weight_on(relation, from) {
            current.push((0, w));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Ends, Interpolation, Point};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn tie(series: Vec<Point>, interpolation: Interpolation) -> Relation {
        Relation {
            ends: Ends::Mutual("A".into(), "B".into()),
            kind: "relation".into(),
            interpolation: Some(interpolation),
            series,
            note: None,
        }
    }

    #[test]
    fn steps_rise_on_the_day_of_the_point() {
        let t = tie(
            vec![
                Point::weight(d("2020-01-01"), 0.5),
                Point::weight(d("2020-01-11"), -0.5),
            ],
            Interpolation::Step,
        );
        let s = stretches(&Graph::default(), &t, d("2020-01-01"), d("2020-01-21"));
        assert_eq!(s, vec![vec![(0, 0.5), (10, 0.5), (10, -0.5), (20, -0.5)]]);
    }

    #[test]
    fn linear_stretches_are_straight_lines_between_points() {
        let t = tie(
            vec![
                Point::weight(d("2020-01-01"), 0.0),
                Point::weight(d("2020-01-11"), 1.0),
            ],
            Interpolation::Linear,
        );
        let s = stretches(&Graph::default(), &t, d("2020-01-06"), d("2020-01-21"));
        assert_eq!(s, vec![vec![(0, 0.5), (5, 1.0), (15, 1.0)]]);
    }

    #[test]
    fn an_end_is_a_gap_and_nothing_is_drawn_before_the_first_point() {
        let t = tie(
            vec![
                Point::weight(d("2020-01-11"), 0.4),
                Point::end(d("2020-01-21")),
                Point::weight(d("2020-01-31"), -0.4),
            ],
            Interpolation::Linear,
        );
        let s = stretches(&Graph::default(), &t, d("2020-01-01"), d("2020-02-10"));
        assert_eq!(
            s,
            vec![vec![(10, 0.4), (20, 0.4)], vec![(30, -0.4), (40, -0.4)]]
        );
    }
}
