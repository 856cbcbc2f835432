//! Relations: a signed, weighted tie between two actors whose weight changes over time.
//!
//! The meaning of a series is fixed by the format (see `docs/format.md`): a tie does not exist
//! before its first point; from a point on it holds that point's weight (`step`) or moves in a
//! straight line, by calendar days, towards the next point (`linear`); after the last point it
//! keeps the last weight; an `end` point removes the tie until the next point, and linear
//! interpolation never crosses an end. A kind that expires (`relation_kinds:`) lets a weight lapse
//! a span after its point ([`Relation::weight_lasting`]); [`super::Graph::weight_on`] applies the
//! graph's kinds, and is what every command reads.

use std::fmt;

use super::{Date, Id, Name, Span};

/// How a weight behaves between two points of a series.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interpolation {
    /// The weight of a point holds until the next point.
    #[default]
    Step,
    /// The weight moves in a straight line, by calendar days, to the next point.
    Linear,
}

impl Interpolation {
    /// The name used in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Interpolation::Step => "step",
            Interpolation::Linear => "linear",
        }
    }
}

/// The two ends of a relation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ends {
    /// A mutual tie (`between: [a, b]`), kept with its ends in the order written.
    Mutual(Id, Id),
    /// A directed tie (`from: a, to: b`).
    Directed {
        /// The actor the tie goes out from.
        from: Id,
        /// The actor the tie goes to.
        to: Id,
    },
}

impl Ends {
    /// The two ends, in the order written.
    pub fn pair(&self) -> (&str, &str) {
        match self {
            Ends::Mutual(a, b) => (a, b),
            Ends::Directed { from, to } => (from, to),
        }
    }

    /// Whether the tie has a direction.
    pub fn is_directed(&self) -> bool {
        matches!(self, Ends::Directed { .. })
    }

    /// Whether `actor` is one of the ends.
    pub fn touches(&self, actor: &str) -> bool {
        let (a, b) = self.pair();
        a == actor || b == actor
    }
}

/// What identifies a relation: its ends, its kind and, for directed ties, its direction.
///
/// Mutual ends are stored in sorted order, so `[USA, BLR]` and `[BLR, USA]` are one key.
/// Keys order by `from`, then `to`, then `kind`, then mutual before directed, which is the order
/// every output lists ties in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct RelationKey {
    /// The first end (the smaller id for a mutual tie).
    pub from: Id,
    /// The second end.
    pub to: Id,
    /// The relation's kind, `relation` by default.
    pub kind: Name,
    /// Whether the tie has a direction.
    pub directed: bool,
}

impl RelationKey {
    /// The key of a mutual tie; the order of `a` and `b` does not matter.
    ///
    /// Each part is a [`Name`] or anything that makes one: a `&Name` is shared, not copied.
    pub fn mutual(a: impl Into<Name>, b: impl Into<Name>, kind: impl Into<Name>) -> RelationKey {
        let (a, b) = (a.into(), b.into());
        let (from, to) = if a <= b { (a, b) } else { (b, a) };
        RelationKey {
            from,
            to,
            kind: kind.into(),
            directed: false,
        }
    }

    /// The key of a directed tie from `from` to `to`.
    pub fn directed(
        from: impl Into<Name>,
        to: impl Into<Name>,
        kind: impl Into<Name>,
    ) -> RelationKey {
        RelationKey {
            from: from.into(),
            to: to.into(),
            kind: kind.into(),
            directed: true,
        }
    }
}

impl RelationKey {
    /// The tie's canonical key for joining outputs: `FROM|TO|KIND`, ends in the order every
    /// output lists them (a mutual tie's smaller id first), e.g. `BLR|USA|diplomatic`.
    pub fn tie(&self) -> String {
        format!("{}|{}|{}", self.from, self.to, self.kind)
    }
}

impl fmt::Display for RelationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let arrow = if self.directed { "->" } else { "--" };
        write!(f, "{} {arrow} {} ({})", self.from, self.to, self.kind)
    }
}

/// What a point of a series says.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PointValue {
    /// The tie has this weight from the point's date.
    Weight(f64),
    /// The tie is absent from the point's date until the next point.
    End,
}

