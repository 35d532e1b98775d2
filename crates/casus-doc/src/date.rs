//! A calendar date (proleptic Gregorian), enough for document dates and
//! date-bounded dictionary entries.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A valid calendar date. Construct with [`Date::new`] or parse `YYYY-MM-DD`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i16,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("date {0:?} is not in YYYY-MM-DD form")]
    Syntax(String),
    #[error("{year:04}-{month:02}-{day:02} is not a calendar date")]
    OutOfRange { year: i32, month: u32, day: u32 },
}

impl Date {
    /// # Errors
    ///
    /// [`DateError::OutOfRange`] unless `month` is 1-12, `day` exists in that month
    /// (leap years included) and `year` is in 1-9999.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        let out = DateError::OutOfRange { year, month, day };
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return Err(out);
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(out);
        }
        Ok(Date {
            year: year as i16,
            month: month as u8,
            day: day as u8,
        })
    }

    pub fn year(self) -> i32 {
        i32::from(self.year)
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }
}

impl Date {
    /// Days since 1970-01-01 (negative before), for date arithmetic. Uses H. Hinnant's
    /// algorithm (<https://howardhinnant.github.io/date_algorithms.html>).
    pub fn to_days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01; `None` outside years 1-9999.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(i32::try_from(y).ok()?, m, d).ok()
    }

    /// The date `n` days later (earlier for negative `n`).
    pub fn add_days(self, n: i64) -> Option<Date> {
        Date::from_days(self.to_days() + n)
    }

    /// ISO weekday: Monday 1 ... Sunday 7.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.to_days() + 3).rem_euclid(7) + 1) as u32
    }

    /// The number of days in this date's month.
    pub fn days_in_month(self) -> u32 {
        days_in_month(self.year(), self.month())
    }
}

pub(crate) fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let syntax = || DateError::Syntax(s.to_string());
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(syntax());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, DateError> {
            let part = &s[r];
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(syntax());
            }
            part.parse().map_err(|_| syntax())
        };
        Date::new(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let d: Date = "2015-09-29".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2015, 9, 29));
        assert_eq!(d.to_string(), "2015-09-29");
    }

    #[test]
    fn leap_days() {
        assert!("2016-02-29".parse::<Date>().is_ok());
        assert!("2000-02-29".parse::<Date>().is_ok());
        assert!(matches!(
            "1900-02-29".parse::<Date>(),
            Err(DateError::OutOfRange { .. })
        ));
        assert!("2015-02-29".parse::<Date>().is_err());
    }

    #[test]
    fn day_arithmetic_across_month_year_and_leap_boundaries() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(d("1970-01-01").to_days(), 0);
        assert_eq!(d("2016-02-28").add_days(1), Some(d("2016-02-29")));
        assert_eq!(d("2016-02-29").add_days(1), Some(d("2016-03-01")));
        assert_eq!(d("2015-02-28").add_days(1), Some(d("2015-03-01")));
        assert_eq!(d("2015-12-31").add_days(1), Some(d("2016-01-01")));
        assert_eq!(d("2016-01-01").add_days(-1), Some(d("2015-12-31")));
        assert_eq!(d("2000-03-01").add_days(-1), Some(d("2000-02-29")));
        for s in ["0001-01-01", "1899-12-31", "2015-09-29", "9999-12-31"] {
            assert_eq!(Date::from_days(d(s).to_days()), Some(d(s)));
        }
        assert_eq!(d("9999-12-31").add_days(1), None);
        // 2015-09-29 was a Tuesday.
        assert_eq!(d("2015-09-29").weekday(), 2);
        assert_eq!(d("2024-02-29").weekday(), 4);
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "2015-9-29",
            "20150929",
            "2015-13-01",
            "2015-00-10",
            "abcd-ef-gh",
            "2015-09-31",
            "",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn orders_chronologically() {
        let a: Date = "2012-05-16".parse().unwrap();
        let b: Date = "2016-02-11".parse().unwrap();
        assert!(a < b);
    }
}
