//! Applying edits to a graph: each edit is checked against the graph as the edits before it left
//! it, then applied; every problem is collected, and each applied edit reports its effect.

use super::edit::{Edit, Provenance, TieRef};
use super::effect::{Effect, Outcome};
use super::problem::{Field, Problem, ScenarioError};
use crate::load::did_you_mean;
use crate::model::{
    ActorKind, Date, Ends, Graph, Interpolation, Point, PointValue, Post, Relation, RelationKey,
};

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

    fn sources(&mut self, graph: &Graph, ids: &[String], field: &'static str) {
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
                format!(
                    "`{}` is not a state or organisation, so no post can be held in it",
                    post.of
                ),
                Some("`of:` names the state or organisation the office belongs to".to_string()),
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
    }
}

fn apply_one(graph: &mut Graph, edit: &Edit, check: &mut Check) -> Option<Effect> {
    match edit {
        Edit::Set {
            tie,
            date,
            weight,
            why,
        } => {
            let index = check.relation(graph, tie);
            check.weight(graph, *weight, Field::at("weight"));
            check.provenance(graph, why);
            let index = index.filter(|_| check.ok())?;
            let interpolation = graph.interpolation_of(&graph.relations[index]);
            let relation = &mut graph.relations[index];
            let before = relation.weight_on(*date, interpolation);
            let replaced = edit_series(relation, *date, interpolation, |series| {
                put(series, point(*date, PointValue::Weight(*weight), why))
            });
            Some(Effect::Set {
                tie: tie.clone(),
                date: *date,
                before,
                after: *weight,
                replaced: replaced.map(|p| p.value),
            })
        }
        Edit::Shift {
            tie,
            date,
            delta,
            why,
        } => {
            let index = check.relation(graph, tie);
            if !delta.is_finite() {
                check.fail(Field::at("delta"), "the delta is not a number", None);
            }
            check.provenance(graph, why);
            let index = index.filter(|_| check.ok())?;
            let scale = graph.scale;
            let interpolation = graph.interpolation_of(&graph.relations[index]);
            let relation = &mut graph.relations[index];
            let before = relation.weight_on(*date, interpolation);
            let mut later_points = 0;
            let mut clamped = 0;
            edit_series(relation, *date, interpolation, |series| {
                let mut shift = |w: f64| {
                    let moved = w + delta;
                    let kept = moved.clamp(scale.min, scale.max);
                    if kept != moved {
                        clamped += 1;
                    }
                    kept
                };
                for p in series.iter_mut().filter(|p| p.date >= *date) {
                    if let PointValue::Weight(w) = p.value {
                        p.value = PointValue::Weight(shift(w));
                        if p.date > *date {
                            later_points += 1;
                        } else {
                            merge(p, why);
                        }
                    }
                }
                if let Some(w) = before
                    && !series.iter().any(|p| p.date == *date)
                {
                    put(series, point(*date, PointValue::Weight(shift(w)), why));
                }
            });
            let after = relation.weight_on(*date, interpolation);
            Some(Effect::Shift {
                tie: tie.clone(),
                date: *date,
                delta: *delta,
                before,
                after,
                later_points,
                clamped,
            })
        }
        Edit::End { tie, date, why } => {
            let index = check.relation(graph, tie);
            check.provenance(graph, why);
            let index = index.filter(|_| check.ok())?;
            let interpolation = graph.interpolation_of(&graph.relations[index]);
            let relation = &mut graph.relations[index];
            if let Some(first) = relation.series.first()
                && first.date >= *date
            {
                check.fail(
                    Field::at("date"),
                    format!(
                        "the tie {tie} only begins on {}, so it cannot end on {date}",
                        first.date
                    ),
                    Some(
                        "end it after its first point, or remove it with `remove_relation`"
                            .to_string(),
                    ),
                );
                return None;
            }
            let before = relation.weight_on(*date, interpolation);
            let mut dropped = 0;
            edit_series(relation, *date, interpolation, |series| {
                let keep = series.partition_point(|p| p.date < *date);
                dropped = series[keep..].iter().filter(|p| p.date > *date).count();
                series.truncate(keep);
                series.push(point(*date, PointValue::End, why));
            });
            Some(Effect::End {
                tie: tie.clone(),
                date: *date,
                before,
                dropped,
            })
        }
        Edit::AddActor(actor) => {
            check.new_id(graph.actors.contains_key(&actor.id), "actor", &actor.id);
            if actor.name.trim().is_empty() {
                check.fail(
                    Field::at("name"),
                    format!("actor `{}` has an empty name", actor.id),
                    Some("give it a display name".to_string()),
                );
            }
            if !actor.posts.is_empty() && actor.kind != ActorKind::Person {
                check.fail(
                    Field::at("posts"),
                    format!(
                        "`{}` is a {}, and only persons hold posts",
                        actor.id,
                        actor.kind.as_str()
                    ),
                    Some("use `kind: person`, or remove `posts:`".to_string()),
                );
            }
            for (i, post) in actor.posts.iter().enumerate() {
                check.post(
                    graph,
                    post,
                    Field::item("posts", i),
                    Field::item("posts", i),
                );
            }
            if !check.ok() {
                return None;
            }
            graph.actors.insert(actor.id.clone(), actor.clone());
            Some(Effect::AddActor {
                id: actor.id.clone(),
                kind: actor.kind,
                posts: actor.posts.len(),
            })
        }
        Edit::RemoveActor { id } => {
            if !check.actor(graph, id, Field::at("id")) {
                return None;
            }
            let mut ties = Vec::new();
            graph.relations.retain(|r| {
                let gone = r.ends.touches(id);
                if gone {
                    ties.push(TieRef {
                        ends: r.ends.clone(),
                        kind: r.kind.clone(),
                    });
                }
                !gone
            });
            let mut posts = graph.actors.remove(id).map_or(0, |a| a.posts.len());
            for actor in graph.actors.values_mut() {
                let held = actor.posts.len();
                actor.posts.retain(|p| &p.of != id);
                posts += held - actor.posts.len();
            }
            let mut events = Vec::new();
            for (event_id, event) in &mut graph.events {
                if event.actors.iter().any(|a| a == id) {
                    event.actors.retain(|a| a != id);
                    events.push(event_id.clone());
                }
            }
            Some(Effect::RemoveActor {
                id: id.clone(),
                ties,
                posts,
                events,
            })
        }
        Edit::AddRelation(relation) => {
            let relation = add_relation(graph, relation, check)?;
            let effect = Effect::AddRelation {
                tie: TieRef {
                    ends: relation.ends.clone(),
                    kind: relation.kind.clone(),
                },
                points: relation.series.len(),
            };
            graph.relations.push(relation);
            Some(effect)
        }
        Edit::RemoveRelation { tie } => {
            let index = check.relation(graph, tie)?;
            let relation = graph.relations.remove(index);
            Some(Effect::RemoveRelation {
                tie: tie.clone(),
                points: relation.series.len(),
            })
        }
        Edit::AddPost { actor, post } => {
            if check.actor(graph, actor, Field::at("actor"))
                && graph
                    .actors
                    .get(actor)
                    .is_some_and(|a| a.kind != ActorKind::Person)
            {
                check.fail(
                    Field::at("actor"),
                    format!("`{actor}` is not a person, and only persons hold posts"),
                    None,
                );
            }
            check.post(graph, post, Field::at("of"), Field::at("until"));
            if !check.ok() {
                return None;
            }
            graph.actors.get_mut(actor)?.posts.push(post.clone());
            Some(Effect::AddPost {
                actor: actor.clone(),
                post: post.clone(),
            })
        }
        Edit::EndPost { actor, date, title } => {
            if !check.actor(graph, actor, Field::at("actor")) {
                return None;
            }
            let person = graph.actors.get_mut(actor)?;
            let held: Vec<usize> = (0..person.posts.len())
                .filter(|&i| person.posts[i].holds_on(*date))
                .filter(|&i| title.as_ref().is_none_or(|t| &person.posts[i].title == t))
                .collect();
            let index = match held.as_slice() {
                [i] => *i,
                [] => {
                    let posts: Vec<String> = person
                        .posts
                        .iter()
                        .map(|p| format!("{} of {}", p.title, p.of))
                        .collect();
                    let what = match title {
                        Some(t) => format!("`{actor}` holds no post `{t}` on {date}"),
                        None => format!("`{actor}` holds no post on {date}"),
                    };
                    let help = if posts.is_empty() {
                        format!("`{actor}` holds no posts at all")
                    } else {
                        format!("their posts: {}", posts.join("; "))
                    };
                    check.fail(Field::at("date"), what, Some(help));
                    return None;
                }
                _ => {
                    check.fail(
                        Field::at("date"),
                        format!("`{actor}` holds {} posts on {date}", held.len()),
                        Some("say which with `title:`".to_string()),
                    );
                    return None;
                }
            };
            let post = &mut person.posts[index];
            if post.from == Some(*date) {
                check.fail(
                    Field::at("date"),
                    format!(
                        "post `{}` starts on {date}, so it cannot end then",
                        post.title
                    ),
                    Some("end it on a later date".to_string()),
                );
                return None;
            }
            let previous_until = post.until.replace(*date);
            Some(Effect::EndPost {
                actor: actor.clone(),
                post: post.clone(),
                previous_until,
            })
        }
        Edit::AddEvent { id, event } => {
            check.new_id(graph.events.contains_key(id), "event", id);
            if event.title.trim().is_empty() {
                check.fail(Field::at("title"), "an event needs a title", None);
            }
            for (i, actor) in event.actors.iter().enumerate() {
                check.actor(graph, actor, Field::item("actors", i));
            }
            check.sources(graph, &event.sources, "sources");
            if !check.ok() {
                return None;
            }
            graph.events.insert(id.clone(), event.clone());
            Some(Effect::AddEvent {
                id: id.clone(),
                date: event.date,
            })
        }
    }
}

