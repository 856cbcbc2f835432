//! Scenario files: the YAML that names a base graph and lists edits, read with located errors,
//! resolved along chains of bases, and edited by appending one item at a time.
//!
//! All YAML knowledge of scenarios is here: [`parse_str`] reads a file into edits, [`load_path`]
//! follows `base:` (to a graph or another scenario) and applies the edits, [`edit_to_yaml`] and
//! [`append_edit`] write edits back without touching the rest of the file.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_saphyr::{FlowMap, FlowSeq, Location, Spanned};

use super::apply::{Field, Outcome, ScenarioError, apply};
use super::edit::{Edit, Provenance, TieRef};
use crate::load::raw::{OneOrMany, RawDate, RawPoint, RawPost};
use crate::load::{Diagnostic, Diagnostics, LoadError, Position, Syntax, did_you_mean};
use crate::model::{
    Actor, ActorKind, DEFAULT_KIND, Date, Ends, Event, Graph, Interpolation, Point, PointValue,
    Post, Relation,
};

/// The scenario format version this build reads.
pub const SCENARIO_VERSION: u64 = 1;

/// The top-level key that marks a scenario file.
const MARKER: &str = "detente-scenario:";

/// Whether `text` is a scenario file rather than a graph: one of its lines starts with
/// `detente-scenario:` (a top-level key).
pub fn is_scenario(text: &str) -> bool {
    text.starts_with(MARKER) || text.contains(&format!("\n{MARKER}"))
}

// ------------------------------------------------------------------------------------ raw file

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    #[serde(rename = "detente-scenario")]
    version: Spanned<u64>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    assumes: Option<String>,
    base: Spanned<String>,
    #[serde(default)]
    edits: Option<Vec<Spanned<RawEdit>>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawEdit {
    Set(RawSet),
    Shift(RawShift),
    End(RawEnd),
    AddActor(RawAddActor),
    RemoveActor(RawId),
    AddRelation(RawAddRelation),
    RemoveRelation(RawTie),
    AddPost(RawAddPost),
    EndPost(RawEndPost),
    AddEvent(RawAddEvent),
}

