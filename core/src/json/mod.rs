//! Strict JSON for untrusted input: validate once (grammar, depth, duplicate members)
//! without recursion or allocation, then read members of the validated text.

pub(crate) mod de;
mod heapsort;
mod lexer;
mod reader;
mod string;
mod validator;

pub(crate) use reader::{
    document_value, object_members, object_value_members, Elements, Kind, Members, Value,
};
pub(crate) use string::JsonStr;
pub(crate) use validator::{validate, validate_object};

/// Deepest nesting any policy may allow; the validator's stack is this big.
pub(crate) const MAX_SUPPORTED_DEPTH: usize = 64;
/// Members held at once for the duplicate check (those of all currently open objects).
/// A document with more is refused as [`JsonError::TooLarge`] (a token: `too_large`).
/// 256 is far above any issuer's claims (Cognito's own and 50 custom attributes are under
/// 80) and keeps the validator's stack near 7 KiB, for microcontrollers (each held name
/// is 20 bytes).
pub(crate) const MAX_OPEN_MEMBERS: usize = 256;

impl JsonError {
    /// The verdict for a token segment (header or payload): a limit of ours is
    /// `too_large`, anything else `malformed`.
    pub(crate) fn token_error(self) -> crate::Error {
        match self {
            JsonError::TooLarge => crate::Error::TooLarge,
            _ => crate::Error::Malformed,
        }
    }
}

/// Why the validator refused a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Not JSON (RFC 8259), or a string that cannot be decoded to Unicode.
    Syntax,
    /// Nested deeper than allowed.
    TooDeep,
    /// An object has two members with the same (decoded) name.
    DuplicateMember,
    /// More members open at once than the duplicate check holds ([`MAX_OPEN_MEMBERS`]),
    /// or a document over 4 GiB: a limit of ours, not a fault of the JSON.
    TooLarge,
}

#[cfg(test)]
mod tests {
    use super::validator::validate_visiting;
    use super::*;
    use alloc::string::String;

    fn ok(doc: &str) -> bool {
        validate(doc, 16).is_ok()
    }

    #[test]
    fn accepts_rfc8259_values() {
        for doc in [
            "{}",
            "[]",
            " {\"a\" : [1, -0.5e+3, true, false, null, \"x\\u00e9\\ud83d\\ude00\"]}\n",
            "0",
            "\"s\"",
            "{\"a\":{\"a\":1}}",
        ] {
            assert!(ok(doc), "{doc}");
        }
    }

    #[test]
    fn rejects_invalid_grammar() {
        for doc in [
            "",
            "{",
            "}",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "[1,]",
            "[01]",
            "[1.]",
            "[.5]",
            "[1e]",
            "[+1]",
            "[tru]",
            "[\"\\x\"]",
            "[\"\\u12\"]",
            "[\"a\u{1}\"]",
            "{} {}",
            "{'a':1}",
            "[NaN]",
            "[Infinity]",
            "{\"a\" 1}",
            "[\"\\ud800\"]",
            "[\"\\udc00\"]",
            "[\"\\ud800\\u0041\"]",
        ] {
            assert!(!ok(doc), "{doc:?}");
        }
    }

    #[test]
    fn rejects_duplicate_members_even_when_escaped_differently() {
        assert_eq!(
            validate("{\"a\":1,\"a\":2}", 8),
            Err(JsonError::DuplicateMember)
        );
        assert_eq!(
            validate("{\"a\":1,\"\\u0061\":2}", 8),
            Err(JsonError::DuplicateMember)
        );
        assert_eq!(validate("{\"a\":{\"a\":1},\"b\":{\"a\":2}}", 8), Ok(()));
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let deep: String = "[".repeat(100_000);
        assert_eq!(validate(&deep, 16), Err(JsonError::TooDeep));
        let ok_depth = "[".repeat(16) + &"]".repeat(16);
        assert_eq!(validate(&ok_depth, 16), Ok(()));
        let too_deep = "[".repeat(17) + &"]".repeat(17);
        assert_eq!(validate(&too_deep, 16), Err(JsonError::TooDeep));
    }

    #[test]
    fn members_and_elements_read_validated_text() {
        let doc = "{ \"a\\/b\" : [ \"x\" , {\"y\":[1]} ] , \"n\": 12.5 ,\"s\":\"q\\\"\"}";
        validate(doc, 8).unwrap();
        let members: alloc::vec::Vec<_> = object_members(doc).unwrap().collect();
        assert_eq!(members.len(), 3);
        assert!(members[0].0.eq_str("a/b"));
        assert_eq!(members[0].1.kind, Kind::Array);
        assert_eq!(members[0].1.elements().count(), 2);
        assert_eq!(members[1].1.text, "12.5");
        assert_eq!(members[2].1.as_str().unwrap().to_cow(), "q\"");
        assert!(object_members(doc).unwrap().get("s").is_some());
        assert!(object_members("[1]").is_none());
    }

