//! The reader that graph files ([`crate::load`]) and scenario files ([`crate::scenario`]) share:
//! values read leniently with their positions, maps read as structs that keep their stray keys,
//! a checker that collects every problem with its place and likely fix, and "did you mean".
//!
//! A file is read in two steps. The parser reads every value into a [`Got`] (the expected shape,
//! or what was found instead) without ever failing on a badly shaped value; then a [`Checker`]
//! turns what was read into the model, reporting every problem at once as [`Diagnostics`].

mod checker;
mod diagnostic;
mod fields;
mod located;
mod shared;
mod suggest;
mod yaml;

pub(crate) use checker::{Checker, id_list, kind_of, known, list, or};
pub(crate) use diagnostic::LineIndex;
pub use diagnostic::{Diagnostic, Diagnostics, Labelled, Position};
pub(crate) use fields::{FieldPositions, Fields, Stray, Strays, fill, raw_struct, read_fields};
pub(crate) use located::{
    Entries, Field, Found, Got, List, Located, OneOrMany, RawBound, RawDate, Shape, Text,
    forbidden_char, is_locating, locating,
};
pub(crate) use shared::{RawMembership, RawPoint, RawPost, confidence_of};
pub use suggest::did_you_mean;
pub(crate) use yaml::{yaml_error, yaml_options};
