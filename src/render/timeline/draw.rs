//! Drawing one timeline chart with plotters' SVG backend: header and legend, the plot with its
//! axes, the tie lines, and the event ticks with their labels in the band under the axis.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::TimelineError;
use super::axis::Days;
use super::bands::{self, Band as RangeBand};
use super::labels::{self, Band, text_width};
use super::path::stretches;
use crate::model::{Date, Ends, Graph, Relation};

/// The width of the plot's part of the picture; labels may widen the picture past it.
pub(crate) const WIDTH: u32 = 1000;
const MARGIN_LEFT: u32 = 16;
const Y_AREA: u32 = 64;
const MARGIN_RIGHT: u32 = 28;
const MARGIN_TOP: u32 = 8;
const PLOT_HEIGHT: u32 = 300;
const X_AREA: u32 = 30;
/// The font families, in order: Helvetica's metrics (Arimo in the PNG, which maps Arial to it),
/// then look-alikes a browser may have.
const FAMILY: &str = "Arial, Helvetica, Arimo, Liberation Sans, sans-serif";
/// Text sizes, px.
const TITLE: f64 = 16.0;
const TEXT: f64 = 12.0;
const ROW: f64 = 16.0;

/// Okabe–Ito colours, one per tie in order (blue and vermillion last but one, as the diagrams
/// use them for the sign of a weight).
const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x22, 0x22, 0x22),
];
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
const EVENT: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// The opacity of a range band over the white plot, in its tie's colour.
const BAND_OPACITY: f64 = 0.18;
/// The grey of an expired span and the opacity it is laid over the plot with.
const EXPIRED: RGBColor = RGBColor(0x80, 0x80, 0x80);
const EXPIRED_OPACITY: f64 = 0.16;

/// The x pixel range of the plot, which the labels are placed against before plotters lays the
/// chart out (a test checks that plotters agrees).
pub(crate) const PLOT_X: (i32, i32) =
    ((MARGIN_LEFT + Y_AREA) as i32, (WIDTH - MARGIN_RIGHT) as i32);

/// A text style of `px` pixels. plotters writes `font-size` as the size over 1.24.
fn font(px: f64, colour: &'static RGBColor, pos: Pos) -> TextStyle<'static> {
    TextStyle::from(FontDesc::new(
        FontFamily::Name(FAMILY),
        px * 1.24,
        FontStyle::Normal,
    ))
    .color(colour)
    .pos(pos)
}

/// How a tie is named in the title and legend: `United States – Belarus (diplomatic)`.
pub(crate) fn tie_name(graph: &Graph, relation: &Relation) -> String {
    let (a, b) = relation.ends.pair();
    let join = match relation.ends {
        Ends::Mutual(..) => "–",
        Ends::Directed { .. } => "→",
    };
    clean(&format!(
        "{} {join} {} ({})",
        graph.actor_name(a),
        graph.actor_name(b),
        relation.kind
    ))
}

/// `text` fit for an SVG text node: plotters escapes markup, and control characters (which XML
/// cannot hold) become U+FFFD, as in every other picture.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

/// One event to mark: its day on the axis and its title.
struct Mark<'a> {
    day: i64,
    title: &'a str,
}

/// The events behind the points of `relations` that fall in the range, by date then id, once
/// each.
fn marks<'a>(graph: &'a Graph, relations: &[&Relation], from: Date, to: Date) -> Vec<Mark<'a>> {
    let mut ids: Vec<(Date, &str)> = relations
        .iter()
        .flat_map(|r| &r.series)
        .filter_map(|p| p.event())
        .filter_map(|id| graph.events.get(id).map(|e| (e.date, id)))
        .filter(|(d, _)| from <= *d && *d <= to)
        .collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .map(|(d, id)| Mark {
            day: from.days_until(d),
            title: &graph.events[id].title,
        })
        .collect()
}

/// What is drawn of one tie: its line in pieces of one opacity each, its range bands and its
/// expired spans, all in days from the range's start.
struct Drawn {
    pieces: Vec<(f64, Vec<(f64, f64)>)>,
    bands: Vec<RangeBand>,
    expired: Vec<(i64, i64)>,
}

