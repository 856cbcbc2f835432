//! Checking values read leniently: a [`Checker`] collects every problem of a file, with its
//! position and likely fix, while the values are turned into the model.

use super::diagnostic::{Diagnostic, Position};
use super::fields::{Stray, Strays};
use super::located::{Field, Found, Got, Located, RawBound, RawDate, Shape, Text};
use super::suggest::did_you_mean;
use crate::model::{ActorKind, Certainty, Date, Interpolation};

/// A position, if it is known (line 0 means unknown).
pub(crate) fn known(at: Position) -> Option<Position> {
    (at.line > 0).then_some(at)
}

/// Collects problems while the model is built (or a scenario file is read).
pub(crate) struct Checker {
    pub(crate) problems: Vec<Diagnostic>,
}

impl Checker {
    pub(crate) fn error(&mut self, at: Position, message: impl Into<String>) -> &mut Diagnostic {
        self.problems.push(Diagnostic::new(known(at), message));
        let last = self.problems.len() - 1;
        &mut self.problems[last]
    }

    /// Reports `wrong` as "`name` must be EXPECTED, found FOUND".
    pub(crate) fn wrong(&mut self, at: Position, name: &str, expected: &str, found: &Found) {
        self.misshapen(at, &format!("`{name}`"), expected, found);
    }

    /// Reports a value that is not `expected` as "WHAT must be EXPECTED, found FOUND", or text
    /// holding a noncharacter as such.
    fn misshapen(&mut self, at: Position, what: &str, expected: &str, found: &Found) {
        if let Found::Scalar(text) = found
            && super::located::forbidden_char(text).is_some()
        {
            self.error(at, format!("{what} holds a Unicode noncharacter: {found}"))
                .help = Some(
                "remove it: U+FFFE, U+FFFF, U+FDD0 to U+FDEF and the last two code points of \
                 every plane are not text"
                    .into(),
            );
            return;
        }
        self.error(at, format!("{what} must be {expected}, found {found}"))
            .help = Some(format!("write {expected} here"));
    }

