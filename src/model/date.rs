//! Calendar dates as the file format writes them: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
//!
//! A partial date means the first day of its year or month. Two dates are equal when they name the
//! same day, whatever precision they were written with; the precision is kept only so that a date
//! can be written back the way the user wrote it.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use jiff::civil;

/// How much of a date was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// `YYYY`
    Year,
    /// `YYYY-MM`
    Month,
    /// `YYYY-MM-DD`
    Day,
}

/// A day in the proleptic Gregorian calendar, remembering how precisely it was written.
#[derive(Debug, Clone, Copy)]
pub struct Date {
    day: civil::Date,
    precision: Precision,
}

/// Why a date string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("`{0}` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")]
    Syntax(String),
    /// A year written as another spelling of its number (`+2020`, `0x7E4`, `2_020`, `2020.0`).
    #[error("`{text}` is not a date; write the year as {year:04}")]
    NumberSpelling {
        /// The text as written.
        text: String,
        /// The year the number spells.
        year: u16,
    },
    /// Well formed, but no such day exists.
    #[error("`{text}` is not a real date: {reason}")]
    Impossible {
        /// The text as written.
        text: String,
        /// What is out of range, in plain words.
        reason: String,
    },
}

impl Date {
    /// The date of a day, written with full precision.
    ///
    /// # Panics
    /// Never for valid days; returns `None` when the day does not exist.
    pub fn ymd(year: i16, month: i8, day: i8) -> Option<Date> {
        civil::Date::new(year, month, day).ok().map(|day| Date {
            day,
            precision: Precision::Day,
        })
    }

    /// Wraps a `jiff` civil date, with full precision.
    pub fn from_civil(day: civil::Date) -> Date {
        Date {
            day,
            precision: Precision::Day,
        }
    }

    /// The day this date names (the first day of the period for partial dates).
    pub fn civil(self) -> civil::Date {
        self.day
    }

    /// How precisely the date was written.
    pub fn precision(self) -> Precision {
        self.precision
    }

    /// The same day written with `precision` where that names exactly this day (a first of January
    /// as `YYYY`, a first of the month as `YYYY-MM`), else with full precision.
    ///
    /// ```
    /// use detente::model::{Date, Precision};
    /// let d = |s: &str| s.parse::<Date>().unwrap();
    /// assert_eq!(d("2020-01-01").with_precision(Precision::Year).to_string(), "2020");
    /// assert_eq!(d("2020-07-01").with_precision(Precision::Year).to_string(), "2020-07-01");
    /// assert_eq!(d("2020-07-01").with_precision(Precision::Month).to_string(), "2020-07");
    /// ```
    pub fn with_precision(self, precision: Precision) -> Date {
        let fits = match precision {
            Precision::Year => self.day.month() == 1 && self.day.day() == 1,
            Precision::Month => self.day.day() == 1,
            Precision::Day => true,
        };
        Date {
            day: self.day,
            precision: if fits { precision } else { Precision::Day },
        }
    }

    /// The last day of the period the date names, in full precision: `2025` is 2025-12-31,
    /// `2025-06` is 2025-06-30 and a full date is itself. This is what the end of a range
    /// means, as in pandas' partial-date slicing: `--to 2025` includes all of 2025.
    ///
    /// ```
    /// use detente::model::Date;
    /// let end = |s: &str| s.parse::<Date>().unwrap().end_of_period().to_string();
    /// assert_eq!(end("2025"), "2025-12-31");
    /// assert_eq!(end("2024-02"), "2024-02-29");
    /// assert_eq!(end("2025-06-15"), "2025-06-15");
    /// ```
    pub fn end_of_period(self) -> Date {
        let day = match self.precision {
            Precision::Year => self.day.last_of_year(),
            Precision::Month => self.day.last_of_month(),
            Precision::Day => self.day,
        };
        Date::from_civil(day)
    }

    /// The same day written with full precision (`YYYY-MM-DD`).
    pub fn to_day(self) -> Date {
        Date::from_civil(self.day)
    }

    /// Signed number of calendar days from `self` to `other`.
    pub fn days_until(self, other: Date) -> i64 {
        // For civil dates jiff's largest default unit is days, and any two dates in its
        // supported range differ by a representable span.
        self.day
            .until(other.day)
            .map(|span| i64::from(span.get_days()))
            .unwrap_or(0)
    }

