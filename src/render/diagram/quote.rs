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
    // Most texts need no escape at all (ids, colours, numbers, names, an arrow): a scan of their
    // bytes says so without decoding them. Every character escaped below starts with one of
    // these bytes (a C1 control, U+0080 to U+009F, with 0xC2), each the first byte of its
    // character; from the first of them on, what needs no escape is copied a run at a time,
    // between the characters that do.
    let Some(first) = first_to_escape(text.as_bytes()) else {
        out.push_str(text);
        out.push('"');
        return;
    };
    let mut run = 0;
    let mut after_cr = false;
    for (i, c) in text[first..].char_indices() {
        let i = first + i;
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

/// Whether a byte may start a character [`quote_into`] escapes: a control (a C1 control,
/// U+0080 to U+009F, starts with 0xC2), a quote, a backslash or an ampersand.
fn may_escape(b: u8) -> bool {
    matches!(b, 0..=0x1f | b'"' | b'\\' | b'&' | 0x7f | 0xc2)
}

/// Where the first byte of `bytes` that [`may_escape`] is, read eight bytes at a time: a
/// diagram's texts are mostly written as they are, and a byte at a time, the scan was a sixth
/// of the time of writing a large diagram's edges.
fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    // Each byte of `x` that equals the byte of `each` has its top bit set in the result, and so
    // may a byte after it (a borrow): the test says whether a word holds one, not where.
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const TOPS: u64 = ONES << 7;
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x & TOPS;
    let equal = |x: u64, byte: u8| zero_in(x ^ (ONES * u64::from(byte)));
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let x = u64::from_le_bytes(eight);
        // Below 0x20: a borrow out of a byte under 0x20 whose top bit is clear.
        let control = x.wrapping_sub(ONES * 0x20) & !x & TOPS;
        if control
            | equal(x, b'"')
            | equal(x, b'\\')
            | equal(x, b'&')
            | equal(x, 0x7f)
            | equal(x, 0xc2)
            != 0
        {
            return word.iter().position(|&b| may_escape(b)).map(|i| at + i);
        }
        at += 8;
    }
    (words.remainder().iter().position(|&b| may_escape(b))).map(|i| at + i)
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
        /// Eight bytes at a time, the scan finds the first byte a byte-by-byte scan finds, in
        /// any bytes (every value, at every place in a word, and after a borrow).
        #[test]
        fn the_word_scan_finds_what_the_byte_scan_finds(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            plain in proptest::collection::vec(0x20u8..0x7f, 0..40),
            at in 0usize..40,
            special in proptest::sample::select(vec![0u8, 0x1f, 0x20, b'"', b'\\', b'&', 0x7e, 0x7f, 0x80, 0xc1, 0xc2, 0xc3, 0xff]),
        ) {
            let mut mostly_plain = plain.clone();
            if at < mostly_plain.len() {
                mostly_plain[at] = special;
            }
            for b in [&bytes, &plain, &mostly_plain] {
                proptest::prop_assert_eq!(first_to_escape(b), b.iter().position(|&b| may_escape(b)));
            }
        }

        /// Copying runs whole quotes any text as one character at a time does, line breaks
        /// (`\r\n`, a lone `\r`, `\r\r\n`), controls and non-ASCII text among them (U+00A0
        /// starts with the byte of the C1 controls, and is no control).
        #[test]
        fn runs_quote_as_characters_do(
            text in "(\\PC|[\"\\\\&\r\n\t\u{0}\u{7f}\u{80}\u{85}\u{9f}\u{a0}→é]){0,40}",
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