fn add_relation(graph: &Graph, relation: &Relation, check: &mut Check) -> Option<Relation> {
    let ends_ok = check.ends(graph, &relation.ends);
    let (a, b) = relation.ends.pair();
    if ends_ok && a == b {
        check.fail(
            Field::EDIT,
            format!("a relation joins `{a}` to itself"),
            Some("a tie needs two different actors".to_string()),
        );
    }
    if relation.kind.trim().is_empty() {
        check.fail(Field::at("kind"), "a relation kind cannot be empty", None);
    }
    let key = relation.key();
    if ends_ok && position(graph, &key).is_some() {
        check.fail(
            Field::EDIT,
            format!(
                "the tie {} already exists",
                TieRef {
                    ends: relation.ends.clone(),
                    kind: relation.kind.clone(),
                }
            ),
            Some("change its weight with `set` or `shift`".to_string()),
        );
    }
    if relation.series.is_empty() {
        check.fail(
            Field::at("series"),
            "a relation's series is empty",
            Some("add at least one point, e.g. `{date: 2025-09, weight: 0.2}`".to_string()),
        );
    }
    let mut order: Vec<usize> = (0..relation.series.len()).collect();
    order.sort_by_key(|&i| (relation.series[i].date, i));
    for pair in order.windows(2) {
        if relation.series[pair[0]].date == relation.series[pair[1]].date {
            check.fail(
                Field::item("series", pair[1]),
                format!(
                    "two points on {} in one series",
                    relation.series[pair[1]].date
                ),
                Some("keep one point per date".to_string()),
            );
        }
    }
    if let Some(&first) = order.first()
        && relation.series[first].value == PointValue::End
    {
        check.fail(
            Field::item("series", first),
            format!(
                "the series starts with `end` on {}",
                relation.series[first].date
            ),
            Some("a tie must exist before it can end".to_string()),
        );
    }
    for (i, p) in relation.series.iter().enumerate() {
        if let PointValue::Weight(w) = p.value {
            check.weight(graph, w, Field::item("series", i));
        }
        if let Some(event) = &p.event {
            check.event(graph, event, Field::item("series", i));
        }
        for source in &p.sources {
            if !graph.sources.contains_key(source) {
                check.fail(
                    Field::item("series", i),
                    format!("unknown source `{source}`"),
                    None,
                );
            }
        }
    }
    if !check.ok() {
        return None;
    }
    let mut relation = relation.clone();
    relation.sort_series();
    Some(relation)
}