type Ids = Option<Spanned<Vec<Spanned<String>>>>;
type Id = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    #[serde(default)]
    between: Ids,
    #[serde(default)]
    from: Option<Id>,
    #[serde(default)]
    to: Option<Id>,
    #[serde(default)]
    kind: Option<Id>,
    date: Spanned<RawDate>,
    weight: Spanned<f64>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    event: Option<Id>,
    #[serde(default, alias = "sources")]
    source: Option<Spanned<OneOrMany>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShift {
    #[serde(default)]
    between: Ids,
    #[serde(default)]
    from: Option<Id>,
    #[serde(default)]
    to: Option<Id>,
    #[serde(default)]
    kind: Option<Id>,
    date: Spanned<RawDate>,
    delta: Spanned<f64>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    event: Option<Id>,
    #[serde(default, alias = "sources")]
    source: Option<Spanned<OneOrMany>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnd {
    #[serde(default)]
    between: Ids,
    #[serde(default)]
    from: Option<Id>,
    #[serde(default)]
    to: Option<Id>,
    #[serde(default)]
    kind: Option<Id>,
    date: Spanned<RawDate>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    event: Option<Id>,
    #[serde(default, alias = "sources")]
    source: Option<Spanned<OneOrMany>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTie {
    #[serde(default)]
    between: Ids,
    #[serde(default)]
    from: Option<Id>,
    #[serde(default)]
    to: Option<Id>,
    #[serde(default)]
    kind: Option<Id>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawId {
    id: Id,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddActor {
    id: Id,
    name: Spanned<String>,
    kind: Id,
    #[serde(default)]
    posts: Vec<Spanned<RawPost>>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddRelation {
    #[serde(default)]
    between: Ids,
    #[serde(default)]
    from: Option<Id>,
    #[serde(default)]
    to: Option<Id>,
    #[serde(default)]
    kind: Option<Id>,
    #[serde(default)]
    interpolation: Option<Id>,
    #[serde(default)]
    note: Option<String>,
    series: Spanned<Vec<Spanned<RawPoint>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddPost {
    actor: Id,
    title: String,
    of: Id,
    #[serde(default)]
    from: Option<Spanned<RawDate>>,
    #[serde(default)]
    until: Option<Spanned<RawDate>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEndPost {
    actor: Id,
    date: Spanned<RawDate>,
    #[serde(default)]
    title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddEvent {
    id: Id,
    date: Spanned<RawDate>,
    title: Spanned<String>,
    #[serde(default)]
    actors: Vec<Id>,
    #[serde(default, alias = "source")]
    sources: Option<Spanned<OneOrMany>>,
    #[serde(default)]
    description: Option<String>,
}

// ------------------------------------------------------------------------------ checked file

/// What a scenario file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct ScenarioHeader {
    /// A one-line name.
    pub title: Option<String>,
    /// A longer description.
    pub description: Option<String>,
    /// What the scenario assumes, in free text.
    pub assumes: Option<String>,
    /// The base graph or scenario, relative to the scenario file's directory.
    pub base: String,
}

/// Where each part of one edit is written.
#[derive(Debug, Clone, Default)]
struct Spans {
    edit: Option<Position>,
    fields: BTreeMap<Field, Position>,
}

/// A scenario file read and checked on its own (its edits are not yet checked against a base).
#[derive(Debug, Clone)]
pub struct ScenarioFile {
    /// The file's name as the user gave it.
    pub name: String,
    /// Title, description, assumptions and base.
    pub header: ScenarioHeader,
    /// The edits, in file order.
    pub edits: Vec<Edit>,
    base_at: Option<Position>,
    spans: Vec<Spans>,
    text: String,
}

impl ScenarioFile {
    /// The problems of applying this file's edits, located in the file.
    pub fn diagnostics(&self, error: &ScenarioError) -> Diagnostics {
        let items = error
            .problems
            .iter()
            .map(|p| {
                let spans = self.spans.get(p.edit);
                let position = spans.and_then(|s| {
                    s.fields
                        .get(&p.field)
                        .or_else(|| {
                            s.fields.get(&Field {
                                name: p.field.name,
                                index: None,
                            })
                        })
                        .copied()
                        .or(s.edit)
                });
                let mut d = Diagnostic::new(position, p.message.clone());
                d.help = p.help.clone();
                d
            })
            .collect();
        Diagnostics::new(&self.name, items, Some(self.text.clone()))
    }

    fn error(&self, position: Option<Position>, message: String, help: String) -> LoadError {
        let d = Diagnostic::new(position, message).with_help(help);
        LoadError::Invalid(Diagnostics::new(
            &self.name,
            vec![d],
            Some(self.text.clone()),
        ))
    }
}

/// A scenario file with its base resolved and its edits applied.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The file.
    pub file: ScenarioFile,
    /// The base graph (itself a scenario's result when the base is a scenario).
    pub base: Graph,
    /// The resulting graph and each edit's effect.
    pub outcome: Outcome,
}

/// Reads and checks the scenario in `text`, naming it `name` in diagnostics. Every problem that
/// can be found without the base (syntax, unknown fields, impossible dates, malformed ties) is
/// reported at once.
pub fn parse_str(text: &str, name: &str) -> Result<ScenarioFile, Diagnostics> {
    let located = |items| Diagnostics::new(name, items, Some(text.to_string()));
    let raw: RawScenario =
        serde_saphyr::from_str_with_options(text, crate::load::yaml_options(text.len()))
            .map_err(|e| located(vec![yaml_error(&e)]))?;
    let mut c = Convert::default();
    if raw.version.value != SCENARIO_VERSION {
        c.problem(
            raw.version.referenced,
            format!("unsupported scenario version {}", raw.version.value),
            format!("this detente reads `detente-scenario: {SCENARIO_VERSION}`"),
        );
    }
    if raw.base.value.trim().is_empty() {
        c.problem(
            raw.base.referenced,
            "`base` is empty".into(),
            "name the graph (or scenario) this one edits, relative to this file".into(),
        );
    }
    let mut edits = Vec::new();
    let mut spans = Vec::new();
    for edit in raw.edits.iter().flatten() {
        c.spans = Spans {
            edit: Position::from_location(edit.referenced),
            fields: BTreeMap::new(),
        };
        if let Some(e) = c.edit(&edit.value) {
            edits.push(e);
            spans.push(std::mem::take(&mut c.spans));
        }
    }
    if !c.problems.is_empty() {
        return Err(located(c.problems));
    }
    Ok(ScenarioFile {
        name: name.to_string(),
        header: ScenarioHeader {
            title: raw.title,
            description: raw.description,
            assumes: raw.assumes,
            base: raw.base.value,
        },
        edits,
        base_at: Position::from_location(raw.base.referenced),
        spans,
        text: text.to_string(),
    })
}

/// The YAML parser's error as a diagnostic: without the parser's own "at line L, column C" (the
/// position says it), and with a guess for a misspelt edit or field name.
fn yaml_error(e: &serde_saphyr::Error) -> Diagnostic {
    let mut d = crate::load::yaml_error(e);
    if let Some(cut) = d.message.rfind(" at line ") {
        d.message.truncate(cut);
    }
    let named = |prefix: &str| {
        d.message
            .strip_prefix(prefix)
            .and_then(|m| m.split('`').next())
            .map(str::to_string)
    };
    let expected: Vec<String> = d
        .message
        .split("expected one of ")
        .nth(1)
        .unwrap_or("")
        .split(", ")
        .map(|s| s.trim_matches('`').to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if d.help.is_none()
        && let Some(wrong) = named("unknown variant `").or_else(|| named("unknown field `"))
    {
        let guess = did_you_mean(&wrong, expected.iter().map(|n| (n.as_str(), None)));
        d.help = Some(match guess {
            Some(g) => format!("did you mean {g}?"),
            None => format!("use one of {}", expected.join(", ")),
        });
    }
    d
}

/// Turns raw edits into edits, collecting problems and the position of every field.
#[derive(Default)]
struct Convert {
    problems: Vec<Diagnostic>,
    spans: Spans,
}

impl Convert {
    fn problem(&mut self, at: Location, message: String, help: String) {
        self.problems
            .push(Diagnostic::new(Position::from_location(at), message).with_help(help));
    }

    fn mark(&mut self, field: Field, at: Location) {
        if let Some(p) = Position::from_location(at) {
            self.spans.fields.insert(field, p);
        }
    }

    fn date(&mut self, raw: &Spanned<RawDate>, field: &'static str) -> Option<Date> {
        self.mark(Field::at(field), raw.referenced);
        match raw.value.0.parse::<Date>() {
            Ok(date) => Some(date),
            Err(e) => {
                self.problem(
                    raw.referenced,
                    format!("{field}: {e}"),
                    "dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-09-01".into(),
                );
                None
            }
        }
    }

    fn number(&mut self, raw: &Spanned<f64>, field: &'static str) -> Option<f64> {
        self.mark(Field::at(field), raw.referenced);
        if raw.value.is_finite() {
            Some(raw.value)
        } else {
            self.problem(
                raw.referenced,
                format!("`{field}` must be a finite number"),
                "e.g. 0.2".into(),
            );
            None
        }
    }

    fn ids(&mut self, raw: &Option<Spanned<OneOrMany>>, field: &'static str) -> Vec<String> {
        let Some(ids) = raw else {
            return Vec::new();
        };
        self.mark(Field::at(field), ids.referenced);
        for (i, id) in ids.value.0.iter().enumerate() {
            let at = if id.referenced.line() > 0 {
                id.referenced
            } else {
                ids.referenced
            };
            self.mark(Field::item(field, i), at);
        }
        ids.value.0.iter().map(|id| id.value.clone()).collect()
    }

    fn provenance(
        &mut self,
        note: &Option<String>,
        event: &Option<Id>,
        source: &Option<Spanned<OneOrMany>>,
    ) -> Provenance {
        if let Some(e) = event {
            self.mark(Field::at("event"), e.referenced);
        }
        Provenance {
            note: note.clone(),
            event: event.as_ref().map(|e| e.value.clone()),
            sources: self.ids(source, "source"),
        }
    }

    fn ends(&mut self, between: &Ids, from: &Option<Id>, to: &Option<Id>) -> Option<Ends> {
        match (between, from, to) {
            (Some(between), None, None) => {
                self.mark(Field::at("between"), between.referenced);
                match between.value.as_slice() {
                    [a, b] => {
                        self.mark(Field::item("between", 0), a.referenced);
                        self.mark(Field::item("between", 1), b.referenced);
                        Some(Ends::Mutual(a.value.clone(), b.value.clone()))
                    }
                    other => {
                        self.problem(
                            between.referenced,
                            format!("`between` needs exactly two actors, found {}", other.len()),
                            "write `between: [A, B]`; for a directed tie use `from:` and `to:`"
                                .into(),
                        );
                        None
                    }
                }
            }
            (None, Some(from), Some(to)) => {
                self.mark(Field::at("from"), from.referenced);
                self.mark(Field::at("to"), to.referenced);
                Some(Ends::Directed {
                    from: from.value.clone(),
                    to: to.value.clone(),
                })
            }
            (Some(between), _, _) => {
                self.problem(
                    between.referenced,
                    "a tie has either `between:` or `from:`/`to:`, not both".into(),
                    "keep `between:` for a mutual tie, or `from:`/`to:` for a directed one".into(),
                );
                None
            }
            (None, Some(one), None) | (None, None, Some(one)) => {
                self.problem(
                    one.referenced,
                    "a directed tie needs both `from:` and `to:`".into(),
                    "add the missing end, or write `between: [A, B]` for a mutual tie".into(),
                );
                None
            }
            (None, None, None) => {
                let d = Diagnostic::new(self.spans.edit, "the edit does not say which tie")
                    .with_help("add `between: [A, B]`, or `from: A` and `to: B`");
                self.problems.push(d);
                None
            }
        }
    }

    fn kind(&mut self, kind: &Option<Id>) -> Option<String> {
        match kind {
            None => Some(DEFAULT_KIND.to_string()),
            Some(k) => {
                self.mark(Field::at("kind"), k.referenced);
                if k.value.trim().is_empty() {
                    self.problem(
                        k.referenced,
                        "a relation kind cannot be empty".into(),
                        format!("leave `kind:` out for the default kind `{DEFAULT_KIND}`"),
                    );
                    None
                } else {
                    Some(k.value.clone())
                }
            }
        }
    }

    fn tie(
        &mut self,
        between: &Ids,
        from: &Option<Id>,
        to: &Option<Id>,
        kind: &Option<Id>,
    ) -> Option<TieRef> {
        let ends = self.ends(between, from, to);
        let kind = self.kind(kind);
        Some(TieRef {
            ends: ends?,
            kind: kind?,
        })
    }

    fn post(&mut self, raw: &RawPost) -> Option<Post> {
        let from = match &raw.from {
            Some(d) => Some(self.date(d, "from")?),
            None => None,
        };
        let until = match &raw.until {
            Some(d) => Some(self.date(d, "until")?),
            None => None,
        };
        self.mark(Field::at("of"), raw.of.referenced);
        Some(Post {
            title: raw.title.clone(),
            of: raw.of.value.clone(),
            from,
            until,
        })
    }

    fn edit(&mut self, raw: &RawEdit) -> Option<Edit> {
        match raw {
            RawEdit::Set(r) => {
                let tie = self.tie(&r.between, &r.from, &r.to, &r.kind);
                let date = self.date(&r.date, "date");
                let weight = self.number(&r.weight, "weight");
                let why = self.provenance(&r.note, &r.event, &r.source);
                Some(Edit::Set {
                    tie: tie?,
                    date: date?,
                    weight: weight?,
                    why,
                })
            }
            RawEdit::Shift(r) => {
                let tie = self.tie(&r.between, &r.from, &r.to, &r.kind);
                let date = self.date(&r.date, "date");
                let delta = self.number(&r.delta, "delta");
                let why = self.provenance(&r.note, &r.event, &r.source);
                Some(Edit::Shift {
                    tie: tie?,
                    date: date?,
                    delta: delta?,
                    why,
                })
            }
            RawEdit::End(r) => {
                let tie = self.tie(&r.between, &r.from, &r.to, &r.kind);
                let date = self.date(&r.date, "date");
                let why = self.provenance(&r.note, &r.event, &r.source);
                Some(Edit::End {
                    tie: tie?,
                    date: date?,
                    why,
                })
            }
            RawEdit::RemoveRelation(r) => Some(Edit::RemoveRelation {
                tie: self.tie(&r.between, &r.from, &r.to, &r.kind)?,
            }),
            RawEdit::RemoveActor(r) => {
                self.mark(Field::at("id"), r.id.referenced);
                Some(Edit::RemoveActor {
                    id: r.id.value.clone(),
                })
            }
            RawEdit::AddActor(r) => {
                self.mark(Field::at("id"), r.id.referenced);
                self.mark(Field::at("name"), r.name.referenced);
                self.mark(Field::at("posts"), r.name.referenced);
                let kind = self.actor_kind(&r.kind);
                let mut posts = Vec::new();
                let mut ok = true;
                for (i, post) in r.posts.iter().enumerate() {
                    self.mark(Field::item("posts", i), post.referenced);
                    match self.post(&post.value) {
                        Some(p) => posts.push(p),
                        None => ok = false,
                    }
                }
                // `of` positions above belong to the posts; an actor has no `of` of its own.
                self.spans.fields.remove(&Field::at("of"));
                ok.then_some(())?;
                Some(Edit::AddActor(Actor {
                    id: r.id.value.clone(),
                    name: r.name.value.clone(),
                    kind: kind?,
                    posts,
                    note: r.note.clone(),
                }))
            }
            RawEdit::AddRelation(r) => {
                let ends = self.ends(&r.between, &r.from, &r.to);
                let kind = self.kind(&r.kind);
                self.mark(Field::at("series"), r.series.referenced);
                let interpolation = match &r.interpolation {
                    None => Some(None),
                    Some(i) => match i.value.as_str() {
                        "step" => Some(Some(Interpolation::Step)),
                        "linear" => Some(Some(Interpolation::Linear)),
                        other => {
                            self.problem(
                                i.referenced,
                                format!("unknown interpolation `{other}`"),
                                "use `step` or `linear`".into(),
                            );
                            None
                        }
                    },
                };
                let mut series = Vec::new();
                let mut ok = true;
                for (i, p) in r.series.value.iter().enumerate() {
                    self.mark(Field::item("series", i), p.referenced);
                    match self.point(p) {
                        Some(point) => series.push(point),
                        None => ok = false,
                    }
                }
                self.spans.fields.remove(&Field::at("date"));
                ok.then_some(())?;
                Some(Edit::AddRelation(Relation {
                    ends: ends?,
                    kind: kind?,
                    interpolation: interpolation?,
                    series,
                    note: r.note.clone(),
                }))
            }
            RawEdit::AddPost(r) => {
                self.mark(Field::at("actor"), r.actor.referenced);
                let from = r.from.as_ref().map(|d| self.date(d, "from"));
                let until = r.until.as_ref().map(|d| self.date(d, "until"));
                self.mark(Field::at("of"), r.of.referenced);
                Some(Edit::AddPost {
                    actor: r.actor.value.clone(),
                    post: Post {
                        title: r.title.clone(),
                        of: r.of.value.clone(),
                        from: from.map_or(Some(None), |d| d.map(Some))?,
                        until: until.map_or(Some(None), |d| d.map(Some))?,
                    },
                })
            }
            RawEdit::EndPost(r) => {
                self.mark(Field::at("actor"), r.actor.referenced);
                Some(Edit::EndPost {
                    actor: r.actor.value.clone(),
                    date: self.date(&r.date, "date")?,
                    title: r.title.clone(),
                })
            }
            RawEdit::AddEvent(r) => {
                self.mark(Field::at("id"), r.id.referenced);
                self.mark(Field::at("title"), r.title.referenced);
                for (i, a) in r.actors.iter().enumerate() {
                    self.mark(Field::item("actors", i), a.referenced);
                }
                let sources = self.ids(&r.sources, "sources");
                Some(Edit::AddEvent {
                    id: r.id.value.clone(),
                    event: Event {
                        date: self.date(&r.date, "date")?,
                        title: r.title.value.clone(),
                        actors: r.actors.iter().map(|a| a.value.clone()).collect(),
                        sources,
                        description: r.description.clone(),
                    },
                })
            }
        }
    }

    fn actor_kind(&mut self, raw: &Id) -> Option<ActorKind> {
        match raw.value.as_str() {
            "state" => Some(ActorKind::State),
            "organisation" | "organization" => Some(ActorKind::Organisation),
            "person" => Some(ActorKind::Person),
            other => {
                let guess = did_you_mean(
                    other,
                    [("state", None), ("organisation", None), ("person", None)],
                );
                self.problem(
                    raw.referenced,
                    format!("unknown actor kind `{other}`"),
                    match guess {
                        Some(g) => {
                            format!("did you mean {g}? Kinds are state, organisation and person")
                        }
                        None => "kinds are state, organisation and person".into(),
                    },
                );
                None
            }
        }
    }

    fn point(&mut self, raw: &Spanned<RawPoint>) -> Option<Point> {
        let p = &raw.value;
        let date = self.date(&p.date, "date");
        let value = match (&p.weight, &p.end) {
            (Some(w), None) => self.number(w, "weight").map(PointValue::Weight),
            (None, Some(e)) if e.value => Some(PointValue::End),
            _ => {
                self.problem(
                    raw.referenced,
                    "a point needs either `weight:` or `end: true`".into(),
                    "e.g. `{date: 2025-09, weight: 0.2}`".into(),
                );
                None
            }
        };
        let sources = p
            .source
            .iter()
            .flat_map(|s| s.value.0.iter().map(|id| id.value.clone()))
            .collect();
        Some(Point {
            date: date?,
            value: value?,
            note: p.note.clone(),
            event: p.event.as_ref().map(|e| e.value.clone()),
            sources,
        })
    }
}

// ------------------------------------------------------------------------------ chains of bases

/// Reads the scenario at `path`, resolves its base (a graph, or another scenario, recursively),
/// and applies its edits.
///
/// Errors: the file's own problems, located; a base that cannot be read, located at `base:`;
/// a chain of bases that comes back to a file already in it, naming the whole cycle; the base's
/// own problems; and every edit that does not fit the base, located at the edit's field.
pub fn load_path(path: &Path) -> Result<LoadedScenario, LoadError> {
    load_chain(path, &mut Vec::new())
}

fn load_chain(
    path: &Path,
    chain: &mut Vec<(PathBuf, String)>,
) -> Result<LoadedScenario, LoadError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: name.clone(),
        source,
    })?;
    let file = parse_str(&text, &name).map_err(LoadError::Invalid)?;
    let here = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    chain.push((here, name));
    let base_path = normalise(
        &path
            .parent()
            .unwrap_or_else(|| Path::new(""))
            .join(&file.header.base),
    );
    let base_name = base_path.display().to_string();
    let base_here = std::fs::canonicalize(&base_path).unwrap_or_else(|_| base_path.clone());
    if let Some(start) = chain.iter().position(|(p, _)| *p == base_here) {
        let cycle: Vec<&str> = chain[start..]
            .iter()
            .map(|(_, n)| n.as_str())
            .chain([chain[start].1.as_str()])
            .collect();
        return Err(file.error(
            file.base_at,
            format!("the chain of bases is a cycle: {}", cycle.join(" -> ")),
            "a scenario's base must be a graph, or a scenario that does not lead back to it".into(),
        ));
    }
    let bytes = std::fs::read(&base_path).map_err(|e| {
        file.error(
            file.base_at,
            format!("cannot read the base `{base_name}`: {e}"),
            "`base:` is a path relative to the scenario file's directory".into(),
        )
    })?;
    let base = match std::str::from_utf8(&bytes) {
        Ok(text) if is_scenario(text) => load_chain(&base_path, chain)?.outcome.graph,
        _ => crate::load::load_bytes(&bytes, &base_name, Syntax::of_path(&base_path))?,
    };
    chain.pop();
    let mut outcome =
        apply(&base, &file.edits).map_err(|e| LoadError::Invalid(file.diagnostics(&e)))?;
    if let Some(title) = &file.header.title {
        outcome.graph.title = Some(title.clone());
    }
    if let Some(description) = &file.header.description {
        outcome.graph.description = Some(description.clone());
    }
    Ok(LoadedScenario {
        file,
        base,
        outcome,
    })
}

/// `a/b/../c` as `a/c`, so that paths in messages read as the user would write them.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `target` as a path relative to the directory `from` (both relative to the working directory,
/// or both absolute), for writing `base:`.
pub fn relative_path(target: &Path, from: &Path) -> PathBuf {
    let absolute = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalise(&p)
    };
    let (target, from) = (absolute(target), absolute(from));
    let t: Vec<Component> = target.components().collect();
    let f: Vec<Component> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for part in &t[common..] {
        out.push(part);
    }
    out
}

// ------------------------------------------------------------------------------ writing edits

#[derive(Serialize)]
struct TieOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    between: Option<FlowSeq<[&'a str; 2]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<&'a str>,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delta: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interpolation: Option<Interpolation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    series: Option<Vec<PointOut<'a>>>,
}

impl<'a> TieOut<'a> {
    fn of(tie: &'a TieRef) -> TieOut<'a> {
        TieOut::ends(&tie.ends, &tie.kind)
    }

    fn ends(ends: &'a Ends, kind: &'a str) -> TieOut<'a> {
        let (between, from, to) = match ends {
            Ends::Mutual(a, b) => (Some(FlowSeq([a.as_str(), b.as_str()])), None, None),
            Ends::Directed { from, to } => (None, Some(from.as_str()), Some(to.as_str())),
        };
        TieOut {
            between,
            from,
            to,
            kind,
            date: None,
            weight: None,
            delta: None,
            interpolation: None,
            event: None,
            sources: Vec::new(),
            note: None,
            series: None,
        }
    }

    fn why(mut self, why: &'a Provenance) -> TieOut<'a> {
        self.event = why.event.as_deref();
        self.sources = why.sources.iter().map(String::as_str).collect();
        self.note = why.note.as_deref();
        self
    }
}

#[derive(Serialize)]
struct PointOut<'a> {
    date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct PostOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<&'a str>,
    title: &'a str,
    of: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<Date>,
}

impl<'a> PostOut<'a> {
    fn of(post: &'a Post, actor: Option<&'a str>) -> PostOut<'a> {
        PostOut {
            actor,
            title: &post.title,
            of: &post.of,
            from: post.from,
            until: post.until,
        }
    }
}

#[derive(Serialize)]
struct ActorOut<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    posts: Vec<PostOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct IdOut<'a> {
    id: &'a str,
}

#[derive(Serialize)]
struct EndPostOut<'a> {
    actor: &'a str,
    date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct EventOut<'a> {
    id: &'a str,
    date: Date,
    title: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    actors: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
}

