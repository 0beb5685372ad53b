//! `partial-check`: only the first part of a very large file was checked
//! (the editor's bound; `proposal-ls check` reads every file whole).

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "partial-check",
    severity: Severity::Info,
    summary: "Only the first part of a very large file was checked.",
    explanation: "As you type, the language server checks a file over 1 MiB only up to the line break before its first MiB (the largest real proposal is well under half that), so every keystroke stays fast. Rules that need the whole document (missing sections, the title, an empty last section, unused suppressions) are left out there. `proposal-ls check` always checks the whole file.",
    fix: None,
};

use crate::context::Context;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::text::line_range;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(whole) = cx.file.whole_len else {
        return;
    };
    let mib = |bytes: usize| bytes as f64 / f64::from(1u32 << 20);
    let lines = cx.text.lines().count();
    let message = format!(
        "This file is {:.1} MiB: as you type, it is checked up to line {lines} ({:.1} MiB); run `proposal-ls check` to check all of it",
        mib(whole),
        mib(cx.text.len()),
    );
    out.push(Finding::new(
        Rule::PartialCheck,
        line_range(cx.text, 0),
        message,
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    /// A checked prefix says how much was checked; the rules that need the
    /// whole document (here: the missing sections, which may come later)
    /// stay silent, the others speak as always.
    #[test]
    fn the_first_part_of_a_large_file_says_so() {
        let fixture = GOOD_META.replacen(
            "---\n",
            "---\n^^^ partial-check: This file is 3.0 MiB: as you type, it is checked up to line 17 (0.0 MiB); run `proposal-ls check` to check all of it\n",
            1,
        ).replace(
            "creation-date: 2024-01-31\n",
            "creation-date: 2024-13-01\n               ^^^^^^^^^^ invalid-date: `creation-date`: `2024-13-01` is not a real calendar date (did you mean 2024-01-13?); write yyyy-mm-dd\n",
        ) + "# Idea\n\n## Summary\n\nText.\n";
        check_partial(3 << 20, &fixture);
    }
}
