//! Dates in `yyyy-mm-dd`, and the "did you mean" spelling of a date
//! written another way.

use jiff::civil::Date;

/// Why a value is not a date in `yyyy-mm-dd`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Nothing was written.
    Empty,
    /// Not three numbers that make a date (`soon`, `2024-257-01`).
    NotADate(String),
    /// `yyyy-mm-dd` in form, but no such day (`2020-23-01`); the date with
    /// day and month swapped, when that exists.
    NotReal(String, Option<Date>),
    /// A real date in another layout (`2021.12.08`): its `yyyy-mm-dd`.
    OtherLayout(String, Date),
    /// A digit of the year typed twice (`22019-10-07`): the date without it.
    DoubledDigit(String, Date),
}

impl DateError {
    /// What is wrong and what to write, as a finding says it.
    pub fn message(&self) -> String {
        match self {
            DateError::Empty => "the date is empty; write yyyy-mm-dd".into(),
            DateError::NotADate(v) => format!("`{v}` is not a date in yyyy-mm-dd"),
            DateError::NotReal(v, swapped) => {
                let hint = swapped
                    .map(|d| format!(" (did you mean {d}?)"))
                    .unwrap_or_default();
                format!("`{v}` is not a real calendar date{hint}; write yyyy-mm-dd")
            }
            DateError::OtherLayout(v, date) => {
                format!("`{v}` is not in yyyy-mm-dd; write `{date}`")
            }
            DateError::DoubledDigit(v, date) => {
                format!("`{v}` is not a date in yyyy-mm-dd (did you mean {date}?)")
            }
        }
    }

    /// The date the author probably meant, when that is a guess (day and
    /// month swapped, a digit typed twice): for a fix they choose.
    pub fn guess(&self) -> Option<String> {
        match self {
            DateError::NotReal(_, Some(date)) | DateError::DoubledDigit(_, date) => {
                Some(date.to_string())
            }
            _ => None,
        }
    }

    /// The canonical spelling to write instead, when the value is a real
    /// date in another layout. (A swapped day and month is only a hint:
    /// which of the two was meant is a guess.)
    pub fn fix(&self) -> Option<String> {
        match self {
            DateError::OtherLayout(_, date) => Some(date.to_string()),
            _ => None,
        }
    }
}

/// A real calendar date in `yyyy-mm-dd` (surrounding spaces allowed).
pub fn parse(value: Option<&str>) -> Result<Date, DateError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Err(DateError::Empty);
    };
    let not_a_date = || DateError::NotADate(v.to_string());
    let parts: Vec<&str> = v.split(['-', '.', '/']).collect();
    let [year, month, day] = parts.as_slice() else {
        return Err(not_a_date());
    };
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !numeric {
        return Err(not_a_date());
    }
    let (Ok(y), Ok(m), Ok(d)) = (
        year.parse::<i32>(),
        month.parse::<i32>(),
        day.parse::<i32>(),
    ) else {
        return Err(not_a_date());
    };
    let bytes = v.as_bytes();
    let canonical = v.len() == 10
        && year.len() == 4
        && bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-');
    let date = (year.len() == 4).then(|| civil_date(y, m, d)).flatten();
    match (canonical, date) {
        (true, Some(date)) => Ok(date),
        // 2020-23-01: day and month swapped?
        (true, None) => Err(DateError::NotReal(v.to_string(), civil_date(y, d, m))),
        (false, Some(date)) => Err(DateError::OtherLayout(v.to_string(), date)),
        (false, None) => match undoubled_year(year).and_then(|y| civil_date(y, m, d)) {
            Some(date) if bytes.get(year.len()) == Some(&b'-') => {
                Err(DateError::DoubledDigit(v.to_string(), date))
            }
            _ => Err(not_a_date()),
        },
    }
}

/// A five-digit year with one digit doubled (`22019`), that digit once,
/// when that is a year a document could be dated (1970 to 2199).
fn undoubled_year(year: &str) -> Option<i32> {
    if year.len() != 5 {
        return None;
    }
    let bytes = year.as_bytes();
    let doubled = (1..bytes.len()).find(|&i| bytes.get(i) == bytes.get(i - 1))?;
    let once = format!("{}{}", year.get(..doubled)?, year.get(doubled + 1..)?);
    once.parse().ok().filter(|y| (1970..2200).contains(y))
}