/// One dated point of a relation's series, with what stands behind it.
///
/// A point is its date, its value and, only when any is given, its detail (note, event, sources,
/// confidence, range, count) behind one box: most points of a large imported graph have none, so
/// a point costs 24 bytes rather than five times that. Read the value with [`Point::value`] and
/// the detail through the accessors ([`Point::note`], [`Point::sources`]...); set them with
/// [`Point::set_value`], [`Point::with`] or [`Point::edit_detail`].
#[derive(Clone)]
pub struct Point {
    /// When the value takes effect.
    pub date: Date,
    /// The weight from this date, or the end of the tie: see [`Value`].
    value: Value,
    /// What stands behind the value; `None` when nothing is said (never an empty box, so that
    /// equal points compare equal).
    detail: Option<Box<PointDetail>>,
}

/// What stands behind a point's value: everything a point may carry besides its date and value.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PointDetail {
    /// A free-text note.
    pub note: Option<String>,
    /// The event behind the change (a declared event id).
    pub event: Option<Id>,
    /// The sources behind the value (declared source ids).
    pub sources: Vec<Id>,
    /// How sure the author is of the weight, from 0 (a guess) to 1 (certain); `None`: not said.
    pub confidence: Option<f64>,
    /// The weights the author thinks possible, `[low, high]` around the weight.
    pub range: Option<[f64; 2]>,
    /// How many observations are behind the value (the number of events an importer aggregated
    /// into it); `None`: not said.
    pub count: Option<u64>,
}

/// A point's value in 8 bytes: the weight, or for an end a NaN no weight is stored as (every NaN
/// weight is stored as the one NaN Rust names). [`PointValue`] beside its tag takes 16, which was
/// a quarter of a point and 80 MB of ten million.
#[derive(Clone, Copy)]
struct Value(f64);

/// The bits of an end: a quiet NaN with a payload, which [`Value::of`] never stores for a weight.
const END_BITS: u64 = 0x7ff8_0000_0000_0e0d;

impl Value {
    fn of(value: PointValue) -> Value {
        match value {
            PointValue::Weight(w) if w.is_nan() => Value(f64::NAN),
            PointValue::Weight(w) => Value(w),
            PointValue::End => Value(f64::from_bits(END_BITS)),
        }
    }

    fn get(self) -> PointValue {
        match self.is_end() {
            true => PointValue::End,
            false => PointValue::Weight(self.0),
        }
    }

    fn is_end(self) -> bool {
        self.0.to_bits() == END_BITS
    }
}

/// The detail of a point that says nothing.
static NO_DETAIL: PointDetail = PointDetail {
    note: None,
    event: None,
    sources: Vec::new(),
    confidence: None,
    range: None,
    count: None,
};

impl PointDetail {
    /// Whether nothing is said.
    pub fn is_empty(&self) -> bool {
        // Field by field, not `== NO_DETAIL`: a comparison of every field, floats and all, was
        // 3% of loading a large graph, which asks this of every point.
        let PointDetail {
            note,
            event,
            sources,
            confidence,
            range,
            count,
        } = self;
        note.is_none()
            && event.is_none()
            && sources.is_empty()
            && confidence.is_none()
            && range.is_none()
            && count.is_none()
    }
}

impl PartialEq for Point {
    fn eq(&self, other: &Point) -> bool {
        self.date == other.date && self.value() == other.value() && self.detail() == other.detail()
    }
}

impl fmt::Debug for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Point")
            .field("date", &self.date)
            .field("value", &self.value())
            .field("detail", &self.detail)
            .finish()
    }
}

impl serde::Serialize for Point {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let d = self.detail();
        let mut s = serializer.serialize_struct("Point", 8)?;
        s.serialize_field("date", &self.date)?;
        s.serialize_field("value", &self.value())?;
        s.serialize_field("note", &d.note)?;
        s.serialize_field("event", &d.event)?;
        s.serialize_field("sources", &d.sources)?;
        s.serialize_field("confidence", &d.confidence)?;
        s.serialize_field("range", &d.range)?;
        s.serialize_field("count", &d.count)?;
        s.end()
    }
}

impl Point {
    /// A point with a weight and nothing behind it.
    pub fn weight(date: Date, weight: f64) -> Point {
        Point {
            date,
            value: Value::of(PointValue::Weight(weight)),
            detail: None,
        }
    }

    /// An end point.
    pub fn end(date: Date) -> Point {
        Point {
            date,
            value: Value::of(PointValue::End),
            detail: None,
        }
    }

    /// A point with its value and detail.
    pub fn new(date: Date, value: PointValue, detail: PointDetail) -> Point {
        Point {
            date,
            value: Value::of(value),
            detail: None,
        }
        .with(detail)
    }

