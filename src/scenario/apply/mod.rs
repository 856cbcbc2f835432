//! Applying edits to a graph: each edit is checked against the graph as the edits before it left
//! it, then applied; every problem is collected, and each applied edit reports its effect.

use super::edit::{Edit, Provenance, TieRef};
use super::effect::{Effect, Outcome};
use super::problem::{Field, Problem, ScenarioError};
use crate::load::did_you_mean;
use crate::model::{Ends, Graph, Id, Post};

mod actors;
mod events;
mod ties;

use actors::{
    add_actor, add_alias, add_part_of, add_post, end_part_of, end_post, remove_actor, set_attribute,
};
use events::add_event;
use ties::{add_relation, end, position, remove_relation, set, shift};

/// Applies `edits` in order to a copy of `base`.
///
/// Each edit is checked against the graph as the edits before it left it (so an edit may cite an
/// event or an actor added earlier in the list). An edit with a problem is skipped and the rest
/// are still checked, so every problem is reported at once.
///
/// Runs in O(E·(R + A)) for E edits on a graph of R relations and A actors, plus the copy.
///
/// ```
/// use detente::scenario::{Edit, Effect, Field, Provenance, TieRef, apply};
/// let base = detente::load::load_str(
///     "detente: 1\nactors:\n  A: {name: A, kind: state}\n  B: {name: B, kind: state}\n\
///      relations:\n  - between: [A, B]\n    series: [{date: 2020, weight: 0.5}]\n",
///     "base.yaml",
/// )?;
/// let tie = TieRef::mutual("A", "B", "relation");
/// let cool = Edit::Shift { tie: tie.clone(), date: "2022".parse()?, delta: -0.75, why: Provenance::default() };
/// let outcome = apply(&base, &[cool])?;
/// assert!(matches!(outcome.effects[0], Effect::Shift { before: Some(0.5), after: Some(-0.25), .. }));
///
/// // Problems name the edit and the field at fault.
/// let wrong = Edit::RemoveActor { id: "C".into() };
/// let error = apply(&base, &[wrong]).unwrap_err();
/// assert_eq!(error.problems[0].field, Field::at("id"));
/// assert_eq!(error.problems[0].message, "unknown actor `C`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn apply(base: &Graph, edits: &[Edit]) -> Result<Outcome, ScenarioError> {
    let mut graph = base.clone();
    let mut effects = Vec::with_capacity(edits.len());
    let mut problems = Vec::new();
    for (index, edit) in edits.iter().enumerate() {
        let mut check = Check {
            edit: index,
            problems: Vec::new(),
        };
        if let Some(effect) = apply_one(&mut graph, edit, &mut check) {
            effects.push(effect);
        }
        problems.append(&mut check.problems);
    }
    if problems.is_empty() {
        Ok(Outcome { graph, effects })
    } else {
        Err(ScenarioError { problems })
    }
}

/// Problems found with one edit.
struct Check {
    edit: usize,
    problems: Vec<Problem>,
}

impl Check {
    fn fail(&mut self, field: Field, message: impl Into<String>, help: impl Into<Option<String>>) {
        self.problems.push(Problem {
            edit: self.edit,
            field,
            message: message.into(),
            help: help.into(),
        });
    }

    fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Whether `id` is an actor of `graph`; reports it otherwise, with a guess.
    fn actor(&mut self, graph: &Graph, id: &str, field: Field) -> bool {
        if graph.actors.contains_key(id) {
            return true;
        }
        let guess = did_you_mean(
            id,
            graph
                .actors
                .values()
                .map(|a| (a.id.as_str(), Some(a.name.as_str()))),
        );
        self.fail(
            field,
            format!("unknown actor `{id}`"),
            Some(match guess {
                Some(g) => format!("did you mean {g}?"),
                None => "add it first with `add_actor`, or correct the id".to_string(),
            }),
        );
        false
    }

    fn ends(&mut self, graph: &Graph, ends: &Ends) -> bool {
        match ends {
            Ends::Mutual(a, b) => {
                self.actor(graph, a, Field::item("between", 0))
                    & self.actor(graph, b, Field::item("between", 1))
            }
            Ends::Directed { from, to } => {
                self.actor(graph, from, Field::at("from")) & self.actor(graph, to, Field::at("to"))
            }
        }
    }

    /// The index of the relation `tie` names, reporting a missing one with the ties that exist
    /// between the same two actors.
    fn relation(&mut self, graph: &Graph, tie: &TieRef) -> Option<usize> {
        if !self.ends(graph, &tie.ends) {
            return None;
        }
        let key = tie.key();
        if let Some(i) = position(graph, &key) {
            return Some(i);
        }
        let (a, b) = tie.ends.pair();
        let mut near: Vec<String> = graph
            .relations
            .iter()
            .filter(|r| r.ends.touches(a) && r.ends.touches(b))
            .map(|r| {
                TieRef {
                    ends: r.ends.clone(),
                    kind: r.kind.clone(),
                }
                .to_string()
            })
            .collect();
        near.sort();
        let help = if near.is_empty() {
            format!("there is no tie between `{a}` and `{b}`; create one with `add_relation`")
        } else {
            format!("the ties between them are: {}", near.join(", "))
        };
        let field = if key.kind == crate::model::DEFAULT_KIND {
            Field::EDIT
        } else {
            Field::at("kind")
        };
        self.fail(field, format!("there is no tie {tie}"), Some(help));
        None
    }

