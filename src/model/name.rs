//! [`Name`]: an id or kind as written in the file, interned rather than copied.
//!
//! A graph names the same few actors and kinds over and over: every relation holds its two ends
//! and its kind, every snapshot edge a [`super::RelationKey`] of them, every diff row two of
//! those. With `String`s, a snapshot of a million ties made three million heap copies (and freed
//! them again); with reference-counted strings, three million atomic increments on counters
//! scattered over the heap, and as many decrements when the snapshot was dropped.
//!
//! A `Name` is an interned string (a [`ustr::Ustr`]): one pointer into a process-wide table that
//! holds each distinct text once. Cloning or dropping one touches no memory, two names are equal
//! exactly when their pointers are, and the text is read only to order or print them.
//!
//! The price is that the table never shrinks: each distinct text stays for the life of the
//! process. A graph's ids, kinds, event and source ids are small and few next to its points
//! (the 50,000 actors of a million-relation graph take about 2 MB), and loading the same graph
//! again adds nothing; a long-running process that loads many graphs with different ids keeps
//! all of them.
//!
//! It reads like a `&str` everywhere ([`Deref`], [`Borrow`], comparisons with `str`), compares
//! and hashes as its text (so maps keyed by `Name` are looked up with a `&str`), and serializes
//! as a plain string.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use ustr::Ustr;

/// An interned, immutable string: an actor, event or source id, or a relation kind.
///
/// Equal names share their text, so equality is one pointer comparison; order and hash are the
/// text's, so a `BTreeMap<Name, _>` lists in the same order as a `BTreeMap<String, _>`.
///
/// ```
/// use detente::model::Name;
/// let usa = Name::from("USA");
/// let again = usa.clone();
/// assert_eq!(again, "USA");
/// assert_eq!(usa.as_str(), "USA");
/// assert!(Name::from("BLR") < usa);
/// ```
#[derive(Clone, Default, Eq)]
pub struct Name(Ustr);

impl Name {
    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Where the text is. Every name with this text has this address, and no other name does:
    /// equal addresses say, without reading either text, that two names are one.
    pub(crate) fn address(&self) -> usize {
        self.0.as_char_ptr() as usize
    }
}

/// One pointer comparison: the table holds each text once.
impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.0 == other.0
    }
}

/// Orders as the text; equal names are equal without reading it (sorted keys often share an
/// end, and comparing a million tie keys read each end's text).
impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        if self.0 == other.0 {
            std::cmp::Ordering::Equal
        } else {
            self.as_str().cmp(other.as_str())
        }
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Hashes as the text (as `str` does), which `Borrow<str>` requires of a map key.
impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name(Ustr::from(text))
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name(Ustr::from(text.as_str()))
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Name {
        Name(Ustr::from(text.as_str()))
    }
}

impl From<&Name> for Name {
    fn from(name: &Name) -> Name {
        name.clone()
    }
}

impl From<Box<str>> for Name {
    fn from(text: Box<str>) -> Name {
        Name(Ustr::from(&text))
    }
}

impl From<Name> for String {
    fn from(name: Name) -> String {
        name.as_str().to_owned()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl serde::Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Name {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Name, D::Error> {
        String::deserialize(deserializer).map(Name::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashMap};

    #[test]
    fn a_name_compares_orders_and_hashes_as_its_text() {
        let (a, b) = (Name::from("BLR"), Name::from(String::from("BLR")));
        assert_eq!(a, b, "equal text, made from a str and from a String");
        assert_eq!(a, "BLR");
        assert_eq!("BLR", a);
        assert_ne!(a, Name::from("USA"));
        let names = ["USA", "BLR", "RUS", "UKR"];
        let mut sorted: Vec<Name> = names.iter().map(|n| Name::from(*n)).collect();
        sorted.sort();
        let mut texts = names.to_vec();
        texts.sort();
        assert_eq!(sorted.iter().map(Name::as_str).collect::<Vec<_>>(), texts);
        let map: BTreeMap<Name, usize> = sorted.iter().cloned().zip(0..).collect();
        assert_eq!(map.get("RUS"), Some(&1));
        let hashed: HashMap<Name, usize> = sorted.into_iter().zip(0..).collect();
        assert_eq!(hashed.get("USA"), Some(&3));
    }

    #[test]
    fn a_name_serializes_as_a_plain_string() {
        let name = Name::from("say \"no\"");
        let json = serde_json::to_string(&name).unwrap();
        assert_eq!(json, r#""say \"no\"""#);
        assert_eq!(serde_json::from_str::<Name>(&json).unwrap(), name);
        assert_eq!(format!("{name} {name:?}"), r#"say "no" "say \"no\"""#);
    }

    proptest::proptest! {
        #[test]
        fn names_order_as_their_texts_shared_or_not(a in ".{0,6}", b in ".{0,6}") {
            let (x, y) = (Name::from(a.as_str()), Name::from(b.as_str()));
            proptest::prop_assert_eq!(x.cmp(&y), a.cmp(&b));
            proptest::prop_assert_eq!(x.partial_cmp(&y), Some(a.cmp(&b)));
            proptest::prop_assert_eq!(x.cmp(&x.clone()), std::cmp::Ordering::Equal);
            proptest::prop_assert_eq!(x.cmp(&Name::from(a.as_str())), std::cmp::Ordering::Equal);
        }
    }

    #[test]
    fn a_clone_shares_the_text() {
        let name = Name::from("USA");
        let clone = name.clone();
        assert!(std::ptr::eq(name.as_str(), clone.as_str()));
    }

    #[test]
    fn names_of_one_text_are_one_text_however_made() {
        let text = String::from("a name made only by this test");
        let made = [
            Name::from(text.as_str()),
            Name::from(text.clone()),
            Name::from(&text),
            Name::from(text.clone().into_boxed_str()),
            serde_json::from_str::<Name>(&serde_json::to_string(&text).unwrap()).unwrap(),
        ];
        for name in &made {
            assert_eq!(name.address(), made[0].address(), "{name}");
            assert!(std::ptr::eq(name.as_str(), made[0].as_str()));
        }
        assert_ne!(
            made[0].address(),
            Name::from("a name made only by this test!").address()
        );
        // Made on another thread, it is still the same text.
        let there = std::thread::spawn(move || Name::from(text)).join().unwrap();
        assert_eq!(there.address(), made[0].address());
    }

    #[test]
    fn names_stay_themselves_while_the_table_grows_on_many_threads() {
        // The table starts small (vendor/ustr/PATCHED.md), so this grows each of its shards
        // many times over, from four threads at once, text by text as a loader would.
        let texts = |t: usize| (0..20_000).map(move |i| format!("grow test {t} {i:05}"));
        let made: Vec<Vec<(String, Name)>> = std::thread::scope(|s| {
            let threads: Vec<_> = (0..4)
                .map(|t| s.spawn(move || texts(t).map(|x| (x.clone(), Name::from(x))).collect()))
                .collect();
            threads.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut addresses = std::collections::HashSet::new();
        for (text, name) in made.iter().flatten() {
            assert_eq!(name.as_str(), text);
            assert_eq!(
                Name::from(text.as_str()).address(),
                name.address(),
                "{text}"
            );
            assert!(addresses.insert(name.address()), "{text} shares an address");
        }
        assert_eq!(addresses.len(), 80_000);
    }
}
