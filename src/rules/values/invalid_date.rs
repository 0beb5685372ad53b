//! `invalid-date`: a date that is not a real yyyy-mm-dd.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "invalid-date",
    severity: Severity::Error,
    summary: "A date is not a real calendar date in yyyy-mm-dd.",
    explanation: "Dates are written `yyyy-mm-dd` and must exist (`2020-23-01` has no month 23).",
    fix: Some(
        "Rewrites an unambiguous date in another format (`2021.12.08`) as yyyy-mm-dd; a guess (day and month swapped, a year digit typed twice as in `22019-10-07`) is offered too.",
    ),
};

use super::{present, scalar};
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::ValueShape;
use crate::values::date;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (spec, entry) in present(cx).filter(|(spec, _)| spec.shape == ValueShape::Date) {
        let Some(value) = scalar(spec, entry) else {
            continue;
        };
        let Err(err) = date::parse(value.value) else {
            continue;
        };
        let mut finding = Finding::new(
            Rule::InvalidDate,
            value.range.clone(),
            format!("`{}`: {}", spec.name, err.message()),
        )
        .about(vec![spec.name.clone()]);
        let fix = err
            .fix()
            .map(|f| (f, true))
            .or_else(|| err.guess().map(|g| (g, false)));
        if let Some((date, safe)) = fix {
            finding = finding.with_fix(Fix {
                title: format!("Write `{date}`"),
                edits: vec![Edit::replace(value.range, date)],
                safe,
            });
        }
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::fixture::*;

    #[test]
    fn impossible_dates_and_other_layouts() {
        check(&with_front_matter(&GOOD_META.replace(
            "creation-date: 2024-01-31\nlast-updated: 2024-02-01\n",
            "creation-date: 2020-23-01
               ^^^^^^^^^^ invalid-date: `creation-date`: `2020-23-01` is not a real calendar date (did you mean 2020-01-23?); write yyyy-mm-dd
last-updated: 2021.12.08
              ^^^^^^^^^^ invalid-date: `last-updated`: `2021.12.08` is not in yyyy-mm-dd; write `2021-12-08`
",
        )));
        check_fix_at(
            &with_front_matter(
                &GOOD_META.replace("last-updated: 2024-02-01", "last-updated: 2024.2$0.1"),
            ),
            expect![[r#"
                {GOOD_META}
                {BODY_OK}
            "#]],
        );
    }

    #[test]
    fn out_of_range_date_parts_are_no_date_and_get_no_fix() {
        // An `i8` cast once wrapped month 257 to 1 and "fixed" this to 2024-01-01.
        let findings = check(&with_front_matter(
            "---
title: idea
authors:
  - \"@alice\"
api-approvers:
  - None
creation-date: 2024-257-01
               ^^^^^^^^^^^ invalid-date: `creation-date`: `2024-257-01` is not a date in yyyy-mm-dd
last-updated: 2024.1.300
              ^^^^^^^^^^ invalid-date: `last-updated`: `2024.1.300` is not a date in yyyy-mm-dd
tracking-link:
  - https://issues.redhat.com/browse/X-1
status: implemented
---
",
        ));
        assert!(findings.iter().all(|f| f.fix.is_none()), "{findings:#?}");
        check_fix_all(
            &with_front_matter("---\ntitle: idea\ncreation-date: 2024-257-01\n---\n"),
            expect![[r#"
                ---
                title: idea
                authors: # who wrote it
                  - TBD
                api-approvers: # If there is no API change, use "None"
                  - TBD
                creation-date: 2024-257-01
                last-updated: yyyy-mm-dd
                tracking-link: # link to the tracking ticket
                  - TBD
                status: provisional|implementable|implemented
                ---

                {BODY_OK}
            "#]],
        );
    }

    #[test]
    fn a_year_digit_typed_twice_is_a_guess_offered_in_the_editor() {
        // platforms/ovirt-rhv-ipi.md:12.
        check(&with_front_matter(&GOOD_META.replace(
            "creation-date: 2024-01-31\n",
            "creation-date: 22019-10-07
               ^^^^^^^^^^^ invalid-date: `creation-date`: `22019-10-07` is not a date in yyyy-mm-dd (did you mean 2019-10-07?)
",
        )));
        let before = with_front_matter(
            &GOOD_META.replace("creation-date: 2024-01-31", "creation-date: 2201$09-10-07"),
        );
        // Not applied by `--fix`: which digit was doubled is a guess.
        let after =
            crate::analysis::fix_all(&before.replacen("$0", "", 1), &mini(), &file("idea")).text;
        assert!(after.contains("creation-date: 22019-10-07"), "{after}");
        check_fix_at(
            &before,
            expect![[r#"
                ---
                title: idea
                authors:
                  - "@alice"
                api-approvers:
                  - None
                creation-date: 2019-10-07
                last-updated: 2024-02-01
                tracking-link:
                  - https://issues.redhat.com/browse/X-1
                status: implementable
                ---

                {BODY_OK}
            "#]],
        );
    }
}
