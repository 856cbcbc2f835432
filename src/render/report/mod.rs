//! Reports: the text, JSON, Markdown and CSV views of every command's result, one file per
//! result type, with the aligned and Markdown tables they share (`table`).

pub mod analysis;
mod cited;
pub mod diff;
mod diff_structure;
pub mod explain;
pub mod origin;
mod pretty;
pub mod scenario;
pub mod snapshot;
mod table;

pub use origin::Origin;
pub mod textconv;
pub mod trend;

/// How many ids a text report lists in one place (a bloc, a component) before it says how many
/// more there are: a bloc of a large graph holds tens of thousands, which no reader of a
/// terminal wants on one line. The JSON and CSV outputs list them all.
pub(crate) const LISTED: usize = 20;

/// `ids`, each escaped for the terminal, joined with `sep`; past [`LISTED`], the first
/// [`LISTED`] and how many more there are.
pub(crate) fn listed<'a>(ids: impl ExactSizeIterator<Item = &'a str>, sep: &str) -> String {
    let total = ids.len();
    capped(total, ids.map(crate::render::escape::printable), sep)
}

/// The first [`LISTED`] of `items` (already written out), joined with `sep`, then how many more
/// of the `total` there are.
pub(crate) fn capped(total: usize, items: impl Iterator<Item = String>, sep: &str) -> String {
    let mut shown: Vec<String> = items.take(LISTED).collect();
    if total > LISTED {
        shown.push(format!("… and {} more", total - LISTED));
    }
    shown.join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_of_ids_shows_its_first_ones_and_how_many_more() {
        let ids: Vec<String> = (0..LISTED + 5).map(|i| format!("A{i}")).collect();
        let few = listed(ids.iter().take(3).map(String::as_str), ", ");
        assert_eq!(few, "A0, A1, A2");
        let all = listed(ids.iter().take(LISTED).map(String::as_str), " ");
        assert!(all.ends_with(&format!("A{}", LISTED - 1)) && !all.contains("more"));
        let many = listed(ids.iter().map(String::as_str), " ");
        assert!(
            many.starts_with("A0 A1 ") && many.ends_with(&format!("A{} … and 5 more", LISTED - 1)),
            "{many}"
        );
        // Escaped for the terminal, as every id in a text report.
        assert_eq!(listed(["a\u{1b}[31m"].into_iter(), " "), "a\\u{1b}[31m");
    }
}
