//! Values read leniently, each with the position it was written at.
//!
//! Nothing here is trusted, and nothing here fails on a badly shaped file: every value is read
//! with `deserialize_any` into a [`Got`], which holds either the expected value or a description
//! of what was found instead. The parser only stops on what it cannot read past (syntax errors,
//! budgets); everything else reaches a checker ([`super::Checker`]), which reports every problem
//! at once.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::diagnostic::Position;
use crate::model::{Certainty, Date, DateError};

/// `value` with the position it was written at (line 0 when unknown, as in JSON).
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub at: Position,
}

/// The position of a saphyr location; line 0 when it is unknown.
fn position(location: serde_saphyr::Location) -> Position {
    Position::from_location(location).unwrap_or(Position { line: 0, column: 0 })
}

thread_local! {
    /// Whether values are read with their positions (see [`locating`]).
    static LOCATING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` with positions recorded for every value.
///
/// A file is first read without positions, which is several times faster and leaner (a
/// position costs two saphyr `Location`s and a detour through a synthesised map per value), and
/// with every series point turned into a model point as it is read. Only when that finds a
/// problem is the file read again by `read` with positions, to say where each problem is.
pub fn locating<R>(read: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            LOCATING.with(|l| l.set(self.0));
        }
    }
    let _reset = Reset(LOCATING.with(|l| l.replace(true)));
    read()
}

pub(crate) fn is_locating() -> bool {
    LOCATING.with(std::cell::Cell::get)
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only the YAML parser knows positions: serde_json cannot feed `Spanned` (it fails on
        // object keys), and JSON files are read again as YAML to locate their problems.
        // serde-saphyr tells its own deserializers apart by type name in the same way.
        if !is_locating() || !std::any::type_name::<D>().contains("serde_saphyr") {
            return T::deserialize(deserializer).map(|value| Located {
                value,
                at: Position { line: 0, column: 0 },
            });
        }
        // `Spanned` carries two full locations; keep only where the value is used.
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        Ok(Located {
            value: spanned.value,
            at: position(spanned.referenced),
        })
    }
}

/// What was found where something else was expected, for "must be X, found Y" messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A scalar, as written (cut short if long).
    Scalar(String),
    /// An empty value (`name:` or `~`).
    Nothing,
    /// A sequence.
    List,
    /// A mapping.
    Map,
}

impl Found {
    pub(super) fn scalar(text: &str) -> Found {
        const MAX: usize = 40;
        let mut short: String = text.chars().take(MAX).collect();
        if text.chars().nth(MAX).is_some() {
            short.push('…');
        }
        Found::Scalar(short)
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Scalar(s) => write!(f, "`{}`", s.escape_debug()),
            Found::Nothing => f.write_str("nothing"),
            Found::List => f.write_str("a list"),
            Found::Map => f.write_str("a map"),
        }
    }
}

/// A value of the expected shape, or what was found instead.
#[derive(Debug, Clone)]
pub enum Got<T> {
    Ok(T),
    /// Boxed: wrong values are rare, and this keeps a `Got<f64>` at two words.
    Wrong(Box<Found>),
}

/// A field of a map: absent, or present (well or badly shaped) at a position.
pub type Field<T> = Option<Located<Got<T>>>;

/// What a value may be read from. Every method consumes its input and returns `None` when the
/// input has the wrong shape, so that reading goes on after a wrong value.
pub trait Shape<'de>: Sized {
    /// What a value of this shape is, in plain words (`a number`, `a list of ids`).
    const EXPECTED: &'static str;
    /// Whether the value is read from YAML as the text it is written as, not as the number it
    /// resolves to: a date must be spelt `2020`, and YAML reads `+2020`, `0x7E4`, `2_020` and
    /// `0o3744` as that same number.
    const SPELLED: bool = false;

    fn from_str(_: &str) -> Option<Self> {
        None
    }
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Self>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

impl<'de, T: Shape<'de>> Deserialize<'de> for Got<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GotVisitor<T>(PhantomData<T>);
        fn got<T>(value: Option<T>, found: impl FnOnce() -> Found) -> Got<T> {
            match value {
                Some(v) => Got::Ok(v),
                None => Got::Wrong(Box::new(found())),
            }
        }
        impl<'de, T: Shape<'de>> Visitor<'de> for GotVisitor<T> {
            type Value = Got<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(T::EXPECTED)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Got<T>, E> {
                // A spelled value is read with `deserialize_str` and `null_as_string`, so an
                // empty value arrives as its text: report it as nothing, as `deserialize_any`
                // would.
                if T::SPELLED && matches!(v, "" | "~" | "null" | "Null" | "NULL") {
                    return Ok(Got::Wrong(Box::new(Found::Nothing)));
                }
                Ok(got(T::from_str(v), || Found::scalar(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Got<T>, E> {
                Ok(got(T::from_u64(v), || Found::scalar(&v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Got<T>, E> {
                Ok(got(T::from_i64(v), || Found::scalar(&v.to_string())))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Got<T>, E> {
                Ok(got(None, || Found::scalar(&v.to_string())))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Got<T>, E> {
                Ok(got(None, || Found::scalar(&v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Got<T>, E> {
                Ok(got(T::from_f64(v), || Found::scalar(&v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Got<T>, E> {
                Ok(got(T::from_bool(v), || Found::scalar(&v.to_string())))
            }
            fn visit_char<E: de::Error>(self, v: char) -> Result<Got<T>, E> {
                self.visit_str(v.encode_utf8(&mut [0; 4]))
            }
            fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Got<T>, E> {
                Ok(Got::Wrong(Box::new(Found::Scalar("binary data".into()))))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Got<T>, E> {
                Ok(Got::Wrong(Box::new(Found::Nothing)))
            }
            fn visit_none<E: de::Error>(self) -> Result<Got<T>, E> {
                Ok(Got::Wrong(Box::new(Found::Nothing)))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Got<T>, D::Error> {
                Got::deserialize(d)
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Got<T>, D::Error> {
                Got::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Got<T>, A::Error> {
                Ok(got(T::from_seq(seq)?, || Found::List))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Got<T>, A::Error> {
                Ok(got(T::from_map(map)?, || Found::Map))
            }
            fn visit_enum<A: de::EnumAccess<'de>>(self, _: A) -> Result<Got<T>, A::Error> {
                // Neither YAML nor JSON produce enums through `deserialize_any`.
                Err(de::Error::custom("unexpected enum"))
            }
        }
        // serde-saphyr gives a plain scalar's text to `deserialize_str` as written; JSON has no
        // number spelling but the plain one, and its numbers must still reach `visit_u64`.
        if T::SPELLED && std::any::type_name::<D>().contains("serde_saphyr") {
            deserializer.deserialize_str(GotVisitor(PhantomData))
        } else {
            deserializer.deserialize_any(GotVisitor(PhantomData))
        }
    }
}

/// The first character of `text` that no text in an input file may hold: a Unicode
/// noncharacter (U+FFFE, U+FFFF, U+FDD0..U+FDEF and the last two of every plane), which is not
/// for interchange, has no escaped form every output shares, and makes SVG ill-formed.
///
/// Control characters are kept: every output escapes them for its target (docs/escaping.md),
/// and a file that holds one (an id with a line break) still reads and diffs as written.
pub(crate) fn forbidden_char(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        let u = u32::from(c);
        (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
    })
}

/// Free text. Numbers and booleans are read as the text they are written as (`title: 1984`).
#[derive(Debug, Clone, PartialEq)]
pub struct Text(pub String);

impl Shape<'_> for Text {
    const EXPECTED: &'static str = "text";
    fn from_str(v: &str) -> Option<Self> {
        forbidden_char(v).is_none().then(|| Text(v.to_string()))
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(Text(v.to_string()))
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(Text(v.to_string()))
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(Text(v.to_string()))
    }
    fn from_bool(v: bool) -> Option<Self> {
        Some(Text(v.to_string()))
    }
}

impl Shape<'_> for f64 {
    const EXPECTED: &'static str = "a number";
    fn from_u64(v: u64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(v)
    }
}

impl Shape<'_> for u64 {
    const EXPECTED: &'static str = "a whole number";
    fn from_u64(v: u64) -> Option<Self> {
        Some(v)
    }
}

impl Shape<'_> for bool {
    const EXPECTED: &'static str = "`true` or `false`";
    fn from_bool(v: bool) -> Option<Self> {
        Some(v)
    }
}

impl Shape<'_> for crate::model::Attribute {
    const EXPECTED: &'static str = "text, a number or `true`/`false`";
    fn from_str(v: &str) -> Option<Self> {
        Some(Self::Text(v.to_string()))
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(Self::Number(v as f64))
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(Self::Number(v as f64))
    }
    fn from_f64(v: f64) -> Option<Self> {
        v.is_finite().then_some(Self::Number(v))
    }
    fn from_bool(v: bool) -> Option<Self> {
        Some(Self::Bool(v))
    }
}

/// A date, parsed as it is read: YAML reads `2019` as a number and `2019-02` as text.
#[derive(Debug, Clone)]
pub struct RawDate(pub Result<Date, Box<DateError>>);

impl Shape<'_> for RawDate {
    const EXPECTED: &'static str = "a date (YYYY, YYYY-MM or YYYY-MM-DD)";
    const SPELLED: bool = true;
    fn from_str(v: &str) -> Option<Self> {
        Some(RawDate(v.parse().map_err(Box::new)))
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(RawDate(v.to_string().parse().map_err(Box::new)))
    }
    fn from_i64(v: i64) -> Option<Self> {
        Some(RawDate(v.to_string().parse().map_err(Box::new)))
    }
}

/// A start or end of a period (a post, a membership): a date (`2019`), an approximate date
/// (`~2019`), or `unknown`; parsed as it is read.
#[derive(Debug, Clone)]
pub struct RawBound(pub Result<(Option<Date>, Certainty), Box<DateError>>);

impl Shape<'_> for RawBound {
    const EXPECTED: &'static str = "a date (YYYY, YYYY-MM or YYYY-MM-DD), `~DATE` or `unknown`";
    const SPELLED: bool = true;
    fn from_str(v: &str) -> Option<Self> {
        Some(RawBound(match v {
            "unknown" => Ok((None, Certainty::Unknown)),
            _ => match v.strip_prefix('~') {
                Some(date) => date
                    .trim_start()
                    .parse()
                    .map(|d| (Some(d), Certainty::Approximate)),
                None => v.parse().map(|d| (Some(d), Certainty::Exact)),
            }
            .map_err(Box::new),
        }))
    }
    fn from_u64(v: u64) -> Option<Self> {
        Self::from_str(&v.to_string())
    }
    fn from_i64(v: i64) -> Option<Self> {
        Self::from_str(&v.to_string())
    }
}

/// A list whose items are each read leniently.
#[derive(Debug, Clone)]
pub struct List<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Shape<'de> for List<T> {
    const EXPECTED: &'static str = "a list";
    fn from_seq<A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Self>, A::Error> {
        // The size hint comes from the input; never trust it for an allocation.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Some(List(items)))
    }
}

/// One or several ids: `source: a` or `sources: [a, b]`.
#[derive(Debug, Clone)]
pub struct OneOrMany(pub Vec<Located<Got<Text>>>);

impl<'de> Shape<'de> for OneOrMany {
    const EXPECTED: &'static str = "an id or a list of ids";
    fn from_str(v: &str) -> Option<Self> {
        let unknown = Position { line: 0, column: 0 };
        Some(OneOrMany(vec![Located {
            value: Got::Ok(Text(v.to_string())),
            at: unknown,
        }]))
    }
    fn from_seq<A: SeqAccess<'de>>(seq: A) -> Result<Option<Self>, A::Error> {
        Ok(List::from_seq(seq)?.map(|List(items)| OneOrMany(items)))
    }
}

/// A map read in file order, keeping repeated keys so the validator can report them.
#[derive(Debug)]
pub struct Entries<V>(pub Vec<(Located<Got<Text>>, V)>);

impl<V> Default for Entries<V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Shape<'de> for Entries<V> {
    const EXPECTED: &'static str = "a map";
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Some(Entries(entries)))
    }
}
