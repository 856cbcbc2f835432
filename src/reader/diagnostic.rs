//! Problems found in an input file, each with its location and a suggested fix, and how they are
//! shown to a person.

use std::fmt;

/// A position in a file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Position {
    /// The line, counting from 1.
    pub line: u32,
    /// The column, counting characters from 1.
    pub column: u32,
}

impl Position {
    pub(crate) fn from_location(location: serde_saphyr::Location) -> Option<Position> {
        let (line, column) = (location.line(), location.column());
        (line > 0).then(|| Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column.max(1)).unwrap_or(u32::MAX),
        })
    }
}

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Where the problem is, when it can be located.
    pub position: Option<Position>,
    /// What is wrong, in plain words.
    pub message: String,
    /// The likely fix.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem at `position` with no suggested fix.
    pub fn new(position: Option<Position>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            position,
            message: message.into(),
            help: None,
        }
    }

    /// Adds the likely fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// Every problem found in one file, in order of position.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostics {
    /// The file's name as the user gave it.
    pub file: String,
    /// The problems, sorted by position.
    pub items: Vec<Diagnostic>,
    /// The file's text, kept to quote the offending lines.
    #[serde(skip)]
    pub source: Option<String>,
}

impl Diagnostics {
    /// The diagnostics of `file`, sorted by position (unlocated ones first).
    pub fn new(file: &str, mut items: Vec<Diagnostic>, source: Option<String>) -> Diagnostics {
        items.sort_by_key(|d| d.position);
        Diagnostics {
            file: file.to_string(),
            items,
            source,
        }
    }
}

/// Where each line of a text starts, found in one pass, so that quoting the lines of thousands
/// of problems costs one look-up each rather than a walk from the top of the file each.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&start| start < text.len())
            .collect();
        LineIndex { text, starts }
    }

    /// The byte where line `number` (from 1) starts.
    pub(crate) fn start(&self, number: u32) -> Option<usize> {
        let index = usize::try_from(number.checked_sub(1)?).ok()?;
        self.starts.get(index).copied()
    }

    /// Line `number` (from 1) without its line break, as [`str::lines`] gives it.
    pub(crate) fn line(&self, number: u32) -> Option<&'a str> {
        let index = usize::try_from(number.checked_sub(1)?).ok()?;
        let start = *self.starts.get(index)?;
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let line = &self.text[start..end];
        let line = line.strip_suffix('\n').unwrap_or(line);
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// The most problems shown in full; the rest are counted. A file with thousands of problems
/// (a generated file, a wrong format) would otherwise bury the first ones, which are usually
/// the cause of the rest.
pub const MAX_SHOWN: usize = 100;

impl Diagnostics {
    /// The problems with `label` (a severity such as `error`) before each, as a program reports
    /// them: `error: FILE:LINE:COL: message`. The library's own [`Display`](fmt::Display) has no
    /// label; the program that prints the problems decides what they are.
    pub fn labelled<'a>(&'a self, label: &'a str) -> Labelled<'a> {
        Labelled {
            diagnostics: self,
            label: Some(label),
        }
    }
}

/// Shows each problem as `FILE:LINE:COL: message`, the offending line with a caret under the
/// column, and `help:` with the likely fix; then a count.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Labelled {
            diagnostics: self,
            label: None,
        }
        .fmt(f)
    }
}

/// Diagnostics shown with a severity label before each problem; see [`Diagnostics::labelled`].
#[derive(Debug, Clone, Copy)]
pub struct Labelled<'a> {
    diagnostics: &'a Diagnostics,
    label: Option<&'a str>,
}

impl fmt::Display for Labelled<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let this = self.diagnostics;
        let label = self.label.map(|l| format!("{l}: ")).unwrap_or_default();
        let lines = this.source.as_deref().map(LineIndex::new);
        for (i, d) in this.items.iter().take(MAX_SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match d.position {
                Some(p) => write!(
                    f,
                    "{label}{}:{}:{}: {}",
                    this.file, p.line, p.column, d.message
                )?,
                None => write!(f, "{label}{}: {}", this.file, d.message)?,
            }
            if let Some(p) = d.position
                && let Some(text) = lines.as_ref().and_then(|l| l.line(p.line))
                && text.len() <= 300
            {
                // Control characters (a NUL, an escape sequence) must not reach the terminal:
                // each is shown as one character, so that the caret stays under its column.
                let text: String = text.chars().map(shown).collect();
                let gutter = p.line.to_string().len();
                let caret: String = text
                    .chars()
                    .take(p.column.saturating_sub(1) as usize)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(
                    f,
                    "\n {:>gutter$} | {}\n {:>gutter$} | {}^",
                    p.line, text, "", caret
                )?;
            }
            if let Some(help) = &d.help {
                write!(f, "\n  help: {help}")?;
            }
        }
        if this.items.len() > MAX_SHOWN {
            write!(
                f,
                "\n{}: {} more problems not shown",
                this.file,
                this.items.len() - MAX_SHOWN
            )?;
        }
        if this.items.len() > 1 {
            write!(f, "\n{}: {} problems found", this.file, this.items.len())?;
        }
        Ok(())
    }
}

/// How a character of a quoted source line is shown: a control character (which must not reach
/// the terminal) as its symbol from Unicode's Control Pictures (`␀`, `␛`, `␡`...), as compilers
/// show them, so the reader sees which one it is; the C1 controls, which have no picture, as
/// U+FFFD. A tab stays a tab (the caret line copies it), and everything else is itself.
fn shown(c: char) -> char {
    match c {
        '\t' => c,
        '\0'..='\x1f' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
        '\x7f' => '\u{2421}',
        c if c.is_control() => '\u{fffd}',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_character_in_a_quoted_line_is_shown_by_its_picture() {
        assert_eq!(shown('\0'), '␀');
        assert_eq!(shown('\x07'), '␇');
        assert_eq!(shown('\x1b'), '␛');
        assert_eq!(shown('\x1f'), '␟');
        assert_eq!(shown('\x7f'), '␡');
        assert_eq!(shown('\u{85}'), '\u{fffd}');
        assert_eq!(shown('\u{9b}'), '\u{fffd}');
        for c in ['\t', 'a', ' ', 'é', '␇', '\u{fffd}'] {
            assert_eq!(shown(c), c);
        }
        // No character in the whole range is shown as a control character.
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert!(!shown(c).is_control() || c == '\t', "{c:?}");
        }
    }

    #[test]
    fn the_line_index_gives_what_lines_gives() {
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\n",
            "x\n\ny\r\n\r\nz",
        ] {
            let index = LineIndex::new(text);
            let expected: Vec<&str> = text.lines().collect();
            let got: Vec<&str> = (1..).map_while(|n| index.line(n)).collect();
            assert_eq!(got, expected, "{text:?}");
        }
        assert_eq!(LineIndex::new("a").line(0), None);
    }

    #[test]
    fn only_the_first_problems_are_shown() {
        let items = (1..=250)
            .map(|n| Diagnostic::new(Some(Position { line: n, column: 1 }), format!("p{n}")))
            .collect();
        let source = (1..=250).map(|n| format!("line {n}\n")).collect::<String>();
        let shown = Diagnostics::new("f", items, Some(source)).to_string();
        assert!(
            shown.contains("f:100:1: p100\n 100 | line 100\n"),
            "{shown}"
        );
        assert!(!shown.contains("p101"), "{shown}");
        assert!(shown.ends_with("\nf: 150 more problems not shown\nf: 250 problems found"));
    }
}
