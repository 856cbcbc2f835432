//! The one escaping for XML (GraphML, GEXF): text and attribute values that any XML 1.0 parser
//! reads back as written, whatever they hold.

use std::borrow::Cow;

use quick_xml::events::attributes::Attribute;
use quick_xml::name::QName;

/// Whether XML 1.0 allows `c` in a document at all (not even as a character reference).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

/// `text` with the characters XML 1.0 cannot carry (most control characters) replaced by U+FFFD;
/// quick-xml escapes the rest when it writes text.
pub(crate) fn text(text: &str) -> Cow<'_, str> {
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(
            text.chars()
                .map(|c| if allowed(c) { c } else { '\u{fffd}' })
                .collect(),
        )
    }
}

/// An attribute whose value reads back exactly: markup characters and quotes escaped, and tabs
/// and line breaks as character references (a parser turns literal ones into spaces).
pub(crate) fn attr<'a>(key: &'a str, value: &str) -> Attribute<'a> {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' => escaped.push_str("&#9;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            c if allowed(c) => escaped.push(c),
            _ => escaped.push('\u{fffd}'),
        }
    }
    Attribute {
        key: QName(key),
        value: Cow::Owned(escaped),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_read_back_as_written_or_replaced() {
        let hostile = "a\"b'<c>&d\n\te\u{1}";
        let mut w = quick_xml::Writer::new(Vec::new());
        w.create_element("x")
            .with_attribute(attr("v", hostile))
            .write_text_content(quick_xml::events::BytesText::new(&text(hostile)))
            .unwrap();
        let xml = String::from_utf8(w.into_inner()).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let x = doc.root_element();
        assert_eq!(x.attribute("v"), Some("a\"b'<c>&d\n\te\u{fffd}"));
        assert_eq!(x.text(), Some("a\"b'<c>&d\n\te\u{fffd}"));
    }
}