/// The calendar date, if the numbers make one; a number out of range
/// (`2024-257-01`) is no date, never a wrapped one.
fn civil_date(year: i32, month: i32, day: i32) -> Option<Date> {
    let year = i16::try_from(year).ok()?;
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    Date::new(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn message(v: &str) -> String {
        parse(Some(v)).map_or_else(|e| e.message(), |d| format!("ok {d}"))
    }

    #[test]
    fn canonical_other_layouts_and_impossible_dates() {
        assert_eq!(message(" 2024-02-29 "), "ok 2024-02-29");
        assert_eq!(message(""), "the date is empty; write yyyy-mm-dd");
        assert_eq!(parse(None), Err(DateError::Empty));
        assert_eq!(
            message("2020-23-01"),
            "`2020-23-01` is not a real calendar date (did you mean 2020-01-23?); write yyyy-mm-dd"
        );
        assert_eq!(
            message("22019-10-07"),
            "`22019-10-07` is not a date in yyyy-mm-dd (did you mean 2019-10-07?)"
        );
        assert_eq!(
            parse(Some("22019-10-07")).unwrap_err().guess().as_deref(),
            Some("2019-10-07")
        );
        assert_eq!(
            message("2023-02-29"),
            "`2023-02-29` is not a real calendar date; write yyyy-mm-dd"
        );
        let other = parse(Some("2021.12.08")).unwrap_err();
        assert_eq!(
            other.message(),
            "`2021.12.08` is not in yyyy-mm-dd; write `2021-12-08`"
        );
        assert_eq!(other.fix().as_deref(), Some("2021-12-08"));
        assert_eq!(
            parse(Some("2021/1/8")).unwrap_err().fix().as_deref(),
            Some("2021-01-08")
        );
        for v in [
            "soon",
            "08-12-2021",
            "2021-12",
            "2021-12-08-1",
            "2021--08",
            "٢٠٢١-١٢-٠٨",
        ] {
            assert_eq!(message(v), format!("`{v}` is not a date in yyyy-mm-dd"));
        }
    }

    #[test]
    fn out_of_range_parts_are_no_date_and_get_no_fix() {
        // An `i8` cast once wrapped month 257 to 1 and "fixed" this to 2024-01-01.
        for v in [
            "2024-257-01",
            "2024.1.300",
            "99999-01-01",
            "2024-01-99999999999",
        ] {
            let err = parse(Some(v)).unwrap_err();
            assert_eq!(err, DateError::NotADate(v.into()), "{v}");
            assert_eq!(err.fix(), None);
        }
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (0i16..=9999, 1i8..=12, 1i8..=31)
            .prop_filter_map("a real day", |(y, m, d)| Date::new(y, m, d).ok())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn every_date_formatted_parses_back(date in any_date()) {
            let written = date.to_string();
            prop_assert_eq!(written.len(), 10);
            prop_assert_eq!(parse(Some(&written)), Ok(date));
        }

        #[test]
        fn another_layout_of_a_date_is_fixed_to_it(date in any_date(), sep in "[./]") {
            let written = format!("{:04}{sep}{}{sep}{}", date.year(), date.month(), date.day());
            let err = parse(Some(&written)).unwrap_err();
            prop_assert_eq!(err.fix(), Some(date.to_string()));
        }

        #[test]
        fn never_panics_and_fixes_and_hints_are_canonical(v in "\\PC{0,12}|[0-9./-]{0,12}") {
            match parse(Some(&v)) {
                Ok(date) => prop_assert_eq!(date.to_string(), v.trim()),
                Err(err) => {
                    prop_assert!(!err.message().is_empty());
                    if let Some(fixed) = err.fix() {
                        prop_assert_eq!(parse(Some(&fixed)).map(|d| d.to_string()), Ok(fixed));
                    }
                    if let DateError::NotReal(_, Some(hint)) = err {
                        prop_assert!(parse(Some(&hint.to_string())).is_ok());
                    }
                }
            }
        }
    }
}
