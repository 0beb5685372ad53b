//! `invalid-enum-value`: a value outside the template's `a|b|c`.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "invalid-enum-value",
    severity: Severity::Error,
    summary: "A value is not one of the template's options.",
    explanation: "The template lists this key's allowed values as `a|b|c` (newer upstream templates do so for `status`: provisional, implementable, ...). Use exactly one of them.",
    fix: Some("Replaces a near miss with the closest allowed value."),
};

use super::{is_option_list, present, scalar};
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::rules::{Finding, Rule, RuleDoc, Severity, closest};
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
        let mut finding = Finding::new(
            Rule::InvalidEnumValue,
            value.range.clone(),
            format!(
                "`{}` must be one of the template's values: {}",
                spec.name,
                options.join(", ")
            ),
        )
        .about(vec![spec.name.clone()]);
        if let Some(best) = value
            .value
            .and_then(|v| closest(v, options.iter().map(String::as_str)))
        {
            finding = finding.with_fix(Fix {
                title: format!("Change to `{best}`"),
                edits: vec![Edit::replace(value.range, best)],
                safe: value.value.is_some_and(|v| v.eq_ignore_ascii_case(best)),
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
    fn values_outside_the_options() {
        check(&with_front_matter(&GOOD_META.replace(
            "status: implementable\n",
            "status: Implementable
        ^^^^^^^^^^^^^ invalid-enum-value: `status` must be one of the template's values: provisional, implementable, implemented
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
}
