//! Today's date, the program's one reading of the clock; everything else takes dates as
//! arguments so tests can fix them.

use std::time::{SystemTime, UNIX_EPOCH};

/// Today's date in UTC as `YYYY-MM-DD`.
pub fn today() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

/// The current moment in UTC as `YYYY-MM-DDTHH:MM:SSZ`, or the moment `SOURCE_DATE_EPOCH`
/// names when it is set (reproducible builds of a document).
pub fn now_iso() -> String {
    let seconds = source_date_epoch().ok().flatten().unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    });
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let (y, m, d) = civil_from_days(days);
    let rest = seconds % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// The last second of the year 9999, the latest moment an ISO date can name.
pub const MAX_EPOCH: u64 = 253_402_300_799;

/// The moment `SOURCE_DATE_EPOCH` fixes, if it is set: whole seconds since 1970-01-01 UTC up
/// to [`MAX_EPOCH`]. Anything else is an error (a build that means to be reproducible and
/// silently is not would be worse).
pub fn source_date_epoch() -> Result<Option<u64>, String> {
    let value = match std::env::var("SOURCE_DATE_EPOCH") {
        Err(std::env::VarError::NotPresent) => return Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => String::from("(not text)"),
        Ok(value) => value,
    };
    value
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|seconds| *seconds <= MAX_EPOCH)
        .map(Some)
        .ok_or_else(|| {
            format!(
                "SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, from 0 to {MAX_EPOCH} (the end of the year 9999), not '{}'",
                crate::diagnostic::printable(&value)
            )
        })
}

/// The moment the program started (first asked), for the start-up time.
pub fn process_start() -> std::time::Instant {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    *START.get_or_init(std::time::Instant::now)
}
