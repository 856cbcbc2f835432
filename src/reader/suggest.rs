//! "Did you mean" suggestions for unknown ids, by edit distance on ids and by display name.

/// The best candidate for a mistyped `wanted`, as `` `id` (Name) ``, or `None` when nothing is
/// close. Candidates are `(id, display name)`; a name that matches `wanted` (ignoring case) wins,
/// then the smallest edit distance on ids or names, ties broken by id so the answer is stable.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> Option<String> {
    let lower = wanted.to_lowercase();
    let mut best: Option<(usize, &str, Option<&str>)> = None;
    for (id, name) in candidates {
        let score = if name.is_some_and(|n| n.to_lowercase() == lower) || id.to_lowercase() == lower
        {
            0
        } else {
            let on_id = strsim::damerau_levenshtein(&lower, &id.to_lowercase());
            let on_name = name.map_or(usize::MAX, |n| {
                strsim::damerau_levenshtein(&lower, &n.to_lowercase())
            });
            on_id.min(on_name)
        };
        // Allow about one edit in three characters, and at least one.
        let limit = (wanted.chars().count() / 3).max(1);
        if score > limit {
            continue;
        }
        if best.is_none_or(|(s, b, _)| (score, id) < (s, b)) {
            best = Some((score, id, name));
        }
    }
    best.map(|(_, id, name)| match name {
        Some(name) if name != id => format!("`{id}` ({name})"),
        _ => format!("`{id}`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTORS: [(&str, Option<&str>); 3] = [
        ("BLR", Some("Belarus")),
        ("USA", Some("United States")),
        ("RUS", Some("Russia")),
    ];

    #[test]
    fn suggests_by_name_and_by_id() {
        assert_eq!(did_you_mean("Belarsu", ACTORS).unwrap(), "`BLR` (Belarus)");
        assert_eq!(did_you_mean("belarus", ACTORS).unwrap(), "`BLR` (Belarus)");
        assert_eq!(
            did_you_mean("UAS", ACTORS).unwrap(),
            "`USA` (United States)"
        );
        assert_eq!(
            did_you_mean("usa", ACTORS).unwrap(),
            "`USA` (United States)"
        );
        assert_eq!(did_you_mean("China", ACTORS), None);
    }
}
