//! A calendar date, without a time zone.
//!
//! Evidence dates are plain days ("the audit reported on 20 January"), so a
//! small proleptic-Gregorian date is all selfeval needs. Keeping it here rather
//! than pulling in a date-time crate keeps the binary lean. "Today" is not
//! read here: the pipeline's `World` supplies it, from `SOURCE_DATE_EPOCH`
//! or the clock, to the one place that needs it.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// A checked constructor: `None` for 30 February and the like.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, explaining what is wrong when it is not a real day.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let well_formed = parts.len() == 3
            && parts[0].len() == 4
            && parts[1].len() == 2
            && parts[2].len() == 2
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            return Err(format!("`{text}` is not a date written as YYYY-MM-DD"));
        }
        let year: i32 = parts[0].parse().map_err(|_| "year out of range".to_string())?;
        let month: u8 = parts[1].parse().map_err(|_| "month out of range".to_string())?;
        let day: u8 = parts[2].parse().map_err(|_| "day out of range".to_string())?;
        if !(1..=12).contains(&month) {
            return Err(format!("`{text}` has month {month}; months run from 01 to 12"));
        }
        Date::new(year, month, day).ok_or_else(|| {
            format!(
                "`{text}` is not a real day: {} {year} has {} days",
                MONTHS[usize::from(month) - 1],
                days_in_month(year, month)
            )
        })
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's algorithm.
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The same day `months` earlier, clamped to the month's last day
    /// (31 August minus 18 months is 28 or 29 February).
    pub fn months_before(self, months: u32) -> Date {
        let total = self.year * 12 + i32::from(self.month) - 1 - months as i32;
        let year = total.div_euclid(12);
        let month = (total.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// Whole months from `self` to `later` (0 when `later` is earlier).
    pub fn months_until(self, later: Date) -> u32 {
        let mut months = (later.year - self.year) * 12 + i32::from(later.month) - i32::from(self.month);
        if later.day < self.day {
            months -= 1;
        }
        months.max(0) as u32
    }

    /// A reporting period's years as councils write them: "2025-26", or
    /// "2025" for a period inside one calendar year.
    pub fn years_to(self, end: Date) -> String {
        if self.year == end.year {
            self.year.to_string()
        } else {
            format!("{}-{:02}", self.year, end.year.rem_euclid(100))
        }
    }

    /// "March 2026".
    pub fn month_year(self) -> String {
        format!("{} {}", MONTHS[usize::from(self.month) - 1], self.year)
    }

    /// "31 March 2026", the way a council writes dates in a report.
    pub fn long(self) -> String {
        format!("{} {} {}", self.day, MONTHS[usize::from(self.month) - 1], self.year)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_days_that_do_not_exist() {
        assert!(
            Date::parse("2026-02-30")
                .unwrap_err()
                .contains("February 2026 has 28 days")
        );
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2026-13-01").unwrap_err().contains("month 13"));
        assert!(Date::parse("31/03/2026").is_err());
    }

    #[test]
    fn day_counting_round_trips() {
        for text in ["1970-01-01", "2000-02-29", "2026-03-31", "1899-12-31"] {
            let d = Date::parse(text).unwrap();
            assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        }
        assert_eq!(Date::parse("2026-03-31").unwrap().days_since_epoch(), 20_543);
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        let d = Date::parse("2026-08-31").unwrap();
        assert_eq!(d.months_before(18).to_string(), "2025-02-28");
        assert_eq!(Date::parse("2024-09-30").unwrap().months_until(d), 23);
        assert_eq!(d.long(), "31 August 2026");
    }
}
