//! `scenario add`'s edit parsing: for any scenario text the reader accepts, `append_edit` either
//! refuses or writes a file the reader reads back with exactly one edit more.
#![no_main]

use detente::model::Date;
use detente::scenario::{Edit, Provenance, TieRef, append_edit, parse_str};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = parse_str(text, "fuzz.yaml") else {
        return;
    };
    let edit = Edit::Set {
        tie: TieRef::mutual("USA", "BLR", "diplomatic"),
        date: "2025-09".parse::<Date>().expect("a date"),
        weight: 0.2,
        why: Provenance::note("fuzz: \"quotes\", a\nline break and a # hash"),
    };
    if let Ok(appended) = append_edit(text, &edit) {
        let back = parse_str(&appended, "fuzz.yaml")
            .unwrap_or_else(|e| panic!("the appended file is unreadable: {e}\n{appended}"));
        assert_eq!(back.edits.len(), file.edits.len() + 1, "{appended}");
        assert_eq!(back.edits.last(), Some(&edit), "{appended}");
    }
});
