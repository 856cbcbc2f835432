//! Scenarios: "what if" variations of a graph, as a list of edits applied to the model.
//!
//! A scenario names a base graph and a list of [`Edit`]s — set or shift a tie's weight from a
//! date, end a tie, add or remove actors, relations, posts and events. Applying them gives a new
//! [`Graph`]; the base is never changed. Edits are data: the same edits come from a scenario file
//! ([`load_path`], written by hand or by `detente scenario add`) or from code, through the
//! [`Scenario`] builder:
//!
//! ```
//! use detente::model::{Date, RelationKey};
//! use detente::scenario::Scenario;
//!
//! let base = detente::load::load_str(
//!     "detente: 1\nactors:\n  USA: {name: United States, kind: state}\n  \
//!      BLR: {name: Belarus, kind: state}\nrelations:\n  - between: [USA, BLR]\n    \
//!      kind: diplomatic\n    series:\n      - {date: 2019, weight: -0.2}\n",
//!     "base.yaml",
//! )?;
//! let usa_blr = RelationKey::mutual("USA", "BLR", "diplomatic");
//! let thaw = Scenario::on(&base)
//!     .set(&usa_blr, "2025-09".parse()?, 0.2)
//!     .apply()?;
//! let weight = |g, date: &str| {
//!     detente::snapshot::Snapshot::at(g, date.parse().unwrap()).weight(&usa_blr)
//! };
//! assert_eq!(weight(&base, "2025-10"), Some(-0.2));
//! assert_eq!(weight(&thaw, "2025-10"), Some(0.2));
//! assert_eq!(weight(&thaw, "2025-08"), Some(-0.2)); // nothing before the date moves
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The exact meaning of every edit is in `docs/scenarios.md`; in short, an edit dated D changes
//! nothing before D, and every edit is checked against the graph as the edits before it left it.

mod apply;
mod chain;
mod edit;
mod effect;
mod file;
mod problem;
mod write;

pub use apply::apply;
pub(crate) use chain::load_with;
pub use chain::{LoadedScenario, load_path, relative_path};
pub use edit::{Edit, Provenance, TieRef};
pub use effect::{Effect, Outcome};
pub use file::{SCENARIO_VERSION, ScenarioFile, ScenarioHeader, is_scenario, parse_str};
pub use problem::{Field, Problem, ScenarioError};
pub use write::{AppendError, append_edit, edit_to_yaml, new_scenario_yaml};

use crate::model::{Actor, Attribute, Date, Event, Graph, Id, Membership, Post, Relation};

/// A scenario being built in code on a base graph: add edits, then [`Scenario::apply`].
///
/// Every method takes and returns the scenario, so edits chain. Nothing is checked until
/// `apply`, which reports every problem at once.
///
/// ```
/// use detente::model::{Date, RelationKey};
/// use detente::scenario::{Provenance, Scenario, TieRef};
/// use detente::snapshot::Snapshot;
///
/// let base = detente::load::load_path("graphs/us-belarus.yaml".as_ref())?;
/// let d = |s: &str| s.parse::<Date>().unwrap();
/// let usa_blr = RelationKey::mutual("USA", "BLR", "diplomatic");
///
/// let thaw = Scenario::on(&base)
///     .title("Kellogg's visit goes ahead")
///     .set_with(&usa_blr, d("2025-09-11"), -0.1, Provenance::note("sanctions relief"))
///     .shift(TieRef::mutual("BLR", "RUS", "alliance"), d("2025-09-11"), -0.05)
///     .end(TieRef::directed("pompeo", "lukashenko", "contact"), d("2021-01-20"))
///     .remove_actor("kellogg")
///     .apply()?;
///
/// let on = d("2025-10-01");
/// assert_eq!(Snapshot::at(&thaw, on).weight(&usa_blr), Some(-0.1));
/// assert!(!thaw.actors.contains_key("kellogg"));
///
/// // Every problem at once, each naming its edit and field.
/// let wrong = Scenario::on(&base)
///     .set(TieRef::mutual("USA", "Belarsu", "diplomatic"), d("2025"), 0.1)
///     .set(&usa_blr, d("2025"), 2.0)
///     .apply()
///     .unwrap_err();
/// assert_eq!(wrong.problems.len(), 2);
/// assert_eq!(wrong.to_string(), "edit 1: unknown actor `Belarsu` (did you mean `BLR` (Belarus)?)\n\
///                                 edit 2: weight 2 is outside the scale [-1, 1] \
///                                 (use a weight within the graph's scale)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scenario<'a> {
    base: &'a Graph,
    edits: Vec<Edit>,
    title: Option<String>,
}