    /// The year.
    pub fn year(self) -> i16 {
        self.day.year()
    }
}

impl PartialEq for Date {
    fn eq(&self, other: &Self) -> bool {
        self.day == other.day
    }
}

impl Eq for Date {}

impl std::hash::Hash for Date {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.day.hash(state);
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        self.day.cmp(&other.day)
    }
}

/// The year that `text` spells as a YAML number other than its four plain digits: a sign
/// (`+2020`), a radix (`0x7E4`, `0o3744`, `0b...`), digit separators (`2_020`), leading zeros
/// (`02020`) or a fraction of zero (`2020.0`). YAML reads all of these as the number 2020, so the
/// file's author most likely meant that year.
fn spelt_year(text: &str) -> Option<u16> {
    let digits = text.strip_prefix('+').unwrap_or(text).replace('_', "");
    let lower = digits.to_ascii_lowercase();
    let value = if let Some(hex) = lower.strip_prefix("0x") {
        u32::from_str_radix(hex, 16).ok()?
    } else if let Some(octal) = lower.strip_prefix("0o") {
        u32::from_str_radix(octal, 8).ok()?
    } else if let Some(binary) = lower.strip_prefix("0b") {
        u32::from_str_radix(binary, 2).ok()?
    } else {
        let whole = match lower.split_once('.') {
            Some((whole, fraction)) if fraction.bytes().all(|b| b == b'0') => whole,
            Some(_) => return None,
            None => lower.as_str(),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        whole.parse().ok()?
    };
    (1..=9999).contains(&value).then_some(value as u16)
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Date, DateError> {
        let syntax = || match spelt_year(text.trim()) {
            Some(year) => DateError::NumberSpelling {
                text: text.to_string(),
                year,
            },
            None => DateError::Syntax(text.to_string()),
        };
        // At most three parts (and a fourth to refuse), without allocating: importers parse
        // tens of millions of dates.
        let mut split = text.trim().split('-');
        let parts: [Option<&str>; 4] = std::array::from_fn(|_| split.next());
        let number = |part: &str, width: usize| -> Result<i32, DateError> {
            if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(syntax());
            }
            part.parse().map_err(|_| syntax())
        };
        let (year, month, day, precision) = match parts {
            [Some(y), None, None, None] => (number(y, 4)?, 1, 1, Precision::Year),
            [Some(y), Some(m), None, None] => (number(y, 4)?, number(m, 2)?, 1, Precision::Month),
            [Some(y), Some(m), Some(d), None] => {
                (number(y, 4)?, number(m, 2)?, number(d, 2)?, Precision::Day)
            }
            _ => return Err(syntax()),
        };
        let impossible = |reason: String| DateError::Impossible {
            text: text.to_string(),
            reason,
        };
        if !(1..=12).contains(&month) {
            return Err(impossible(format!(
                "month {month} is not between 01 and 12"
            )));
        }
        // Four digits and a checked month always fit in i16 / i8.
        let (year, month) = (year as i16, month as i8);
        let last = civil::Date::new(year, month, 1)
            .map(|first| first.days_in_month())
            .map_err(|e| impossible(e.to_string()))?;
        if day < 1 || day > i32::from(last) {
            return Err(impossible(format!(
                "day {day} does not exist in {year:04}-{month:02}, which has {last} days"
            )));
        }
        let day =
            civil::Date::new(year, month, day as i8).map_err(|e| impossible(e.to_string()))?;
        Ok(Date { day, precision })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = (self.day.year(), self.day.month(), self.day.day());
        match self.precision {
            Precision::Year => write!(f, "{y:04}"),
            Precision::Month => write!(f, "{y:04}-{m:02}"),
            Precision::Day => write!(f, "{y:04}-{m:02}-{d:02}"),
        }
    }
}

