//! Moments in UTC for `<time datetime>`, which takes a full date with
//! its time (`2026-12-06T16:10:05Z`), never a bare time with a zone.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A moment in UTC, to the second, in the proleptic Gregorian calendar.
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::Utc;
///
/// let at = Utc::from_unix(1_796_573_405);
/// assert_eq!(at.to_string(), "2026-12-06T16:10:05Z");
/// assert_eq!(
///     time((datetime(at.to_string()), format!("{:02}:{:02}", at.hour, at.minute))).render(),
///     r#"<time datetime="2026-12-06T16:10:05Z">16:10</time>"#
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Utc {
    /// The year (negative before year 0).
    pub year: i64,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    /// 0 to 23.
    pub hour: u32,
    /// 0 to 59.
    pub minute: u32,
    /// 0 to 59.
    pub second: u32,
}

impl Utc {
    /// The moment `secs` seconds after 1970-01-01T00:00:00Z (before it,
    /// when negative).
    pub fn from_unix(secs: i64) -> Self {
        let (year, month, day) = civil_date(secs.div_euclid(86_400));
        let in_day = secs.rem_euclid(86_400);
        Self {
            year,
            month,
            day,
            hour: (in_day / 3600) as u32,
            minute: (in_day % 3600 / 60) as u32,
            second: (in_day % 60) as u32,
        }
    }

    /// Now, by the system clock.
    pub fn now() -> Self {
        Self::from(SystemTime::now())
    }
}

impl From<SystemTime> for Utc {
    fn from(t: SystemTime) -> Self {
        let secs = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        };
        Self::from_unix(secs)
    }
}

/// A valid global date and time string: `2026-12-06T16:10:05Z`.
impl fmt::Display for Utc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// The year, month and day of the `days`th day after 1970-01-01.
fn civil_date(days: i64) -> (i64, u32, u32) {
    // Days from 0000-03-01, so that a leap day ends its year.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_the_epoch_become_dates() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(-1), (1969, 12, 31));
        assert_eq!(civil_date(11_016), (2000, 2, 29));
        assert_eq!(civil_date(19_723), (2024, 1, 1));
        assert_eq!(civil_date(20_793), (2026, 12, 6));
    }

    #[test]
    fn moments_print_as_global_date_and_time_strings() {
        assert_eq!(Utc::from_unix(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(Utc::from_unix(-1).to_string(), "1969-12-31T23:59:59Z");
        assert_eq!(
            Utc::from_unix(951_782_400 + 86_399).to_string(),
            "2000-02-29T23:59:59Z"
        );
        let before = UNIX_EPOCH - std::time::Duration::from_secs(86_400);
        assert_eq!(Utc::from(before).to_string(), "1969-12-31T00:00:00Z");
    }
}
