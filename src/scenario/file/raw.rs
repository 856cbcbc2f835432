//! Serde structs that mirror a scenario file as written, with source locations, before any check.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::load::raw::{OneOrMany, RawDate, RawPoint, RawPost};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    #[serde(rename = "detente-scenario")]
    pub(super) version: Spanned<u64>,
    #[serde(default)]
    pub(super) title: Option<String>,
    #[serde(default)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) assumes: Option<String>,
    pub(super) base: Spanned<String>,
    #[serde(default)]
    pub(super) edits: Option<Vec<Spanned<RawEdit>>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum RawEdit {
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

pub(super) type Ids = Option<Spanned<Vec<Spanned<String>>>>;
pub(super) type Id = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSet {
    #[serde(default)]
    pub(super) between: Ids,
    #[serde(default)]
    pub(super) from: Option<Id>,
    #[serde(default)]
    pub(super) to: Option<Id>,
    #[serde(default)]
    pub(super) kind: Option<Id>,
    pub(super) date: Spanned<RawDate>,
    pub(super) weight: Spanned<f64>,
    #[serde(default)]
    pub(super) note: Option<String>,
    #[serde(default)]
    pub(super) event: Option<Id>,
    #[serde(default, alias = "sources")]
    pub(super) source: Option<Spanned<OneOrMany>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawShift {
    #[serde(default)]
    pub(super) between: Ids,
    #[serde(default)]
    pub(super) from: Option<Id>,
    #[serde(default)]
    pub(super) to: Option<Id>,
    #[serde(default)]
    pub(super) kind: Option<Id>,
    pub(super) date: Spanned<RawDate>,
    pub(super) delta: Spanned<f64>,
    #[serde(default)]
    pub(super) note: Option<String>,
    #[serde(default)]
    pub(super) event: Option<Id>,
    #[serde(default, alias = "sources")]
    pub(super) source: Option<Spanned<OneOrMany>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEnd {
    #[serde(default)]
    pub(super) between: Ids,
    #[serde(default)]
    pub(super) from: Option<Id>,
    #[serde(default)]
    pub(super) to: Option<Id>,
    #[serde(default)]
    pub(super) kind: Option<Id>,
    pub(super) date: Spanned<RawDate>,
    #[serde(default)]
    pub(super) note: Option<String>,
    #[serde(default)]
    pub(super) event: Option<Id>,
    #[serde(default, alias = "sources")]
    pub(super) source: Option<Spanned<OneOrMany>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTie {
    #[serde(default)]
    pub(super) between: Ids,
    #[serde(default)]
    pub(super) from: Option<Id>,
    #[serde(default)]
    pub(super) to: Option<Id>,
    #[serde(default)]
    pub(super) kind: Option<Id>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawId {
    pub(super) id: Id,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAddActor {
    pub(super) id: Id,
    pub(super) name: Spanned<String>,
    pub(super) kind: Id,
    #[serde(default)]
    pub(super) posts: Vec<Spanned<RawPost>>,
    #[serde(default)]
    pub(super) note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAddRelation {
    #[serde(default)]
    pub(super) between: Ids,
    #[serde(default)]
    pub(super) from: Option<Id>,
    #[serde(default)]
    pub(super) to: Option<Id>,
    #[serde(default)]
    pub(super) kind: Option<Id>,
    #[serde(default)]
    pub(super) interpolation: Option<Id>,
    #[serde(default)]
    pub(super) note: Option<String>,
    pub(super) series: Spanned<Vec<Spanned<RawPoint>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAddPost {
    pub(super) actor: Id,
    pub(super) title: String,
    pub(super) of: Id,
    #[serde(default)]
    pub(super) from: Option<Spanned<RawDate>>,
    #[serde(default)]
    pub(super) until: Option<Spanned<RawDate>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEndPost {
    pub(super) actor: Id,
    pub(super) date: Spanned<RawDate>,
    #[serde(default)]
    pub(super) title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAddEvent {
    pub(super) id: Id,
    pub(super) date: Spanned<RawDate>,
    pub(super) title: Spanned<String>,
    #[serde(default)]
    pub(super) actors: Vec<Id>,
    #[serde(default, alias = "source")]
    pub(super) sources: Option<Spanned<OneOrMany>>,
    #[serde(default)]
    pub(super) description: Option<String>,
}
