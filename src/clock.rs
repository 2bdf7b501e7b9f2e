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

/// Seconds since 1970 of `YYYY-MM-DDTHH:MM:SSZ` (as [`now_iso`] writes it).
pub fn parse_iso(text: &str) -> Option<i64> {
    let (date, time) = text.strip_suffix('Z')?.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, min, s) = (t.next()??, t.next()??, t.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm, the inverse of `civil_from_days`).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + min * 60 + s)
}

/// The local zone's offset from UTC at `epoch`, in seconds, read from the zone file `TZ`
/// names (or `/etc/localtime`): the last transition at or before the moment. `None` where
/// there is no readable zone file (the time is then shown in UTC).
pub fn local_offset(epoch: i64) -> Option<i64> {
    let path = match std::env::var("TZ") {
        Ok(tz) if tz.trim_start_matches(':') == "UTC" || tz.is_empty() => return Some(0),
        Ok(tz) => {
            let name = tz.trim_start_matches(':');
            if name.starts_with('/') {
                std::path::PathBuf::from(name)
            } else {
                std::path::Path::new("/usr/share/zoneinfo").join(name)
            }
        }
        Err(_) => std::path::PathBuf::from("/etc/localtime"),
    };
    // Read once per zone, not at every call: the review panel dates every comment each frame.
    static ZONE: std::sync::Mutex<Option<(std::path::PathBuf, Option<Vec<u8>>)>> =
        std::sync::Mutex::new(None);
    let mut zone = ZONE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if zone.as_ref().is_none_or(|(read, _)| *read != path) {
        let data = std::fs::read(&path).ok();
        *zone = Some((path, data));
    }
    tzif_offset(zone.as_ref()?.1.as_deref()?, epoch)
}

/// The offset a TZif file (RFC 8536) gives for `epoch`, from its version-1 data block.
fn tzif_offset(data: &[u8], epoch: i64) -> Option<i64> {
    if data.get(..4)? != b"TZif" {
        return None;
    }
    let count = |at: usize| -> Option<usize> {
        let b = data.get(at..at + 4)?;
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    // The header's counts: UT and standard indicators, leap seconds, then the two read here.
    let (times, types) = (count(32)?, count(36)?);
    let transitions = 44;
    let indices = transitions + 4 * times;
    let infos = indices + times;
    let info = |index: usize| -> Option<i64> {
        let at = infos + 6 * index;
        let b = data.get(at..at + 4)?;
        Some(i64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]])))
    };
    if types == 0 {
        return None;
    }
    let mut current = None;
    for i in 0..times {
        let b = data.get(transitions + 4 * i..transitions + 4 * i + 4)?;
        let at = i64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]]));
        if at > epoch {
            break;
        }
        current = Some(usize::from(*data.get(indices + i)?));
    }
    info(current.unwrap_or(0))
}

/// A moment written by [`now_iso`] as the reader's local time: "14:03 today",
/// "09:15 yesterday", "2026-11-30 17:20", with "UTC" where the zone is unknown.
pub fn local_words(iso: &str, now_epoch: i64) -> String {
    let Some(epoch) = parse_iso(iso) else {
        return iso.to_owned();
    };
    words_at(
        epoch,
        local_offset(epoch),
        now_epoch,
        local_offset(now_epoch),
    )
}

/// [`local_words`] with the zone's offsets given: at the moment, and now (`None`: UTC).
fn words_at(epoch: i64, offset: Option<i64>, now_epoch: i64, now_offset: Option<i64>) -> String {
    let zone = if offset.is_some() { "" } else { " UTC" };
    let local = epoch + offset.unwrap_or(0);
    let today = (now_epoch + now_offset.unwrap_or(0)).div_euclid(86_400);
    let day = local.div_euclid(86_400);
    let clock = format!(
        "{:02}:{:02}{zone}",
        local.rem_euclid(86_400) / 3600,
        local.rem_euclid(3600) / 60
    );
    match today - day {
        0 => format!("{clock} today"),
        1 => format!("{clock} yesterday"),
        _ => {
            let (y, m, d) = civil_from_days(day);
            format!("{y:04}-{m:02}-{d:02} {clock}")
        }
    }
}

/// Seconds since 1970 now.
pub fn now_epoch() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_moments_read_back_and_show_in_local_words() {
        assert_eq!(parse_iso("1970-01-02T00:00:01Z"), Some(86_401));
        assert_eq!(parse_iso("2026-12-03T23:01:00Z"), Some(1_796_338_860));
        assert_eq!(parse_iso("not a date"), None);
        let now = parse_iso("2026-12-03T23:01:00Z").unwrap_or(0);
        let at = parse_iso("2026-12-03T22:45:00Z").unwrap_or(0);
        // In Tirana (UTC+1) the moment is 23:45 on the 3rd and "now" already the 4th.
        assert_eq!(words_at(at, Some(3600), now, Some(3600)), "23:45 yesterday");
        // In New York (UTC−5) both are on the 3rd.
        assert_eq!(
            words_at(at, Some(-18_000), now, Some(-18_000)),
            "17:45 today"
        );
        // Without a zone file: UTC, said so.
        assert_eq!(words_at(at, None, now, None), "22:45 UTC today");
        assert_eq!(
            words_at(at - 86_400, None, now, None),
            "22:45 UTC yesterday"
        );
        // Older than yesterday: the date.
        assert_eq!(
            words_at(at - 3 * 86_400, Some(0), now, Some(0)),
            "2026-11-30 22:45"
        );
        // A zone file's offset: a TZif with one type, +1 h.
        let mut tzif = b"TZif2".to_vec();
        tzif.resize(20, 0);
        for n in [0u32, 0, 0, 0, 1, 4] {
            tzif.extend_from_slice(&n.to_be_bytes());
        }
        tzif.extend_from_slice(&3600i32.to_be_bytes());
        tzif.extend_from_slice(&[0, 0]);
        tzif.extend_from_slice(b"CET\0");
        assert_eq!(tzif_offset(&tzif, 0), Some(3600));
    }
}
