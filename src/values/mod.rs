//! Grammars of the values a proposal writes: calendar dates, GitHub
//! handles and slugs. Pure functions over strings, each with unit and
//! property tests; the rules decide what to report.

pub mod date;
pub mod handle;
pub mod slug;
