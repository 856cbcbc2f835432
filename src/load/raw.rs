//! Serde structs that mirror the file as written, with source locations, before any checking.
//!
//! Nothing here is trusted: ids may be undeclared, dates impossible, weights out of range. The
//! validator ([`super::validate`]) turns these into the model and reports every problem.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A map read in file order, keeping duplicates so the validator can report them.
#[derive(Debug)]
pub struct Entries<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for Entries<K, V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Entries<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<K, V> {
            type Value = Entries<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                // The size hint comes from the input; never trust it for an allocation.
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// A date as written: YAML reads `2019` as a number and `2019-02` as a string; both are text here.
#[derive(Debug, Clone)]
pub struct RawDate(pub String);

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = RawDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date (YYYY, YYYY-MM or YYYY-MM-DD)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

/// One or several ids: `source: a` or `sources: [a, b]`.
#[derive(Debug, Clone)]
pub struct OneOrMany(pub Vec<Spanned<String>>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdsVisitor;
        impl<'de> Visitor<'de> for IdsVisitor {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id or a list of ids")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                let unknown = serde_saphyr::Location::UNKNOWN;
                Ok(OneOrMany(vec![Spanned::new(
                    v.to_string(),
                    unknown,
                    unknown,
                )]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element()? {
                    ids.push(id);
                }
                Ok(OneOrMany(ids))
            }
        }
        deserializer.deserialize_any(IdsVisitor)
    }
}

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGraph {
    pub detente: Spanned<u64>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub interpolation: Option<Spanned<String>>,
    #[serde(default)]
    pub scale: Option<Spanned<RawScale>>,
    #[serde(default)]
    pub sources: Entries<Spanned<String>, Spanned<RawSource>>,
    #[serde(default)]
    pub actors: Entries<Spanned<String>, Spanned<RawActor>>,
    #[serde(default)]
    pub relations: Vec<Spanned<RawRelation>>,
    #[serde(default)]
    pub events: Entries<Spanned<String>, Spanned<RawEvent>>,
}

/// `scale: {min: -10, max: 10}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScale {
    pub min: f64,
    pub max: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub date: Option<Spanned<RawDate>>,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub name: String,
    pub kind: Spanned<String>,
    #[serde(default)]
    pub posts: Vec<Spanned<RawPost>>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPost {
    pub title: String,
    pub of: Spanned<String>,
    #[serde(default)]
    pub from: Option<Spanned<RawDate>>,
    #[serde(default)]
    pub until: Option<Spanned<RawDate>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRelation {
    #[serde(default)]
    pub between: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub from: Option<Spanned<String>>,
    #[serde(default)]
    pub to: Option<Spanned<String>>,
    #[serde(default)]
    pub kind: Option<Spanned<String>>,
    #[serde(default)]
    pub interpolation: Option<Spanned<String>>,
    #[serde(default)]
    pub note: Option<String>,
    pub series: Spanned<Vec<Spanned<RawPoint>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPoint {
    pub date: Spanned<RawDate>,
    #[serde(default)]
    pub weight: Option<Spanned<f64>>,
    #[serde(default)]
    pub end: Option<Spanned<bool>>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub event: Option<Spanned<String>>,
    #[serde(default, alias = "sources")]
    pub source: Option<Spanned<OneOrMany>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub date: Spanned<RawDate>,
    pub title: String,
    #[serde(default)]
    pub actors: Vec<Spanned<String>>,
    #[serde(default, alias = "source")]
    pub sources: Option<Spanned<OneOrMany>>,
    #[serde(default)]
    pub description: Option<String>,
}