    /// A well-shaped scalar item of a list or map (an alias, an attribute's name or value), or
    /// `None` after reporting what was found instead.
    pub(crate) fn scalar<'a, T: Shape<'static>>(
        &mut self,
        item: &'a Located<Got<T>>,
        what: &str,
    ) -> Option<&'a T> {
        match &item.value {
            Got::Ok(v) => Some(v),
            Got::Wrong(found) => {
                self.misshapen(item.at, what, T::EXPECTED, found);
                None
            }
        }
    }

    /// The value of an optional field; a badly shaped one is reported and read as absent.
    pub(crate) fn get<'a, T: Shape<'static>>(
        &mut self,
        field: &'a Field<T>,
        name: &str,
    ) -> Option<(&'a T, Position)> {
        let located = field.as_ref()?;
        match &located.value {
            Got::Ok(v) => Some((v, located.at)),
            Got::Wrong(found) => {
                self.wrong(located.at, name, T::EXPECTED, found);
                None
            }
        }
    }

    /// The value of a required field; a missing one is reported at `at` with `message` and `help`.
    pub(crate) fn need<'a, T: Shape<'static>>(
        &mut self,
        field: &'a Field<T>,
        name: &str,
        at: Position,
        missing: impl FnOnce() -> (String, &'static str),
    ) -> Option<(&'a T, Position)> {
        if field.is_none() {
            let (message, help) = missing();
            self.error(at, message).help = Some(help.into());
            return None;
        }
        self.get(field, name)
    }

    pub(crate) fn text(&mut self, field: &Field<Text>, name: &str) -> Option<String> {
        self.get(field, name).map(|(t, _)| t.0.clone())
    }

    /// Reports a map's unknown and repeated keys; `what` names the map ("actor `BLR`").
    pub(crate) fn strays(&mut self, strays: &Strays, names: &[&str], what: impl Fn() -> String) {
        for stray in strays.iter() {
            match stray {
                Stray::Unknown { key, at } => {
                    let text = match key {
                        Found::Scalar(s) => format!("`{s}`"),
                        other => other.to_string(),
                    };
                    let guess = match key {
                        Found::Scalar(s) => did_you_mean(s, names.iter().map(|n| (*n, None))),
                        _ => None,
                    };
                    let d = self.error(*at, format!("unknown field {text} in {}", what()));
                    d.help = Some(match guess {
                        Some(g) => format!("did you mean {g}?"),
                        None if *key == Found::Scalar("<<".into()) => {
                            "YAML merge keys are not part of the format; write the fields out"
                                .into()
                        }
                        None => format!("the fields here are {}", list(names)),
                    });
                }
                Stray::Repeated { key, at, first } => {
                    let d = self.error(
                        *at,
                        format!(
                            "duplicate key `{key}` in {}; the first is at line {}",
                            what(),
                            first.line
                        ),
                    );
                    d.help = Some("keep one of the two".into());
                }
            }
        }
    }

    /// A well-shaped map value, or `None` after reporting what was found instead.
    pub(crate) fn shaped<'a, T>(&mut self, item: &'a Located<Got<T>>, what: &str) -> Option<&'a T> {
        match &item.value {
            Got::Ok(v) => Some(v),
            Got::Wrong(found) => {
                let d = self.error(item.at, format!("{what} must be a map, found {found}"));
                d.help =
                    Some("write its fields as `key: value` lines, or `{key: value, ...}`".into());
                None
            }
        }
    }

    pub(crate) fn date(&mut self, raw: &RawDate, at: Position, what: &str) -> Option<Date> {
        match &raw.0 {
            Ok(date) => Some(*date),
            Err(e) => {
                let d = self.error(at, format!("{what}: {e}"));
                d.help = Some("dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020-08-09".into());
                None
            }
        }
    }

    /// A period's start or end: the date (if any) and how sure it is.
    pub(crate) fn bound(
        &mut self,
        raw: &RawBound,
        at: Position,
        what: &str,
    ) -> Option<(Option<Date>, Certainty)> {
        match &raw.0 {
            Ok(bound) => Some(*bound),
            Err(e) => {
                let d = self.error(at, format!("{what}: {e}"));
                d.help = Some(
                    "dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020-08-09; `~2020` for an \
                     approximate date, `unknown` for one no one knows"
                        .into(),
                );
                None
            }
        }
    }

    pub(crate) fn interpolation(&mut self, field: &Field<Text>) -> Option<Option<Interpolation>> {
        let Some((text, at)) = self.get(field, "interpolation") else {
            return Some(None).filter(|_| field.is_none());
        };
        match text.0.as_str() {
            "step" => Some(Some(Interpolation::Step)),
            "linear" => Some(Some(Interpolation::Linear)),
            other => {
                let d = self.error(at, format!("unknown interpolation `{other}`"));
                d.help = Some("use `step` or `linear`".into());
                None
            }
        }
    }
}

/// The names, quoted and joined: `` `a`, `b` and `c` ``.
pub(crate) fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|n| format!("`{n}`")).collect();
            format!("{} and `{last}`", init.join(", "))
        }
    }
}

/// `at` if it is known, else `fallback` (an id read from a lone scalar has no position).
pub(crate) fn or(at: Position, fallback: Position) -> Position {
    if at.line > 0 { at } else { fallback }
}

/// The well-shaped ids of a list, each with its position; badly shaped ones are reported.
pub(crate) fn id_list<'a>(
    c: &mut Checker,
    items: &'a [Located<Got<Text>>],
    name: &str,
    fallback: Position,
) -> Vec<(&'a str, Position)> {
    let mut ids = Vec::with_capacity(items.len());
    for item in items {
        match &item.value {
            Got::Ok(Text(id)) => ids.push((id.as_str(), or(item.at, fallback))),
            Got::Wrong(found) => c.wrong(or(item.at, fallback), name, "a list of ids", found),
        }
    }
    ids
}

/// The kind of actor a `kind:` value names, or the problem to report (message and likely fix).
pub(crate) fn kind_of(text: &str) -> Result<ActorKind, (String, String)> {
    ActorKind::parse(text).map_err(|e| {
        let guess = did_you_mean(
            text,
            crate::model::BUILT_IN_KINDS.iter().map(|k| (*k, None)),
        );
        let kinds = "kinds are state, organisation, person, or any lower-case snake_case name \
                     for a collective, such as `group` or `armed_group`";
        (
            format!("invalid actor kind `{text}`: {e}"),
            match guess {
                Some(g) => format!(
                    "did you mean {g}? {}{}",
                    kinds[..1].to_uppercase(),
                    &kinds[1..]
                ),
                None => kinds.to_string(),
            },
        )
    })
}