impl Drawn {
    fn of(graph: &Graph, relation: &Relation, from: Date, to: Date) -> Drawn {
        let mut pieces: Vec<(f64, Vec<(f64, f64)>)> = Vec::new();
        for stretch in stretches(graph, relation, from, to) {
            if let [(d, w)] = stretch[..] {
                pieces.push((1.0, vec![(d as f64, w)]));
            }
            for pair in stretch.windows(2) {
                let ((a, wa), (b, wb)) = (pair[0], pair[1]);
                let opacity = bands::opacity(graph, relation, from, a, b);
                match pieces.last_mut() {
                    // Continue the piece when it ends here with the same opacity.
                    Some((o, line)) if *o == opacity && line.last() == Some(&(a as f64, wa)) => {
                        line.push((b as f64, wb));
                    }
                    _ => pieces.push((opacity, vec![(a as f64, wa), (b as f64, wb)])),
                }
            }
        }
        Drawn {
            pieces,
            bands: bands::bands(graph, relation, from, to),
            expired: bands::expired(graph, relation, from, to),
        }
    }
}

/// A legend entry's sample: a tie's line, or one of the marks explained when drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sample {
    Tie(usize),
    Band(usize),
    Faded(usize),
    Expired,
}

fn failed<E: std::fmt::Debug>(error: E) -> TimelineError {
    TimelineError::Draw(format!("{error:?}"))
}

