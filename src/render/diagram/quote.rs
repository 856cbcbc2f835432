//! The one quoting function every DOT id, label and attribute value goes through.
//!
//! graphviz-rust prints ids verbatim, so a name like `Evil" image="/etc/passwd` would close the
//! string and inject an attribute. [`quoted`] makes any text one literal DOT string whose label
//! shows the text as written: nothing in it can end the string, start an HTML label or be read
//! as one of Graphviz's label escapes (`\N`, `\G`, `\l`, ...), nor as an HTML entity: both
//! engines decode `&#x1b;` or `&amp;` in a label, so `&` itself is written `&amp;`.

use graphviz_rust::dot_structures::Id;

/// `text` as one double-quoted DOT string.
///
/// - `"` becomes `\"` and `\` becomes `\\`, so the string cannot be closed early and no
///   Graphviz escape (`\N`, `\l`, `\G`) can be formed from the user's text;
/// - `&` becomes `&amp;`: Graphviz decodes entities in every string, so a name holding `&#x1b;`
///   would otherwise put an escape character into the SVG (not XML) and `&amp;` would show as
///   `&`; after decoding, the SVG writer escapes the `&` again and the name reads as written;
/// - a line break (`\n`, `\r\n` or a lone `\r`) becomes `\n`, Graphviz's centred line break;
/// - any other control character becomes U+FFFD, so nothing invisible reaches the output.
pub(crate) fn quoted(text: &str) -> Id {
    let mut out = String::with_capacity(text.len() + 2);
    quote_into(&mut out, text);
    Id::Escaped(out)
}

/// [`quoted`] appended to `out`: the same string, written where a large diagram is streamed
/// (no `Id` per value).
pub(crate) fn quote_into(out: &mut String, text: &str) {
    out.push('"');
    // What needs no escape (most of any text: ids, colours, numbers, names, an arrow) is copied
    // a run at a time, between the characters that do.
    let mut run = 0;
    let mut after_cr = false;
    for (i, c) in text.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '&' => "&amp;",
            // `\r\n` is one break, written at the `\r`.
            '\n' if after_cr => "",
            '\r' | '\n' => "\\n",
            c if c.is_control() => "\u{FFFD}",
            _ => {
                after_cr = false;
                continue;
            }
        };
        after_cr = c == '\r';
        out.push_str(&text[run..i]);
        out.push_str(escape);
        run = i + c.len_utf8();
    }
    out.push_str(&text[run..]);
    out.push('"');
}

/// `text` as the content of a cell of an HTML-like label (the legend): `&`, `<`, `>`, `"` and
/// `'` become entities, so no user text can open a tag (an `<IMG>` would read a file), and line
/// breaks become `<BR/>`. Control characters become U+FFFD, as in [`quoted`].
pub(crate) fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if !out.is_empty() {
            out.push_str("<BR/>");
        }
        for c in line.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c if c.is_control() => out.push('\u{FFFD}'),
                c => out.push(c),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_cannot_close_the_string() {
        assert_eq!(
            quoted(r#"Evil" image="/etc/passwd"#),
            Id::Escaped(r#""Evil\" image=\"/etc/passwd""#.into())
        );
    }

    #[test]
    fn html_text_opens_no_tag() {
        assert_eq!(
            html_text("<b>x</b> & \"y\""),
            "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn html_text_leaves_no_markup() {
        assert_eq!(html_text("a\nb\r\nc"), "a<BR/>b<BR/>c");
        assert_eq!(
            html_text("<IMG SRC='/etc/passwd'/>"),
            "&lt;IMG SRC=&#39;/etc/passwd&#39;/&gt;"
        );
    }

    fn q(text: &str) -> String {
        match quoted(text) {
            Id::Escaped(s) => s,
            other => panic!("not an escaped id: {other:?}"),
        }
    }

    #[test]
    fn quotes_backslashes_and_line_breaks_are_escaped() {
        assert_eq!(q("plain"), r#""plain""#);
        assert_eq!(q(r#"a"b"#), r#""a\"b""#);
        assert_eq!(q(r"a\b"), r#""a\\b""#);
        assert_eq!(q(r"ends in \"), r#""ends in \\""#);
        assert_eq!(q("one\ntwo\r\nthree\rfour"), r#""one\ntwo\nthree\nfour""#);
        assert_eq!(q("tab\there\u{0}"), "\"tab\u{FFFD}here\u{FFFD}\"");
        assert_eq!(q("<b>html</b>"), r#""<b>html</b>""#);
        assert_eq!(q("&#x1b; &amp;"), r#""&amp;#x1b; &amp;amp;""#);
    }

    /// [`quote_into`] as it was first written, one character at a time: the runs it copies
    /// whole now must give the same string.
    fn quoted_char_by_char(text: &str) -> String {
        let mut out = String::from('"');
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '&' => out.push_str("&amp;"),
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    out.push_str("\\n");
                }
                '\n' => out.push_str("\\n"),
                c if c.is_control() => out.push('\u{FFFD}'),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    proptest::proptest! {
        /// Copying runs whole quotes any text as one character at a time does, line breaks
        /// (`\r\n`, a lone `\r`, `\r\r\n`), controls and non-ASCII text among them.
        #[test]
        fn runs_quote_as_characters_do(
            text in "(\\PC|[\"\\\\&\r\n\t\u{0}\u{85}\u{9f}→é]){0,40}",
            any in ".*",
        ) {
            for t in [&text, &any] {
                let mut out = String::new();
                quote_into(&mut out, t);
                proptest::prop_assert_eq!(out, quoted_char_by_char(t));
            }
        }

        /// Whatever the text, the quoted string has exactly two unescaped quotes (its ends) and
        /// no raw line break, so it is one DOT string.
        #[test]
        fn any_text_stays_one_string(text in ".*") {
            let s = q(&text);
            proptest::prop_assert!(!s.contains('\n') && !s.contains('\r'));
            let inner = &s[1..s.len() - 1];
            let mut escaped = false;
            for c in inner.chars() {
                if escaped {
                    proptest::prop_assert!(matches!(c, '"' | '\\' | 'n'));
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else {
                    proptest::prop_assert!(c != '"');
                }
            }
            proptest::prop_assert!(!escaped);
        }
    }
}
