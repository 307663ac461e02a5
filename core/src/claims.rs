//! Typed, read-only access to the claims of a payload the core has validated.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::json::{self, JsonStr, Kind, Value};
use crate::{Error, UnixTime};

/// Latest NumericDate accepted, in milliseconds: 9999-12-31T23:59:59Z. Later values are
/// `invalid_claim`.
const MAX_NUMERIC_DATE_MS: u64 = 253_402_300_799_000;

/// A JWT NumericDate (RFC 7519 section 2): seconds since the epoch, possibly fractional.
///
/// Held exactly to the millisecond, plus whether a smaller fraction remains, so the time
/// rules compare it with the caller's [`UnixTime`] without rounding either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct NumericDate {
    millis: u64,
    /// Whether the value lies strictly between `millis` and the next millisecond.
    sub_millisecond: bool,
}

impl NumericDate {
    /// Whole seconds since 1970-01-01T00:00:00Z (any fraction dropped).
    pub const fn seconds(self) -> u64 {
        self.millis / 1000
    }

    /// Whole milliseconds since 1970-01-01T00:00:00Z (any smaller fraction dropped).
    pub const fn millis(self) -> u64 {
        self.millis
    }

    fn parse(value: Value<'_>) -> Result<Self, Error> {
        if value.kind != Kind::Number {
            return Err(Error::InvalidClaim);
        }
        // Issuers write whole seconds: read those without the general decimal reader.
        // Twelve digits at most keeps u64 far from overflow and covers every date up to
        // the limit.
        if (1..=12).contains(&value.text.len()) && value.text.bytes().all(|b| b.is_ascii_digit()) {
            let seconds = value
                .text
                .bytes()
                .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
            let millis = seconds * 1000;
            if millis > MAX_NUMERIC_DATE_MS {
                return Err(Error::InvalidClaim);
            }
            return Ok(Self {
                millis,
                sub_millisecond: false,
            });
        }
        exact_millis(value.text).ok_or(Error::InvalidClaim)
    }

    /// `now < self + leeway` (the `exp` rule), exact for fractional dates.
    pub(crate) fn is_after(self, now: UnixTime, leeway_seconds: u64) -> bool {
        let limit = self
            .millis
            .saturating_add(leeway_seconds.saturating_mul(1000));
        if self.sub_millisecond {
            now.as_millis() <= limit
        } else {
            now.as_millis() < limit
        }
    }

    /// `self - leeway <= now` (the `nbf` rule), exact for fractional dates.
    pub(crate) fn has_passed(self, now: UnixTime, leeway_seconds: u64) -> bool {
        let horizon = now
            .as_millis()
            .saturating_add(leeway_seconds.saturating_mul(1000));
        if self.sub_millisecond {
            self.millis < horizon
        } else {
            self.millis <= horizon
        }
    }
}

