//! One voice for numbers and words in every output: how weights, scores, counts and headings are
//! written in text, Markdown and diagram labels, and how numbers are cleaned before they go into
//! JSON and CSV.
//!
//! # Numbers in JSON and CSV
//! - A value read from the input (a weight on one of its points' dates, a threshold) prints in
//!   its shortest round-trip form: `-0.9736640168902517` stays exactly that.
//! - A computed value (a delta, a metric, a mean of a roll-up, a ratio, an interpolated weight)
//!   is rounded to 12 significant digits ([`round12`]), so floating-point noise such as
//!   `0.7999999999999999` prints as `0.8`.
//! - A snapshot's weight is either read (a point's value) or computed, and a computed one
//!   (interpolated between points, or combined by a roll-up) is already kept to 12 significant
//!   digits where it is computed ([`crate::model::round12`]). [`weight`] still strips noise that
//!   arithmetic elsewhere may leave: it keeps a value as it is unless it lies within a few units
//!   in the last place of its 12-digit rounding.
//!
//! docs/metrics.md ("Numbers in outputs") states the rule for users.

use crate::diff::{GraphDiff, Side};

/// `x` rounded to 12 significant digits: a computed value without floating-point noise.
pub(crate) fn round12(x: f64) -> f64 {
    // Most values (every weight typed with a few decimals) already have 12 digits or fewer, and
    // then their rounding is themselves, found in two operations. Any other value is rounded:
    // counting its digits first (see `short`) would take as long as rounding it.
    if four_decimals(x) {
        return x;
    }
    crate::model::round12(x)
}

/// Whether `x` is the double nearest to n / 10^4 for a whole n of at most 12 digits (the
/// division of two exact doubles rounds to nearest): that decimal, of at most 12 significant
/// digits, reads back as `x`, so rounding `x` to 12 digits gives `x` itself. Most weights are
/// typed with at most four decimals.
fn four_decimals(x: f64) -> bool {
    let units = (x * 1e4).round();
    units.abs() < 1e12 && units / 1e4 == x
}

/// Whether the shortest decimal that reads back as `x` has at most 12 significant digits, in
/// which case rounding `x` to 12 digits gives that decimal, i.e. `x` itself (a double's half ulp
/// is far below half a unit in the 12th digit): [`four_decimals`], or else counting digits.
/// The tests check the first against the second.
#[cfg(test)]
fn short(x: f64) -> bool {
    x.is_finite() && (four_decimals(x) || short_by_digits(x))
}

/// [`short`] by counting the digits of the shortest decimal that reads back as `x` (finite).
#[cfg(test)]
fn short_by_digits(x: f64) -> bool {
    // ryu writes the shortest round-trip decimal (as Display does, but in a tenth of the time),
    // perhaps with an exponent, which holds no significant digit.
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(x);
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    let digits = mantissa.bytes().filter(u8::is_ascii_digit);
    // The significant digits run from the first non-zero digit to the last one.
    let mut first = None;
    let mut last = 0;
    for (i, d) in digits.enumerate() {
        if d != b'0' {
            first.get_or_insert(i);
            last = i;
        }
    }
    first.is_none_or(|first| last - first < 12)
}

/// [`round12`] of an optional value.
pub(crate) fn round12_opt(x: Option<f64>) -> Option<f64> {
    x.map(round12)
}

/// How many units in the last place a value may lie from its 12-digit rounding and still be
/// noise: interpolation and sums leave an error of a few ulps, while a 16- or 17-digit value
/// typed into a file is thousands of ulps from its 12-digit rounding.
const NOISE_ULPS: f64 = 8.0;

/// A snapshot weight for JSON and CSV: as read when it is a clean input value, rid of noise when
/// it is a computed one that landed a few ulps off a short decimal (see the module docs).
pub(crate) fn weight(x: f64) -> f64 {
    let rounded = round12(x);
    let ulp = f64::EPSILON * x.abs();
    if (rounded - x).abs() <= NOISE_ULPS * ulp {
        rounded
    } else {
        x
    }
}

/// [`weight`] of an optional value.
pub(crate) fn weight_opt(x: Option<f64>) -> Option<f64> {
    x.map(weight)
}

/// A weight or delta for tables: the sign always shown, two decimals (`+0.20`, `-0.05`,
/// `+0.00`). The same weight reads the same in `show`, `diff`, `trend` and diagram labels.
pub(crate) fn signed(x: f64) -> String {
    format!("{x:+.2}")
}

/// A weight as diagram edge labels and legends print it: [`signed`], except that zero has no
/// sign (`0.00`), because a line of weight zero is neither cooperation nor hostility.
pub(crate) fn weight_label(x: f64) -> String {
    if x == 0.0 {
        "0.00".to_string()
    } else {
        signed(x)
    }
}