    fn visits(doc: &str) -> alloc::vec::Vec<(String, Kind, String, bool)> {
        let mut seen = alloc::vec::Vec::new();
        validate_visiting(doc, 8, |name, value| {
            let text = String::from(value.text);
            seen.push((name.to_cow().into_owned(), value.kind, text, value.escaped));
        })
        .unwrap();
        seen
    }

    #[test]
    fn visiting_reports_each_top_level_member_once_with_its_value() {
        let doc = " { \"a\\/b\" : [ \"x\" , {\"y\":[1]} ] , \"n\": -12.5e1 ,\"s\":\"q\\\"\",\
                   \"o\":{}, \"e\": [], \"t\":true,\"f\": false ,\"z\":null, \"p\" : \"plain\" } ";
        let expected = [
            ("a/b", Kind::Array, "[ \"x\" , {\"y\":[1]} ]", false),
            ("n", Kind::Number, "-12.5e1", false),
            ("s", Kind::String, "q\\\"", true),
            ("o", Kind::Object, "{}", false),
            ("e", Kind::Array, "[]", false),
            ("t", Kind::Bool, "true", false),
            ("f", Kind::Bool, "false", false),
            ("z", Kind::Null, "null", false),
            ("p", Kind::String, "plain", false),
        ];
        let seen = visits(doc);
        assert_eq!(seen.len(), expected.len());
        for ((name, kind, text, escaped), (want_name, want_kind, want_text, want_escaped)) in
            seen.iter().zip(expected)
        {
            assert_eq!(
                (name.as_str(), *kind, text.as_str(), *escaped),
                (want_name, want_kind, want_text, want_escaped)
            );
        }
        // The member iterator, which reads the same text later, agrees on every member.
        let walked: alloc::vec::Vec<_> = object_members(doc)
            .unwrap()
            .map(|(n, v)| {
                (
                    n.to_cow().into_owned(),
                    v.kind,
                    String::from(v.text),
                    v.escaped,
                )
            })
            .collect();
        assert_eq!(walked, seen);
    }

    #[test]
    fn visiting_sees_no_members_of_arrays_or_nested_objects() {
        assert!(visits("[{\"a\":1},{\"b\":2}]").is_empty());
        assert!(visits("\"a\"").is_empty());
        assert_eq!(visits("{\"a\":{\"b\":{\"c\":1}}}").len(), 1);
    }

    #[test]
    fn duplicate_check_compares_bytes_when_length_and_ends_agree() {
        // Same length, first and last byte: the shortcut key matches, the bytes decide.
        assert_eq!(validate("{\"axb\":1,\"ayb\":2}", 8), Ok(()));
        assert_eq!(
            validate("{\"axb\":1,\"ayb\":2,\"axb\":3}", 8),
            Err(JsonError::DuplicateMember)
        );
        assert_eq!(
            validate("{\"\":1,\"\":2}", 8),
            Err(JsonError::DuplicateMember)
        );
        // An escaped name is compared decoded, whatever its raw length.
        assert_eq!(
            validate("{\"ab\":1,\"a\\u0062\":2}", 8),
            Err(JsonError::DuplicateMember)
        );
    }

    #[test]
    fn duplicate_found_whatever_the_filter_says_about_other_names() {
        // Enough names that the 64-bit filter saturates; every earlier name repeated.
        let names: alloc::vec::Vec<String> = (0..150).map(|i| alloc::format!("claim{i}")).collect();
        let members: alloc::vec::Vec<String> =
            names.iter().map(|n| alloc::format!("\"{n}\":1")).collect();
        let doc = alloc::format!("{{{}}}", members.join(","));
        assert_eq!(validate(&doc, 8), Ok(()));
        for repeated in &names {
            let doc = alloc::format!("{{{},\"{repeated}\":2}}", members.join(","));
            assert_eq!(
                validate(&doc, 8),
                Err(JsonError::DuplicateMember),
                "{repeated}"
            );
        }
        // Each object has its own filter: the same names in sibling objects are fine.
        assert_eq!(
            validate("{\"a\":{\"x\":1,\"y\":2},\"b\":{\"x\":1,\"y\":2}}", 8),
            Ok(())
        );
        assert_eq!(
            validate("{\"a\":{\"x\":1},\"b\":{\"x\":1,\"x\":2}}", 8),
            Err(JsonError::DuplicateMember)
        );
    }

