//! Upstream's template history, embedded so that a proposal outside a git
//! clone is judged as inside one: every revision of openshift/enhancements'
//! `guidelines/enhancement_template.md` (and its earlier names) where the
//! structure changed, stored in `assets/template-history/` as data files
//! named by the day they took effect (Apache-2.0, see the NOTICE there).
//! `tests/template_history.rs` checks this list against the real history
//! and regenerates it with `PROPOSAL_LS_UPDATE_HISTORY=1`.

use jiff::civil::Date;

macro_rules! revisions {
    ($($day:literal),* $(,)?) => {
        /// The embedded revisions before the current template, oldest first:
        /// (the day each took effect, its text, its data file).
        pub fn embedded_revisions() -> impl Iterator<Item = (Date, &'static str, &'static str)> {
            const REVISIONS: &[(&str, &str, &str)] = &[$((
                $day,
                include_str!(concat!("../../assets/template-history/", $day, ".md")),
                concat!("assets/template-history/", $day, ".md"),
            )),*];
            REVISIONS
                .iter()
                // The names are dates (a test reads every one).
                .filter_map(|&(day, text, file)| Some((day.parse::<Date>().ok()?, text, file)))
        }
    };
}

include!("embedded_list.rs");