/// One edit as the file writes it: a map with the edit's name as its one key.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum EditOut<'a> {
    Set(FlowMap<TieOut<'a>>),
    Shift(FlowMap<TieOut<'a>>),
    End(FlowMap<TieOut<'a>>),
    AddActor(FlowMap<ActorOut<'a>>),
    RemoveActor(FlowMap<IdOut<'a>>),
    AddRelation(FlowMap<TieOut<'a>>),
    RemoveRelation(FlowMap<TieOut<'a>>),
    AddPost(FlowMap<PostOut<'a>>),
    EndPost(FlowMap<EndPostOut<'a>>),
    AddEvent(FlowMap<EventOut<'a>>),
}

fn edit_out(edit: &Edit) -> EditOut<'_> {
    let dated = |tie, date, why| TieOut {
        date: Some(date),
        ..TieOut::of(tie).why(why)
    };
    match edit {
        Edit::Set {
            tie,
            date,
            weight,
            why,
        } => EditOut::Set(FlowMap(TieOut {
            weight: Some(*weight),
            ..dated(tie, *date, why)
        })),
        Edit::Shift {
            tie,
            date,
            delta,
            why,
        } => EditOut::Shift(FlowMap(TieOut {
            delta: Some(*delta),
            ..dated(tie, *date, why)
        })),
        Edit::End { tie, date, why } => EditOut::End(FlowMap(dated(tie, *date, why))),
        Edit::AddActor(actor) => EditOut::AddActor(FlowMap(ActorOut {
            id: &actor.id,
            name: &actor.name,
            kind: actor.kind.as_str(),
            posts: actor.posts.iter().map(|p| PostOut::of(p, None)).collect(),
            note: actor.note.as_deref(),
        })),
        Edit::RemoveActor { id } => EditOut::RemoveActor(FlowMap(IdOut { id })),
        Edit::AddRelation(r) => EditOut::AddRelation(FlowMap(TieOut {
            interpolation: r.interpolation,
            note: r.note.as_deref(),
            series: Some(
                r.series
                    .iter()
                    .map(|p| {
                        let (weight, end) = match p.value {
                            PointValue::Weight(w) => (Some(w), None),
                            PointValue::End => (None, Some(true)),
                        };
                        PointOut {
                            date: p.date,
                            weight,
                            end,
                            event: p.event.as_deref(),
                            sources: p.sources.iter().map(String::as_str).collect(),
                            note: p.note.as_deref(),
                        }
                    })
                    .collect(),
            ),
            ..TieOut::ends(&r.ends, &r.kind)
        })),
        Edit::RemoveRelation { tie } => EditOut::RemoveRelation(FlowMap(TieOut::of(tie))),
        Edit::AddPost { actor, post } => EditOut::AddPost(FlowMap(PostOut::of(post, Some(actor)))),
        Edit::EndPost { actor, date, title } => EditOut::EndPost(FlowMap(EndPostOut {
            actor,
            date: *date,
            title: title.as_deref(),
        })),
        Edit::AddEvent { id, event } => EditOut::AddEvent(FlowMap(EventOut {
            id,
            date: event.date,
            title: &event.title,
            actors: event.actors.iter().map(String::as_str).collect(),
            sources: event.sources.iter().map(String::as_str).collect(),
            description: event.description.as_deref(),
        })),
    }
}

/// Why an edit could not be written.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// The serializer failed.
    #[error("cannot write the edit as YAML: {0}")]
    Serialize(String),
    /// `edits:` is written as a non-empty flow list (`edits: [...]`), which cannot be appended to
    /// without rewriting it.
    #[error(
        "line {0}: `edits:` is written as a flow list `[...]`; write it as a block list (one `- ` item per line) to add edits"
    )]
    FlowList(usize),
    /// The text with the edit appended does not read back as the same scenario plus the edit.
    #[error("appending the edit would not give a valid scenario: {0}")]
    Check(String),
}

/// The edit as the one line (in flow style) that follows `- ` in a file's `edits:` list, e.g.
/// `set: {between: [USA, BLR], kind: diplomatic, date: 2025-09, weight: 0.2}`.
pub fn edit_to_yaml(edit: &Edit) -> Result<String, AppendError> {
    let text = serde_saphyr::to_string(&edit_out(edit))
        .map_err(|e| AppendError::Serialize(e.to_string()))?;
    Ok(text.trim_end().to_string())
}

/// A new scenario file: the header and an empty `edits:` list, with a comment on how to add edits.
pub fn new_scenario_yaml(header: &ScenarioHeader) -> Result<String, AppendError> {
    #[derive(Serialize)]
    struct HeaderOut<'a> {
        #[serde(rename = "detente-scenario")]
        version: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        description: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        assumes: Option<&'a str>,
        base: &'a str,
    }
    let head = serde_saphyr::to_string(&HeaderOut {
        version: SCENARIO_VERSION,
        title: header.title.as_deref(),
        description: header.description.as_deref(),
        assumes: header.assumes.as_deref(),
        base: &header.base,
    })
    .map_err(|e| AppendError::Serialize(e.to_string()))?;
    Ok(format!(
        "# A detente scenario: a base graph and edits applied to it (see docs/scenarios.md).\n\
         # Add edits by hand or with `detente scenario add FILE <edit> ...`.\n\
         {head}edits: []\n"
    ))
}

/// `text` (a scenario file) with `edit` appended to its `edits:` list, every other byte kept.
///
/// The edit is serialised in flow style and inserted after the last item of `edits:`, with that
/// list's indentation; `edits: []` becomes a block list and a missing `edits:` is added at the end.
/// The result is read back and must give the same edits plus the new one.
pub fn append_edit(text: &str, edit: &Edit) -> Result<String, AppendError> {
    let item = edit_to_yaml(edit)?;
    let appended = insert_item(text, &item)?;
    let check = |t: &str| parse_str(t, "scenario").map(|f| f.edits);
    let before = check(text).map_err(|d| AppendError::Check(d.to_string()))?;
    let after = check(&appended).map_err(|d| AppendError::Check(d.to_string()))?;
    if after.len() != before.len() + 1 || after[..before.len()] != before[..] {
        return Err(AppendError::Check(
            "the existing edits would change".to_string(),
        ));
    }
    if after.last() != Some(edit) {
        return Err(AppendError::Check(format!(
            "the edit reads back differently: {item}"
        )));
    }
    Ok(appended)
}

/// Whether `line` is the top-level key `key:`.
fn is_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .and_then(|rest| rest.strip_prefix(':'))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// Splits a line's value from a trailing `# comment`.
fn value_and_comment(rest: &str) -> (&str, &str) {
    let bytes = rest.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
            return (rest[..i].trim(), rest[i..].trim_end());
        }
    }
    (rest.trim(), "")
}

fn indent(item: &str, spaces: usize) -> String {
    let pad = " ".repeat(spaces);
    let mut out = String::new();
    for (i, line) in item.lines().enumerate() {
        if i == 0 {
            out.push_str(&format!("{pad}- {line}\n"));
        } else {
            out.push_str(&format!("{pad}  {line}\n"));
        }
    }
    out
}

fn insert_item(text: &str, item: &str) -> Result<String, AppendError> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(key) = lines.iter().position(|l| is_key(l, "edits")) else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("edits:\n");
        out.push_str(&indent(item, 2));
        return Ok(out);
    };
    let (value, comment) = value_and_comment(&lines[key]["edits:".len()..]);
    let mut out: String = lines[..key].concat();
    if value == "[]" {
        out.push_str("edits:");
        if !comment.is_empty() {
            out.push(' ');
            out.push_str(comment);
        }
        out.push('\n');
        out.push_str(&indent(item, 2));
        out.push_str(&lines[key + 1..].concat());
        return Ok(out);
    }
    if !value.is_empty() {
        return Err(AppendError::FlowList(key + 1));
    }
    // The block list runs until the next line that starts in column 0 and is not a list item,
    // a comment or blank.
    let end = (key + 1..lines.len())
        .find(|&i| {
            let l = lines[i];
            let starts = l.chars().next();
            !matches!(starts, None | Some(' ' | '\t' | '\r' | '\n' | '#' | '-'))
                || l.starts_with("---")
        })
        .unwrap_or(lines.len());
    let is_content = |l: &str| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#')
    };
    let spaces = (key + 1..end)
        .map(|i| lines[i])
        .find(|l| {
            let t = l.trim_start();
            t.starts_with("- ") || t.trim_end() == "-"
        })
        .map_or(2, |l| l.len() - l.trim_start().len());
    let last = (key + 1..end)
        .rev()
        .find(|&i| is_content(lines[i]))
        .unwrap_or(key);
    out.push_str(&lines[key..=last].concat());
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&indent(item, spaces));
    out.push_str(&lines[last + 1..].concat());
    Ok(out)
}

#[cfg(test)]
mod tests;
