//! `lineage`: `replaces` and `superseded-by` that do not answer each other.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "lineage",
    severity: Severity::Hint,
    summary: "`replaces` and `superseded-by` do not answer each other, or go round in a circle.",
    explanation: "When proposal B `replaces` A, A should say it is `superseded-by` B, and the reverse; a reader who lands on either should find the other. The hint is given in the proposal that lacks the entry (the other one names it). A superseded proposal's `status` is `replaced` where the template has that value. A chain of `replaces` that leads back to the proposal it started from is reported too. Judged from the files on disk for the other proposals, and from the text as it is for this one; needs the repository (see `broken-reference`).",
    fix: Some(
        "Adds the missing entry to this proposal's list (creating the key after the others if needed); sets `status` to `replaced`.",
    ),
};

use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::front_matter::YamlNode;
use crate::repository::InRepository;
use crate::repository::reference::{Form, Resolution, write_path};
use crate::repository::written::front_matter_references;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::ValueShape;
use crate::text::end_of_line;

const REPLACES: &str = "replaces";
const SUPERSEDED_BY: &str = "superseded-by";

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(place) = &cx.file.repository else {
        return;
    };
    let paths = |key| {
        cx.template
            .key(key)
            .is_some_and(|k| k.shape == ValueShape::Paths)
    };
    if !paths(REPLACES) || !paths(SUPERSEDED_BY) || cx.entries().is_none() {
        return;
    }
    let own = |key: &str| -> Vec<String> {
        front_matter_references(cx)
            .into_iter()
            .filter(|r| r.key.as_deref() == Some(key))
            .filter_map(|r| match place.repository.resolve(&place.path, &r.path) {
                Resolution::Found { path, .. } => Some(path),
                _ => None,
            })
            .collect()
    };
    let replaces = own(REPLACES);
    let superseded_by = own(SUPERSEDED_BY);
    let mut successors: Vec<String> = superseded_by.clone();
    for (key, source) in place.repository.named_by(&place.path) {
        let (inverse, listed) = match key.as_str() {
            SUPERSEDED_BY => (REPLACES, &replaces),
            REPLACES => {
                successors.push(source.clone());
                (SUPERSEDED_BY, &superseded_by)
            }
            _ => continue,
        };
        if listed.contains(source) || *source == place.path {
            continue;
        }
        out.push(missing_entry(cx, place, key, inverse, source));
    }
    successors.sort();
    successors.dedup();
    if let Some(successor) = successors.first() {
        out.extend(not_replaced(cx, place, successor));
    }
    out.extend(circle(cx, place, &replaces));
}

/// `source` names this proposal under `key`; this one should name it
/// under `inverse`.
fn missing_entry(
    cx: &Context,
    place: &InRepository,
    key: &str,
    inverse: &str,
    source: &str,
) -> Finding {
    let written = write_path(Form::FromRoot, &place.path, source);
    let range = cx
        .first_entry(inverse)
        .or_else(|| cx.first_entry("title"))
        .map_or(0..0, |e| e.key_range.clone());
    let message = format!(
        "`{written}` lists this proposal under `{key}`; list it under `{inverse}` here too"
    );
    let finding = Finding::new(Rule::Lineage, range, message).about(vec![inverse.to_string()]);
    match add_entry(cx, inverse, &written) {
        Some(edits) => finding.with_fix(Fix {
            title: format!("Add `{written}` to `{inverse}`"),
            edits,
            safe: true,
        }),
        None => finding,
    }
}

/// The edits that add `"value"` to the block list `key` (creating the key
/// at the end of the front matter); `None` for a value written another
/// way (a flow list with entries, a scalar).
fn add_entry(cx: &Context, key: &str, value: &str) -> Option<Vec<Edit>> {
    let eol = cx.eol;
    let entry = format!("  - \"{value}\"");
    let Some(existing) = cx.first_entry(key) else {
        let at = cx.front_matter.as_ref()?.yaml_range.end;
        return Some(vec![Edit::insert(at, format!("{key}:{eol}{entry}{eol}"))]);
    };
    let written = cx.text.get(existing.value.range()).unwrap_or("").trim();
    match &existing.value {
        YamlNode::Sequence { items, .. } if !items.is_empty() && !written.starts_with('[') => {
            let last = items.last()?.range();
            let line_end = end_of_line(cx.text, last.end);
            // Before the last item's line break, so the break stays last.
            let before_break = cx
                .text
                .get(..line_end)?
                .trim_end_matches(['\n', '\r'])
                .len();
            Some(vec![Edit::insert(before_break, format!("{eol}{entry}"))])
        }
        YamlNode::Sequence { items, .. } if items.is_empty() => Some(vec![Edit::replace(
            existing.key_range.end..existing.value.range().end,
            format!(":{eol}{entry}"),
        )]),
        value if value.is_null() => Some(vec![Edit::replace(
            existing.key_range.end..existing.key_range.end + 1,
            format!(":{eol}{entry}"),
        )]),
        _ => None,
    }
}