    /// The weight from the point's date, or the end of the tie.
    #[inline]
    pub fn value(&self) -> PointValue {
        self.value.get()
    }

    /// Whether the point ends the tie (its value is [`PointValue::End`]).
    #[inline]
    pub fn is_end(&self) -> bool {
        self.value.is_end()
    }

    /// Changes the point's value.
    pub fn set_value(&mut self, value: PointValue) {
        self.value = Value::of(value);
    }

    /// The point with `detail` in place of its own.
    pub fn with(mut self, detail: PointDetail) -> Point {
        self.detail = (!detail.is_empty()).then(|| Box::new(detail));
        self
    }

    /// What stands behind the value (an empty detail when nothing is said).
    pub fn detail(&self) -> &PointDetail {
        self.detail.as_deref().unwrap_or(&NO_DETAIL)
    }

    /// Whether the point says anything besides its date and value.
    pub fn has_detail(&self) -> bool {
        self.detail.is_some()
    }

    /// Changes the detail in place; `edit` gets an empty detail when nothing was said.
    pub fn edit_detail<T>(&mut self, edit: impl FnOnce(&mut PointDetail) -> T) -> T {
        let mut detail = self.detail.take().unwrap_or_default();
        let out = edit(&mut detail);
        self.detail = (!detail.is_empty()).then_some(detail);
        out
    }

    /// Takes the detail out, leaving nothing said.
    pub fn take_detail(&mut self) -> PointDetail {
        self.detail.take().map(|d| *d).unwrap_or_default()
    }

    /// The point's note.
    pub fn note(&self) -> Option<&str> {
        self.detail().note.as_deref()
    }

    /// The event behind the point.
    pub fn event(&self) -> Option<&str> {
        self.detail().event.as_deref()
    }

    /// The sources behind the point.
    pub fn sources(&self) -> &[Id] {
        &self.detail().sources
    }

    /// The point's confidence.
    pub fn confidence(&self) -> Option<f64> {
        self.detail().confidence
    }

    /// The point's range of possible weights.
    pub fn range(&self) -> Option<[f64; 2]> {
        self.detail().range
    }

    /// The number of observations behind the point.
    pub fn count(&self) -> Option<u64> {
        self.detail().count
    }
}

/// A tie between two actors whose weight changes over time.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// Who the tie joins, and whether it has a direction.
    pub ends: Ends,
    /// What sort of tie it is (`diplomatic`, `contact`, `trade`...); `relation` by default.
    pub kind: Name,
    /// Overrides the file's interpolation for this relation.
    pub interpolation: Option<Interpolation>,
    /// The dated points, sorted by date, with no two on one date.
    pub series: Vec<Point>,
    /// A free-text note on the relation as a whole.
    pub note: Option<String>,
}

/// The default kind of a relation.
pub const DEFAULT_KIND: &str = "relation";

impl Relation {
    /// The relation's identity.
    pub fn key(&self) -> RelationKey {
        match &self.ends {
            Ends::Mutual(a, b) => RelationKey::mutual(a, b, &self.kind),
            Ends::Directed { from, to } => RelationKey::directed(from, to, &self.kind),
        }
    }

    /// [`Relation::key`] borrowed from the relation, allocating nothing: `(from, to, kind,
    /// directed)`, a mutual tie's ends in id order. Two relations' borrowed keys compare (equal,
    /// and in order) as their keys do.
    pub fn key_parts(&self) -> (&str, &str, &str, bool) {
        let directed = self.ends.is_directed();
        let (a, b) = self.ends.pair();
        let (from, to) = if directed || a <= b { (a, b) } else { (b, a) };
        (from, to, self.kind.as_str(), directed)
    }

    /// Sorts the series by date. Callers that build series by hand call this once.
    pub fn sort_series(&mut self) {
        self.series.sort_by_key(|p| p.date);
    }

    /// The point in force on `date`: the last point on or before it.
    pub fn point_on(&self, date: Date) -> Option<&Point> {
        self.series.get(self.place_on(date, None)?)
    }

