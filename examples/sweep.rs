//! Vary one tie's weight over a range and watch how structural balance and the blocs respond.
//!
//! For each weight of the US–Belarus diplomatic tie from −1 to +1, this applies a one-edit
//! scenario to the bundled graph (`set` the tie on the date), takes the snapshot of that date at
//! state level (officials' ties rolled up into their states', by the mean) and analyses it: the balance ratio of signed triangles, the unbalanced triangles, the frustration
//! index and the two blocs that violate the fewest ties. It shows at which weight the
//! structure tips: where the US and Belarus stop being better described as opponents.
//!
//! ```text
//! cargo run --example sweep                                   # USA -- BLR on 2025-07-01
//! cargo run --example sweep -- graphs/us-belarus.yaml 2021-06 USA BLR diplomatic
//! ```

use std::error::Error;

use detente::analysis::{self, BlocCount, Options};
use detente::model::{Date, Graph};
use detente::scenario::{Scenario, ScenarioError, TieRef};
use detente::snapshot::{Aggregation, Snapshot};

/// What the analysis says for one weight of the swept tie.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The weight given to the tie.
    pub weight: f64,
    /// All signed triangles, and the balanced ones.
    pub triangles: u64,
    /// Balanced triangles / all triangles (`None` without triangles).
    pub ratio: Option<f64>,
    /// Unbalanced triangles that contain both ends of the swept tie.
    pub unbalanced_through_tie: usize,
    /// The frustration index: the fewest ties whose removal balances the graph.
    pub frustration: usize,
    /// Whether the index is proven minimal.
    pub exact: bool,
    /// Whether the two ends of the tie fall in the same of two blocs.
    pub same_bloc: bool,
    /// The two blocs.
    pub blocs: Vec<Vec<detente::model::Id>>,
}

/// The weights swept: −1 to +1 in steps of `step`.
pub fn weights(step: f64) -> Vec<f64> {
    let n = (2.0 / step).round() as i64;
    (0..=n).map(|i| -1.0 + i as f64 * step).collect()
}

/// Sets `tie` to each weight on `on`, and analyses the graph of that date.
pub fn sweep(
    base: &Graph,
    tie: &TieRef,
    on: Date,
    weights: &[f64],
) -> Result<Vec<Step>, ScenarioError> {
    let (a, b) = tie.ends.pair();
    let options = Options {
        blocs: BlocCount::Fixed(2),
        ..Options::default()
    };
    weights
        .iter()
        .map(|&weight| {
            let graph = Scenario::on(base).set(tie.clone(), on, weight).apply()?;
            // At state level (officials' ties rolled up into their states' ties), so the blocs are
            // blocs of states.
            let states = Snapshot::at(&graph, on).rolled_up(Aggregation::Mean);
            let analysis = analysis::analyze(&states, &options);
            let balance = &analysis.balance;
            let bloc_of = |id: &str| {
                analysis
                    .blocs
                    .blocs
                    .iter()
                    .position(|bloc| bloc.iter().any(|m| m == id))
            };
            Ok(Step {
                weight,
                triangles: balance.census.triangles(),
                ratio: balance.ratio,
                unbalanced_through_tie: balance
                    .unbalanced
                    .iter()
                    .filter(|t| t.iter().any(|x| x == a) && t.iter().any(|x| x == b))
                    .count(),
                frustration: balance.frustration.index,
                exact: balance.frustration.exact,
                same_bloc: bloc_of(a).is_some() && bloc_of(a) == bloc_of(b),
                blocs: analysis.blocs.blocs.clone(),
            })
        })
        .collect()
}

/// The sweep as a table.
pub fn report(tie: &TieRef, on: Date, steps: &[Step]) -> String {
    let (a, b) = tie.ends.pair();
    let mut out = format!("Sweeping {a} -- {b} ({}) on {on}\n", tie.kind);
    out.push_str(&format!(
        "{:>7}  {:>9}  {:>9}  {:>11}  {:>9}  {}\n",
        "weight", "triangles", "balanced", "unbalanced*", "frustr.", "blocs (2)"
    ));
    for s in steps {
        let ratio = s
            .ratio
            .map_or_else(|| "-".to_string(), |r| format!("{:.0}%", r * 100.0));
        let frustration = format!("{}{}", s.frustration, if s.exact { "" } else { "?" });
        let blocs: Vec<String> = s
            .blocs
            .iter()
            .map(|b| format!("{{{}}}", b.join(" ")))
            .collect();
        out.push_str(&format!(
            "{:>+7.2}  {:>9}  {:>9}  {:>11}  {:>9}  {} {}\n",
            s.weight,
            s.triangles,
            ratio,
            s.unbalanced_through_tie,
            frustration,
            if s.same_bloc { "together" } else { "apart   " },
            blocs.join(" ")
        ));
    }
    out.push_str(&format!(
        "* unbalanced triangles through {a} -- {b}; ? = a bound, not proven minimal\n"
    ));
    out
}

#[allow(
    dead_code,
    reason = "the integration tests include this file as a module without main"
)]
fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: &str| args.get(i).cloned().unwrap_or_else(|| default.to_string());
    let path = arg(0, "graphs/us-belarus.yaml");
    let on: Date = arg(1, "2025-07-01").parse()?;
    let tie = TieRef::mutual(&arg(2, "USA"), &arg(3, "BLR"), &arg(4, "diplomatic"));
    let base = detente::load::load_path(std::path::Path::new(&path))?;
    let steps = sweep(&base, &tie, on, &weights(0.25))?;
    print!("{}", report(&tie, on, &steps));
    Ok(())
}
