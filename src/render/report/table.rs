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
    let mut widths = header_widths(header);
    for row in rows {
        widen(&mut widths, row);
    }
    let mut out = String::new();
    aligned_line(&mut out, header, &widths, align);
    for row in rows {
        aligned_line(&mut out, row, &widths, align);
    }
    out
}

/// [`table`] written to `out` as it is laid out, after what `text` already holds: `rows` calls
/// its argument with each row's cells, in order. It is called twice, once to measure the columns
/// and once to lay them out, so that no row is kept (a table of a million rows was held as a
/// text of every cell). `text` is written out in pieces (see [`flush_full`]) and keeps the rest.
pub(super) fn write_table(
    text: &mut String,
    out: &mut impl std::io::Write,
    header: &[&str],
    align: &[Align],
    mut rows: impl FnMut(&mut dyn FnMut(&[String])),
) -> std::io::Result<()> {
    let mut widths = header_widths(header);
    rows(&mut |cells| widen(&mut widths, cells));
    aligned_line(text, header, &widths, align);
    let mut written = Ok(());
    rows(&mut |cells| {
        if written.is_ok() {
            aligned_line(text, cells, &widths, align);
            written = flush_full(text, out);
        }
    });
    written
}

/// Writes `text` to `out` and empties it once it holds 64 KiB or more: how a long report goes
/// out as it is made.
pub(super) fn flush_full(text: &mut String, out: &mut impl std::io::Write) -> std::io::Result<()> {
    if text.len() >= 1 << 16 {
        out.write_all(text.as_bytes())?;
        text.clear();
    }
    Ok(())
}

/// The widths of `header`'s columns, in characters: where [`widen`] starts.
pub(super) fn header_widths(header: &[&str]) -> Vec<usize> {
    header.iter().map(|h| h.chars().count()).collect()
}

/// Widens `widths` to fit `row` (cells past the header's columns are not shown).
pub(super) fn widen(widths: &mut [usize], row: &[impl AsRef<str>]) {
    for (width, cell) in widths.iter_mut().zip(row) {
        *width = (*width).max(cell.as_ref().chars().count());
    }
}

/// One line of a [`table`] whose columns are `widths` wide, with its line break, onto `out`.
pub(super) fn aligned_line(
    out: &mut String,
    cells: &[impl AsRef<str>],
    widths: &[usize],
    align: &[Align],
) {
    let start = out.len();
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        let cell = cell.as_ref();
        if i > 0 {
            out.push_str("  ");
        }
        let pad = width.saturating_sub(cell.chars().count());
        match align.get(i).copied().unwrap_or(Align::Left) {
            Align::Left => {
                out.push_str(cell);
                out.extend(std::iter::repeat_n(' ', pad));
            }
            Align::Right => {
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str(cell);
            }
        }
    }
    let end = start + out[start..].trim_end().len();
    out.truncate(end);
    out.push('\n');
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
