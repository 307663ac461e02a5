//! The current time as the caller gives it: milliseconds since the Unix epoch.

use core::time::Duration;

/// A point in time, milliseconds since 1970-01-01T00:00:00Z, from the caller's clock.
///
/// The core reads no clock. Adapters pass the time with sub-second precision, so the
/// `exp` rule `now < exp + leeway` holds exactly: a token whose `exp` is
/// `1800000000.5` is expired at `1800000000.8`. A bare `u64` converts as whole
/// seconds (the precision of most tests and examples); clocks should use
/// [`UnixTime::from_millis`] or a [`Duration`] since the epoch.
///
/// ```
/// use core::time::Duration;
/// use edgejwt_core::UnixTime;
/// assert_eq!(UnixTime::from(1_700_000_000), UnixTime::from_secs(1_700_000_000));
/// assert_eq!(UnixTime::from_millis(1_700_000_000_250).as_secs(), 1_700_000_000);
/// let since_epoch = Duration::from_micros(1_700_000_000_250_999);
/// assert_eq!(UnixTime::from(since_epoch).as_millis(), 1_700_000_000_250);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct UnixTime {
    millis: u64,
}

impl UnixTime {
    /// From milliseconds since the epoch.
    pub const fn from_millis(millis: u64) -> Self {
        Self { millis }
    }

    /// From whole seconds since the epoch.
    pub const fn from_secs(seconds: u64) -> Self {
        Self {
            millis: seconds.saturating_mul(1000),
        }
    }

    /// Milliseconds since the epoch.
    pub const fn as_millis(self) -> u64 {
        self.millis
    }

    /// Whole seconds since the epoch (the fraction dropped): what the JWKS cache's
    /// second-granular timers use.
    pub const fn as_secs(self) -> u64 {
        self.millis / 1000
    }
}

impl From<u64> for UnixTime {
    /// Whole seconds since the epoch.
    fn from(seconds: u64) -> Self {
        Self::from_secs(seconds)
    }
}

impl From<Duration> for UnixTime {
    /// The time since the epoch, truncated to the millisecond.
    fn from(since_epoch: Duration) -> Self {
        Self::from_millis(u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX))
    }
}
