//! A relation's series of dated points.

use super::Declared;
use crate::model::{Id, Point, PointDetail, PointValue, Scale};
use crate::reader::{Checker, Got, Located, Position, RawPoint, confidence_of};

pub(super) fn series_of(
    c: &mut Checker,
    declared: &Declared,
    scale: Scale,
    raw: &[Located<Got<RawPoint>>],
    at: Position,
) -> Option<Vec<Point>> {
    if raw.is_empty() {
        c.error(at, "a relation's series is empty").help =
            Some("add at least one point, e.g. `- {date: 2020, weight: 0.5}`".into());
        return None;
    }
    let mut ok = true;
    let mut points: Vec<(Point, Position)> = Vec::with_capacity(raw.len());
    for point in raw {
        let Some(p) = c.shaped(point, "a series point") else {
            ok = false;
            continue;
        };
        match point_of(c, declared, scale, point.at, p) {
            Some(p) => points.push((p, point.at)),
            None => ok = false,
        }
    }
    // Stable, so equal dates keep file order: the later one is reported.
    points.sort_by_key(|(p, _)| p.date);
    for pair in points.windows(2) {
        let ((first, first_at), (second, second_at)) = (&pair[0], &pair[1]);
        if first.date == second.date {
            c.error(
                *second_at,
                format!("two points on {} in one series", second.date),
            )
            .help = Some(format!(
                "the other is at line {}; keep one point per date",
                first_at.line
            ));
            ok = false;
        }
    }
    if let Some((first, first_at)) = points.first()
        && first.is_end()
        && ok
    {
        c.error(
            *first_at,
            format!("the series starts with `end` on {}", first.date),
        )
        .help =
            Some("a tie must exist before it can end; remove the point or give it a weight".into());
        ok = false;
    }
    ok.then(|| points.into_iter().map(|(p, _)| p).collect())
}

pub(super) fn point_of(
    c: &mut Checker,
    declared: &Declared,
    scale: Scale,
    at: Position,
    p: &RawPoint,
) -> Option<Point> {
    if p.strays.0.is_some() {
        c.strays(&p.strays, RawPoint::NAMES, || "a series point".into());
    }
    let date = c.need(&p.date, "date", at, || {
        (
            "a series point needs `date:`".into(),
            "e.g. `{date: 2020-02-01, weight: 0.2}`",
        )
    });
    let date = date.and_then(|(d, at)| c.date(d, at, "point date"));
    let weight = c.get(&p.weight, "weight");
    let end = c.get(&p.end, "end");
    let value = match (weight, end) {
        (Some((&w, w_at)), None) if p.end.is_none() => {
            if scale.contains(w) {
                Some(PointValue::Weight(w))
            } else {
                c.error(
                    w_at,
                    format!(
                        "weight {w} is outside the scale [{}, {}]",
                        scale.min, scale.max
                    ),
                )
                .help = Some("use a weight within the scale, or declare a wider `scale:`".into());
                None
            }
        }
        (None, Some((&true, _))) if p.weight.is_none() => Some(PointValue::End),
        (None, Some((&false, e_at))) if p.weight.is_none() => {
            c.error(e_at, "`end: false` means nothing").help =
                Some("remove it and give the point a `weight:`".into());
            None
        }
        _ if p.weight.is_some() && p.end.is_some() => {
            let e_at = p.end.as_ref().map_or(at, |e| e.at);
            c.error(
                e_at,
                "a point has either `weight:` or `end: true`, not both",
            )
            .help = Some("an end removes the tie; put the new weight on a later point".into());
            None
        }
        _ if p.weight.is_none() && p.end.is_none() => {
            c.error(at, "a point needs `weight:` or `end: true`").help =
                Some("e.g. `{date: 2020-02-01, weight: 0.2}`".into());
            None
        }
        // A badly shaped weight or end was reported already.
        _ => None,
    };
    let mut ok = true;
    let event = c.get(&p.event, "event");
    if let Some((event, event_at)) = event {
        ok &= Declared::check_in(c, &declared.events, "event", "events", &event.0, event_at);
    } else {
        ok &= p.event.is_none();
    }
    let (sources_ok, sources) = super::declared_sources(c, declared, &p.sources);
    ok &= sources_ok;
    let note = c.text(&p.note, "note");
    ok &= note.is_some() || p.note.is_none();
    let count = c.get(&p.count, "count").map(|(n, _)| *n);
    ok &= count.is_some() || p.count.is_none();
    let confidence = confidence_of(c, p, value, Some(scale));
    let (confidence, range) = confidence.unwrap_or_else(|| {
        ok = false;
        (None, None)
    });
    let point = Point::new(
        date?,
        value?,
        PointDetail {
            note,
            event: event.map(|(e, _)| e.0.as_str().into()),
            sources: sources.iter().map(|(s, _)| Id::from(*s)).collect(),
            confidence,
            range,
            count,
        },
    );
    ok.then_some(point)
}