/// The index of the relation with identity `key`.
///
/// Compares ends and kind in place rather than building each relation's key: a scan with no
/// allocation, which for the few edits of a scenario costs less than building an index (applying
/// is dominated by copying the base).
fn position(graph: &Graph, key: &RelationKey) -> Option<usize> {
    graph.relations.iter().position(|r| {
        r.kind == key.kind
            && match &r.ends {
                Ends::Mutual(a, b) => {
                    !key.directed
                        && ((*a == key.from && *b == key.to) || (*a == key.to && *b == key.from))
                }
                Ends::Directed { from, to } => key.directed && *from == key.from && *to == key.to,
            }
    })
}

fn point(date: Date, value: PointValue, why: &Provenance) -> Point {
    Point {
        date,
        value,
        note: why.note.clone(),
        event: why.event.clone(),
        sources: why.sources.clone(),
    }
}

/// Gives the point on `date` what the edit says stands behind it.
fn merge(point: &mut Point, why: &Provenance) {
    if why.is_empty() {
        return;
    }
    point.note = why.note.clone();
    point.event = why.event.clone();
    point.sources = why.sources.clone();
}

/// Puts `point` into the sorted `series`, replacing the one on its date; returns the replaced one.
fn put(series: &mut Vec<Point>, point: Point) -> Option<Point> {
    let i = series.partition_point(|p| p.date < point.date);
    match series.get_mut(i) {
        Some(there) if there.date == point.date => Some(std::mem::replace(there, point)),
        _ => {
            series.insert(i, point);
            None
        }
    }
}

/// Runs `change` on the series of a tie edited from `date` on, keeping every day before `date`
/// as it was.
///
/// Under linear interpolation a new point on `date` would bend the line from the previous point,
/// so the weight of the day before is pinned with a point of its own whenever the change would
/// otherwise move it. Under step interpolation nothing before `date` can move.
fn edit_series<T>(
    relation: &mut Relation,
    date: Date,
    interpolation: Interpolation,
    change: impl FnOnce(&mut Vec<Point>) -> T,
) -> T {
    let eve = date.civil().yesterday().ok().map(Date::from_civil);
    let pinned = eve
        .filter(|_| interpolation == Interpolation::Linear)
        .and_then(|eve| Some((eve, relation.weight_on(eve, interpolation)?)));
    let result = change(&mut relation.series);
    if let Some((eve, weight)) = pinned
        && relation.weight_on(eve, interpolation) != Some(weight)
    {
        put(&mut relation.series, Point::weight(eve, weight));
    }
    result
}

#[cfg(test)]
mod tests;
