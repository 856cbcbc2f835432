//! The `trend` views of a [`Trend`]: a readable report, JSON, and tidy CSV (one row per date,
//! measure and subject) for spreadsheets, R and pandas.

use serde::Serialize;

use super::Origin;
use super::origin::KeyText;
use super::table::{Align, printable, table};
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

/// [`csv`] written to `out` as it is made. Fails only when `out` does.
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
    let mut out = String::new();
    let (first, last) = match (trend.steps.first(), trend.steps.last()) {
        (Some(a), Some(b)) => (a.date.to_string(), b.date.to_string()),
        _ => return "No dates in the range.\n".to_string(),
    };
    out.push_str(&format!(
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
    out.push_str(&table(
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
        out.push_str("(* an upper bound: the exact search did not finish)\n");
    }
    let keys: std::collections::BTreeSet<&RelationKey> =
        trend.steps.iter().flat_map(|s| s.ties.keys()).collect();
    if !keys.is_empty() {
        out.push_str("\nTie weights\n");
        let mut header: Vec<String> = vec!["tie".to_string()];
        header.extend(trend.steps.iter().map(|s| s.date.to_string()));
        let rows: Vec<Vec<String>> = keys
            .iter()
            .map(|key| {
                let mut row = vec![printable(&tie_label(key))];
                row.extend(trend.steps.iter().map(|s| {
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
        out.push_str(&table(&header, &align, &rows));
    }
    out.push_str(&format!("\nBiggest tie changes, {first} to {last}\n"));
    if trend.tie_movers.is_empty() {
        out.push_str("(none)\n");
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
        out.push_str(&table(
            &["tie", "first", "last", "change"],
            &[Align::Left, Align::Right, Align::Right, Align::Right],
            &rows,
        ));
    }
    out.push_str(&format!("\nBiggest strength changes, {first} to {last}\n"));
    if trend.actor_movers.is_empty() {
        out.push_str("(none)\n");
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
        out.push_str(&table(
            &["actor", "first", "last", "change"],
            &[Align::Left, Align::Right, Align::Right, Align::Right],
            &rows,
        ));
    }
    out.push_str("\nBloc switches\n");
    if trend.switches.is_empty() {
        out.push_str("(none)\n");
    } else {
        for s in &trend.switches {
            out.push_str(&format!(
                "  {}  {}: bloc {} -> {}\n",
                s.date,
                printable(&s.id),
                bloc_label(s.from),
                bloc_label(s.to)
            ));
        }
    }
    out
}