/// The exact value of a JSON number (validated text) in milliseconds: the whole
/// milliseconds and whether a fraction of one remains. `None` for a negative value
/// (other than zero) or one beyond [`MAX_NUMERIC_DATE_MS`].
///
/// Decimal arithmetic on the digits, not a float: `1800000000.0005` stays after
/// `1800000000` and `253402300799.0000001` stays beyond the limit. Linear in the text;
/// an exponent of any size costs nothing more.
fn exact_millis(text: &str) -> Option<NumericDate> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = unsigned.split_once(['e', 'E']).unwrap_or((unsigned, "0"));
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let (exponent_negative, exponent_digits) = match exponent.as_bytes().first() {
        Some(b'-') => (true, exponent.get(1..)?),
        Some(b'+') => (false, exponent.get(1..)?),
        _ => (false, exponent),
    };
    // Far beyond any digit count a token can hold, so clamping changes no verdict.
    const EXPONENT_CLAMP: i64 = 1 << 40;
    let magnitude = exponent_digits.bytes().fold(0i64, |n, b| {
        n.saturating_mul(10)
            .saturating_add(i64::from(b - b'0'))
            .min(EXPONENT_CLAMP)
    });
    let exponent = if exponent_negative {
        -magnitude
    } else {
        magnitude
    };
    // Where the decimal point of value * 1000 falls among the mantissa digits.
    let point = (whole.len() as i64)
        .saturating_add(exponent)
        .saturating_add(3);
    let mut millis = 0u64;
    let mut sub_millisecond = false;
    let mut digit_count = 0i64;
    for byte in whole.bytes().chain(fraction.bytes()) {
        let digit = u64::from(byte - b'0');
        if digit_count < point {
            millis = millis.checked_mul(10)?.checked_add(digit)?;
            if millis > MAX_NUMERIC_DATE_MS {
                return None;
            }
        } else if digit != 0 {
            sub_millisecond = true;
        }
        digit_count += 1;
    }
    // Zeros the exponent appends; a non-zero value passes the limit within 16 of them.
    if millis != 0 {
        for _ in digit_count..point {
            millis = millis.checked_mul(10)?;
            if millis > MAX_NUMERIC_DATE_MS {
                return None;
            }
        }
    }
    if negative && (millis != 0 || sub_millisecond) {
        return None;
    }
    if millis == MAX_NUMERIC_DATE_MS && sub_millisecond {
        return None;
    }
    Some(NumericDate {
        millis,
        sub_millisecond,
    })
}

/// The claims of a verified (or explicitly unverified) token.
///
/// String accessors return decoded text (`"https:\/\/x"` reads as `https://x`), borrowed
/// when the JSON had no escapes. Every standard claim the core knows has already been
/// type-checked during verification, so accessors return `None` only when it is absent.
/// Read anything else with [`get_str`](Claims::get_str), or deserialize the whole
/// payload into your own type with
/// [`VerifiedToken::deserialize_claims`](crate::VerifiedToken::deserialize_claims).
#[derive(Debug, Clone, Copy)]
pub struct Claims<'a> {
    json: &'a str,
    /// The claims the core reads, found in one pass (verification reads ~25 of them).
    known: [Option<Value<'a>>; KNOWN_CLAIMS.len()],
}

/// Claims looked up by the verification path, indexed once per payload.
const KNOWN_CLAIMS: [(&str, ClaimType); 14] = [
    ("exp", ClaimType::Date),
    ("nbf", ClaimType::Date),
    ("iat", ClaimType::Date),
    ("auth_time", ClaimType::Date),
    ("iss", ClaimType::Text),
    ("sub", ClaimType::Text),
    ("jti", ClaimType::Text),
    ("aud", ClaimType::Audience),
    ("token_use", ClaimType::Text),
    ("client_id", ClaimType::Text),
    ("scope", ClaimType::Text),
    ("username", ClaimType::Text),
    ("cognito:username", ClaimType::Text),
    ("cognito:groups", ClaimType::TextList),
];

/// The JSON type a standard claim must have when present (else `invalid_claim`).
#[derive(Debug, Clone, Copy)]
enum ClaimType {
    /// A NumericDate: a number in range.
    Date,
    /// A string.
    Text,
    /// A string or an array of strings (RFC 7519 4.1.3).
    Audience,
    /// An array of strings.
    TextList,
}

/// Puts a top-level member into its slot when it is one of [`KNOWN_CLAIMS`].
fn index_known<'a>(
    known: &mut [Option<Value<'a>>; KNOWN_CLAIMS.len()],
    name: JsonStr<'a>,
    value: Value<'a>,
) {
    if let Some(slot) = KNOWN_CLAIMS
        .iter()
        .position(|(known, _)| name.eq_str(known))
        .and_then(|i| known.get_mut(i))
    {
        // Duplicates were refused by the validator, so each slot is set once.
        *slot = Some(value);
    }
}