/// [`two_decimals`] appended to `out` (with the sign always shown when `plus`, as
/// [`signed`]): the same text, written without formatting machinery or an allocation, for the
/// diagrams of a million ties. Exact: the binary value is rounded to hundredths in integers,
/// ties to even as `format!` rounds them; magnitudes of 10^15 or more and non-finite values go
/// through `format!` itself.
pub(crate) fn push_two_decimals(out: &mut String, x: f64, plus: bool) {
    let negative = x.is_sign_negative();
    if !x.is_finite() || x.abs() >= 1e15 {
        use std::fmt::Write;
        // Writing into a String cannot fail.
        let _ = if plus {
            write!(out, "{x:+.2}")
        } else {
            write!(out, "{x:.2}")
        };
        return;
    }
    let hundredths = hundredths(x.abs());
    if negative {
        out.push('-');
    } else if plus {
        out.push('+');
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = hundredths;
    // At least three digits: the units and the two decimals.
    while rest > 0 || digits.len() - at < 3 {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let cut = digits.len() - 2;
    for &d in &digits[at..cut] {
        out.push(char::from(d));
    }
    out.push('.');
    out.push(char::from(digits[cut]));
    out.push(char::from(digits[cut + 1]));
}

/// `x` (finite, not negative, below 10^15) times 100, rounded to the nearest integer, ties to
/// even, computed exactly from the double's mantissa and exponent.
fn hundredths(x: f64) -> u64 {
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    // x = mantissa × 2^power exactly (a subnormal has no implicit leading bit).
    let (mantissa, power) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), exponent - 1075)
    };
    let scaled = u128::from(mantissa) * 100;
    if power >= 0 {
        // x < 10^15, so 100x < 10^17 fits.
        return (scaled << power) as u64;
    }
    let shift = power.unsigned_abs();
    // 100 × mantissa < 2^60: shifted right by 61 or more it is below one half.
    if shift > 61 {
        return 0;
    }
    let whole = scaled >> shift;
    let rest = scaled - (whole << shift);
    let half = 1u128 << (shift - 1);
    let up = rest > half || (rest == half && whole & 1 == 1);
    (whole + u128::from(up)) as u64
}

/// [`weight_label`] appended to `out`.
pub(crate) fn push_weight_label(out: &mut String, x: f64) {
    if x == 0.0 {
        out.push_str("0.00");
    } else {
        push_two_decimals(out, x, true);
    }
}

/// A number with two decimals, signed only when negative: a weight in a scenario report (`0.20`),
/// a balance ratio in a trend table.
pub(crate) fn two_decimals(x: f64) -> String {
    format!("{x:.2}")
}

/// A weight exactly as written in the file, sign always shown (`+0.2`, `-1`): for the textconv
/// listing, where every digit of the input matters.
pub(crate) fn exact_signed(x: f64) -> String {
    format!("{x:+}")
}

/// A number exactly as written in the file, in shortest round-trip form (`9.2`, `-1`): an
/// attribute's value in the textconv listing.
pub(crate) fn exact(x: f64) -> String {
    format!("{x}")
}

/// A centrality score or ratio for tables: four decimals.
pub(crate) fn score(x: f64) -> String {
    format!("{x:.4}")
}

