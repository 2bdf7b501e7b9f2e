//! Dates: the same event given two dates in different sections, a response dated before its
//! incident, and facts newer than the "as of" date.
//!
//! An event is recognised by a small lexicon (an attack, a break in relations, a summit…);
//! a date belongs to the event word nearest to it in its sentence, so "the attack came days
//! before the summit on 23 July" dates the summit, not the attack.

use std::collections::{BTreeMap, HashSet};

use super::{Checked, Unit};
use crate::diagnostic::Diagnostic;
use crate::model::{Briefing, parse_date};

const MONTHS: [(&str, u32); 23] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
];
const DEC: (&str, u32) = ("dec", 12);

/// Events and the word stems that name them.
const EVENTS: [(&str, &[&str]); 5] = [
    (
        "the attack",
        &["attack", "cyberattack", "hack", "breach", "intrusion"],
    ),
    (
        "the break in relations",
        &[
            "sever",
            "severed",
            "severing",
            "severs",
            "severance",
            "ties",
            "relations",
        ],
    ),
    ("the summit", &["summit", "conference"]),
    ("the expulsion", &["expel", "expelled", "expulsion"]),
    ("the statement", &["statement", "condemned", "condemns"]),
];

/// Events that are a response to an incident.
const RESPONSES: [&str; 3] = ["the break in relations", "the expulsion", "the statement"];

/// Words that show the author knows the sources disagree.
const ACKNOWLEDGED: [&str; 11] = [
    "at least one outlet",
    "one outlet",
    "some reports",
    "conflict",
    "conflicts",
    "inconsistent",
    "inconsistently",
    "differ",
    "disagree",
    "other accounts",
    "other sources",
];

/// Words that put a date in the future of the text (a plan, not a fact).
const FUTURE: [&str; 6] = ["planned", "plans", "will", "scheduled", "expected", "due"];

type Day = (i32, u32, u32);

struct Mention<'a> {
    event: &'static str,
    date: Day,
    section: &'a Checked<'a>,
    unit: &'a Unit,
}

