//! Two futures after Keith Kellogg's planned visit to Minsk, built in code, and what separates
//! them on a date.
//!
//! In June 2025 Reuters reported that Kellogg, the US President's envoy for Ukraine, planned to
//! visit Alexander Lukashenko. This example applies two scenarios to the bundled graph:
//! the visit goes ahead and leads to further prisoner releases and warmer US–Belarus ties, or it
//! is cancelled and relations freeze. It then compares the two graphs' snapshots on a date and
//! prints every tie whose weight differs, with both values.
//!
//! ```text
//! cargo run --example kellogg_visit                       # graphs/us-belarus.yaml, on 2025-10-01
//! cargo run --example kellogg_visit -- GRAPH.yaml 2026-06 # another graph or date
//! ```

use std::error::Error;

use detente::diff::{DiffOptions, GraphDiff};
use detente::model::{Date, Event, Graph, RelationKey};
use detente::scenario::{Provenance, Scenario, ScenarioError, TieRef};
use detente::snapshot::Snapshot;

fn date(text: &str) -> Date {
    // The dates below are written in this file and are valid.
    text.parse().expect("a valid date")
}

fn usa_blr() -> TieRef {
    TieRef::mutual("USA", "BLR", "diplomatic")
}

fn kellogg_lukashenko() -> TieRef {
    TieRef::directed("kellogg", "lukashenko", "contact")
}

/// The visit goes ahead: more prisoners are released in September, with partial sanctions relief
/// in return, and the US embassy reopens in 2026.
pub fn visit_goes_ahead(base: &Graph) -> Result<Graph, ScenarioError> {
    let release = Event {
        date: date("2025-09-11"),
        title: "(scenario) A further large release of political prisoners".into(),
        actors: vec!["lukashenko".into(), "kellogg".into()],
        sources: vec![],
        description: None,
    };
    let because = |note: &str| Provenance {
        note: Some(note.into()),
        event: Some("scenario-release".into()),
        sources: vec![],
        // A scenario's guess, not a reported fact.
        confidence: Some(0.5),
    };
    Scenario::on(base)
        .title("Kellogg's visit goes ahead")
        .set(kellogg_lukashenko(), date("2025-06-21"), 0.5)
        .add_event("scenario-release", release)
        .set_with(
            kellogg_lukashenko(),
            date("2025-09-11"),
            0.6,
            because("the channel delivers"),
        )
        .set_with(
            usa_blr(),
            date("2025-09-11"),
            -0.1,
            because("partial sanctions relief for the releases"),
        )
        .set(usa_blr(), date("2026-03-01"), 0.2)
        .shift(
            TieRef::mutual("BLR", "RUS", "alliance"),
            date("2025-09-11"),
            -0.05,
        )
        .apply()
}

/// The visit is cancelled: the envoys' contacts with Lukashenko lapse and US–Belarus relations
/// stay where they were before the visit was planned.
pub fn visit_cancelled(base: &Graph) -> Result<Graph, ScenarioError> {
    let frozen = RelationKey::mutual("USA", "BLR", "diplomatic");
    let level = base
        .relation(&frozen)
        .and_then(|r| r.weight_on(date("2025-06-17"), base.interpolation_of(r)))
        .unwrap_or(-0.5);
    let mut scenario = Scenario::on(base)
        .title("Kellogg's visit is cancelled")
        .end(kellogg_lukashenko(), date("2025-06-18"));
    // Freeze: the weight of the day before the visit holds on every later point's date too.
    let later: Vec<Date> = base
        .relation(&frozen)
        .map(|r| r.series.iter().map(|p| p.date).collect())
        .unwrap_or_default();
    scenario = scenario.set(usa_blr(), date("2025-06-18"), level);
    for day in later.into_iter().filter(|d| *d > date("2025-06-18")) {
        scenario = scenario.set(usa_blr(), day, level);
    }
    scenario.apply()
}

/// A tie whose weight differs between the two futures on a date (`None`: absent).
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The tie.
    pub tie: RelationKey,
    /// Its weight if the visit goes ahead.
    pub ahead: Option<f64>,
    /// Its weight if the visit is cancelled.
    pub cancelled: Option<f64>,
}

/// Every tie whose weight differs between `ahead` and `cancelled` on `on`, in key order: the
/// library's diff of the two snapshots.
pub fn differences(ahead: &Graph, cancelled: &Graph, on: Date) -> Vec<Difference> {
    let (a, c) = (Snapshot::at(ahead, on), Snapshot::at(cancelled, on));
    GraphDiff::between(&a, &c, &DiffOptions::default())
        .ties
        .into_iter()
        .map(|change| Difference {
            tie: change.key.clone(),
            ahead: change.before,
            cancelled: change.after,
        })
        .collect()
}

/// The differences as a table.
pub fn report(on: Date, differences: &[Difference]) -> String {
    let show = |w: Option<f64>| w.map_or_else(|| "absent".to_string(), |w| format!("{w:+.2}"));
    let mut out = format!(
        "What separates the two futures on {on}: {} ties\n",
        differences.len()
    );
    out.push_str(&format!(
        "{:<36} {:>8} {:>10}\n",
        "tie", "ahead", "cancelled"
    ));
    for d in differences {
        out.push_str(&format!(
            "{:<36} {:>8} {:>10}\n",
            d.tie.to_string(),
            show(d.ahead),
            show(d.cancelled)
        ));
    }
    out
}

#[allow(
    dead_code,
    reason = "the integration tests include this file as a module without main"
)]
fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "graphs/us-belarus.yaml".to_string());
    let on: Date = args.next().as_deref().unwrap_or("2025-10-01").parse()?;
    let base = detente::load::load_path(std::path::Path::new(&path))?;
    let ahead = visit_goes_ahead(&base)?;
    let cancelled = visit_cancelled(&base)?;
    print!("{}", report(on, &differences(&ahead, &cancelled, on)));
    Ok(())
}