    fn weight(&mut self, graph: &Graph, weight: f64, field: Field) {
        if !graph.scale.contains(weight) {
            self.fail(
                field,
                format!(
                    "weight {weight} is outside the scale [{}, {}]",
                    graph.scale.min, graph.scale.max
                ),
                Some("use a weight within the graph's scale".to_string()),
            );
        }
    }

    fn event(&mut self, graph: &Graph, id: &str, field: Field) {
        if graph.events.contains_key(id) {
            return;
        }
        let guess = did_you_mean(
            id,
            graph
                .events
                .iter()
                .map(|(id, e)| (id.as_str(), Some(e.title.as_str()))),
        );
        self.fail(
            field,
            format!("unknown event `{id}`"),
            Some(match guess {
                Some(g) => format!("did you mean {g}?"),
                None => "declare it first with `add_event`, or correct the id".to_string(),
            }),
        );
    }

    fn sources(&mut self, graph: &Graph, ids: &[Id], field: &'static str) {
        for (i, id) in ids.iter().enumerate() {
            if graph.sources.contains_key(id) {
                continue;
            }
            let guess = did_you_mean(
                id,
                graph
                    .sources
                    .iter()
                    .map(|(id, s)| (id.as_str(), Some(s.title.as_str()))),
            );
            self.fail(
                Field::item(field, i),
                format!("unknown source `{id}`"),
                Some(match guess {
                    Some(g) => format!("did you mean {g}?"),
                    None => "scenarios cite the base graph's sources; correct the id".to_string(),
                }),
            );
        }
    }

    fn provenance(&mut self, graph: &Graph, why: &Provenance) {
        if let Some(event) = &why.event {
            self.event(graph, event, Field::at("event"));
        }
        self.sources(graph, &why.sources, "source");
        if let Some(level) = why.confidence
            && !(0.0..=1.0).contains(&level)
        {
            self.fail(
                Field::at("confidence"),
                format!("confidence {level} is outside [0, 1]"),
                Some("write 1 for certain, 0.5 for an even guess, 0 for no confidence".into()),
            );
        }
    }

    fn new_id(&mut self, taken: bool, what: &str, id: &str) {
        if id.trim().is_empty() {
            self.fail(
                Field::at("id"),
                format!("an {what} id cannot be empty"),
                None,
            );
        } else if taken {
            self.fail(
                Field::at("id"),
                format!("{what} `{id}` already exists"),
                Some("pick another id".to_string()),
            );
        }
    }

    /// A post's `of` is a state or organisation and its `until` comes after its `from`.
    fn post(&mut self, graph: &Graph, post: &Post, of: Field, until: Field) {
        if self.actor(graph, &post.of, of)
            && graph
                .actors
                .get(&post.of)
                .is_some_and(|a| !a.kind.is_container())
        {
            self.fail(
                of,
                format!("`{}` is a person, so no post can be held in it", post.of),
                Some(
                    "`of:` names the state, organisation or other collective the office belongs \
                     to"
                    .to_string(),
                ),
            );
        }
        if let (Some(from), Some(u)) = (post.from, post.until)
            && u <= from
        {
            self.fail(
                until,
                format!("post `{}` ends ({u}) before it starts ({from})", post.title),
                Some("`until:` is the first day out of office and must come after `from:`".into()),
            );
        }
        self.sources(graph, &post.sources, "sources");
    }
}

fn apply_one(graph: &mut Graph, edit: &Edit, check: &mut Check) -> Option<Effect> {
    match edit {
        Edit::Set {
            tie,
            date,
            weight,
            why,
        } => set(graph, check, tie, date, weight, why),
        Edit::Shift {
            tie,
            date,
            delta,
            why,
        } => shift(graph, check, tie, date, delta, why),
        Edit::End { tie, date, why } => end(graph, check, tie, date, why),
        Edit::AddActor(actor) => add_actor(graph, check, actor),
        Edit::RemoveActor { id } => remove_actor(graph, check, id),
        Edit::AddRelation(relation) => add_relation(graph, check, relation),
        Edit::RemoveRelation { tie } => remove_relation(graph, check, tie),
        Edit::AddPost { actor, post } => add_post(graph, check, actor, post),
        Edit::EndPost { actor, date, title } => end_post(graph, check, actor, date, title),
        Edit::AddPartOf { actor, membership } => add_part_of(graph, check, actor, membership),
        Edit::EndPartOf { actor, of, date } => end_part_of(graph, check, actor, of, date),
        Edit::AddAlias { actor, alias } => add_alias(graph, check, actor, alias),
        Edit::SetAttribute { actor, name, value } => {
            set_attribute(graph, check, actor, name, value)
        }
        Edit::AddEvent { id, event } => add_event(graph, check, id, event),
    }
}

#[cfg(test)]
mod tests;