/// Runs the date checks.
pub(super) fn check(briefing: &Briefing, sections: &[Checked<'_>], out: &mut Vec<Diagnostic>) {
    let default_year = parse_date(&briefing.meta.date)
        .or_else(|| parse_date(&briefing.meta.as_of))
        .map(|d| d.0);
    let mut mentions = Vec::new();
    let mut all_dates: Vec<(Day, &Checked<'_>, &Unit)> = Vec::new();
    for section in sections {
        for unit in &section.units {
            let tokens = tokens(&unit.text);
            let found = dates_in(&tokens, default_year);
            if found.is_empty() {
                continue;
            }
            let events = events_in(&tokens);
            for (index, date) in &found {
                all_dates.push((*date, section, unit));
                if let Some(event) = nearest(&events, *index) {
                    mentions.push(Mention {
                        event,
                        date: *date,
                        section,
                        unit,
                    });
                }
            }
        }
    }
    conflicts(&mentions, out);
    response_order(&mentions, out);
    as_of(briefing, &all_dates, out);
}

/// The same event dated differently in two sections: within a week, so two attacks a year
/// apart are not one event. Each pair of dates is reported once, at the first place in the
/// document that gives one of them with a later place in another section giving the other.
///
/// Only the first mention of each event, date and section can be such a place, and only
/// dates within a week of each other are paired, so the work grows with the number of
/// distinct dates, not with its square, however many dates a text holds.
fn conflicts(mentions: &[Mention<'_>], out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    let firsts: Vec<&Mention<'_>> = mentions
        .iter()
        .filter(|m| seen.insert((m.event, m.date, m.section.id)))
        .collect();
    // Event → date → where it is given (indexes into `firsts`, in document order).
    let mut given: BTreeMap<&str, BTreeMap<i64, (Day, Vec<usize>)>> = BTreeMap::new();
    for (i, m) in firsts.iter().enumerate() {
        given
            .entry(m.event)
            .or_default()
            .entry(day_number(m.date))
            .or_insert_with(|| (m.date, Vec::new()))
            .1
            .push(i);
    }
    let mut found: Vec<(usize, usize)> = Vec::new();
    for dates in given.values() {
        let dates: Vec<(&i64, &(Day, Vec<usize>))> = dates.iter().collect();
        for (k, (day, (_, at_first))) in dates.iter().enumerate() {
            for (other_day, (_, at_second)) in &dates[k + 1..] {
                if *other_day - *day > 7 {
                    break;
                }
                if let Some(pair) = first_pair(&firsts, at_first, at_second) {
                    found.push(pair);
                }
            }
        }
    }
    found.sort_unstable();
    for (i, j) in found {
        let (a, b) = (firsts[i], firsts[j]);
        let acknowledged = [a, b].iter().any(|m| {
            ACKNOWLEDGED
                .iter()
                .any(|w| super::has_word(&m.unit.text, w))
        });
        let message = format!(
            "{} is dated {} here but {} in {}; check the sources and give one date, or say \
                 that they disagree",
            a.event,
            long(a.date),
            long(b.date),
            b.section.place(b.unit.line)
        );
        let diagnostic = if acknowledged {
            Diagnostic::info(format!(
                "{message} (the text already notes the disagreement)"
            ))
        } else {
            Diagnostic::warning(message)
        };
        out.push(diagnostic.in_section(a.section.id).at_line(a.unit.line));
    }
}

/// The first place (in document order) giving one of two dates with a later place in another
/// section giving the other: `first` and `second` list where each date is given, at most once
/// per section.
fn first_pair(
    firsts: &[&Mention<'_>],
    first: &[usize],
    second: &[usize],
) -> Option<(usize, usize)> {
    let mut merged: Vec<(usize, bool)> = first
        .iter()
        .map(|&i| (i, false))
        .chain(second.iter().map(|&i| (i, true)))
        .collect();
    merged.sort_unstable();
    merged.iter().enumerate().find_map(|(k, &(i, side))| {
        // Each section gives each date once, so the other date from the same section is
        // skipped at most once on the way.
        merged[k + 1..]
            .iter()
            .find(|&&(j, other)| other != side && firsts[j].section.id != firsts[i].section.id)
            .map(|&(j, _)| (i, j))
    })
}

/// A response (a break in relations, a statement) dated before the incident it answers.
fn response_order(mentions: &[Mention<'_>], out: &mut Vec<Diagnostic>) {
    let incident = mentions
        .iter()
        .filter(|m| m.section.block == "incident" && m.event == "the attack")
        .map(|m| m.date)
        .min();
    let Some(incident) = incident else {
        return;
    };
    for m in mentions {
        if m.section.block == "response" && RESPONSES.contains(&m.event) && m.date < incident {
            out.push(
                Diagnostic::error(format!(
                    "{} is dated {}, before the incident it responds to ({}); correct one of \
                     the dates",
                    m.event,
                    long(m.date),
                    long(incident)
                ))
                .in_section(m.section.id)
                .at_line(m.unit.line),
            );
        }
    }
}

/// Facts dated after the "as of" date.
fn as_of(briefing: &Briefing, dates: &[(Day, &Checked<'_>, &Unit)], out: &mut Vec<Diagnostic>) {
    let Some(as_of) = parse_date(&briefing.meta.as_of) else {
        return;
    };
    // One warning per place; whether a place names a plan is asked once.
    let mut settled = HashSet::new();
    for (date, section, unit) in dates {
        if *date <= as_of || settled.contains(&(section.id, unit.line)) {
            continue;
        }
        settled.insert((section.id, unit.line));
        if FUTURE.iter().any(|w| super::has_word(&unit.text, w)) {
            continue;
        }
        out.push(
            Diagnostic::warning(format!(
                "this mentions {}, after the \"facts as of\" date {}; move the as-of date \
                 forward if the facts are current",
                long(*date),
                long(as_of)
            ))
            .in_section(section.id)
            .at_line(unit.line),
        );
    }
}

fn long(date: Day) -> String {
    crate::model::long_date(&format!("{:04}-{:02}-{:02}", date.0, date.1, date.2))
}

/// Days since a fixed origin, for distances between dates.
fn day_number((y, m, d): Day) -> i64 {
    // Days from civil (Howard Hinnant's algorithm).
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}

/// Words and numbers with their original case.
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect()
}

fn month(token: &str) -> Option<u32> {
    // A month is written with a capital; "may" and "march" are words too.
    if !token.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let lower = token.to_lowercase();
    MONTHS
        .iter()
        .chain(std::iter::once(&DEC))
        .find(|(name, _)| *name == lower)
        .map(|(_, m)| *m)
}

fn day(token: &str) -> Option<u32> {
    (token.len() <= 2)
        .then(|| token.parse::<u32>().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

fn year(token: Option<&&str>) -> Option<i32> {
    let token = token?;
    (token.len() == 4)
        .then(|| token.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1900..=2200).contains(y))
}

/// Full dates (with a day) and the index of their first token. A date without a year takes
/// the last year written before it in the text, else `default_year`.
fn dates_in(tokens: &[&str], default_year: Option<i32>) -> Vec<(usize, Day)> {
    let mut out = Vec::new();
    let mut last_year = default_year;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        // 2022-07-15
        if let (Some(y), Some(m), Some(d)) = (
            year(Some(&t)),
            tokens.get(i + 1).and_then(|m| m.parse::<u32>().ok()),
            tokens.get(i + 2).and_then(|d| day(d)),
        ) && tokens[i + 1].len() == 2
            && (1..=12).contains(&m)
        {
            out.push((i, (y, m, d)));
            last_year = Some(y);
            i += 3;
            continue;
        }
        if let Some(y) = year(Some(&t)) {
            last_year = Some(y);
        }
        // 15 July 2022, 15 Jul, July 15, 2022
        let next = tokens.get(i + 1);
        let day_month = day(t).zip(next.and_then(|m| month(m)));
        let month_day = month(t).zip(next.and_then(|d| day(d))).map(|(m, d)| (d, m));
        if let Some((d, m)) = day_month.or(month_day) {
            if let Some(y) = year(tokens.get(i + 2)).or(last_year) {
                out.push((i, (y, m, d)));
                last_year = Some(y);
            }
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

/// The events a text names, by the index of the token that names each, in order.
fn events_in(tokens: &[&str]) -> Vec<(usize, &'static str)> {
    tokens
        .iter()
        .enumerate()
        .filter_map(|(i, token)| {
            let lower = token.to_lowercase();
            EVENTS
                .iter()
                .find(|(_, words)| words.contains(&lower.as_str()))
                .map(|(event, _)| (i, *event))
        })
        .collect()
}

/// The event named nearest to the token at `index` (the earlier one when two are as near).
fn nearest(events: &[(usize, &'static str)], index: usize) -> Option<&'static str> {
    let after = events.partition_point(|(i, _)| *i < index);
    let before = after.checked_sub(1).map(|k| events[k]);
    match (before, events.get(after)) {
        (Some((b, event)), Some((a, _))) if index - b <= a - index => Some(event),
        (_, Some((_, event))) => Some(event),
        (Some((_, event)), None) => Some(event),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_briefings_use() {
        let t =
            tokens("On 15 July 2022, then July 17, and 2022-09-08; 23–24 July; it may 7 times.");
        let found: Vec<Day> = dates_in(&t, Some(2021)).into_iter().map(|d| d.1).collect();
        assert_eq!(
            found,
            [(2022, 7, 15), (2022, 7, 17), (2022, 9, 8), (2022, 7, 24)]
        );
    }

    #[test]
    fn the_nearest_event_word_owns_the_date() {
        let t = tokens("The attack came days before the summit held on 23 July");
        let at = dates_in(&t, Some(2022))[0].0;
        assert_eq!(nearest(&events_in(&t), at), Some("the summit"));
    }

    #[test]
    fn day_numbers_count_days() {
        assert_eq!(day_number((2022, 9, 8)) - day_number((2022, 9, 7)), 1);
        assert_eq!(day_number((2022, 3, 1)) - day_number((2022, 2, 28)), 1);
        assert_eq!(day_number((2024, 3, 1)) - day_number((2024, 2, 28)), 2);
    }
}
