//! The `scenario list` views: each edit of a scenario with its effect, as text or JSON.

use serde::Serialize;

use super::Origin;
use crate::model::{Attribute, PointValue};
use crate::render::escape::printable;
use crate::render::format;
use crate::scenario::{Effect, LoadedScenario, ScenarioHeader, TieRef};

/// What `scenario list --format json` prints.
#[derive(Debug, Serialize)]
pub(crate) struct ScenarioView<'a> {
    /// The scenario file.
    pub file: &'a str,
    /// Title, description, assumptions and base as written.
    #[serde(flatten)]
    pub header: &'a ScenarioHeader,
    /// One effect per edit, in file order; `edit` names the edit.
    pub edits: Vec<Effect>,
}

/// The serialisable view of a loaded scenario.
pub(crate) fn view(scenario: &LoadedScenario) -> ScenarioView<'_> {
    ScenarioView {
        file: &scenario.file.name,
        header: &scenario.file.header,
        edits: scenario.outcome.effects.iter().map(cleaned).collect(),
    }
}

/// An effect with its weights as every output prints them: an input weight as written, a
/// computed one (a weight before an edit, a shifted weight) without floating-point noise.
fn cleaned(effect: &Effect) -> Effect {
    let mut effect = effect.clone();
    match &mut effect {
        Effect::Set { before, after, .. } => {
            *before = format::weight_opt(*before);
            *after = format::weight(*after);
        }
        Effect::Shift {
            delta,
            before,
            after,
            ..
        } => {
            *delta = format::weight(*delta);
            *before = format::weight_opt(*before);
            *after = format::weight_opt(*after);
        }
        Effect::End { before, .. } => *before = format::weight_opt(*before),
        Effect::AddActor { .. }
        | Effect::RemoveActor { .. }
        | Effect::AddRelation { .. }
        | Effect::RemoveRelation { .. }
        | Effect::AddPost { .. }
        | Effect::EndPost { .. }
        | Effect::AddPartOf { .. }
        | Effect::EndPartOf { .. }
        | Effect::AddAlias { .. }
        | Effect::SetAttribute { .. }
        | Effect::AddEvent { .. } => {}
    }
    effect
}

/// The view as pretty JSON, with how it was made, and a final newline.
pub fn json(scenario: &LoadedScenario, origin: &Origin) -> String {
    super::origin::json(&view(scenario), origin)
}

/// The scenario as text: its header, then one numbered line per edit with its effect.
pub fn text(scenario: &LoadedScenario) -> String {
    let header = &scenario.file.header;
    let mut out = String::new();
    match &header.title {
        Some(title) => out.push_str(&format!(
            "{} ({})\n",
            printable(title),
            printable(&scenario.file.name)
        )),
        None => out.push_str(&format!("{}\n", printable(&scenario.file.name))),
    }
    out.push_str(&format!("base: {}\n", printable(&header.base)));
    if let Some(description) = &header.description {
        out.push_str(&format!("description: {}\n", one_line(description)));
    }
    if let Some(assumes) = &header.assumes {
        out.push_str(&format!("assumes: {}\n", one_line(assumes)));
    }
    let effects = &scenario.outcome.effects;
    if effects.is_empty() {
        out.push_str("no edits\n");
    } else {
        out.push_str(&format!("{} edits:\n", effects.len()));
        let width = effects.len().to_string().len();
        for (i, effect) in effects.iter().enumerate() {
            out.push_str(&format!("{:>width$}. {}\n", i + 1, effect_line(effect)));
        }
    }
    out
}