/// A share in `[0, 1]` as a whole percentage (`0.833` is `83%`).
pub(crate) fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// `n` and the noun, singular for one (`1 tie`, `3 sign flips`).
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The heading of a diff: what is compared with what. One graph on two dates reads
/// `TITLE: DATE1 → DATE2`; two inputs read `NAME1 (DATE1) → NAME2 (DATE2)`.
pub(crate) fn diff_heading(diff: &GraphDiff) -> String {
    let (from, to) = (&diff.from, &diff.to);
    let label = |s: &Side| {
        s.name
            .clone()
            .or_else(|| s.title.clone())
            .unwrap_or_else(|| "graph".to_string())
    };
    if from.name == to.name {
        let what = from
            .title
            .clone()
            .or_else(|| from.name.clone())
            .unwrap_or_else(|| "Graph".to_string());
        format!("{what}: {} → {}", from.date, to.date)
    } else {
        format!(
            "{} ({}) → {} ({})",
            label(from),
            from.date,
            label(to),
            to.date
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computed_values_lose_their_noise() {
        assert_eq!(round12(0.9 - 0.1), 0.8);
        assert_eq!((0.9f64 - 0.1).to_string(), "0.8");
        assert_eq!(round12(-0.09999999999999998), -0.1);
        assert_eq!(round12(0.30000000000000004), 0.3);
        assert_eq!(round12(-0.050000000000000044), -0.05);
        assert_eq!(round12(1.0 / 3.0).to_string(), "0.333333333333");
        assert_eq!(round12(123456.7890123456), 123456.789012);
        assert_eq!(round12(0.0), 0.0);
        assert!(round12(f64::NAN).is_nan());
        assert_eq!(round12(f64::INFINITY), f64::INFINITY);
    }

    #[test]
    fn weights_read_from_the_input_keep_every_digit() {
        assert_eq!(
            weight(-0.9736640168902517).to_string(),
            "-0.9736640168902517"
        );
        assert_eq!(weight(0.2), 0.2);
        assert_eq!(weight(0.7999999999999999), 0.8);
        assert_eq!(weight(0.1 + 0.2), 0.3);
        assert_eq!(weight_opt(None), None);
    }

    #[test]
    fn weights_read_the_same_in_every_table_and_label() {
        assert_eq!(signed(0.004), "+0.00");
        assert_eq!(signed(-0.25), "-0.25");
        assert_eq!(signed(0.0), "+0.00");
        assert_eq!(weight_label(0.004), "+0.00");
        assert_eq!(weight_label(0.2), "+0.20");
        assert_eq!(weight_label(-0.6), "-0.60");
        assert_eq!(weight_label(0.0), "0.00");
        assert_eq!(weight_label(-0.0), "0.00");
        for x in [0.004, 0.2, -0.6, 0.0, -0.0, f64::NAN, -1e300] {
            let mut out = String::new();
            push_weight_label(&mut out, x);
            assert_eq!(out, weight_label(x));
        }
        assert_eq!(two_decimals(0.2), "0.20");
        assert_eq!(two_decimals(-0.25), "-0.25");
        assert_eq!(percent(0.8333), "83%");
        assert_eq!(score(1.0 / 3.0), "0.3333");
        assert_eq!(exact_signed(0.2), "+0.2");
        assert_eq!(exact_signed(-1.0), "-1");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "tie", "ties"), "1 tie");
        assert_eq!(plural(0, "tie", "ties"), "0 ties");
        assert_eq!(plural(2, "sign flip", "sign flips"), "2 sign flips");
    }

    #[test]
    fn two_decimals_written_in_place_read_as_format_writes_them() {
        let mut out = String::new();
        for x in [
            0.125,
            0.375,
            0.625,
            -0.125,
            0.005,
            0.015,
            1.005,
            -0.001,
            -0.0,
            0.0,
            5e-324,
            0.5,
            99.995,
            1e15,
            -1e16,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            123456.789,
        ] {
            for plus in [false, true] {
                out.clear();
                push_two_decimals(&mut out, x, plus);
                let expected = if plus {
                    format!("{x:+.2}")
                } else {
                    format!("{x:.2}")
                };
                assert_eq!(out, expected, "{x:e}");
            }
        }
    }

    proptest::proptest! {
        /// The shortcut of [`round12`] changes nothing: it agrees with rounding through text on
        /// any double, and on short decimals.
        #[test]
        fn round12_agrees_with_rounding_through_text(
            bits in proptest::num::u64::ANY,
            units in -10_000_000i64..10_000_000,
            scale in 0i32..12,
        ) {
            let any = f64::from_bits(bits);
            let short = units as f64 / 10f64.powi(scale);
            for x in [any, short, short * 3.0, short / 7.0, any * 1e-300, 1.0 - short * 1e-9] {
                let (fast, text) = (round12(x), crate::model::round12(x));
                proptest::prop_assert!(
                    fast.to_bits() == text.to_bits() || (fast.is_nan() && text.is_nan()),
                    "{x:e}: {fast:e} against {text:e}"
                );
            }
        }

        /// The shortcut of [`short`] for decimals of up to four places agrees with counting
        /// digits, on any double, on short decimals and on values just off them.
        #[test]
        fn short_agrees_with_counting_digits(
            bits in proptest::num::u64::ANY,
            units in -10_000_000_000_000i64..10_000_000_000_000,
            scale in 0i32..8,
        ) {
            let any = f64::from_bits(bits);
            let decimal = units as f64 / 10f64.powi(scale);
            let next = f64::from_bits(decimal.to_bits() + 1);
            for x in [any, decimal, next, decimal / 3.0, -decimal, decimal * 1e-6] {
                if x.is_finite() {
                    proptest::prop_assert_eq!(short(x), short_by_digits(x), "{:e}", x);
                }
            }
        }

        /// [`push_two_decimals`] writes what `format!` writes, on any double and near the
        /// halfway points of hundredths.
        #[test]
        fn two_decimals_in_place_agree_with_format(
            bits in proptest::num::u64::ANY,
            units in -10_000_000i64..10_000_000,
        ) {
            let near = units as f64 / 1000.0 + 0.005;
            for x in [f64::from_bits(bits), near, units as f64 / 200.0, near * 1e-3] {
                for plus in [false, true] {
                    let mut out = String::new();
                    push_two_decimals(&mut out, x, plus);
                    let expected = if plus { format!("{x:+.2}") } else { format!("{x:.2}") };
                    proptest::prop_assert_eq!(out, expected);
                }
            }
        }
    }
}