    /// The weight of the tie on `date`, or `None` when the tie does not exist then.
    ///
    /// Runs in O(log n) for a series of n points.
    ///
    /// ```
    /// use detente::model::{Date, Ends, Interpolation, Point, Relation};
    /// let d = |s: &str| s.parse::<Date>().unwrap();
    /// let tie = Relation {
    ///     ends: Ends::Mutual("USA".into(), "BLR".into()),
    ///     kind: "diplomatic".into(),
    ///     interpolation: None,
    ///     series: vec![Point::weight(d("2020"), -0.2), Point::weight(d("2021"), 0.8)],
    ///     note: None,
    /// };
    /// assert_eq!(tie.weight_on(d("2019-12-31"), Interpolation::Step), None);
    /// assert_eq!(tie.weight_on(d("2020-07"), Interpolation::Step), Some(-0.2));
    /// let mid = tie.weight_on(d("2020-07-02"), Interpolation::Linear).unwrap();
    /// assert!((mid - 0.3).abs() < 1e-9); // 2020 is a leap year: 183 of 366 days
    /// assert_eq!(tie.weight_on(d("2030"), Interpolation::Linear), Some(0.8));
    /// ```
    pub fn weight_on(&self, date: Date, interpolation: Interpolation) -> Option<f64> {
        self.weight_lasting(date, interpolation, None)
    }

    /// The weight on `date` when each weight lapses `expires` after its point's date unless a
    /// later point renews it (a kind's `expires:`); with `None`, [`Relation::weight_on`].
    ///
    /// A point's weight counts from its date up to the day before it lapses; from then until the
    /// next point the tie is absent, as after an end. Linear interpolation moves towards the next
    /// point only when that point comes before the lapse: it never crosses a gap.
    ///
    /// ```
    /// use detente::model::{Date, Interpolation, Point, Relation, Ends};
    /// let d = |s: &str| s.parse::<Date>().unwrap();
    /// let tie = Relation {
    ///     ends: Ends::Mutual("USA".into(), "BLR".into()),
    ///     kind: "contact".into(),
    ///     interpolation: None,
    ///     series: vec![Point::weight(d("2025-02-01"), 0.5)],
    ///     note: None,
    /// };
    /// let ninety = Some("90d".parse().unwrap());
    /// assert_eq!(tie.weight_lasting(d("2025-05-01"), Interpolation::Step, ninety), Some(0.5));
    /// assert_eq!(tie.weight_lasting(d("2025-05-02"), Interpolation::Step, ninety), None);
    /// ```
    pub fn weight_lasting(
        &self,
        date: Date,
        interpolation: Interpolation,
        expires: Option<Span>,
    ) -> Option<f64> {
        self.weight_and_place(date, interpolation, expires)
            .map(|(weight, _)| weight)
    }

    /// [`Relation::weight_lasting`], with where the point in force is in the series, so that a
    /// caller that goes back to that point (a snapshot's tie, cited) need not search for it.
    pub fn weight_and_place(
        &self,
        date: Date,
        interpolation: Interpolation,
        expires: Option<Span>,
    ) -> Option<(f64, usize)> {
        let place = self.place_on(date, None)?;
        self.weight_from(place, date, interpolation, expires)
            .map(|weight| (weight, place))
    }

    /// Where the point in force on `date` is in the series, given a guess (`place`) that is
    /// checked with at most two reads; `None` when no point is in force.
    pub fn place_on(&self, date: Date, place: Option<usize>) -> Option<usize> {
        let in_force = |i: usize| {
            self.series.get(i).is_some_and(|p| p.date <= date)
                && self.series.get(i + 1).is_none_or(|next| next.date > date)
        };
        match place {
            Some(i) if in_force(i) => Some(i),
            _ => self
                .series
                .partition_point(|p| p.date <= date)
                .checked_sub(1),
        }
    }

    /// The weight on `date` given that the point in force is the `place`th.
    fn weight_from(
        &self,
        place: usize,
        date: Date,
        interpolation: Interpolation,
        expires: Option<Span>,
    ) -> Option<f64> {
        let i = place + 1;
        let current = self.series.get(place)?;
        let PointValue::Weight(w0) = current.value() else {
            return None;
        };
        // The first day the weight no longer counts; past the calendar's end it never lapses.
        let lapse = expires.and_then(|span| span.after(current.date));
        if lapse.is_some_and(|lapse| date >= lapse) {
            return None;
        }
        if interpolation == Interpolation::Step || current.date == date {
            return Some(w0);
        }
        match self.series.get(i).map(|p| (p.date, p.value())) {
            Some((next_date, PointValue::Weight(w1)))
                if lapse.is_none_or(|lapse| next_date <= lapse) =>
            {
                let span = current.date.days_until(next_date) as f64;
                let elapsed = current.date.days_until(date) as f64;
                // A computed weight, kept to 12 significant digits (see `round12`).
                Some(super::round12(w0 + (w1 - w0) * (elapsed / span)))
            }
            // No next point, the next point is an end, or it comes after a lapse: linear never
            // crosses an end or a gap.
            _ => Some(w0),
        }
    }