fn one_line(text: &str) -> String {
    printable(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn weight(w: Option<f64>) -> String {
    w.map_or_else(|| "absent".to_string(), format::two_decimals)
}

fn ties(ties: &[TieRef]) -> String {
    let names: Vec<String> = ties.iter().map(TieRef::to_string).collect();
    if names.is_empty() {
        "0 ties".to_string()
    } else {
        format!(
            "{} ({})",
            format::plural(ties.len(), "tie", "ties"),
            names.join(", ")
        )
    }
}

/// One edit and what it did, e.g.
/// `set USA -- BLR (diplomatic) from 2025-09-01: -0.30 -> 0.20 (replaces the point of that date)`.
pub fn effect_line(effect: &Effect) -> String {
    // One line per edit: any control character in it (a line break or an escape sequence in an
    // id, a kind or a title) is the user's, and is shown escaped.
    printable(&effect_text(effect))
}

fn effect_text(effect: &Effect) -> String {
    match effect {
        Effect::Set {
            tie,
            date,
            before,
            after,
            replaced,
        } => {
            let how = match replaced {
                Some(PointValue::Weight(_)) => "replaces the point of that date",
                Some(PointValue::End) => "replaces the end on that date",
                None => "adds a point",
            };
            format!(
                "set {tie} from {date}: {} -> {} ({how})",
                weight(*before),
                weight(Some(*after))
            )
        }
        Effect::Shift {
            tie,
            date,
            delta,
            before,
            after,
            later_points,
            clamped,
        } => {
            let mut line = format!(
                "shift {tie} from {date} by {}: {} -> {}",
                format::signed(*delta),
                weight(*before),
                weight(*after)
            );
            if *later_points > 0 {
                line.push_str(&format!(
                    ", and {}",
                    format::plural(*later_points, "later point", "later points")
                ));
            }
            if *clamped > 0 {
                line.push_str(&format!(
                    " ({} clamped to the scale)",
                    format::plural(*clamped, "weight", "weights")
                ));
            }
            line
        }
        Effect::End {
            tie,
            date,
            before,
            dropped,
        } => {
            let mut line = format!("end {tie} on {date}: {} -> absent", weight(*before));
            if *dropped > 0 {
                line.push_str(&format!(
                    "; dropped {}",
                    format::plural(*dropped, "later point", "later points")
                ));
            }
            line
        }
        Effect::AddActor { id, kind, posts } => {
            let mut line = format!("add_actor {id} ({}", kind.as_str());
            if *posts > 0 {
                line.push_str(&format!(", {}", format::plural(*posts, "post", "posts")));
            }
            line.push(')');
            line
        }
        Effect::RemoveActor {
            id,
            ties: removed,
            posts,
            events,
        } => {
            let mut line = format!(
                "remove_actor {id}: removed {}, {}",
                ties(removed),
                format::plural(*posts, "post", "posts")
            );
            if !events.is_empty() {
                line.push_str(&format!(
                    "; dropped from {} ({})",
                    format::plural(events.len(), "event", "events"),
                    events.join(", ")
                ));
            }
            line
        }
        Effect::AddRelation { tie, points } => {
            format!(
                "add_relation {tie} with {}",
                format::plural(*points, "point", "points")
            )
        }
        Effect::RemoveRelation { tie, points } => {
            format!(
                "remove_relation {tie}: removed {}",
                format::plural(*points, "point", "points")
            )
        }
        Effect::AddPost { actor, post } => {
            let mut line = format!("add_post {actor}: {} of {}", post.title, post.of);
            if let Some(from) = post.from {
                line.push_str(&format!(" from {from}"));
            }
            if let Some(until) = post.until {
                line.push_str(&format!(" until {until}"));
            }
            line
        }
        Effect::EndPost {
            actor,
            post,
            previous_until,
        } => {
            let was = match previous_until {
                Some(u) => format!("was until {u}"),
                None => "was open-ended".to_string(),
            };
            let until = post
                .until
                .map_or_else(String::new, |u| format!(" until {u}"));
            format!(
                "end_post {actor}: {} of {} now held{until} ({was})",
                post.title, post.of
            )
        }
        Effect::AddPartOf { actor, membership } => {
            let mut line = format!("add_part_of {actor}: part of {}", membership.of);
            if let Some(from) = membership.from {
                line.push_str(&format!(" from {from}"));
            }
            if let Some(until) = membership.until {
                line.push_str(&format!(" until {until}"));
            }
            line
        }
        Effect::EndPartOf {
            actor,
            membership,
            previous_until,
        } => {
            let was = match previous_until {
                Some(u) => format!("was until {u}"),
                None => "was open-ended".to_string(),
            };
            let until = membership
                .until
                .map_or_else(String::new, |u| format!(" until {u}"));
            format!(
                "end_part_of {actor}: part of {}{until} ({was})",
                membership.of
            )
        }
        Effect::AddAlias { actor, alias } => format!("add_alias {actor}: {alias}"),
        Effect::SetAttribute {
            actor,
            name,
            before,
            after,
        } => {
            let shown = |a: &Attribute| match a {
                Attribute::Text(t) => t.clone(),
                Attribute::Number(n) => format::exact(*n),
                Attribute::Bool(b) => b.to_string(),
            };
            let before = before.as_ref().map_or_else(|| "absent".to_string(), shown);
            format!("set_attribute {actor}: {name} {before} -> {}", shown(after))
        }
        Effect::AddEvent { id, date } => format!("add_event {id} on {date}"),
    }
}
