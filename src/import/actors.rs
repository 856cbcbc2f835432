//! The actors table (`--actors`): `id,name,kind`, `note`, `aliases` (split on `;`), and any
//! other column as an attribute of the actor. docs/data.md describes it.

use std::collections::BTreeMap;

use super::Input;
use super::csv::{Options, check_width, records};
use crate::load::{Diagnostic, Diagnostics, LoadError, Position};
use crate::model::{Actor, ActorKind, Attribute, Id};

/// A column of the actors table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorColumn {
    /// The actor's id. Required.
    Id,
    /// Its display name; the id when absent or empty.
    Name,
    /// `state`, `organisation` or `person`; the default kind when absent or empty.
    Kind,
    /// A free-text note.
    Note,
    /// Other names, separated by `;`.
    Aliases,
}

impl ActorColumn {
    /// Every column, in the order the exporter writes them (attribute columns follow).
    pub const ALL: [ActorColumn; 5] = [
        ActorColumn::Id,
        ActorColumn::Name,
        ActorColumn::Kind,
        ActorColumn::Note,
        ActorColumn::Aliases,
    ];

    /// The column's header.
    pub fn name(self) -> &'static str {
        match self {
            ActorColumn::Id => "id",
            ActorColumn::Name => "name",
            ActorColumn::Kind => "kind",
            ActorColumn::Note => "note",
            ActorColumn::Aliases => "aliases",
        }
    }
}

/// Reads the actors table: `id,name,kind`, `note` and `aliases`; every other column is an
/// attribute.
pub(super) fn actors(
    input: &Input,
    options: &Options,
) -> Result<(BTreeMap<Id, Actor>, Vec<Diagnostic>), LoadError> {
    let mut problems = Vec::new();
    let warned = Vec::new();
    let records = records(&input.text, &mut problems);
    let find = |c: ActorColumn| records.header.iter().position(|(h, _)| h == c.name());
    let columns: Vec<(ActorColumn, Option<usize>)> =
        ActorColumn::ALL.iter().map(|&c| (c, find(c))).collect();
    let column = |c: ActorColumn| columns.iter().find(|(x, _)| *x == c).and_then(|(_, i)| *i);
    if column(ActorColumn::Id).is_none() {
        problems.push(
            Diagnostic::new(
                Some(Position { line: 1, column: 1 }),
                "the actors table has no `id` column",
            )
            .with_help("its header is id,name,kind (name and kind may be left out)"),
        );
    }
    // Every column that is not one of ours is an attribute.
    let attribute_columns: Vec<(usize, &str)> = records
        .header
        .iter()
        .enumerate()
        .filter(|(i, _)| !columns.iter().any(|(_, c)| *c == Some(*i)))
        .map(|(i, (name, _))| (i, name.as_str()))
        .collect();
    let mut actors: BTreeMap<Id, Actor> = BTreeMap::new();
    let mut lines: BTreeMap<Id, u32> = BTreeMap::new();
    if let Some(id_column) = column(ActorColumn::Id) {
        let width = records.header.len();
        for (fields, at) in &records.rows {
            if !check_width(fields, width, *at, &mut problems) {
                continue;
            }
            let cell = |c: ActorColumn| {
                column(c)
                    .map(|i| (fields[i].0.as_str(), fields[i].1))
                    .filter(|(t, _)| !t.trim().is_empty())
            };
            let Some((id, id_at)) = cell(ActorColumn::Id).map(|(t, p)| (t.trim(), p)) else {
                problems.push(Diagnostic::new(
                    Some(fields[id_column].1),
                    "`id` is empty; every actor has an id",
                ));
                continue;
            };
            if let Some(first) = lines.get(id) {
                problems.push(Diagnostic::new(
                    Some(id_at),
                    format!("actor `{id}` is listed twice (first on line {first})"),
                ));
                continue;
            }
            lines.insert(id.into(), id_at.line);
            let kind = match cell(ActorColumn::Kind).map(|(t, p)| (t.trim(), p)) {
                None => options.default_kind,
                Some((text, at)) => match ActorKind::parse(text) {
                    Ok(kind) => kind,
                    Err(e) => {
                        problems.push(
                            Diagnostic::new(Some(at), format!("kind `{text}`: {e}")).with_help(
                                "write state, organisation, person, or a lower-case \
                                     snake_case collective kind such as `group`",
                            ),
                        );
                        continue;
                    }
                },
            };
            let name = cell(ActorColumn::Name).map_or(id, |(t, _)| t).to_string();
            actors.insert(
                id.into(),
                Actor {
                    id: id.into(),
                    name,
                    kind,
                    posts: Vec::new(),
                    note: cell(ActorColumn::Note).map(|(t, _)| t.to_string()),
                    aliases: cell(ActorColumn::Aliases)
                        .map(|(t, _)| {
                            t.split(';')
                                .map(str::trim)
                                .filter(|a| !a.is_empty())
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default(),
                    attributes: attribute_columns
                        .iter()
                        .filter_map(|&(i, name)| {
                            let text = fields[i].0.trim();
                            (!text.is_empty()).then(|| (name.to_string(), attribute(text)))
                        })
                        .collect(),
                    part_of: Vec::new(),
                },
            );
        }
    }
    if problems.is_empty() {
        Ok((actors, warned))
    } else {
        Err(LoadError::Invalid(Diagnostics::new(
            &input.name,
            problems,
            Some(input.text.clone()),
        )))
    }
}

/// An attribute cell: a boolean, a number, or text.
fn attribute(text: &str) -> Attribute {
    match text {
        "true" => Attribute::Bool(true),
        "false" => Attribute::Bool(false),
        _ => match text.parse::<f64>() {
            Ok(number) if number.is_finite() => Attribute::Number(number),
            _ => Attribute::Text(text.to_string()),
        },
    }
}
