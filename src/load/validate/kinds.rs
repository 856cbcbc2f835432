//! The `relation_kinds:` section: what each relation kind means.

use std::collections::BTreeMap;

use crate::load::raw::{RawKindRules, RawKindStyle};
use crate::model::{KindRules, KindStyle, Line, Span, is_hex_color};
use crate::reader::{Checker, Entries, Field, Got, Located, Position, Text, list};

/// The rules of every kind the section declares; a kind with a problem is reported and left out.
pub(super) fn kinds_of(
    c: &mut Checker,
    entries: &Entries<Located<Got<RawKindRules>>>,
    ids: &[Option<(&str, Position)>],
) -> BTreeMap<String, KindRules> {
    let mut out = BTreeMap::new();
    for (key, (_, raw)) in ids.iter().zip(&entries.0) {
        let Some((kind, _)) = key else { continue };
        let Some(r) = c.shaped(raw, &format!("relation kind `{kind}`")) else {
            continue;
        };
        if let Some(rules) = rules_of(c, kind, r) {
            out.insert(kind.to_string(), rules);
        }
    }
    out
}

fn rules_of(c: &mut Checker, kind: &str, r: &RawKindRules) -> Option<KindRules> {
    c.strays(&r.strays, RawKindRules::NAMES, || {
        format!("relation kind `{kind}`")
    });
    let mut ok = true;
    let expires = span_of(c, &r.expires, "expires", &mut ok);
    let stale = span_of(c, &r.stale, "stale", &mut ok);
    let signed = c.get(&r.signed, "signed").map(|(&s, _)| s);
    ok &= signed.is_some() || r.signed.is_none();
    let factor = c.get(&r.factor, "factor");
    ok &= factor.is_some() || r.factor.is_none();
    if let Some((&f, at)) = factor
        && !(f.is_finite() && f > 0.0)
    {
        c.error(at, format!("factor {f} must be a number above 0"))
            .help = Some(
            "e.g. `factor: 0.5`; to leave a kind out of signed measures write `signed: false`"
                .into(),
        );
        ok = false;
    }
    let style = match c.get(&r.style, "style") {
        Some((s, _)) => {
            let style = style_of(c, kind, s);
            ok &= style.is_some();
            style
        }
        None => {
            ok &= r.style.is_none();
            None
        }
    };
    ok.then(|| KindRules {
        expires,
        signed: signed.unwrap_or(true),
        factor: factor.map_or(1.0, |(&f, _)| f),
        stale,
        style,
    })
}

fn span_of(c: &mut Checker, field: &Field<Text>, name: &str, ok: &mut bool) -> Option<Span> {
    let Some((text, at)) = c.get(field, name) else {
        *ok &= field.is_none();
        return None;
    };
    match text.0.parse::<Span>() {
        Ok(span) => Some(span),
        Err(e) => {
            c.error(at, format!("`{name}`: {e}")).help =
                Some("d is days, w weeks, m calendar months, y calendar years".into());
            *ok = false;
            None
        }
    }
}

fn style_of(c: &mut Checker, kind: &str, s: &RawKindStyle) -> Option<KindStyle> {
    c.strays(&s.strays, RawKindStyle::NAMES, || {
        format!("the style of relation kind `{kind}`")
    });
    let mut ok = true;
    let color = match c.get(&s.color, "color") {
        Some((Text(color), at)) if !is_hex_color(color) => {
            c.error(at, format!("`{color}` is not a colour"))
                .help = Some("write a colour as `\"#rrggbb\"`, e.g. `\"#1f77b4\"` (quoted: `#` starts a YAML comment)".into());
            ok = false;
            None
        }
        Some((Text(color), _)) => Some(color.to_ascii_lowercase()),
        None => {
            ok &= s.color.is_none();
            None
        }
    };
    let line = match c.get(&s.line, "line") {
        Some((Text(line), at)) => match Line::ALL.iter().find(|(name, _)| name == line) {
            Some((_, l)) => Some(*l),
            None => {
                let names: Vec<&str> = Line::ALL.iter().map(|(n, _)| *n).collect();
                c.error(at, format!("unknown line `{line}`")).help =
                    Some(format!("a line is one of {}", list(&names)));
                ok = false;
                None
            }
        },
        None => {
            ok &= s.line.is_none();
            None
        }
    };
    ok.then_some(KindStyle { color, line })
}