/// A superseded proposal whose `status` is not `replaced`, where the
/// template has that value.
fn not_replaced(cx: &Context, place: &InRepository, successor: &str) -> Option<Finding> {
    let spec = cx.template.key("status")?;
    let ValueShape::Enum(options) = &spec.shape else {
        return None;
    };
    if !options.iter().any(|o| o == "replaced") {
        return None;
    }
    let status = cx.first_entry("status")?;
    let value = status.value.as_str()?.trim();
    if value == "replaced" {
        return None;
    }
    let written = write_path(Form::FromRoot, &place.path, successor);
    let range = status.value.range();
    Some(
        Finding::new(
            Rule::Lineage,
            range.clone(),
            format!(
                "This proposal is superseded by `{written}`, but its `status` is `{value}`; set it to `replaced`"
            ),
        )
        .about(vec!["status".into()])
        .with_fix(Fix {
            title: "Set `status` to `replaced`".into(),
            edits: vec![Edit::replace(range, "replaced")],
            safe: false,
        }),
    )
}

/// A chain of `replaces` from this proposal that comes back to it.
fn circle(cx: &Context, place: &InRepository, replaces: &[String]) -> Option<Finding> {
    const LONGEST: usize = 32;
    let repository = &place.repository;
    for first in replaces {
        let mut chain = vec![first.clone()];
        let mut at = first.clone();
        while chain.len() <= LONGEST {
            let Some(next) = repository.targets_of(&at, REPLACES).into_iter().next() else {
                break;
            };
            if next == place.path {
                let entry = cx.first_entry(REPLACES)?;
                let shown: Vec<String> = chain
                    .iter()
                    .map(|p| format!("`{}`", write_path(Form::FromRoot, &place.path, p)))
                    .collect();
                return Some(
                    Finding::new(
                        Rule::Lineage,
                        entry.key_range.clone(),
                        format!(
                            "`replaces` goes round in a circle: this proposal replaces {}, which replaces this one; remove the entry that is wrong",
                            shown.join(", which replaces ")
                        ),
                    )
                    .about(vec![REPLACES.into()]),
                );
            }
            if chain.contains(&next) {
                break;
            }
            chain.push(next.clone());
            at = next;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    /// `enhancements/network/idea.md` among proposals that name it.
    const OTHERS: &[(&str, &str)] = &[
        (
            "enhancements/network/a.md",
            "---\ntitle: a\nsuperseded-by:\n  - \"/enhancements/network/idea.md\"\n---\n",
        ),
        (
            "enhancements/installer/b.md",
            "---\ntitle: b\nreplaces:\n  - ../network/idea.md\n---\n",
        ),
    ];

    #[test]
    fn each_side_names_the_other() {
        check_in_repository_with(
            &mini_with_lineage(),
            OTHERS,
            &with_front_matter(&GOOD_META.replace("title: idea\n", "title: idea
^^^^^ lineage: `/enhancements/installer/b.md` lists this proposal under `replaces`; list it under `superseded-by` here too
").replace(
                "status: implementable\n",
                "status: implementable
        ^^^^^^^^^^^^^ lineage: This proposal is superseded by `/enhancements/installer/b.md`, but its `status` is `implementable`; set it to `replaced`
replaces: []
^^^^^^^^ lineage: `/enhancements/network/a.md` lists this proposal under `superseded-by`; list it under `replaces` here too
",
            )),
        );
        check_in_repository_with(
            &mini_with_lineage(),
            OTHERS,
            &with_front_matter(&GOOD_META.replace(
                "status: implementable\n",
                "status: replaced
replaces:
  - \"/enhancements/network/a.md\"
superseded-by:
  - /enhancements/installer/b.md
",
            )),
        );
    }

    #[test]
    fn the_safe_fixes_add_the_missing_entries() {
        let before = with_front_matter(&GOOD_META.replace(
            "status: implementable\n",
            "status: implementable\nreplaces: []\n",
        ));
        check_fix_all_in_repository(
            &mini_with_lineage(),
            OTHERS,
            &before,
            expect_test::expect![[r#"
                {GOOD_META keys}
                replaces:
                  - "/enhancements/network/a.md"
                superseded-by:
                  - "/enhancements/installer/b.md"
                ---

                {BODY_OK}
            "#]],
        );
    }

    #[test]
    fn a_circle_of_replaces() {
        let others = [(
            "enhancements/network/a.md",
            "---\ntitle: a\nreplaces:\n  - \"/enhancements/network/idea.md\"\n---\n",
        )];
        check_in_repository_with(
            &mini_with_lineage(),
            &others,
            &with_front_matter(&GOOD_META.replace(
                "status: implementable\n",
                "status: replaced
replaces:
^^^^^^^^ lineage: `replaces` goes round in a circle: this proposal replaces `/enhancements/network/a.md`, which replaces this one; remove the entry that is wrong
  - a.md
superseded-by:
  - a.md
",
            )),
        );
    }
}
