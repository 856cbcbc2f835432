//! Drawing one timeline chart with plotters' SVG backend: header and legend, the plot with its
//! axes, the tie lines, and the event ticks with their labels in the band under the axis.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::TimelineError;
use super::axis::Days;
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
        .filter_map(|p| p.event.as_deref())
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
    let legend = if relations.len() > 1 {
        legend_layout(&names, shift)
    } else {
        Vec::new()
    };
    let legend_rows = legend.iter().map(|(_, row, _)| row + 1).max().unwrap_or(0);
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
        for (i, (x, row, name)) in legend.iter().enumerate() {
            let y = 38 + *row as i32 * 18;
            let colour = PALETTE[i % PALETTE.len()];
            root.draw(&PathElement::new(
                vec![(*x, y), (*x + 22, y)],
                colour.stroke_width(3),
            ))
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

/// Legend entries `(x, row, name)`: a line sample and the tie's name, wrapped to the width.
fn legend_layout(names: &[String], shift: u32) -> Vec<(i32, usize, String)> {
    let mut out = Vec::new();
    let left = f64::from(MARGIN_LEFT + shift);
    let (mut x, mut row) = (left, 0);
    for name in names {
        let w = 28.0 + text_width(name, TEXT) + 18.0;
        if x + w > f64::from(WIDTH + shift) && x > left {
            x = left;
            row += 1;
        }
        out.push((x.round() as i32, row, name.clone()));
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
    for (i, relation) in relations.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        for stretch in stretches(graph, relation, from, to) {
            let points: Vec<(f64, f64)> = stretch.iter().map(|&(d, w)| (d as f64, w)).collect();
            chart
                .draw_series(LineSeries::new(points, colour.stroke_width(2)))
                .map_err(failed)?;
        }
        let dots = relation
            .series
            .iter()
            .filter(|p| from <= p.date && p.date <= to)
            .filter_map(|p| match p.value {
                crate::model::PointValue::Weight(w) => Some((from.days_until(p.date) as f64, w)),
                crate::model::PointValue::End => None,
            })
            .map(|xy| Circle::new(xy, 3, colour.filled()));
        chart.draw_series(dots).map_err(failed)?;
    }
    Ok(())
}
