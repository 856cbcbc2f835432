//! What `check` warns about in a valid file: things that load, but are likely mistakes. Each
//! warning is a [`Diagnostic`] with its position, like an error; `check --strict` reports them as
//! errors.
//!
//! A valid file is read without positions; this reads it once more with them, as the
//! diagnostics of an invalid one are.

use std::collections::BTreeMap;

use super::Diagnostic;
use crate::model::{ActorKind, BUILT_IN_KINDS};
use crate::reader::{Got, Position, Text, locating};

/// The warnings about `text` (YAML or JSON), in file order; none when it cannot be read.
pub fn warnings(text: &str) -> Vec<Diagnostic> {
    let Ok(raw) = locating(|| super::parse_yaml(text)) else {
        return Vec::new();
    };
    let Got::Ok(graph) = raw.value else {
        return Vec::new();
    };
    let mut kinds: Vec<(String, Position)> = Vec::new();
    if let Some(Got::Ok(crate::reader::Entries(actors))) = graph.actors.map(|a| a.value) {
        for (_, actor) in actors {
            if let Got::Ok(actor) = actor.value
                && let Some(kind) = actor.kind
                && let Got::Ok(Text(text)) = kind.value
            {
                kinds.push((text, kind.at));
            }
        }
    }
    let mut out = kind_typos(&kinds);
    out.sort_by_key(|d| d.position);
    out
}

/// A warning for each open kind used by one actor only that is within two edits of a built-in
/// kind or of another kind of the file: `stat` is likely `state`, `grup` likely `group`.
fn kind_typos(kinds: &[(String, Position)]) -> Vec<Diagnostic> {
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for (kind, _) in kinds {
        // `organization` is the built-in `organisation`, spelt the American way.
        let kind = ActorKind::parse(kind).map_or(kind.as_str(), |k| match k {
            ActorKind::Other(_) => kind.as_str(),
            _ => "",
        });
        *uses.entry(kind).or_default() += 1;
    }
    let mut out = Vec::new();
    for (kind, at) in kinds {
        if !matches!(ActorKind::parse(kind), Ok(ActorKind::Other(_))) || uses[kind.as_str()] != 1 {
            continue;
        }
        let candidates = BUILT_IN_KINDS
            .iter()
            .copied()
            .chain(uses.keys().copied().filter(|k| !k.is_empty() && *k != kind));
        let closest = candidates
            .map(|c| (strsim::damerau_levenshtein(kind, c), c))
            .filter(|(d, _)| *d <= 2)
            .min();
        if let Some((_, like)) = closest {
            out.push(
                Diagnostic::new(
                    Some(*at),
                    format!("actor kind `{kind}` is used only here, and is close to `{like}`"),
                )
                .with_help(format!(
                    "did you mean `{like}`? If `{kind}` is meant, ignore this warning"
                )),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_used_once_near_another_is_a_likely_typo() {
        let text = "detente: 1\nactors:\n  A: {name: A, kind: stat}\n  B: {name: B, kind: group}\n  \
                    C: {name: C, kind: group}\n  D: {name: D, kind: grop}\n  E: {name: E, kind: \
                    armed_group}\n  F: {name: F, kind: organization}\n";
        let got: Vec<(u32, String)> = warnings(text)
            .into_iter()
            .map(|d| (d.position.unwrap().line, d.message))
            .collect();
        assert_eq!(
            got,
            [
                (
                    3,
                    "actor kind `stat` is used only here, and is close to `state`".to_string()
                ),
                (
                    6,
                    "actor kind `grop` is used only here, and is close to `group`".to_string()
                ),
            ]
        );
    }
}