    /// The date the weight of the point in force on `date` lapsed, when it has lapsed by then
    /// under `expires` (and no later point renewed it).
    pub fn lapsed_on(&self, date: Date, expires: Option<Span>) -> Option<Date> {
        self.lapsed_at(self.place_on(date, None)?, date, expires)
    }

    /// [`Relation::lapsed_on`], given that the point in force is the `place`th.
    pub(crate) fn lapsed_at(
        &self,
        place: usize,
        date: Date,
        expires: Option<Span>,
    ) -> Option<Date> {
        let point = self.series.get(place)?;
        if point.is_end() {
            return None;
        }
        let lapse = expires?.after(point.date)?;
        (date >= lapse).then_some(lapse)
    }

    /// The confidence of the tie on `date`: the point in force's; under linear interpolation
    /// between two points, the lower of the two (an unstated confidence does not count).
    pub fn confidence_on(&self, date: Date, interpolation: Interpolation) -> Option<f64> {
        self.confidence_at(self.place_on(date, None)?, date, interpolation)
    }

    /// [`Relation::confidence_on`], given that the point in force is the `place`th.
    pub(crate) fn confidence_at(
        &self,
        place: usize,
        date: Date,
        interpolation: Interpolation,
    ) -> Option<f64> {
        let i = place + 1;
        let current = self.series.get(place)?;
        let next = self
            .series
            .get(i)
            .filter(|_| interpolation == Interpolation::Linear && current.date != date)
            .filter(|n| !n.is_end())
            .and_then(|n| n.confidence());
        match (current.confidence(), next) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_point_is_24_bytes() {
        assert_eq!(std::mem::size_of::<Point>(), 24);
    }

    #[test]
    fn a_point_gives_back_the_value_it_was_given() {
        let day = d("2020-08-09");
        let nan_end = f64::from_bits(END_BITS);
        for w in [0.0, -0.0, 1.0, -1.0, 0.25, f64::INFINITY, f64::MIN_POSITIVE] {
            let p = Point::weight(day, w);
            assert!(!p.is_end());
            let PointValue::Weight(got) = p.value() else {
                panic!("{w} read back as an end");
            };
            assert_eq!(got.to_bits(), w.to_bits());
        }
        // No NaN a weight holds, not even an end's own bits, reads back as an end.
        for w in [f64::NAN, -f64::NAN, nan_end] {
            let p = Point::weight(day, w);
            assert!(!p.is_end());
            assert!(matches!(p.value(), PointValue::Weight(x) if x.is_nan()));
        }
        let mut p = Point::end(day);
        assert!(p.is_end());
        assert_eq!(p.value(), PointValue::End);
        p.set_value(PointValue::Weight(-0.5));
        assert_eq!(p.value(), PointValue::Weight(-0.5));
        p.set_value(PointValue::End);
        assert!(p.is_end());
        assert_eq!(p, Point::end(day));
        assert_ne!(p, Point::weight(day, nan_end));
    }

    fn tie(series: Vec<Point>) -> Relation {
        Relation {
            ends: Ends::Mutual("USA".into(), "BLR".into()),
            kind: "diplomatic".into(),
            interpolation: None,
            series,
            note: None,
        }
    }

    #[test]
    fn a_place_guessed_right_is_kept_and_any_other_guess_is_searched_for() {
        let days = ["2020-01-01", "2020-03-01", "2020-03-02", "2021-01-01"];
        let r = tie(days.iter().map(|s| Point::weight(d(s), 0.5)).collect());
        let start = d("2019-12-01").civil();
        let every_day = (0..800i64)
            .map(|n| Date::from_civil(start.checked_add(jiff::Span::new().days(n)).unwrap()));
        for date in every_day {
            let searched = r.series.partition_point(|p| p.date <= date).checked_sub(1);
            let guesses = (0..6).map(Some).chain([None, Some(usize::MAX)]);
            for guess in guesses {
                assert_eq!(r.place_on(date, guess), searched, "{date} {guess:?}");
            }
            let weighed = r.weight_and_place(date, Interpolation::Linear, None);
            assert_eq!(weighed.map(|(_, place)| Some(place)), searched.map(Some));
            assert_eq!(
                weighed.map(|(w, _)| w),
                r.weight_on(date, Interpolation::Linear)
            );
        }
        assert_eq!(tie(Vec::new()).place_on(d("2020-01-01"), Some(0)), None);
    }

    #[test]
    fn a_borrowed_key_compares_as_the_key_does() {
        // Every combination of two ids in either order, mutual or directed, two kinds.
        let mut relations = Vec::new();
        for (a, b) in [("USA", "BLR"), ("BLR", "USA"), ("BLR", "B"), ("B", "BLR")] {
            for kind in ["aid", "trade"] {
                let mutual = Ends::Mutual(a.into(), b.into());
                let directed = Ends::Directed {
                    from: a.into(),
                    to: b.into(),
                };
                for ends in [mutual, directed] {
                    relations.push(Relation {
                        ends,
                        kind: kind.into(),
                        ..tie(Vec::new())
                    });
                }
            }
        }
        for x in &relations {
            let key = x.key();
            assert_eq!(
                x.key_parts(),
                (
                    key.from.as_str(),
                    key.to.as_str(),
                    key.kind.as_str(),
                    key.directed
                )
            );
            for y in &relations {
                assert_eq!(x.key_parts().cmp(&y.key_parts()), key.cmp(&y.key()));
            }
        }
    }

    #[test]
    fn a_tie_does_not_exist_before_its_first_point() {
        let t = tie(vec![Point::weight(d("2020-02-01"), 0.2)]);
        for i in [Interpolation::Step, Interpolation::Linear] {
            assert_eq!(t.weight_on(d("2020-01-31"), i), None);
            assert_eq!(t.weight_on(d("2020-02-01"), i), Some(0.2));
            assert_eq!(t.weight_on(d("2099"), i), Some(0.2));
        }
    }

    #[test]
    fn step_holds_a_weight_until_the_next_point() {
        let t = tie(vec![
            Point::weight(d("2019"), -0.2),
            Point::weight(d("2020-02"), 0.2),
        ]);
        assert_eq!(
            t.weight_on(d("2020-01-31"), Interpolation::Step),
            Some(-0.2)
        );
        assert_eq!(t.weight_on(d("2020-02-01"), Interpolation::Step), Some(0.2));
    }

    #[test]
    fn linear_moves_by_calendar_days() {
        // 2019-01-01 to 2019-01-11 is ten days.
        let t = tie(vec![
            Point::weight(d("2019-01-01"), 0.0),
            Point::weight(d("2019-01-11"), 1.0),
        ]);
        let w = t.weight_on(d("2019-01-04"), Interpolation::Linear).unwrap();
        assert!((w - 0.3).abs() < 1e-12);
        assert_eq!(
            t.weight_on(d("2019-01-11"), Interpolation::Linear),
            Some(1.0)
        );
    }

    #[test]
    fn an_end_removes_the_tie_until_the_next_point_and_linear_never_crosses_it() {
        let t = tie(vec![
            Point::weight(d("2020"), 0.4),
            Point::end(d("2021")),
            Point::weight(d("2022"), -0.4),
        ]);
        for i in [Interpolation::Step, Interpolation::Linear] {
            assert_eq!(t.weight_on(d("2020-12-31"), i), Some(0.4));
            assert_eq!(t.weight_on(d("2021-01-01"), i), None);
            assert_eq!(t.weight_on(d("2021-12-31"), i), None);
            assert_eq!(t.weight_on(d("2022-01-01"), i), Some(-0.4));
        }
    }

    #[test]
    fn a_point_is_small_and_an_empty_detail_is_no_detail() {
        // 10 million points of an imported graph fit in 320 MB.
        assert!(std::mem::size_of::<Point>() <= 32);
        let bare = Point::weight(d("2020"), 0.5);
        let emptied = Point::weight(d("2020"), 0.5).with(PointDetail::default());
        assert_eq!(bare, emptied);
        let mut noted = bare.clone();
        noted.edit_detail(|p| p.note = Some("x".into()));
        assert_ne!(noted, bare);
        assert_eq!(noted.note(), Some("x"));
        noted.edit_detail(|p| p.note = None);
        assert_eq!(noted, bare);
    }

    #[test]
    fn mutual_keys_ignore_the_order_of_their_ends() {
        assert_eq!(
            RelationKey::mutual("USA", "BLR", "diplomatic"),
            RelationKey::mutual("BLR", "USA", "diplomatic")
        );
        assert_ne!(
            RelationKey::directed("USA", "BLR", "x"),
            RelationKey::directed("BLR", "USA", "x")
        );
    }
}
