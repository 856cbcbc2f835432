//! The time axis: days from the range's start, with ticks on the first of a year (or of a month
//! for short ranges) and the one pixel mapping that the chart and the event labels share.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, KeyPointWeight, Ranged};

use crate::model::Date;

/// The most ticks the axis shows.
const MAX_TICKS: usize = 12;

/// Days `0..=len` from `start`, for plotters.
#[derive(Debug, Clone)]
pub(crate) struct Days {
    pub len: i64,
    /// Tick days and their labels.
    pub ticks: Vec<(i64, String)>,
}

impl Days {
    /// The axis from `from` to `to` (`to` after `from`).
    pub fn new(from: Date, to: Date) -> Days {
        let len = from.days_until(to).max(1);
        let year_starts = ticks(from, to, 12);
        let ticks = if year_starts.len() >= 2 {
            thin(year_starts)
        } else {
            let months = ticks(from, to, 1);
            let step = [1, 2, 3, 6]
                .into_iter()
                .find(|s| months.len().div_ceil(*s) <= MAX_TICKS)
                .unwrap_or(6);
            months.into_iter().step_by(step).collect()
        };
        Days {
            len,
            ticks: ticks
                .into_iter()
                .map(|(d, label)| (from.days_until(d), label))
                .collect(),
        }
    }

    /// The pixel of `day` on an axis spanning `limit`.
    pub fn pixel(&self, day: f64, limit: (i32, i32)) -> f64 {
        f64::from(limit.0) + day / self.len as f64 * f64::from(limit.1 - limit.0)
    }
}

/// The first days of each `months`-month period (12: years) from `from` to `to`, labelled.
fn ticks(from: Date, to: Date, months: i8) -> Vec<(Date, String)> {
    let start = from.civil();
    let mut d = jiff::civil::date(
        start.year(),
        if months == 12 { 1 } else { start.month() },
        1,
    );
    let mut out = Vec::new();
    while d <= to.civil() {
        if d >= start {
            let label = if months == 12 {
                d.year().to_string()
            } else {
                format!("{}-{:02}", d.year(), d.month())
            };
            out.push((Date::from_civil(d), label));
        }
        match d.checked_add(jiff::Span::new().months(i64::from(months))) {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    out
}

/// Every n-th tick, so that at most [`MAX_TICKS`] remain.
fn thin<T>(ticks: Vec<T>) -> Vec<T> {
    let step = ticks.len().div_ceil(MAX_TICKS).max(1);
    ticks.into_iter().step_by(step).collect()
}

impl Ranged for Days {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.pixel(*value, limit).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        match hint.weight() {
            // Grid lines and labels on the ticks only; no finer lines between them.
            KeyPointWeight::Bold => self.ticks.iter().map(|(d, _)| *d as f64).collect(),
            KeyPointWeight::Any => Vec::new(),
        }
    }

    fn range(&self) -> Range<f64> {
        0.0..self.len as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn long_ranges_tick_years_and_short_ones_months() {
        let years = Days::new(d("2019"), d("2026-03"));
        let labels: Vec<&str> = years.ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            labels,
            [
                "2019", "2020", "2021", "2022", "2023", "2024", "2025", "2026"
            ]
        );
        let months = Days::new(d("2020-02-10"), d("2020-06-20"));
        let labels: Vec<&str> = months.ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["2020-03", "2020-04", "2020-05", "2020-06"]);
        let centuries = Days::new(d("1900"), d("2000"));
        assert!(centuries.ticks.len() <= MAX_TICKS);
    }
}
