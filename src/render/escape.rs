//! One escaping function per target, used by every report: the terminal ([`printable`]),
//! Markdown ([`markdown`], [`markdown_code`]) and CSV cells ([`csv_text`]).
//!
//! User text (titles, names, ids, kinds, notes) comes from files anyone can write, so none of it
//! may drive a terminal (an escape sequence can retitle the window, clear the screen or hide
//! lines), forge lines in `git diff` (a newline in an id), show a remote image in rendered
//! Markdown (`![x](http://...)`) or run as a spreadsheet formula (`=HYPERLINK(...)`). DOT has its
//! own quoting in `render::diagram::quote`, which the diagram builders call.

use std::borrow::Cow;

use crate::load::LoadError;

/// Text that cannot drive a terminal: every control character (escape, bell, carriage return,
/// newline, tab, ...) is shown as a `\u{..}` escape, so one value stays on one line and sends
/// nothing but visible characters.
///
/// ```
/// use detente::render::escape::printable;
/// assert_eq!(printable("Evil\x1b[2J\nline"), "Evil\\u{1b}[2J\\u{a}line");
/// assert_eq!(printable("Łukaszenka"), "Łukaszenka");
/// ```
pub fn printable(text: &str) -> String {
    terminal(text).into_owned()
}

/// [`printable`], borrowing when there is nothing to escape.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for Markdown outside code, in a paragraph, a heading, a list item or a table cell: it
/// reads literally and cannot break out of where it is put.
///
/// - line breaks become spaces and other control characters `\u{..}` escapes ([`printable`]);
/// - `&` and `<` become entities, so no HTML tag, comment or autolink (`<http://...>`) forms;
/// - `\`, `` ` ``, `*`, `[`, `]` and `|` are backslash-escaped, so no link, image
///   (`![x](http://evil.example/p.png)` would load a remote image), footnote reference, code
///   span, bold text or table column forms. (`_` is left alone: it is common in URLs, and
///   emphasis with it needs word boundaries that ids and URLs seldom give.)
///
/// The text is always put after something (a cell's `| `, a heading's `## `, a list's `- `), so
/// a leading `#` or `-` cannot start a block of its own.
///
/// ```
/// use detente::render::escape::markdown;
/// assert_eq!(markdown("![x](http://e.example/p.png)"), "!\\[x\\](http://e.example/p.png)");
/// assert_eq!(markdown("a|b<i>\nc"), "a\\|b&lt;i> c");
/// ```
pub fn markdown(text: &str) -> String {
    let flat = text.replace("\r\n", " ").replace(['\r', '\n'], " ");
    let flat = terminal(&flat);
    let mut out = String::with_capacity(flat.len() + 8);
    for c in flat.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '\\' | '`' | '*' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text inside a Markdown code span (`` `id` ``): backslash escapes do not work there, so
/// backticks become `'` (they would end the span), line breaks spaces, control characters
/// `\u{..}` escapes, and `|` is escaped for the table the span sits in.
pub fn markdown_code(text: &str) -> String {
    let flat = text.replace("\r\n", " ").replace(['\r', '\n'], " ");
    terminal(&flat).replace('`', "'").replace('|', "\\|")
}

/// A CSV text cell from user input that no spreadsheet runs as a formula: text starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, as OWASP recommends
/// (CSV injection). Numbers are never passed here, so `-0.5` stays a number.
///
/// ```
/// use detente::render::escape::csv_text;
/// assert_eq!(csv_text("=HYPERLINK(\"http://e.example\")"), "'=HYPERLINK(\"http://e.example\")");
/// assert_eq!(csv_text("USA -- BLR"), "USA -- BLR");
/// ```
pub fn csv_text(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// A load error as a program shows it: each problem labelled `error`, with the user's text in
/// its message and help (an unknown id, a title) escaped by [`printable`], so an escape sequence
/// or a line break in a file cannot drive the terminal or forge a line of the report. The quoted
/// source line is made safe by the diagnostics themselves. The command line prints this, and the
/// Python bindings' `LoadError` says the same.
pub fn load_error(error: &LoadError) -> String {
    match error {
        LoadError::Invalid(d) => {
            let mut d = d.clone();
            d.file = printable(&d.file);
            for item in &mut d.items {
                item.message = printable(&item.message);
                item.help = item.help.as_deref().map(printable);
            }
            LoadError::Invalid(d).labelled("error").to_string()
        }
        io => printable(&io.labelled("error").to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cannot_link_or_break_the_table() {
        assert_eq!(markdown("[in brackets]"), "\\[in brackets\\]");
        assert_eq!(markdown("-3 a_b"), "-3 a_b");
        assert_eq!(markdown("\\[x](u)"), "\\\\\\[x\\](u)");
        assert_eq!(markdown("x\x1b[31m\x07"), "x\\\\u{1b}\\[31m\\\\u{7}");
        assert_eq!(markdown("<http://e.example>"), "&lt;http://e.example>");
        assert_eq!(markdown_code("a`b|c\nd"), "a'b\\|c d");
    }

    #[test]
    fn csv_neutralises_only_formula_leading_text() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(csv_text(bad).starts_with('\''), "{bad:?}");
        }
        for good in ["USA", "a=b", "", "0.5"] {
            assert_eq!(csv_text(good), good);
        }
    }
}
