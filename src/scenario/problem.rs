//! What can be wrong with an edit: the problems found when applying a scenario, each naming the
//! edit and the field at fault, so that a file can locate it and the shell can name the flag.

use std::fmt;

/// Which part of an edit a problem is about, named as in the scenario file (`between`, `date`,
/// `weight`...), with the position in a list where there is one (`between[1]`, `sources[0]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Field {
    /// The field's name in the file.
    pub name: &'static str,
    /// The index within a list-valued field.
    pub index: Option<usize>,
}

impl Field {
    /// The field `name`.
    pub const fn at(name: &'static str) -> Field {
        Field { name, index: None }
    }

    /// Item `index` of the list-valued field `name`.
    pub const fn item(name: &'static str, index: usize) -> Field {
        Field {
            name,
            index: Some(index),
        }
    }

    /// The edit as a whole.
    pub const EDIT: Field = Field::at("");
}

/// One problem with one edit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The edit's position in the scenario, from 0.
    pub edit: usize,
    /// The part of the edit that is wrong.
    pub field: Field,
    /// What is wrong, in plain words.
    pub message: String,
    /// The likely fix.
    pub help: Option<String>,
}

/// Why a scenario could not be applied: every problem with every edit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    /// The problems, in edit order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "edit {}: {}", p.edit + 1, p.message)?;
            if let Some(help) = &p.help {
                write!(f, " ({help})")?;
            }
        }
        Ok(())
    }
}
