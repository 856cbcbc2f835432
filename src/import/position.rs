//! Where each field of a CSV record starts in the file, so that a bad cell is reported by its
//! line and column (the `csv` crate gives only the record's start).

use crate::load::Position;

/// The position of every field of the record that starts at byte `start` of `text` on line
/// `line`, given the field `delimiter`. Quoted fields (with `""` escapes and line breaks inside)
/// are skipped as the `csv` crate reads them.
pub(crate) fn fields(text: &str, start: usize, line: u64, delimiter: u8) -> Vec<Position> {
    let delimiter = char::from(delimiter);
    let line_start = text[..start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let mut line = u32::try_from(line).unwrap_or(u32::MAX);
    let mut column = u32::try_from(text[line_start..start.min(text.len())].chars().count())
        .unwrap_or(u32::MAX)
        + 1;
    let mut out = vec![Position { line, column }];
    let mut quoted = false;
    let mut chars = text[start.min(text.len())..].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                column += 1;
            }
            '"' => quoted = !quoted,
            '\n' if quoted => {
                line += 1;
                column = 0;
            }
            '\n' | '\r' => break,
            c if c == delimiter && !quoted => out.push(Position {
                line,
                column: column + 1,
            }),
            _ => {}
        }
        column += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_past_quotes_and_line_breaks() {
        let text = "a,b\n\"x,\"\"y\",z\n\"1\n2\",3\n";
        let p = |line, column| Position { line, column };
        assert_eq!(fields(text, 4, 2, b','), vec![p(2, 1), p(2, 9)]);
        assert_eq!(fields(text, 14, 3, b','), vec![p(3, 1), p(4, 4)]);
        assert_eq!(fields("é,b", 0, 1, b','), vec![p(1, 1), p(1, 3)]);
    }
}
