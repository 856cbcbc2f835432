//! Maps read as structs: known fields by name (with aliases), unknown and repeated keys kept as
//! [`Stray`]s for the checker to report, and [`raw_struct!`](crate::reader::raw_struct) to declare
//! such a struct.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::diagnostic::Position;
use super::located::{Found, Located};

/// A key that is not one of the map's fields, or a field given twice.
#[derive(Debug, Clone, PartialEq)]
pub enum Stray {
    /// A key the format does not know (the text of the key, or what was found).
    Unknown { key: Found, at: Position },
    /// A field given a second time; the first value is kept.
    Repeated {
        key: &'static str,
        at: Position,
        first: Position,
    },
}

/// The stray keys of one map; boxed so that a map without any (nearly all) costs one word.
#[derive(Debug, Clone, Default)]
#[allow(
    clippy::box_collection,
    reason = "one word instead of three in every map read, points included; strays are rare"
)]
pub struct Strays(pub Option<Box<Vec<Stray>>>);

impl Strays {
    fn push(&mut self, stray: Stray) {
        self.0.get_or_insert_with(Box::default).push(stray);
    }

    /// Every stray key, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Stray> {
        self.0.iter().flat_map(|v| v.iter())
    }
}

/// A map key of the struct `S`: the index of a known field, or an unknown key.
enum Key<S> {
    Field(usize, PhantomData<S>),
    Unknown(Found),
}

/// The field names of a struct read from a map.
pub trait Fields {
    /// Every key the map may have; aliases map to the field of the name before them.
    const KEYS: &'static [(&'static str, usize)];
}

impl<'de, S: Fields> Deserialize<'de> for Key<S> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor<S>(PhantomData<S>);
        impl<'de, S: Fields> Visitor<'de> for KeyVisitor<S> {
            type Value = Key<S>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<S>, E> {
                Ok(match S::KEYS.iter().find(|(name, _)| *name == v) {
                    Some((_, index)) => Key::Field(*index, PhantomData),
                    None => Key::Unknown(Found::scalar(v)),
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key<S>, E> {
                Ok(Key::Unknown(Found::scalar(&v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key<S>, E> {
                Ok(Key::Unknown(Found::scalar(&v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key<S>, E> {
                Ok(Key::Unknown(Found::scalar(&v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key<S>, E> {
                Ok(Key::Unknown(Found::scalar(&v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Key<S>, E> {
                Ok(Key::Unknown(Found::Nothing))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Key<S>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Key::Unknown(Found::List))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key<S>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Key::Unknown(Found::Map))
            }
        }
        deserializer.deserialize_any(KeyVisitor(PhantomData))
    }
}

/// The fields a map read as a struct was given, with where each value starts: for tracing a
/// problem at a position back to the field it is in.
pub trait FieldPositions {
    /// Each field given, by its name in messages, in the order the fields are declared.
    fn positions(&self) -> Vec<(&'static str, Position)>;
}

/// Reads the map of a struct with fields `S`, calling `set` for each known field with its index;
/// `set` reads the value, or skips it and returns `true` when the field was already given.
pub(crate) fn read_fields<'de, S: Fields, A: MapAccess<'de>>(
    mut map: A,
    strays: &mut Strays,
    mut set: impl FnMut(usize, &mut A) -> Result<bool, A::Error>,
) -> Result<(), A::Error> {
    // Where each field's key was first written, to point at it when it is repeated.
    let mut first = [Position { line: 0, column: 0 }; 16];
    while let Some(key) = map.next_key::<Located<Key<S>>>()? {
        match key.value {
            Key::Field(index, _) => {
                if set(index, &mut map)? {
                    let name = S::KEYS
                        .iter()
                        .find(|(_, i)| *i == index)
                        .map_or("?", |(name, _)| name);
                    strays.push(Stray::Repeated {
                        key: name,
                        at: key.at,
                        first: first.get(index).copied().unwrap_or(key.at),
                    });
                } else if let Some(slot) = first.get_mut(index) {
                    *slot = key.at;
                }
            }
            Key::Unknown(found) => {
                map.next_value::<IgnoredAny>()?;
                strays.push(Stray::Unknown {
                    key: found,
                    at: key.at,
                });
            }
        }
    }
    Ok(())
}

/// Reads a field's value into `slot`, unless it already has one: then the value is skipped and
/// `true` returned.
pub(crate) fn fill<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<Located<T>>,
    map: &mut A,
) -> Result<bool, A::Error> {
    if slot.is_some() {
        map.next_value::<IgnoredAny>()?;
        Ok(true)
    } else {
        *slot = Some(map.next_value()?);
        Ok(false)
    }
}

/// Declares a struct read from a map: every field a [`Field`], plus its [`Strays`]. The first key
/// of each field is its name in messages; the others are aliases. Used for graph and scenario files alike.
macro_rules! raw_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $field:ident : $ty:ty = [$($key:literal),+] ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Default)]
        pub struct $name {
            $( pub $field: $crate::reader::Field<$ty>, )+
            pub strays: $crate::reader::Strays,
        }

        impl $name {
            /// The field names as written in files, for suggestions.
            pub const NAMES: &'static [&'static str] = &[$( [$($key),+][0] ),+];
        }

        impl $crate::reader::FieldPositions for $name {
            fn positions(&self) -> Vec<(&'static str, $crate::reader::Position)> {
                [$( self.$field.as_ref().map(|f| ([$($key),+][0], f.at)) ),+]
                    .into_iter()
                    .flatten()
                    .collect()
            }
        }

        impl $crate::reader::Fields for $name {
            const KEYS: &'static [(&'static str, usize)] = {
                #[allow(non_camel_case_types, clippy::upper_case_acronyms, reason = "one variant per field")]
                enum Index { $( $field ),+ }
                &[$( $( ($key, Index::$field as usize) ),+ ),+]
            };
        }

        impl<'de> $crate::reader::Shape<'de> for $name {
            const EXPECTED: &'static str = "a map";
            fn from_map<A: serde::de::MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
                #[allow(non_camel_case_types, clippy::upper_case_acronyms, reason = "one variant per field")]
                enum Index { $( $field ),+ }
                let mut out = $name::default();
                let mut strays = $crate::reader::Strays::default();
                $crate::reader::read_fields::<$name, A>(map, &mut strays, |index, map| {
                    $( if index == Index::$field as usize {
                        return $crate::reader::fill(&mut out.$field, map);
                    } )+
                    Ok(false)
                })?;
                out.strays = strays;
                Ok(Some(out))
            }
        }
    };
}
pub(crate) use raw_struct;
