//! Computed numbers to a fixed precision: a weight worked out from the file's values (between two
//! points, or combined from several ties) is kept to 12 significant digits, so that it carries no
//! floating-point noise into any output and reads the same wherever it is shown.

/// `x` rounded to 12 significant digits. Non-finite values and zero are returned as they are.
///
/// ```
/// use detente::model::round12;
/// assert_eq!(round12(0.1 + 0.2), 0.3);
/// assert_eq!(round12(1.0 / 3.0), 0.333333333333);
/// assert_eq!(round12(-0.9736640168902517), -0.973664016890);
/// ```
pub fn round12(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    // The decimal text of 12 significant digits is exactly the rounding we want, and parsing it
    // back gives the double nearest to that decimal (which prints as the short decimal).
    format!("{x:.11e}").parse().unwrap_or(x)
}
