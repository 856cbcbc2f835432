//! The `trend` views of a [`Trend`]: a readable report, JSON, and tidy CSV (one row per date,
//! measure and subject) for spreadsheets, R and pandas.

use serde::Serialize;

use super::Origin;
use super::origin::KeyText;
use super::table::{Align, printable, table, write_table};
use crate::analysis::trend::{Trend, TrendStep};
use crate::model::RelationKey;
use crate::render::escape::csv_text;
use crate::render::format;

/// A tie's weight on one date, as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct TieWeight<'a> {
    pub tie: KeyText<'a>,
    pub from: &'a str,
    pub to: &'a str,
    pub kind: &'a str,
    pub directed: bool,
    pub weight: f64,
}

/// The frustration index of one date, as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct FrustrationView {
    pub index: usize,
    pub exact: bool,
}

/// One date, as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct StepView<'a> {
    pub date: String,
    pub triangles: u64,
    pub ratio: Option<f64>,
    pub frustration: FrustrationView,
    pub ties: TieWeights<'a>,
    pub strength: std::collections::BTreeMap<&'a str, f64>,
    pub blocs: Vec<StepBlocView<'a>>,
}

/// The ties of one date, as JSON: each written as it is serialised (a large graph's trend has
/// millions), with its key as [`KeyText`].
#[derive(Debug)]
pub(crate) struct TieWeights<'a>(&'a std::collections::BTreeMap<RelationKey, f64>);

impl Serialize for TieWeights<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|(k, &w)| TieWeight {
            tie: KeyText(k),
            from: &k.from,
            to: &k.to,
            kind: &k.kind,
            directed: k.directed,
            weight: format::weight(w),
        }))
    }
}

/// One bloc of one date, as JSON: labels are 1..K at every date, and `continues` names the
/// previous date's bloc this one matches (`null` for a new bloc, and on the first date).
#[derive(Debug, Serialize)]
pub(crate) struct StepBlocView<'a> {
    pub id: u32,
    pub actors: Vec<&'a str>,
    pub continues: Option<u32>,
}

/// The blocs of one date, by label, each with its members in id order.
fn step_blocs(step: &TrendStep) -> Vec<StepBlocView<'_>> {
    let mut by: std::collections::BTreeMap<u32, Vec<&str>> = Default::default();
    for (id, &label) in &step.blocs {
        by.entry(label).or_default().push(id);
    }
    by.into_iter()
        .map(|(id, actors)| StepBlocView {
            id,
            actors,
            continues: step.continues.get(&id).copied().flatten(),
        })
        .collect()
}

/// A moving tie, as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct TieMoveView<'a> {
    pub tie: String,
    pub from: &'a str,
    pub to: &'a str,
    pub kind: &'a str,
    pub directed: bool,
    pub first: Option<f64>,
    pub last: Option<f64>,
    pub change: f64,
}

/// A moving actor, as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct ActorMoveView<'a> {
    pub id: &'a str,
    pub first: f64,
    pub last: f64,
    pub change: f64,
}

/// The biggest movers, as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct MoversView<'a> {
    pub ties: Vec<TieMoveView<'a>>,
    pub actors: Vec<ActorMoveView<'a>>,
}

/// A bloc switch, as JSON.
#[derive(Debug, Serialize)]
pub(crate) struct SwitchView<'a> {
    pub date: String,
    pub actor: &'a str,
    pub from: Option<u32>,
    pub to: Option<u32>,
}

/// The whole `trend --format json` document.
#[derive(Debug, Serialize)]
pub(crate) struct TrendView<'a> {
    pub from: String,
    pub to: String,
    pub every: String,
    pub level: &'a str,
    pub steps: Vec<StepView<'a>>,
    pub movers: MoversView<'a>,
    pub switches: Vec<SwitchView<'a>>,
}

/// Labels of the range, for the views.
#[derive(Debug, Clone, Copy)]
pub struct Range<'a> {
    /// The interval as given (`1y`).
    pub every: &'a str,
    /// `all` or `state`.
    pub level: &'a str,
}

