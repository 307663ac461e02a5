//! NumericDate claims for people: UTC calendar time and how far from now.

use serde_json::{json, Value};

/// The date claims worth a human-readable form, in the order they are shown.
pub(crate) const DATE_CLAIMS: [&str; 4] = ["exp", "nbf", "iat", "auth_time"];

/// `2026-12-01 09:10:00 UTC` for Unix seconds (proleptic Gregorian calendar).
pub(crate) fn utc(seconds: u64) -> String {
    let days = seconds / 86_400;
    let of_day = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// Year, month, day of the `days`-th day after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, for days >= 0).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153; // March = 0
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// `in 3 h 5 min`, `3 h 5 min ago` or `now`: the two largest units, rounded down.
pub(crate) fn relative(seconds: u64, now: u64) -> String {
    let span = seconds.abs_diff(now);
    if span == 0 {
        return "now".into();
    }
    let units = [(86_400, "d"), (3600, "h"), (60, "min"), (1, "s")];
    let mut parts = Vec::new();
    let mut left = span;
    for (size, name) in units {
        if left >= size && parts.len() < 2 {
            parts.push(format!("{} {name}", left / size));
            left %= size;
        } else if !parts.is_empty() {
            // Only adjacent units: "2 d 5 s" reads as a precision the first unit lacks.
            break;
        }
    }
    let amount = parts.join(" ");
    if seconds > now {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

/// `2026-12-01 09:10:00 UTC (in 3 h)` for the text output.
pub(crate) fn describe(seconds: u64, now: u64) -> String {
    format!("{} ({})", utc(seconds), relative(seconds, now))
}

/// `{"unix": .., "utc": "..", "relative": ".."}` for `--json` output.
pub(crate) fn as_json(seconds: u64, now: u64) -> Value {
    json!({ "unix": seconds, "utc": utc(seconds), "relative": relative(seconds, now) })
}

/// The date claims of a claims object present as whole seconds (fractions rounded
/// down), with their names.
pub(crate) fn date_claims(claims: &Value) -> Vec<(&'static str, u64)> {
    DATE_CLAIMS
        .into_iter()
        .filter_map(|name| {
            let value = claims.get(name)?;
            let seconds = value
                .as_u64()
                .or_else(|| value.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))?;
            Some((name, seconds))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_matches_known_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(1_700_000_000), "2023-11-14 22:13:20 UTC");
        assert_eq!(utc(4_102_444_799), "2099-12-31 23:59:59 UTC");
        assert_eq!(utc(253_402_300_799), "9999-12-31 23:59:59 UTC");
    }

    #[test]
    fn relative_names_the_two_largest_adjacent_units() {
        assert_eq!(relative(100, 100), "now");
        assert_eq!(relative(100 + 3 * 3600 + 5 * 60 + 7, 100), "in 3 h 5 min");
        assert_eq!(relative(100, 100 + 3 * 3600), "3 h ago");
        assert_eq!(relative(100, 100 + 2 * 86_400 + 5), "2 d ago");
        assert_eq!(relative(159, 100), "in 59 s");
        assert_eq!(relative(100, 100 + 86_400 + 3600), "1 d 1 h ago");
    }

    #[test]
    fn date_claims_reads_integers_and_fractions() {
        let claims = json!({"exp": 1_700_000_000.75, "iat": 5, "nbf": "soon", "auth_time": -1});
        assert_eq!(
            date_claims(&claims),
            vec![("exp", 1_700_000_000), ("iat", 5)]
        );
    }
}
