//! The library examples in `examples/`, run as modules: `sweep.rs` varies one tie's weight and
//! watches balance and the blocs respond.

#[path = "../../examples/sweep.rs"]
mod sweep;

use detente::scenario::TieRef;

use crate::support::repo;

#[test]
fn the_sweep_tips_balance_where_the_us_belarus_tie_turns_friendly() {
    let base = detente::load::load_path(&repo("graphs/us-belarus.yaml")).unwrap();
    let tie = TieRef::mutual("USA", "BLR", "diplomatic");
    let on = "2025-07-01".parse().unwrap();
    let weights = sweep::weights(0.25);
    assert_eq!(weights.len(), 9);
    assert!((weights[0] + 1.0).abs() < 1e-12 && (weights[8] - 1.0).abs() < 1e-12);
    let steps = sweep::sweep(&base, &tie, on, &weights).unwrap();
    // Worked out by hand at state level on that date: BLR -- RUS is an alliance (+) and
    // RUS -- USA hostile (-), so the triangle {BLR, RUS, USA} is balanced exactly when the
    // net US–Belarus tie is negative. A diplomatic weight of -1 keeps the net tie negative
    // despite the envoys' friendly contacts; +1 makes it positive. Then a second triangle
    // through the tie tips too: {BLR, USA, Tsikhanouskaya's office}, with Belarus hostile to the
    // office (-) and the US friendly to it (+); one tie (USA -- BLR) still resolves both.
    let hostile = &steps[0];
    assert_eq!(
        (hostile.frustration, hostile.unbalanced_through_tie),
        (0, 0)
    );
    assert!(!hostile.same_bloc);
    let friendly = &steps[8];
    assert_eq!(
        (friendly.frustration, friendly.unbalanced_through_tie),
        (1, 2)
    );
    assert!(friendly.exact);
    // The frustration index never falls as the tie warms, in this graph.
    assert!(
        steps
            .windows(2)
            .all(|w| w[0].frustration <= w[1].frustration)
    );
    let report = sweep::report(&tie, on, &steps);
    assert!(
        report.starts_with("Sweeping USA -- BLR (diplomatic) on 2025-07-01\n"),
        "{report}"
    );
    assert!(report.contains("  -1.00  "), "{report}");
}