    #[test]
    fn duplicate_found_on_both_sides_of_the_exact_key_limit() {
        // Small objects compare their names' keys exactly, larger ones fall back to the
        // filter: a repeat is found at every count of names and every position.
        for count in 1..=40 {
            let members: alloc::vec::Vec<String> =
                (0..count).map(|i| alloc::format!("\"n{i}\":1")).collect();
            let doc = alloc::format!("{{{}}}", members.join(","));
            assert_eq!(validate(&doc, 8), Ok(()), "{count} names");
            for repeated in 0..count {
                let doc = alloc::format!("{{{},\"n{repeated}\":2}}", members.join(","));
                assert_eq!(
                    validate(&doc, 8),
                    Err(JsonError::DuplicateMember),
                    "{count} names, n{repeated} repeated"
                );
            }
        }
    }

    /// serde_json with duplicate detection (it keeps the last duplicate by default).
    fn serde_accepts_without_duplicates(doc: &str) -> Option<bool> {
        let value: serde_json::Value = serde_json::from_str(doc).ok()?;
        fn depth(v: &serde_json::Value) -> usize {
            match v {
                serde_json::Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
                serde_json::Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
                _ => 0,
            }
        }
        Some(depth(&value) <= 16)
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(serde_json::Value::from),
            any::<String>().prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(20, 200, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
                proptest::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4096, ..Default::default() })]

        /// Differential: whatever we accept serde_json accepts; whatever serde_json accepts
        /// (within our depth, and without duplicate names) we accept.
        #[test]
        fn validator_agrees_with_serde_json(doc in r#"[\[\]{}":,0-9a-c\\u .eE+-]{0,40}"#) {
            // RFC 8259 numbers have no range; serde_json limits them to f64's unless its
            // `arbitrary_precision` feature is on (whether it is depends on the other crates
            // of the build): the oracle cannot judge documents with such numbers.
            let out_of_range = serde_json::from_str::<serde_json::Value>(&doc)
                .is_err_and(|e| alloc::format!("{e}").contains("number out of range"));
            proptest::prop_assume!(!out_of_range);
            let ours = validate(&doc, 16);
            match serde_accepts_without_duplicates(&doc) {
                None => proptest::prop_assert!(ours.is_err(), "we accepted {doc:?}"),
                Some(true) => proptest::prop_assert!(
                    ours.is_ok() || ours == Err(JsonError::DuplicateMember),
                    "we rejected {doc:?}: {ours:?}"
                ),
                Some(false) => proptest::prop_assert_eq!(ours, Err(JsonError::TooDeep)),
            }
        }

        /// Every document serde_json writes is accepted when within the depth limit.
        #[test]
        fn serde_json_output_is_accepted(value in json_value()) {
            let doc = serde_json::to_string_pretty(&value).unwrap();
            let within = serde_accepts_without_duplicates(&doc).unwrap();
            proptest::prop_assert_eq!(validate(&doc, 16).is_ok(), within);
            if within && value.is_object() {
                // The members visited while validating are the members read afterwards.
                let mut visited = alloc::vec::Vec::new();
                validate_visiting(&doc, 16, |name, value| {
                    visited.push((name.to_cow(), value.kind, value.text, value.escaped));
                })
                .unwrap();
                let walked: alloc::vec::Vec<_> = object_members(&doc)
                    .unwrap()
                    .map(|(name, value)| (name.to_cow(), value.kind, value.text, value.escaped))
                    .collect();
                proptest::prop_assert_eq!(visited, walked);
            }
        }

        /// Decoded strings equal serde_json's decoding.
        #[test]
        fn string_decoding_agrees_with_serde_json(text in proptest::prelude::any::<String>()) {
            let encoded = serde_json::to_string(&text).unwrap();
            validate(&encoded, 1).unwrap();
            let inner = &encoded[1..encoded.len() - 1];
            proptest::prop_assert_eq!(JsonStr::new(inner).to_cow(), text.as_str());
            let escaped_all: String = text.encode_utf16().map(|u| alloc::format!("\\u{u:04x}")).collect();
            validate(&alloc::format!("\"{escaped_all}\""), 1).unwrap();
            proptest::prop_assert_eq!(JsonStr::new(&escaped_all).to_cow(), text.as_str());
        }
    }
}