/// The serialisable view of `trend`.
pub(crate) fn view<'a>(trend: &'a Trend, range: Range<'a>) -> TrendView<'a> {
    let date = |i: usize| {
        trend
            .steps
            .get(i)
            .map(|s| s.date.to_string())
            .unwrap_or_default()
    };
    TrendView {
        from: date(0),
        to: date(trend.steps.len().saturating_sub(1)),
        every: range.every.to_string(),
        level: range.level,
        steps: trend
            .steps
            .iter()
            .map(|s| StepView {
                date: s.date.to_string(),
                triangles: s.triangles,
                ratio: format::round12_opt(s.ratio),
                frustration: FrustrationView {
                    index: s.frustration,
                    exact: s.frustration_exact,
                },
                ties: TieWeights(&s.ties),
                strength: s
                    .strength
                    .iter()
                    .map(|(id, &x)| (id.as_str(), format::round12(x)))
                    .collect(),
                blocs: step_blocs(s),
            })
            .collect(),
        movers: MoversView {
            ties: trend
                .tie_movers
                .iter()
                .map(|m| TieMoveView {
                    tie: m.key.tie(),
                    from: &m.key.from,
                    to: &m.key.to,
                    kind: &m.key.kind,
                    directed: m.key.directed,
                    first: format::weight_opt(m.first),
                    last: format::weight_opt(m.last),
                    change: format::round12(m.change),
                })
                .collect(),
            actors: trend
                .actor_movers
                .iter()
                .map(|m| ActorMoveView {
                    id: &m.id,
                    first: format::round12(m.first),
                    last: format::round12(m.last),
                    change: format::round12(m.change),
                })
                .collect(),
        },
        switches: trend
            .switches
            .iter()
            .map(|s| SwitchView {
                date: s.date.to_string(),
                actor: &s.id,
                from: s.from,
                to: s.to,
            })
            .collect(),
    }
}

/// `trend --format json`: pretty-printed, with how it was made, ending with a newline.
pub fn json(trend: &Trend, range: Range<'_>, origin: &Origin) -> String {
    super::origin::json(&view(trend, range), origin)
}

/// [`json`] written to `out` as it is made (at a million ties, gigabytes of text are never held
/// whole in memory). Fails only when `out` does.
pub fn write_json(
    trend: &Trend,
    range: Range<'_>,
    origin: &Origin,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    super::origin::write_json(&view(trend, range), origin, out)
}

fn tie_label(key: &RelationKey) -> String {
    key.to_string()
}

fn bloc_label(label: Option<u32>) -> String {
    label.map_or_else(|| "none".to_string(), |l| l.to_string())
}

