//! `invalid-enum-value`: a value outside the template's `a|b|c`.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "invalid-enum-value",
    severity: Severity::Error,
    summary: "A value is not one of the template's options.",
    explanation: "The template lists this key's allowed values as `a|b|c` (newer upstream templates do so for `status`: provisional, implementable, ...). Use exactly one of them. A misspelt value (`implementabel`) is told which option it most likely means.",
    fix: Some("Replaces a near miss with the closest allowed value."),
};

use super::{is_option_list, present, scalar};
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::ValueShape;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (spec, entry) in present(cx) {
        let ValueShape::Enum(options) = &spec.shape else {
            continue;
        };
        let Some(value) = scalar(spec, entry) else {
            continue;
        };
        // An option list not chosen from yet is `placeholder`'s.
        if value
            .value
            .is_some_and(|v| options.iter().any(|o| o == v) || is_option_list(v))
        {
            continue;
        }
        let best = value
            .value
            .and_then(|v| suggestion(v, options.iter().map(String::as_str)));
        let did_you_mean = best
            .map(|b| format!("; did you mean `{b}`?"))
            .unwrap_or_default();
        let mut finding = Finding::new(
            Rule::InvalidEnumValue,
            value.range.clone(),
            format!(
                "`{}` must be one of the template's values: {}{did_you_mean}",
                spec.name,
                options.join(", ")
            ),
        )
        .about(vec![spec.name.clone()]);
        if let Some(best) = best {
            // A spelling fix is a guess the author confirms: editor only.
            finding = finding.with_fix(Fix {
                title: format!("Change to `{best}`"),
                edits: vec![Edit::replace(value.range, best)],
                safe: value.value.is_some_and(|v| v.eq_ignore_ascii_case(best)),
            });
        }
        out.push(finding);
    }
}

/// The allowed value `value` is a misspelling of, if any: one word,
/// close by Damerau-Levenshtein distance (a swap of two letters is one
/// edit), ignoring case, and closer than every other option. A phrase
/// (`not implemented`) or another word (`proposed`, `superseded`) gets no
/// suggestion: it is not a typo, and a guess could turn its meaning round.
fn suggestion<'a>(value: &str, options: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    const CLOSE: f64 = 0.8;
    let value = value.trim().to_lowercase();
    if value.is_empty() || value.contains(char::is_whitespace) {
        return None;
    }
    let mut scored: Vec<(f64, &str)> = options
        .into_iter()
        .map(|o| {
            let score = strsim::normalized_damerau_levenshtein(&value, &o.to_lowercase());
            (score, o)
        })
        .filter(|(score, _)| *score >= CLOSE)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    match scored.as_slice() {
        [(best, option), rest @ ..] if rest.first().is_none_or(|(next, _)| next < best) => {
            Some(option)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::fixture::*;

    #[test]
    fn values_outside_the_options() {
        check(&with_front_matter(&GOOD_META.replace(
            "status: implementable\n",
            "status: Implementable
        ^^^^^^^^^^^^^ invalid-enum-value: `status` must be one of the template's values: provisional, implementable, implemented; did you mean `implementable`?
",
        )));
        check_fix_at(
            &with_front_matter(
                &GOOD_META.replace("status: implementable", "status: Implement$0able"),
            ),
            expect![[r#"
                {GOOD_META}
                {BODY_OK}
            "#]],
        );
    }

    /// A misspelt status (`implementabel`) says what it most likely
    /// means; the fix is the editor's (a guess the author confirms), and
    /// `check --fix` leaves it.
    #[test]
    fn a_misspelt_value_says_what_it_likely_means() {
        let findings = check(&with_front_matter(&GOOD_META.replace(
            "status: implementable\n",
            "status: implementabel
        ^^^^^^^^^^^^^ invalid-enum-value: `status` must be one of the template's values: provisional, implementable, implemented; did you mean `implementable`?
",
        )));
        let fix = findings.first().and_then(|f| f.fix.as_ref());
        assert_eq!(
            fix.map(|f| (f.title.as_str(), f.safe)),
            Some(("Change to `implementable`", false))
        );
        check_fix_at(
            &with_front_matter(
                &GOOD_META.replace("status: implementable", "status: implemen$0tabel"),
            ),
            expect![[r#"
                {GOOD_META}
                {BODY_OK}
            "#]],
        );
    }

    /// Values from the corpus that are no typo of an option get no
    /// suggestion (and no fix).
    #[test]
    fn no_suggestion_for_another_word() {
        let options = [
            "provisional",
            "implementable",
            "implemented",
            "deferred",
            "rejected",
            "withdrawn",
            "replaced",
            "informational",
        ];
        let suggest = |v: &str| super::suggestion(v, options);
        assert_eq!(suggest("implementabel"), Some("implementable"));
        assert_eq!(suggest("Implemnted"), Some("implemented"));
        assert_eq!(suggest("provisonal"), Some("provisional"));
        assert_eq!(suggest("withdrawm"), Some("withdrawn"));
        for other in [
            "not implemented",
            "partially implemented",
            "proposed",
            "superseded",
            "planning",
            "draft",
            "discovery",
            "TODO",
            "informative",
            "",
        ] {
            assert_eq!(suggest(other), None, "{other}");
        }
    }
}
