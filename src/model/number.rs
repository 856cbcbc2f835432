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
    by_arithmetic(x).unwrap_or_else(|| by_text(x))
}

/// [`round12`] through text: the decimal text of 12 significant digits is exactly the rounding
/// wanted, and parsing it back gives the double nearest to that decimal (which prints as the
/// short decimal). Exact for every double, and about a tenth of a microsecond a value.
fn by_text(x: f64) -> f64 {
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// [`round12`] of a finite, non-zero `x` by arithmetic (about 30 ns, against 105): `None` when it
/// cannot be sure of giving what [`by_text`] gives, which then decides.
///
/// With |x| between 10^e and 10^(e+1), the 12 digits are the whole m nearest to |x| · 10^k,
/// k = 11 − e, and the result is the double nearest to m / 10^k. For |x| from 10^-11 up to
/// 10^11, 10^k (k from 0 to 22) is an exact double, so:
/// - |x| · 10^k is exactly p + r, p the rounded product and r its error (from a fused
///   multiply-add), and its fraction (p − ⌊p⌋) + r is known far more closely than the margin
///   kept from one half: within it (a tie or nearly, which text rounds by the exact value) this
///   gives up;
/// - m strictly between 10^11 and 10^12 has 12 digits, which proves e right however it was
///   estimated (an |x| below 10^e gives at most 10^11, one of 10^(e+1) or more at least 10^12);
/// - m and 10^k are exact doubles, so m / 10^k rounded to nearest is the double nearest to the
///   decimal, which is what parsing its text gives.
fn by_arithmetic(x: f64) -> Option<f64> {
    /// 10^0 to 10^22: every one an exact double.
    const POWERS: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    /// How close to one half a fraction may come before the rounding is left to text: the
    /// fraction's own error is below 10^-15.
    const MARGIN: f64 = 1e-9;
    let a = x.abs();
    if !(1e-11..1e11).contains(&a) {
        return None;
    }
    // An estimate of e; a wrong one is caught by the count of m's digits below.
    let e = a.log10().floor() as i32;
    let scale = *POWERS.get(usize::try_from(11 - e).ok()?)?;
    let p = a * scale;
    let r = a.mul_add(scale, -p);
    let whole = p.floor();
    let fraction = (p - whole) + r;
    if (fraction - 0.5).abs() < MARGIN {
        return None;
    }
    let m = if fraction > 0.5 { whole + 1.0 } else { whole };
    if !(m > 1e11 && m < 1e12) {
        return None;
    }
    Some((m / scale).copysign(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_gives_what_text_gives_where_it_answers() {
        let cases = [
            0.1 + 0.2,
            1.0 / 3.0,
            -0.9736640168902517,
            0.7999999999999999,
            0.13710000000000004,
            2.0 / 3.0,
            1e-11,
            9.99999999999e-12,
            99_999_999_999.9,
            9.999999999995,
            9.9999999999949,
            0.999999999999_5,
            1.000000000000_5,
            123_456.789_012_345,
            // Exact ties at the 13th digit: text rounds them by the exact value.
            1_234_567_890.125,
            -1_234_567_890.375,
            0.5,
            1.5,
        ];
        for x in cases {
            assert_eq!(round12(x).to_bits(), by_text(x).to_bits(), "{x:e}");
        }
        // The ties are left to text; everything ordinary is answered by arithmetic.
        assert_eq!(by_arithmetic(1_234_567_890.125), None);
        assert!(by_arithmetic(0.1 + 0.2).is_some());
        assert!(by_arithmetic(-0.9736640168902517).is_some());
    }

    #[test]
    fn values_that_round_up_to_a_power_of_ten_are_left_to_text() {
        // m = 10^12: the rounding carries into a new digit.
        assert_eq!(by_arithmetic(9.9999999999999), None);
        assert_eq!(round12(9.9999999999999), 10.0);
        assert_eq!(round12(-0.099999999999999), -0.1);
    }

    proptest::proptest! {
        /// On any double, on decimals of up to 16 digits, and on values just beside halfway
        /// points at the 13th digit, [`round12`] gives exactly what rounding through text gives.
        #[test]
        fn round12_is_rounding_through_text(
            bits in proptest::num::u64::ANY,
            digits in 100_000_000_000_000i64..1_000_000_000_000_000,
            e in -12i32..12,
        ) {
            let decimal = digits as f64 * 10f64.powi(e - 15);
            // Halfway between two 12-digit decimals, and the doubles on either side.
            let half = ((digits / 1000) as f64 + 0.5) * 10f64.powi(e - 12);
            let below = f64::from_bits(half.to_bits() - 1);
            let above = f64::from_bits(half.to_bits() + 1);
            for x in [f64::from_bits(bits), decimal, -decimal, half, below, above, decimal / 7.0] {
                let (fast, text) = (round12(x), by_text(x));
                proptest::prop_assert!(
                    fast.to_bits() == text.to_bits() || (fast.is_nan() && text.is_nan()),
                    "{x:e}: {fast:e} against {text:e}"
                );
            }
        }
    }
}
