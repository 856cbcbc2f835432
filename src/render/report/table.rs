//! Tables for every report: plain text with aligned columns (the `text` output of every
//! command) and Markdown tables whose cells user text cannot break.

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    /// Pad on the right.
    Left,
    /// Pad on the left (numbers).
    Right,
}

pub(super) use crate::render::escape::printable;

/// Lays out `rows` under `header`, columns separated by two spaces, widths measured in characters.
pub(super) fn table(header: &[&str], align: &[Align], rows: &[Vec<String>]) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (i, cell) in cells.enumerate().take(columns) {
            if i > 0 {
                text.push_str("  ");
            }
            let pad = widths[i].saturating_sub(cell.chars().count());
            match align.get(i).copied().unwrap_or(Align::Left) {
                Align::Left => {
                    text.push_str(cell);
                    text.extend(std::iter::repeat_n(' ', pad));
                }
                Align::Right => {
                    text.extend(std::iter::repeat_n(' ', pad));
                    text.push_str(cell);
                }
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

pub(super) use crate::render::escape::markdown as cell;

pub(super) fn markdown_table(header: &[&str], right: &[bool], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n|", header.join(" | "));
    for &r in right {
        out.push_str(if r { " ---: |" } else { " --- |" });
    }
    out.push('\n');
    for row in rows {
        out.push_str("| ");
        out.push_str(&row.join(" | "));
        out.push_str(" |\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_aligned() {
        let t = table(
            &["tie", "weight"],
            &[Align::Left, Align::Right],
            &[
                vec!["USA -- BLR".into(), "+0.20".into()],
                vec!["a".into(), "-1.00".into()],
            ],
        );
        assert_eq!(
            t,
            "tie         weight\nUSA -- BLR   +0.20\na            -1.00\n"
        );
    }
}
