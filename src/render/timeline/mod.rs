//! Timelines: a chart of ties' weights over a range of dates, with the events that moved them
//! marked on the time axis and labelled with their titles.
//!
//! [`svg`] draws the chart with `plotters` (its SVG backend only: no font is loaded, text is
//! measured with Helvetica's widths in `labels`), and [`png()`] rasterizes that SVG with the
//! built-in renderer's bundled fonts, so both are the same on every machine. What a series means
//! between its points (steps, linear stretches, `end` gaps) is read from the model (`path`), and
//! so are the marks of format 1.1 around it: range bands, confidence, expired spans (`bands`).

mod axis;
mod bands;
mod draw;
mod labels;
mod path;

use crate::analysis::trend::{TrendOptions, trend};
use crate::model::{Date, Graph, RelationKey};

/// Why a timeline cannot be drawn. The messages name no command-line flag.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TimelineError {
    /// No relation joins the two actors (of the kind asked for).
    #[error("no tie joins {a} and {b}{}", kind.as_ref().map(|k| format!(" of kind `{k}`")).unwrap_or_default())]
    NoTie {
        /// One end.
        a: String,
        /// The other end.
        b: String,
        /// The kind asked for, if any.
        kind: Option<String>,
    },
    /// An actor id that the graph does not declare.
    #[error("no actor `{0}` in the graph")]
    UnknownActor(String),
    /// Nothing to draw.
    #[error("no tie to draw")]
    Empty,
    /// The range is empty or reversed.
    #[error("the range {from} to {to} is empty; the end must come after the start")]
    Range {
        /// The start.
        from: Date,
        /// The end.
        to: Date,
    },
    /// The chart could not be drawn or rasterized.
    #[error("cannot draw the chart: {0}")]
    Draw(String),
}

/// Every relation between `a` and `b` (mutual, or directed either way), of `kind` if given, in
/// key order.
///
/// ```
/// let g = detente::load::load_str("detente: 1\nactors:\n  A: {name: A, kind: state}\n  \
///     B: {name: B, kind: state}\nrelations:\n  \
///     - {between: [A, B], kind: trade, series: [{date: 2020, weight: 0.5}]}\n  \
///     - {from: B, to: A, series: [{date: 2020, weight: -0.5}]}\n", "x.yaml").unwrap();
/// use detente::render::timeline::ties_between;
/// assert_eq!(ties_between(&g, "A", "B", None).unwrap().len(), 2);
/// assert_eq!(ties_between(&g, "B", "A", Some("trade")).unwrap()[0].kind, "trade");
/// assert!(ties_between(&g, "A", "B", Some("war")).is_err());
/// ```
pub fn ties_between(
    graph: &Graph,
    a: &str,
    b: &str,
    kind: Option<&str>,
) -> Result<Vec<RelationKey>, TimelineError> {
    for id in [a, b] {
        if !graph.actors.contains_key(id) {
            return Err(TimelineError::UnknownActor(id.to_string()));
        }
    }
    let mut keys: Vec<RelationKey> = graph
        .relations
        .iter()
        .filter(|r| r.ends.touches(a) && r.ends.touches(b) && kind.is_none_or(|k| r.kind == k))
        .map(|r| r.key())
        .collect();
    keys.sort();
    keys.dedup();
    if keys.is_empty() {
        return Err(TimelineError::NoTie {
            a: a.to_string(),
            b: b.to_string(),
            kind: kind.map(str::to_string),
        });
    }
    Ok(keys)
}

/// The `n` ties whose weight moved most between `from` and `to` (the trend's tie movers, largest
/// change first).
pub fn top_movers(graph: &Graph, from: Date, to: Date, n: usize) -> Vec<RelationKey> {
    let t = trend(graph, &[from, to], &TrendOptions::default());
    t.tie_movers.into_iter().take(n).map(|m| m.key).collect()
}

/// The range a chart of `ties` covers when none is given: from the first point of any of them to
/// a tenth of the span (at least 30 days) past the last point or event, so the last change shows.
pub fn default_range(graph: &Graph, ties: &[RelationKey]) -> Option<(Date, Date)> {
    let points: Vec<&crate::model::Point> = ties
        .iter()
        .filter_map(|k| graph.relation(k))
        .flat_map(|r| &r.series)
        .collect();
    let first = points.iter().map(|p| p.date).min()?;
    let last = points
        .iter()
        .flat_map(|p| {
            let event = p.event().and_then(|e| graph.events.get(e));
            std::iter::once(p.date).chain(event.map(|e| e.date))
        })
        .max()?;
    let pad = (first.days_until(last) / 10).max(30);
    let to = last.civil().checked_add(jiff::Span::new().days(pad)).ok()?;
    Some((first, Date::from_civil(to)))
}

/// The chart of `ties` from `from` to `to` as an SVG document.
///
/// Each tie is a line: flat steps with a rise on the day of a point, straight linear stretches,
/// nothing where the tie does not exist (before its first point, after an `end`). A dot marks
/// each point; the zero line and the file's scale are marked. A point's `range` is a band behind
/// the line, a confidence below 1 draws the line lighter, and the days an expiring kind's weight
/// has lapsed are a grey span labelled `expired`; the legend explains each when drawn. Every event behind a point in the
/// range is a tick on the time axis with its title below, in rows that do not collide. Several
/// ties get a legend.
///
/// Errors: no ties, a tie not in the graph, or `to` not after `from`.
pub fn svg(
    graph: &Graph,
    ties: &[RelationKey],
    from: Date,
    to: Date,
) -> Result<String, TimelineError> {
    if ties.is_empty() {
        return Err(TimelineError::Empty);
    }
    if to <= from {
        return Err(TimelineError::Range { from, to });
    }
    let relations = ties
        .iter()
        .map(|k| {
            graph
                .relation(k)
                .ok_or_else(|| TimelineError::Draw(format!("no tie {k} in the graph")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    draw::chart(graph, &relations, from, to)
}

/// `svg` as a PNG, drawn with the built-in renderer's bundled fonts.
#[cfg(feature = "builtin-render")]
pub fn png(svg: &str) -> Result<Vec<u8>, TimelineError> {
    graphviz_pure_raster::rasterize(svg, graphviz_pure_raster::RasterFormat::Png, false)
        .map(graphviz_pure_raster::Rendered::into_output)
        .map_err(|e| TimelineError::Draw(e.to_string()))
}

/// Without the built-in renderer there is nothing to rasterize with.
#[cfg(not(feature = "builtin-render"))]
pub fn png(_svg: &str) -> Result<Vec<u8>, TimelineError> {
    Err(TimelineError::Draw(
        "this detente was built without the built-in renderer (cargo feature `builtin-render`)"
            .into(),
    ))
}