impl<'a> Scenario<'a> {
    /// An empty scenario on `base`.
    pub fn on(base: &'a Graph) -> Scenario<'a> {
        Scenario {
            base,
            edits: Vec::new(),
            title: None,
        }
    }

    /// Names the scenario; the applied graph takes this title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Adds any edit.
    pub fn edit(mut self, edit: Edit) -> Self {
        self.edits.push(edit);
        self
    }

    /// The tie has `weight` from `date` (the point on that date is added or replaced).
    pub fn set(self, tie: impl Into<TieRef>, date: Date, weight: f64) -> Self {
        self.set_with(tie, date, weight, Provenance::default())
    }

    /// [`Scenario::set`] with a note, event or sources on the new point.
    pub fn set_with(
        self,
        tie: impl Into<TieRef>,
        date: Date,
        weight: f64,
        why: Provenance,
    ) -> Self {
        self.edit(Edit::Set {
            tie: tie.into(),
            date,
            weight,
            why,
        })
    }

    /// Adds `delta` to the tie's weight from `date` on (clamped to the scale).
    pub fn shift(self, tie: impl Into<TieRef>, date: Date, delta: f64) -> Self {
        self.edit(Edit::Shift {
            tie: tie.into(),
            date,
            delta,
            why: Provenance::default(),
        })
    }

    /// Ends the tie on `date` for good (later points are dropped).
    pub fn end(self, tie: impl Into<TieRef>, date: Date) -> Self {
        self.edit(Edit::End {
            tie: tie.into(),
            date,
            why: Provenance::default(),
        })
    }

    /// Adds an actor.
    pub fn add_actor(self, actor: Actor) -> Self {
        self.edit(Edit::AddActor(actor))
    }

    /// Removes an actor with its ties, the posts it holds or that are held in it, and its mentions
    /// in events.
    pub fn remove_actor(self, id: impl Into<Id>) -> Self {
        self.edit(Edit::RemoveActor { id: id.into() })
    }

    /// Adds a relation with its series.
    pub fn add_relation(self, relation: Relation) -> Self {
        self.edit(Edit::AddRelation(relation))
    }

    /// Removes a relation.
    pub fn remove_relation(self, tie: impl Into<TieRef>) -> Self {
        self.edit(Edit::RemoveRelation { tie: tie.into() })
    }

    /// A person takes up a post.
    pub fn add_post(self, actor: impl Into<Id>, post: Post) -> Self {
        self.edit(Edit::AddPost {
            actor: actor.into(),
            post,
        })
    }

    /// A person leaves the post they hold on `date`.
    pub fn end_post(self, actor: impl Into<Id>, date: Date) -> Self {
        self.edit(Edit::EndPost {
            actor: actor.into(),
            date,
            title: None,
        })
    }

    /// A collective becomes part of another for a period.
    pub fn add_part_of(self, actor: impl Into<Id>, membership: Membership) -> Self {
        self.edit(Edit::AddPartOf {
            actor: actor.into(),
            membership,
        })
    }

    /// A collective stops being part of `of` on `date`.
    pub fn end_part_of(self, actor: impl Into<Id>, of: impl Into<Id>, date: Date) -> Self {
        self.edit(Edit::EndPartOf {
            actor: actor.into(),
            of: of.into(),
            date,
        })
    }

    /// Another name for an actor.
    pub fn add_alias(self, actor: impl Into<Id>, alias: impl Into<String>) -> Self {
        self.edit(Edit::AddAlias {
            actor: actor.into(),
            alias: alias.into(),
        })
    }

    /// Sets a free attribute of an actor.
    pub fn set_attribute(
        self,
        actor: impl Into<Id>,
        name: impl Into<String>,
        value: Attribute,
    ) -> Self {
        self.edit(Edit::SetAttribute {
            actor: actor.into(),
            name: name.into(),
            value,
        })
    }

    /// Adds an event that later edits may cite.
    pub fn add_event(self, id: impl Into<Id>, event: Event) -> Self {
        self.edit(Edit::AddEvent {
            id: id.into(),
            event,
        })
    }

    /// The edits so far.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// The base graph with every edit applied, or every problem found.
    pub fn apply(&self) -> Result<Graph, ScenarioError> {
        self.outcome().map(|o| o.graph)
    }

    /// Like [`Scenario::apply`], with what each edit did.
    pub fn outcome(&self) -> Result<Outcome, ScenarioError> {
        let mut outcome = apply(self.base, &self.edits)?;
        if let Some(title) = &self.title {
            outcome.graph.title = Some(title.clone());
        }
        Ok(outcome)
    }
}