pub(crate) fn chart(
    graph: &Graph,
    relations: &[&Relation],
    from: Date,
    to: Date,
) -> Result<String, TimelineError> {
    let days = Days::new(from, to);
    let names: Vec<String> = relations.iter().map(|r| tie_name(graph, r)).collect();
    // The header: the title, then a legend when there is more than one line.
    let title = match names.as_slice() {
        [one] => format!("{one}, {from} to {to}"),
        many => format!("{} ties, {from} to {to}", many.len()),
    };
    // The label band, placed before anything is drawn so the picture's size is known; rows
    // are laid out from y = 0 and moved under the axis once the header's height is known.
    let events = marks(graph, relations, from, to);
    let band = Band {
        top: 0.0,
        row_height: ROW,
        font: TEXT,
        gap: 4.0,
    };
    let wanted: Vec<(f64, &str)> = events
        .iter()
        .map(|m| (days.pixel(m.day as f64, PLOT_X), m.title))
        .collect();
    let mut placed =
        labels::place_either(&wanted, band, (0.0, f64::from(WIDTH - MARGIN_RIGHT / 2)));
    // Labels reaching past the left edge move the whole chart right by as much.
    let shift = placed
        .iter()
        .map(|p| (-p.rect.x0 + 8.0).max(0.0).ceil() as u32)
        .max()
        .unwrap_or(0);
    let drawn: Vec<Drawn> = relations
        .iter()
        .map(|r| Drawn::of(graph, r, from, to))
        .collect();
    let mut entries: Vec<(Sample, String)> = Vec::new();
    if relations.len() > 1 {
        entries.extend(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (Sample::Tie(i), n.clone())),
        );
    }
    if let Some(i) = drawn.iter().position(|d| !d.bands.is_empty()) {
        entries.push((
            Sample::Band(i),
            "band: the weights thought possible, in the tie's colour".into(),
        ));
    }
    if let Some(i) = drawn
        .iter()
        .position(|d| d.pieces.iter().any(|(o, _)| *o < 1.0))
    {
        entries.push((
            Sample::Faded(i),
            "lighter line: confidence below 1 (a quarter opaque at 0)".into(),
        ));
    }
    if drawn.iter().any(|d| !d.expired.is_empty()) {
        entries.push((Sample::Expired, "expired: the weight has lapsed".into()));
    }
    let legend = legend_layout(&entries, shift);
    let legend_rows = legend
        .iter()
        .map(|(_, row, _, _)| row + 1)
        .max()
        .unwrap_or(0);
    let header = 34 + legend_rows as u32 * 18;
    let chart_height = MARGIN_TOP + PLOT_HEIGHT + X_AREA;
    let band_top = f64::from(header + chart_height) + 6.0;
    for p in &mut placed {
        p.x += f64::from(shift);
        p.rect.x0 += f64::from(shift);
        p.rect.x1 += f64::from(shift);
        p.rect.y0 += band_top;
        p.rect.y1 += band_top;
    }
    let rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(0);
    let width = placed
        .iter()
        .map(|p| p.rect.x1.ceil() as u32 + 12)
        .fold(WIDTH + shift, u32::max);
    let height = band_top as u32 + rows as u32 * ROW as u32 + 12;

    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        root.draw(&Text::new(
            title,
            ((MARGIN_LEFT + shift) as i32, 10),
            font(TITLE, &INK, Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(failed)?;
        for (x, row, sample, name) in &legend {
            let y = 38 + *row as i32 * 18;
            let (x0, x1) = (*x, *x + 22);
            match *sample {
                Sample::Tie(i) => root.draw(&PathElement::new(
                    vec![(x0, y), (x1, y)],
                    PALETTE[i % PALETTE.len()].stroke_width(3),
                )),
                Sample::Band(i) => root.draw(&Rectangle::new(
                    [(x0, y - 6), (x1, y + 6)],
                    PALETTE[i % PALETTE.len()].mix(BAND_OPACITY).filled(),
                )),
                Sample::Faded(i) => root.draw(&PathElement::new(
                    vec![(x0, y), (x1, y)],
                    PALETTE[i % PALETTE.len()]
                        .mix(crate::render::diagram::style::MIN_OPACITY)
                        .stroke_width(3),
                )),
                Sample::Expired => root.draw(&Rectangle::new(
                    [(x0, y - 6), (x1, y + 6)],
                    EXPIRED.mix(EXPIRED_OPACITY).filled(),
                )),
            }
            .map_err(failed)?;
            root.draw(&Text::new(
                name.clone(),
                (*x + 28, y),
                font(TEXT, &INK, Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(failed)?;
        }
        let (_, below) = root.split_vertically(header);
        let (area, _) = below.split_vertically(chart_height);
        let (_, area) = area.split_horizontally(shift);
        let (area, _) = area.split_horizontally(WIDTH);
        plot(
            graph,
            relations,
            &drawn,
            &days,
            &events,
            &area,
            from,
            to,
            shift as i32,
        )?;
        // Event ticks on the axis, leaders down to their labels, and the labels.
        let axis_y = (header + MARGIN_TOP + PLOT_HEIGHT) as i32;
        for p in &placed {
            let x = p.x.round() as i32;
            root.draw(&Polygon::new(
                vec![
                    (x, axis_y - 5),
                    (x + 4, axis_y),
                    (x, axis_y + 5),
                    (x - 4, axis_y),
                ],
                INK.filled(),
            ))
            .map_err(failed)?;
            root.draw(&PathElement::new(
                vec![(x, axis_y + 5), (x, (p.rect.y0 + ROW / 2.0).round() as i32)],
                EVENT.stroke_width(1),
            ))
            .map_err(failed)?;
        }
        for (p, m) in placed.iter().zip(&events) {
            root.draw(&Text::new(
                clean(m.title),
                (
                    p.rect.x0.round() as i32,
                    (p.rect.y0 + ROW / 2.0).round() as i32,
                ),
                font(TEXT, &INK, Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(failed)?;
        }
        root.present().map_err(failed)?;
    }
    Ok(out)
}

/// Legend entries `(x, row, sample, name)`: a sample and its text, wrapped to the width.
fn legend_layout(entries: &[(Sample, String)], shift: u32) -> Vec<(i32, usize, Sample, String)> {
    let mut out = Vec::new();
    let left = f64::from(MARGIN_LEFT + shift);
    let (mut x, mut row) = (left, 0);
    for (sample, name) in entries {
        let w = 28.0 + text_width(name, TEXT) + 18.0;
        if x + w > f64::from(WIDTH + shift) && x > left {
            x = left;
            row += 1;
        }
        out.push((x.round() as i32, row, *sample, name.clone()));
        x += w;
    }
    out
}

/// The plot: axes, grid, the zero line, event lines and the ties; `shift` is where `area`
/// starts in the picture.
#[allow(
    clippy::too_many_arguments,
    reason = "one private drawing step; a struct would only rename them"
)]
fn plot(
    graph: &Graph,
    relations: &[&Relation],
    drawn: &[Drawn],
    days: &Days,
    events: &[Mark],
    area: &DrawingArea<SVGBackend, Shift>,
    from: Date,
    to: Date,
    shift: i32,
) -> Result<(), TimelineError> {
    let scale = graph.scale;
    let pad = (scale.max - scale.min) * 0.05;
    let mut chart = ChartBuilder::on(area)
        .margin_left(MARGIN_LEFT)
        .margin_right(MARGIN_RIGHT)
        .margin_top(MARGIN_TOP)
        .x_label_area_size(X_AREA)
        .y_label_area_size(Y_AREA)
        .build_cartesian_2d(days.clone(), (scale.min - pad)..(scale.max + pad))
        .map_err(failed)?;
    debug_assert_eq!(
        chart.plotting_area().get_pixel_range().0,
        PLOT_X.0 + shift..PLOT_X.1 + shift,
        "the labels were placed against the plot's x range"
    );
    let tick_label = |v: &f64| {
        days.ticks
            .iter()
            .find(|(d, _)| *d as f64 == *v)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    chart
        .configure_mesh()
        .x_label_formatter(&tick_label)
        .y_labels(9)
        .y_label_formatter(&|w| crate::render::format::weight_label(*w))
        .y_desc(format!("weight (scale {} to {})", scale.min, scale.max))
        .label_style(font(TEXT, &INK, Pos::new(HPos::Center, VPos::Center)))
        .axis_desc_style(font(TEXT, &INK, Pos::new(HPos::Center, VPos::Center)))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .draw()
        .map_err(failed)?;
    let end = days.len as f64;
    for m in events {
        let x = m.day as f64;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x, scale.min - pad), (x, scale.max + pad)],
                EVENT.mix(0.5).stroke_width(1),
            )))
            .map_err(failed)?;
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (end, 0.0)],
            INK.stroke_width(1),
        )))
        .map_err(failed)?;
    // Behind the lines: the expired spans over the plot's height, then the range bands.
    let (top, bottom) = (scale.max + pad, scale.min - pad);
    for (i, d) in drawn.iter().enumerate() {
        for &(a, b) in &d.expired {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(a as f64, top), (b as f64, bottom)],
                    EXPIRED.mix(EXPIRED_OPACITY).filled(),
                )))
                .map_err(failed)?;
            // The label, one row per tie so that two ties' spans do not share one.
            let colour = if relations.len() > 1 {
                PALETTE[i % PALETTE.len()]
            } else {
                INK
            };
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at((a as f64, top))
                        + Text::new(
                            "expired",
                            (3, 3 + i as i32 * 14),
                            font(10.0, &INK, Pos::new(HPos::Left, VPos::Top)).color(&colour),
                        ),
                ))
                .map_err(failed)?;
        }
    }
    for (i, d) in drawn.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        for band in &d.bands {
            let outline: Vec<(f64, f64)> = band
                .iter()
                .map(|&(x, _, hi)| (x as f64, hi))
                .chain(band.iter().rev().map(|&(x, lo, _)| (x as f64, lo)))
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(
                    outline,
                    colour.mix(BAND_OPACITY).filled(),
                )))
                .map_err(failed)?;
        }
    }
    for (i, (relation, d)) in relations.iter().zip(drawn).enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        for (opacity, line) in &d.pieces {
            chart
                .draw_series(LineSeries::new(
                    line.clone(),
                    colour.mix(*opacity).stroke_width(2),
                ))
                .map_err(failed)?;
        }
        let dots = relation
            .series
            .iter()
            .filter(|p| from <= p.date && p.date <= to)
            .filter_map(|p| match p.value() {
                crate::model::PointValue::Weight(w) => Some((
                    (from.days_until(p.date) as f64, w),
                    bands::of_confidence(p.confidence()),
                )),
                crate::model::PointValue::End => None,
            })
            .map(|(xy, o)| Circle::new(xy, 3, colour.mix(o).filled()));
        chart.draw_series(dots).map_err(failed)?;
    }
    Ok(())
}
