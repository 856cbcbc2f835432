//! [`Name`]: an id or kind as written in the file, shared rather than copied.
//!
//! A graph names the same few actors and kinds over and over: every relation holds its two ends
//! and its kind, every snapshot edge a [`super::RelationKey`] of them, every diff row two of
//! those. With `String`s, a snapshot of a million ties made three million heap copies (and freed
//! them again); a `Name` is a reference-counted `str`, so cloning one is a counter increment and
//! the loaders hand every relation the same allocation as its actor's id.
//!
//! It reads like a `&str` everywhere ([`Deref`], [`Borrow`], comparisons with `str`), compares
//! and hashes as its text (so maps keyed by `Name` are looked up with a `&str`), and serializes
//! as a plain string.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A shared, immutable string: an actor, event or source id, or a relation kind.
///
/// Equal names compare equal whether or not they share an allocation; order and hash are the
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
pub struct Name(Arc<str>);

impl Name {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where the text is. Names that share their allocation have one address, so equal
    /// addresses say, without reading either text, that two names are one; equal names may
    /// still have different addresses.
    pub(crate) fn address(&self) -> usize {
        self.0.as_ptr() as usize
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        // Names handed out by one loader usually share their allocation: equal without reading.
        Arc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

/// Orders as the text; names that share an allocation are equal without reading it (sorted
/// keys often share an end, and comparing a million tie keys read each end's text).
impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        if Arc::ptr_eq(&self.0, &other.0) {
            std::cmp::Ordering::Equal
        } else {
            self.0.cmp(&other.0)
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
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name(Arc::from(text))
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name(Arc::from(text))
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Name {
        Name(Arc::from(text.as_str()))
    }
}

impl From<&Name> for Name {
    fn from(name: &Name) -> Name {
        name.clone()
    }
}

impl From<Box<str>> for Name {
    fn from(text: Box<str>) -> Name {
        Name(Arc::from(text))
    }
}

impl From<Name> for String {
    fn from(name: Name) -> String {
        name.0.to_string()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

impl serde::Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
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
        assert_eq!(a, b, "equal text, separate allocations");
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
}