/// `trend --format csv`: columns `date,measure,subject,value,tie`; measures `triangles`,
/// `balance_ratio`, `frustration_index`, `tie_weight` (subject: the tie, and `tie` its canonical
/// key `FROM|TO|KIND` for joining), `strength` and `bloc` (subject: the actor). Absent values
/// are empty cells.
pub fn csv(trend: &Trend) -> Result<String, csv::Error> {
    let mut bytes = Vec::new();
    write_csv(trend, &mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// [`csv()`] written to `out` as it is made. Fails only when `out` does.
pub fn write_csv(trend: &Trend, out: impl std::io::Write) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["date", "measure", "subject", "value", "tie"])?;
    for s in &trend.steps {
        let date = s.date.to_string();
        w.write_record([&date, "triangles", "", &s.triangles.to_string(), ""])?;
        let ratio = s
            .ratio
            .map(|r| format::round12(r).to_string())
            .unwrap_or_default();
        w.write_record([&date, "balance_ratio", "", &ratio, ""])?;
        w.write_record([
            &date,
            "frustration_index",
            "",
            &s.frustration.to_string(),
            "",
        ])?;
        for (key, weight) in &s.ties {
            w.write_record([
                &date,
                "tie_weight",
                &csv_text(&tie_label(key)),
                &format::weight(*weight).to_string(),
                &csv_text(&key.tie()),
            ])?;
        }
        for (id, strength) in &s.strength {
            w.write_record([
                &date,
                "strength",
                &csv_text(id),
                &format::round12(*strength).to_string(),
                "",
            ])?;
        }
        for (id, bloc) in &s.blocs {
            w.write_record([&date, "bloc", &csv_text(id), &bloc.to_string(), ""])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// How many movers the text report lists.
const TOP: usize = 10;

/// `trend --format text`: one line per date, every tie's weight per date, the biggest movers
/// and the bloc switches.
pub fn text(trend: &Trend, title: Option<&str>, range: Range<'_>) -> String {
    let mut out = Vec::new();
    // Writing into a vector cannot fail, and only text is written.
    let _ = write_text(trend, title, range, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`text`] written to `out` as it is made: the table of every tie's weight on every date is
/// written a line at a time (at a million ties, it was built whole, as a text of every cell).
pub fn write_text(
    trend: &Trend,
    title: Option<&str>,
    range: Range<'_>,
    mut out: impl std::io::Write,
) -> std::io::Result<()> {
    let mut text = String::new();
    let (first, last) = match (trend.steps.first(), trend.steps.last()) {
        (Some(a), Some(b)) => (a.date.to_string(), b.date.to_string()),
        _ => return out.write_all(b"No dates in the range.\n"),
    };
    text.push_str(&format!(
        "{}{first} to {last}, every {}{}\n\n",
        title
            .map(|t| format!("{} — ", printable(t)))
            .unwrap_or_default(),
        range.every,
        if range.level == "state" {
            " (state level)"
        } else {
            ""
        }
    ));
    let rows: Vec<Vec<String>> = trend
        .steps
        .iter()
        .map(|s| {
            let blocs: Vec<String> = step_blocs(s)
                .iter()
                .map(|b| {
                    // Labels are per date; a bloc that continues another label says so.
                    let was = match b.continues {
                        Some(c) if c != b.id => format!(" (was {c})"),
                        _ => String::new(),
                    };
                    let ids = super::listed(b.actors.iter().copied(), " ");
                    format!("{}{was}: {ids}", b.id)
                })
                .collect();
            vec![
                s.date.to_string(),
                s.ties.len().to_string(),
                s.triangles.to_string(),
                s.ratio
                    .map_or_else(|| "-".to_string(), format::two_decimals),
                format!(
                    "{}{}",
                    s.frustration,
                    if s.frustration_exact { "" } else { "*" }
                ),
                blocs.join(" | "),
            ]
        })
        .collect();
    let mut align = vec![Align::Right; 6];
    align[0] = Align::Left;
    align[5] = Align::Left;
    text.push_str(&table(
        &[
            "date",
            "ties",
            "triangles",
            "balanced",
            "frustration",
            "blocs",
        ],
        &align,
        &rows,
    ));
    if trend.steps.iter().any(|s| !s.frustration_exact) {
        text.push_str("(* an upper bound: the exact search did not finish)\n");
    }
    write_tie_weights(trend, &mut text, &mut out)?;
    text.push_str(&format!("\nBiggest tie changes, {first} to {last}\n"));
    if trend.tie_movers.is_empty() {
        text.push_str("(none)\n");
    } else {
        let show = |w: Option<f64>| w.map_or_else(|| "absent".to_string(), format::signed);
        let rows: Vec<Vec<String>> = trend
            .tie_movers
            .iter()
            .take(TOP)
            .map(|m| {
                vec![
                    printable(&tie_label(&m.key)),
                    show(m.first),
                    show(m.last),
                    format::signed(m.change),
                ]
            })
            .collect();
        text.push_str(&table(
            &["tie", "first", "last", "change"],
            &[Align::Left, Align::Right, Align::Right, Align::Right],
            &rows,
        ));
    }
    text.push_str(&format!("\nBiggest strength changes, {first} to {last}\n"));
    if trend.actor_movers.is_empty() {
        text.push_str("(none)\n");
    } else {
        let rows: Vec<Vec<String>> = trend
            .actor_movers
            .iter()
            .take(TOP)
            .map(|m| {
                vec![
                    printable(&m.id),
                    format::signed(m.first),
                    format::signed(m.last),
                    format::signed(m.change),
                ]
            })
            .collect();
        text.push_str(&table(
            &["actor", "first", "last", "change"],
            &[Align::Left, Align::Right, Align::Right, Align::Right],
            &rows,
        ));
    }
    text.push_str("\nBloc switches\n");
    if trend.switches.is_empty() {
        text.push_str("(none)\n");
    } else {
        for s in &trend.switches {
            text.push_str(&format!(
                "  {}  {}: bloc {} -> {}\n",
                s.date,
                printable(&s.id),
                bloc_label(s.from),
                bloc_label(s.to)
            ));
        }
    }
    out.write_all(text.as_bytes())
}

/// The table of every tie's weight on every date, under its title (nothing without ties), onto
/// `text` and out: the union of the dates' ties in key order, a line each. The dates' ties are
/// walked side by side, each in key order, so that a tie is found on a date without a search.
fn write_tie_weights(
    trend: &Trend,
    text: &mut String,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    if trend.steps.iter().all(|s| s.ties.is_empty()) {
        return Ok(());
    }
    let dates: Vec<String> = trend.steps.iter().map(|s| s.date.to_string()).collect();
    let mut header: Vec<&str> = vec!["tie"];
    header.extend(dates.iter().map(String::as_str));
    let mut align = vec![Align::Right; header.len()];
    align[0] = Align::Left;
    // Each row into the same strings: its tie, then its weight on each date.
    let mut cells: Vec<String> = vec![String::new(); header.len()];
    text.push_str("\nTie weights\n");
    write_table(text, out, &header, &align, |row| {
        each_tie_row(trend, |key, weights| {
            cells[0] = printable(&tie_label(key));
            for (cell, w) in cells[1..].iter_mut().zip(weights) {
                cell.clear();
                match w {
                    Some(w) => format::push_two_decimals(cell, *w, true),
                    None => cell.push('.'),
                }
            }
            row(&cells);
        });
    })
}

/// Calls `row` with each tie that exists on any date of `trend`, in key order, and its weight on
/// each date (`None`: absent then).
fn each_tie_row(trend: &Trend, mut row: impl FnMut(&RelationKey, &[Option<f64>])) {
    let mut walks: Vec<_> = trend
        .steps
        .iter()
        .map(|s| s.ties.iter().peekable())
        .collect();
    let mut weights: Vec<Option<f64>> = vec![None; walks.len()];
    loop {
        let Some(key) = walks
            .iter_mut()
            .filter_map(|w| w.peek().map(|(k, _)| *k))
            .min()
        else {
            return;
        };
        for (walk, weight) in walks.iter_mut().zip(&mut weights) {
            *weight = walk.next_if(|(k, _)| *k == key).map(|(_, &w)| w);
        }
        row(key, &weights);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::trend::{TrendOptions, dates, trend};

    /// A writer that keeps what it is given and counts the writes.
    #[derive(Default)]
    struct Recorder {
        bytes: Vec<u8>,
        writes: usize,
    }

    impl std::io::Write for Recorder {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.bytes.extend_from_slice(buf);
            self.writes += 1;
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_tie_weights_table_is_every_ties_row_written_a_piece_at_a_time() {
        let g = crate::generate::generate(&crate::generate::Spec::sized(150, 3_000, 4));
        let d = |s: &str| s.parse().unwrap();
        let dates = dates(d("2003"), d("2015"), "4y".parse().unwrap()).unwrap();
        let t = trend(&g, &dates, &TrendOptions::default());
        // Ties come and go between the dates.
        let keys: std::collections::BTreeSet<&RelationKey> =
            t.steps.iter().flat_map(|s| s.ties.keys()).collect();
        assert!(t.steps.iter().all(|s| s.ties.len() < keys.len()));
        let range = Range {
            every: "4y",
            level: "grouped",
        };
        let mut out = Recorder::default();
        write_text(&t, None, range, &mut out).unwrap();
        let written = String::from_utf8(out.bytes).unwrap();
        assert!(out.writes > 2, "{} writes", out.writes);
        assert_eq!(written, text(&t, None, range));
        // The table as a whole, made from every tie found by key on every date.
        let mut header = vec!["tie".to_string()];
        header.extend(t.steps.iter().map(|s| s.date.to_string()));
        let rows: Vec<Vec<String>> = keys
            .iter()
            .map(|key| {
                let mut row = vec![printable(&tie_label(key))];
                row.extend(t.steps.iter().map(|s| {
                    s.ties
                        .get(*key)
                        .map_or_else(|| ".".to_string(), |&w| format::signed(w))
                }));
                row
            })
            .collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut align = vec![Align::Right; header.len()];
        align[0] = Align::Left;
        let expected = format!("\nTie weights\n{}\nBiggest", table(&header, &align, &rows));
        assert_eq!(written.matches(&expected).count(), 1);
        assert_eq!(written.matches("Tie weights").count(), 1);
        assert!(expected.len() > 1 << 16, "{} bytes", expected.len());
    }

    #[test]
    fn a_trend_without_ties_has_no_tie_weights_table() {
        let g = crate::load::load_str(
            "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n",
            "x.yaml",
        )
        .unwrap();
        let d = |s: &str| s.parse().unwrap();
        let t = trend(&g, &[d("2020"), d("2021")], &TrendOptions::default());
        let range = Range {
            every: "1y",
            level: "grouped",
        };
        let written = text(&t, None, range);
        assert!(!written.contains("Tie weights"), "{written}");
        assert!(written.contains("Biggest tie changes"), "{written}");
    }
}
