//! Importers: tables and event data turned into a checked [`Graph`].
//!
//! One file per source format. Each reads rows, reports every bad row at once with its line and
//! column (as [`LoadError::Invalid`], like a graph file), builds the model, and checks the result
//! with [`crate::load::validate`] before handing it out. What an importer only warns about
//! (actors created for lack of a table, columns it does not keep, skipped rows) comes back as
//! data in [`Imported::warnings`]; nothing here prints.

mod actors;
mod countries;
pub mod csv;
pub mod events;
pub mod parquet;
mod position;

use crate::load::{Diagnostics, LoadError};
use crate::model::Graph;

/// A text input: its name as the user gave it (for diagnostics) and its content.
#[derive(Debug, Clone)]
pub struct Input {
    /// The name shown in diagnostics (usually the path).
    pub name: String,
    /// The content.
    pub text: String,
}

impl Input {
    /// Reads the file at `path` as UTF-8 text.
    pub fn read(path: &std::path::Path) -> Result<Input, LoadError> {
        let name = path.display().to_string();
        let bytes = crate::load::read_input(path).map_err(|source| LoadError::Io {
            path: name.clone(),
            source,
        })?;
        Input::from_bytes(name, bytes)
    }

    /// `bytes` named `name`, which must be UTF-8 (a byte-order mark is dropped).
    pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Input, LoadError> {
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..'\u{feff}'.len_utf8());
                }
                Ok(Input { name, text })
            }
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let valid = &e.as_bytes()[..at];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                // The prefix is valid UTF-8 by definition of `valid_up_to`.
                let column =
                    std::str::from_utf8(&valid[line_start..]).map_or(0, |s| s.chars().count()) + 1;
                let d = crate::load::Diagnostic::new(
                    Some(crate::load::Position {
                        line: u32::try_from(line).unwrap_or(u32::MAX),
                        column: u32::try_from(column).unwrap_or(u32::MAX),
                    }),
                    format!("the file is not UTF-8 text (invalid byte at offset {at})"),
                )
                .with_help("save the file as UTF-8");
                Err(LoadError::Invalid(Diagnostics::new(&name, vec![d], None)))
            }
        }
    }
}

/// A graph an importer made, with what it warns about (one [`Diagnostics`] per input file that
/// has warnings).
#[derive(Debug, Clone)]
pub struct Imported {
    /// The graph, checked as a loaded file is.
    pub graph: Graph,
    /// Warnings, by file.
    pub warnings: Vec<Diagnostics>,
}

/// Checks `graph` as a loaded file is checked; its problems (which an importer's own checks
/// should have caught first) come back as a load error.
pub(crate) fn checked(graph: Graph, warnings: Vec<Diagnostics>) -> Result<Imported, LoadError> {
    crate::load::validate_large(&graph).map_err(LoadError::Invalid)?;
    Ok(Imported { graph, warnings })
}

/// The interned `ids` that the pairs of `ends` (places in `ids`) name, each once, in the order
/// of `ids`: what an importer that numbers ids vouches for ([`checked_vouched`]).
pub(crate) fn named_ends(
    ids: &[crate::model::Id],
    ends: impl Iterator<Item = (u32, u32)>,
) -> Vec<crate::model::Id> {
    let mut named = vec![false; ids.len()];
    for (a, b) in ends {
        for end in [a, b] {
            if let Some(n) = named.get_mut(end as usize) {
                *n = true;
            }
        }
    }
    ids.iter()
        .zip(named)
        .filter(|&(_, named)| named)
        .map(|(id, _)| id.clone())
        .collect()
}

/// `actors` with each id that a relation's end names (`ends`, each once) in the very allocation
/// the relations hold, as the text loaders have it (every importer's graph goes through here):
/// a tie's end and its actor then compare equal by address, without reading either (a snapshot
/// checks every edge's ends against its nodes).
pub(crate) fn sharing_ids(
    actors: std::collections::BTreeMap<crate::model::Id, crate::model::Actor>,
    ends: &[crate::model::Id],
) -> std::collections::BTreeMap<crate::model::Id, crate::model::Actor> {
    let named: std::collections::HashMap<&str, &crate::model::Id, foldhash::fast::RandomState> =
        ends.iter().map(|id| (id.as_str(), id)).collect();
    actors
        .into_iter()
        .map(|(id, mut actor)| {
            let id = named.get(id.as_str()).map_or(id, |&shared| shared.clone());
            actor.id = id.clone();
            (id, actor)
        })
        .collect()
}

/// `relations` listed in `order`: left as the importer made them, or sorted by key (on all
/// cores; an importer makes one relation per key, so the order is the one whatever the threads).
pub(crate) fn put_in_order(relations: &mut [crate::model::Relation], order: csv::Order) {
    if order == csv::Order::Key {
        use rayon::slice::ParallelSliceMut;
        relations.par_sort_unstable_by(|x, y| x.key_parts().cmp(&y.key_parts()));
    }
}

/// [`checked`] for a graph whose relations the importer made one per key of interned ends, kind
/// and direction, which vouches for them ([`crate::load::Vouched`]); `ends` are the ids the
/// relations' ends name; `cited`, when the importer checked every series too, the event and
/// source ids the points cite.
pub(crate) fn checked_vouched(
    mut graph: Graph,
    warnings: Vec<Diagnostics>,
    ends: &[crate::model::Id],
    cited: Option<crate::load::Cited>,
) -> Result<Imported, LoadError> {
    graph.actors = sharing_ids(std::mem::take(&mut graph.actors), ends);
    let vouched = crate::load::Vouched {
        outline_ok: None,
        ends,
        cited,
    };
    crate::load::validate_vouched(&graph, &vouched).map_err(LoadError::Invalid)?;
    Ok(Imported { graph, warnings })
}

#[cfg(test)]
mod tests {
    #[test]
    fn named_ends_are_each_id_a_pair_names_once_in_id_order() {
        let ids: Vec<crate::model::Id> = ["a", "b", "c", "d"].map(Into::into).to_vec();
        let named = super::named_ends(&ids, [(2, 0), (0, 2), (3, 0)].into_iter());
        assert_eq!(named, ["a", "c", "d"].map(crate::model::Id::from).to_vec());
        assert!(super::named_ends(&ids, std::iter::empty()).is_empty());
    }
}
