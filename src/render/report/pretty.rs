//! Pretty JSON as `serde_json`'s two-space pretty printer writes it, byte for byte, with each
//! line break and its indentation written at once. The stock printer writes the indentation
//! one level at a time, several small writes before every key; at a million ties those writes
//! were a tenth of `show --format json`.

use std::io::{self, Write};

use serde_json::ser::Formatter;

/// A line break (after an optional comma) and the indentation of up to this many levels,
/// written as one slice.
const DEEPEST: usize = 32;

/// `,` then a line break then `2 * DEEPEST` spaces: every separator is a slice of it.
static BREAKS: [u8; 2 + 2 * DEEPEST] = {
    let mut bytes = [b' '; 2 + 2 * DEEPEST];
    bytes[0] = b',';
    bytes[1] = b'\n';
    bytes
};

/// The formatter of `serde_json::ser::PrettyFormatter` with two spaces: same output.
#[derive(Debug, Default)]
pub(crate) struct Pretty {
    /// How deep the value being written is.
    depth: usize,
    /// Whether the innermost open array or object has a value yet (as the stock printer keeps
    /// it: set by each value, cleared by each opening bracket).
    has_value: bool,
}

impl Pretty {
    /// A formatter for a value written `depth` levels deep in a document (its own lines
    /// indented as they would be there).
    pub(crate) fn at_depth(depth: usize) -> Pretty {
        Pretty {
            depth,
            has_value: false,
        }
    }

    /// A line break, after a comma unless `first`, and the indentation of `self.depth` levels.
    fn line<W: ?Sized + Write>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        let start = usize::from(first);
        if self.depth <= DEEPEST {
            writer.write_all(&BREAKS[start..2 + 2 * self.depth])
        } else {
            writer.write_all(&BREAKS[start..2])?;
            (0..self.depth).try_for_each(|_| writer.write_all(b"  "))
        }
    }

    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(writer, true)?;
        }
        writer.write_all(bracket)
    }
}

impl Formatter for Pretty {
    #[inline]
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    #[inline]
    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    #[inline]
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, first)
    }

    #[inline]
    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    #[inline]
    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    #[inline]
    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    #[inline]
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, first)
    }

    #[inline]
    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    #[inline]
    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde::Serialize;
    use serde_json::{Value, json};

    use super::*;

    fn ours(value: &Value) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, Pretty::default());
        value.serialize(&mut serializer).unwrap();
        bytes
    }

    /// Any JSON value, nested up to `depth` levels.
    fn value(depth: u32) -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            ".{0,6}".prop_map(Value::from),
        ];
        leaf.prop_recursive(depth, 64, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
                prop::collection::btree_map(".{0,4}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    #[test]
    fn empty_and_nested_containers_are_written_as_the_stock_printer_writes_them() {
        let value = json!({"a": [], "b": {}, "c": [[], {}, [1, {"d": []}]], "e": {"f": {"g": 1}}});
        assert_eq!(ours(&value), serde_json::to_vec_pretty(&value).unwrap());
    }

    #[test]
    fn past_the_deepest_indentation_the_levels_are_written_one_by_one() {
        let mut value = json!("leaf");
        for i in 0..DEEPEST + 5 {
            value = if i % 2 == 0 {
                json!([value, 1])
            } else {
                json!({ "k": value, "z": [] })
            };
        }
        assert_eq!(ours(&value), serde_json::to_vec_pretty(&value).unwrap());
    }

    proptest! {
        #[test]
        fn any_value_is_written_as_the_stock_printer_writes_it(value in value(6)) {
            prop_assert_eq!(ours(&value), serde_json::to_vec_pretty(&value).unwrap());
        }
    }
}