impl Date {
    /// The text `Display` writes, made without the formatting machinery: the digits put in
    /// place on the stack (through `write!`, dates were a tenth of the time of writing a large
    /// diff's JSON). `None` for a year outside 0..=9999, which `Display` writes.
    fn digits(&self) -> Option<([u8; 10], usize)> {
        let (y, m, d) = (self.day.year(), self.day.month(), self.day.day());
        let y = u16::try_from(y).ok().filter(|&y| y <= 9999)?;
        let digit = |n: u16| b'0' + (n % 10) as u8;
        let (m, d) = (m.unsigned_abs(), d.unsigned_abs());
        let text = [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            b'0' + m / 10,
            b'0' + m % 10,
            b'-',
            b'0' + d / 10,
            b'0' + d % 10,
        ];
        let len = match self.precision {
            Precision::Year => 4,
            Precision::Month => 7,
            Precision::Day => 10,
        };
        Some((text, len))
    }

    /// Appends the date as `Display` writes it (the same text, faster).
    pub fn push_to(&self, out: &mut String) {
        use std::fmt::Write;
        match self.digits() {
            Some((text, len)) => match std::str::from_utf8(&text[..len]) {
                Ok(text) => out.push_str(text),
                // Writing into a String cannot fail.
                Err(_) => drop(write!(out, "{self}")),
            },
            None => drop(write!(out, "{self}")),
        }
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The text is `Display`'s (tested), made by [`Date::digits`].
        match self.digits() {
            Some((text, len)) => match std::str::from_utf8(&text[..len]) {
                Ok(text) => serializer.serialize_str(text),
                Err(_) => serializer.collect_str(self),
            },
            None => serializer.collect_str(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    proptest::proptest! {
        #[test]
        fn a_date_serializes_and_is_pushed_as_it_displays(
            year in -9999i16..=9999,
            month in 1i8..=12,
            day in 1i8..=28,
            precision in 0u8..3,
        ) {
            let date = Date {
                day: jiff::civil::date(year, month, day),
                precision: [Precision::Year, Precision::Month, Precision::Day][usize::from(precision)],
            };
            proptest::prop_assert_eq!(
                serde_json::to_string(&date).unwrap(),
                format!("\"{date}\"")
            );
            let mut pushed = String::from("since ");
            date.push_to(&mut pushed);
            proptest::prop_assert_eq!(pushed, format!("since {date}"));
        }
    }

    #[test]
    fn partial_dates_mean_the_first_day() {
        assert_eq!(d("2020"), d("2020-01-01"));
        assert_eq!(d("2020-02"), d("2020-02-01"));
        assert_eq!(d("2020").to_string(), "2020");
        assert_eq!(d("2020-02").to_string(), "2020-02");
        assert_eq!(d("2020-02-29").to_string(), "2020-02-29");
    }

    #[test]
    fn impossible_dates_are_rejected_with_a_reason() {
        assert_eq!(
            "2019-13-01".parse::<Date>().unwrap_err().to_string(),
            "`2019-13-01` is not a real date: month 13 is not between 01 and 12"
        );
        assert_eq!(
            "2019-02-29".parse::<Date>().unwrap_err().to_string(),
            "`2019-02-29` is not a real date: day 29 does not exist in 2019-02, which has 28 days"
        );
        assert!(matches!(
            "20-1-1".parse::<Date>(),
            Err(DateError::Syntax(_))
        ));
        assert!(matches!("".parse::<Date>(), Err(DateError::Syntax(_))));
        for spelling in [
            "+2020", "0x7E4", "0X7e4", "2_020", "2020.0", "0o3744", "02020",
        ] {
            assert_eq!(
                spelling.parse::<Date>().unwrap_err().to_string(),
                format!("`{spelling}` is not a date; write the year as 2020"),
                "{spelling}"
            );
        }
        assert!(matches!("20.5".parse::<Date>(), Err(DateError::Syntax(_))));
        assert!(matches!("0x".parse::<Date>(), Err(DateError::Syntax(_))));
        assert!(matches!(
            "2020-01-01-01".parse::<Date>(),
            Err(DateError::Syntax(_))
        ));
        assert!(matches!(
            "+200-01-01".parse::<Date>(),
            Err(DateError::Syntax(_))
        ));
    }

    #[test]
    fn days_are_counted_on_the_calendar() {
        assert_eq!(d("2020-01-01").days_until(d("2021-01-01")), 366);
        assert_eq!(d("2021-01-01").days_until(d("2020-01-01")), -366);
        assert_eq!(d("1970-01-01").days_until(d("1970-01-02")), 1);
        assert_eq!(d("2019-12-31").days_until(d("2020-03-01")), 61);
    }
}