impl<'a> Claims<'a> {
    /// Wraps a payload the JSON validator accepted and that is an object.
    pub(crate) fn new(json: &'a str) -> Self {
        // The same pass as `parse` (so one indexing path is fuzzed and tested); the text
        // was validated already, at a depth no greater than the largest supported.
        Self::parse(json, json::MAX_SUPPORTED_DEPTH).unwrap_or(Self {
            json,
            known: [None; KNOWN_CLAIMS.len()],
        })
    }

    /// Validates a payload (grammar, depth, duplicate members; a top-level object) and
    /// indexes the known claims in the same pass: verification's way in.
    pub(crate) fn parse(json: &'a str, max_depth: usize) -> Result<Self, Error> {
        let mut known = [None; KNOWN_CLAIMS.len()];
        json::validate_object(json, max_depth, |name, value| {
            index_known(&mut known, name, value);
        })
        .map_err(json::JsonError::token_error)?;
        Ok(Self { json, known })
    }

    /// The raw payload JSON, exactly as the issuer wrote it.
    pub fn json(&self) -> &'a str {
        self.json
    }

    // Inlined so that, for the constant names of the verification path, the search of
    // KNOWN_CLAIMS folds away at compile time. A hint, not `always`: forcing it grew the
    // firmware image by 1.4 KB and ran more instructions.
    #[inline]
    pub(crate) fn value(&self, name: &str) -> Option<Value<'a>> {
        match KNOWN_CLAIMS.iter().position(|(known, _)| *known == name) {
            Some(i) => self.known.get(i).copied().flatten(),
            None => json::object_members(self.json)?.get(name),
        }
    }

    /// A string claim; `Err(InvalidClaim)` if present with another type.
    #[inline]
    pub(crate) fn string(&self, name: &str) -> Result<Option<JsonStr<'a>>, Error> {
        match self.value(name) {
            None => Ok(None),
            Some(value) => value.as_str().map(Some).ok_or(Error::InvalidClaim),
        }
    }

    /// A NumericDate claim; `Err(InvalidClaim)` if not a number in range.
    #[inline]
    pub(crate) fn date(&self, name: &str) -> Result<Option<NumericDate>, Error> {
        self.value(name).map(NumericDate::parse).transpose()
    }

    /// An array-of-strings claim; `Err(InvalidClaim)` for any other type.
    pub(crate) fn string_list(
        &self,
        name: &str,
    ) -> Result<Option<impl Iterator<Item = JsonStr<'a>> + Clone>, Error> {
        match self.value(name) {
            None => Ok(None),
            Some(value) => value.string_elements().map(Some).ok_or(Error::InvalidClaim),
        }
    }

    /// `aud` as its values: one string, or an array of strings (RFC 7519 4.1.3).
    pub(crate) fn audiences(
        &self,
    ) -> Result<Option<impl Iterator<Item = JsonStr<'a>> + Clone>, Error> {
        let Some(value) = self.value("aud") else {
            return Ok(None);
        };
        let single = value.as_str();
        let list = if value.kind == Kind::Array {
            Some(value.string_elements().ok_or(Error::InvalidClaim)?)
        } else if single.is_some() {
            None
        } else {
            return Err(Error::InvalidClaim);
        };
        Ok(Some(single.into_iter().chain(list.into_iter().flatten())))
    }

    /// Checks the JSON type of every standard claim the core knows.
    pub(crate) fn check_standard_types(&self) -> Result<(), Error> {
        match self.first_ill_typed() {
            Some(_) => Err(Error::InvalidClaim),
            None => Ok(()),
        }
    }

    /// The first standard claim present with the wrong JSON type, in the order the
    /// types are checked: what an `invalid_claim` is about.
    pub(crate) fn first_ill_typed(&self) -> Option<&'static str> {
        self.known
            .iter()
            .zip(KNOWN_CLAIMS)
            .find(|(value, (_, claim_type))| {
                value.is_some_and(|value| match claim_type {
                    ClaimType::Date => NumericDate::parse(value).is_err(),
                    ClaimType::Text => value.kind != Kind::String,
                    ClaimType::Audience => self.audiences().is_err(),
                    ClaimType::TextList => value.string_elements().is_none(),
                })
            })
            .map(|(_, (name, _))| name)
    }

    /// Any top-level string claim, decoded; `None` if absent or not a string.
    pub fn get_str(&self, name: &str) -> Option<Cow<'a, str>> {
        self.value(name)?.as_str().map(JsonStr::to_cow)
    }

    /// Any top-level boolean claim; `None` if absent or not a boolean.
    pub fn get_bool(&self, name: &str) -> Option<bool> {
        self.value(name)?.as_bool()
    }

    /// Any top-level claim's raw JSON text (strings without their quotes, escapes kept).
    pub fn get_raw(&self, name: &str) -> Option<&'a str> {
        self.value(name).map(|value| value.text)
    }

    /// A claim's value as JSON text, strings quoted (escapes kept as written).
    pub(crate) fn json_text(&self, name: &str) -> Option<String> {
        self.value(name).map(|value| match value.kind {
            Kind::String => alloc::format!("\"{}\"", value.text),
            _ => String::from(value.text),
        })
    }

    /// `sub`: the subject (Cognito: the user's UUID).
    pub fn sub(&self) -> Option<Cow<'a, str>> {
        self.get_str("sub")
    }

    /// `iss`: the issuer.
    pub fn iss(&self) -> Option<Cow<'a, str>> {
        self.get_str("iss")
    }

    /// `jti`: the token id.
    pub fn jti(&self) -> Option<Cow<'a, str>> {
        self.get_str("jti")
    }

    /// `token_use` (Cognito): `"id"` or `"access"`.
    pub fn token_use(&self) -> Option<Cow<'a, str>> {
        self.get_str("token_use")
    }

    /// `client_id` (Cognito access tokens).
    pub fn client_id(&self) -> Option<Cow<'a, str>> {
        self.get_str("client_id")
    }

    /// `scope`: space-separated OAuth scopes.
    pub fn scope(&self) -> Option<Cow<'a, str>> {
        self.get_str("scope")
    }

    /// Whether `scope` lists `wanted` (exact match of one space-separated entry).
    pub fn has_scope(&self, wanted: &str) -> bool {
        self.scope()
            .is_some_and(|scopes| scopes.split(' ').any(|s| s == wanted))
    }

    /// `username` (Cognito access tokens).
    pub fn username(&self) -> Option<Cow<'a, str>> {
        self.get_str("username")
    }

    /// `cognito:username` (Cognito id tokens).
    pub fn cognito_username(&self) -> Option<Cow<'a, str>> {
        self.get_str("cognito:username")
    }

    /// `exp`: expiry time.
    pub fn exp(&self) -> Option<NumericDate> {
        self.date("exp").ok().flatten()
    }

    /// `nbf`: not-before time.
    pub fn nbf(&self) -> Option<NumericDate> {
        self.date("nbf").ok().flatten()
    }

    /// `iat`: issue time.
    pub fn iat(&self) -> Option<NumericDate> {
        self.date("iat").ok().flatten()
    }

    /// `auth_time` (Cognito): when the user authenticated.
    pub fn auth_time(&self) -> Option<NumericDate> {
        self.date("auth_time").ok().flatten()
    }

    /// `aud` values, decoded (one string or each string of an array).
    pub fn aud(&self) -> impl Iterator<Item = Cow<'a, str>> + 'a {
        self.audiences()
            .ok()
            .flatten()
            .into_iter()
            .flatten()
            .map(JsonStr::to_cow)
    }

    /// `cognito:groups`, decoded.
    pub fn groups(&self) -> impl Iterator<Item = Cow<'a, str>> + 'a {
        self.string_list("cognito:groups")
            .ok()
            .flatten()
            .into_iter()
            .flatten()
            .map(JsonStr::to_cow)
    }

    /// Whether the user is in `group` (`cognito:groups`).
    pub fn in_group(&self, group: &str) -> bool {
        self.groups().any(|g| g == group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Result<NumericDate, Error> {
        NumericDate::parse(Value {
            kind: Kind::Number,
            text,
            escaped: false,
        })
    }

    /// The float path alone, as dates were read before the whole-seconds shortcut.
    fn date_by_float(text: &str) -> Result<u64, Error> {
        let number: f64 = text.parse().map_err(|_| Error::InvalidClaim)?;
        if !number.is_finite() || !(0.0..=253_402_300_799.0).contains(&number) {
            return Err(Error::InvalidClaim);
        }
        Ok(number as u64)
    }

    #[test]
    fn whole_second_shortcut_agrees_with_the_float_parser() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut texts: alloc::vec::Vec<alloc::string::String> = [
            "0",
            "1",
            "9",
            "10",
            "1585181213",
            "253402300799",
            "253402300800",
            "999999999999",
            "1000000000000",
            "4000000000",
            "99999999999999999999",
        ]
        .map(alloc::string::String::from)
        .to_vec();
        for _ in 0..10_000 {
            let random = crate::test_rng::next(&mut state);
            texts.push(alloc::format!(
                "{}",
                random % 10u64.pow((random >> 60) as u32 % 14)
            ));
        }
        for text in texts {
            let ours = date(&text).map(NumericDate::seconds);
            assert_eq!(ours, date_by_float(&text), "{text}");
            if let Ok(date) = date(&text) {
                assert!(!date.sub_millisecond, "{text}");
            }
        }
    }

    #[test]
    fn numeric_dates_in_range_parse() {
        assert_eq!(date("1585181213").unwrap().seconds(), 1_585_181_213);
        assert_eq!(date("1.5e3").unwrap().seconds(), 1500);
        assert_eq!(date("0").unwrap().seconds(), 0);
    }

    #[test]
    fn negative_or_huge_numeric_dates_are_invalid() {
        for text in ["-1", "1e300", "253402300800", "-0.5"] {
            assert_eq!(date(text), Err(Error::InvalidClaim), "{text}");
        }
    }

    fn at(seconds: u64) -> UnixTime {
        UnixTime::from_secs(seconds)
    }

    #[test]
    fn fractional_expiry_is_exact() {
        let exp = date("1000.5").unwrap();
        assert!(exp.is_after(at(1000), 0));
        assert!(exp.is_after(UnixTime::from_millis(1_000_499), 0));
        assert!(!exp.is_after(UnixTime::from_millis(1_000_500), 0));
        assert!(!exp.is_after(UnixTime::from_millis(1_000_800), 0));
        assert!(!exp.is_after(at(1001), 0));
        assert!(exp.is_after(UnixTime::from_millis(1_001_499), 1));
        let whole = date("1000").unwrap();
        assert!(!whole.is_after(at(1000), 0));
        assert!(whole.is_after(UnixTime::from_millis(999_999), 0));
        assert!(whole.is_after(at(1000), 1));
        // A fraction finer than a millisecond: still valid at that millisecond.
        let fine = date("1000.0005").unwrap();
        assert!(fine.is_after(UnixTime::from_millis(1_000_000), 0));
        assert!(!fine.is_after(UnixTime::from_millis(1_000_001), 0));
    }

    #[test]
    fn fractional_not_before_is_exact() {
        let nbf = date("1000.5").unwrap();
        assert!(!nbf.has_passed(at(1000), 0));
        assert!(!nbf.has_passed(UnixTime::from_millis(1_000_499), 0));
        assert!(nbf.has_passed(UnixTime::from_millis(1_000_500), 0));
        assert!(nbf.has_passed(UnixTime::from_millis(1_000_800), 0));
        let whole = date("1000").unwrap();
        assert!(whole.has_passed(at(1000), 0));
        assert!(!whole.has_passed(UnixTime::from_millis(999_999), 0));
        assert!(whole.has_passed(at(999), 1));
        let fine = date("1000.0005").unwrap();
        assert!(!fine.has_passed(UnixTime::from_millis(1_000_000), 0));
        assert!(fine.has_passed(UnixTime::from_millis(1_000_001), 0));
    }

    #[test]
    fn decimal_dates_are_read_exactly() {
        let cases = [
            ("1800000000.5", 1_800_000_000_500, false),
            ("1.8000000005e9", 1_800_000_000_500, false),
            ("18000000005e-1", 1_800_000_000_500, false),
            ("1800000000.0005", 1_800_000_000_000, true),
            ("0.0001", 0, true),
            ("1e-400", 0, true),
            ("0e999999999999999999999", 0, false),
            ("-0", 0, false),
            ("-0.000e5", 0, false),
            ("253402300799.000", MAX_NUMERIC_DATE_MS, false),
            ("2.53402300799e11", MAX_NUMERIC_DATE_MS, false),
            ("1E+3", 1_000_000, false),
            ("1000.0", 1_000_000, false),
        ];
        for (text, millis, sub_millisecond) in cases {
            let date = date(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(
                (date.millis(), date.sub_millisecond),
                (millis, sub_millisecond),
                "{text}"
            );
        }
        for text in [
            "-1e-400",
            "-0.001",
            "253402300799.0000001",
            "253402300800",
            "1e12",
            "1e999999999999999999999",
            "99999999999999999999999999.5",
        ] {
            assert_eq!(date(text), Err(Error::InvalidClaim), "{text}");
        }
    }

    proptest::proptest! {
        /// Every decimal within f64's exact range reads as the float parser says, to
        /// the millisecond.
        #[test]
        fn exact_dates_agree_with_floats_on_exact_values(whole in 0u64..253_402_300_799, millis in 0u64..1000, exponent in -3i32..3) {
            let text = alloc::format!("{whole}.{millis:03}");
            let parsed = date(&text).unwrap();
            proptest::prop_assert_eq!(parsed.millis(), whole * 1000 + millis);
            proptest::prop_assert!(!parsed.sub_millisecond);
            // The same value written with an exponent.
            let digits = alloc::format!("{whole}{millis:03}");
            let shifted = alloc::format!("{digits}e{}", exponent - 3);
            let scaled = date(&shifted);
            let expected_millis = if exponent >= 0 { (whole * 1000 + millis).checked_mul(10u64.pow(exponent as u32)) } else { Some((whole * 1000 + millis) / 10u64.pow((-exponent) as u32)) };
            match expected_millis.filter(|m| *m <= MAX_NUMERIC_DATE_MS) {
                Some(expected) if exponent >= 0 => proptest::prop_assert_eq!(scaled.unwrap().millis(), expected),
                Some(expected) => {
                    let scaled = scaled.unwrap();
                    proptest::prop_assert_eq!(scaled.millis(), expected);
                    proptest::prop_assert_eq!(scaled.sub_millisecond, (whole * 1000 + millis) % 10u64.pow((-exponent) as u32) != 0);
                }
                None => proptest::prop_assert_eq!(scaled, Err(Error::InvalidClaim)),
            }
        }
    }

    #[test]
    fn parse_validates_and_indexes_like_a_member_walk() {
        let payload = r#"{"sub":"u","iss":"https:\/\/i","exp":2000000000,"aud":["a","b"],"custom":{"exp":1},"cognito:groups":["g"],"scope":"x y"}"#;
        let parsed = Claims::parse(payload, 8).unwrap();
        let walked = Claims::new(payload);
        for (name, _) in KNOWN_CLAIMS {
            assert_eq!(parsed.get_raw(name), walked.get_raw(name), "{name}");
        }
        assert_eq!(parsed.iss().as_deref(), Some("https://i"));
        assert_eq!(
            parsed.date("exp").unwrap().map(NumericDate::seconds),
            Some(2_000_000_000)
        );
        for bad in ["[1]", "\"s\"", "{\"a\":1,\"a\":2}", "{", "{\"a\":[[[1]]]}"] {
            assert_eq!(
                Claims::parse(bad, 3).unwrap_err(),
                Error::Malformed,
                "{bad}"
            );
        }
    }
}
