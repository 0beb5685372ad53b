//! `broken-reference`: a path to a file the repository does not have.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "broken-reference",
    severity: Severity::Warning,
    summary: "A path in the front matter, a link or an image names no file of the repository.",
    explanation: "The template's path lists (`see-also`, `replaces`, `superseded-by`) name other proposals, from the repository root (`/enhancements/area/name.md`); links and images in the text name files from the proposal's directory (`../area/name.md`, `images/diagram.png`) or from the root. A path that names nothing sends a reader nowhere; most often a directory is missing or written twice. URLs, anchors (`#goals`) and paths above the repository root are not checked. Checked when the repository is known: `check` indexes the workspace root of each file it checks, the editor indexes its workspace in the background.",
    fix: Some(
        "When one file of the repository is clearly meant (the same name in another directory, the name without `.md`, a near-miss name in the same directory): that path, written the same way.",
    ),
};

use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::repository::reference::{Resolution, is_web_address};
use crate::repository::written::{WrittenReference, written_references};
use crate::rules::{Finding, Rule, RuleDoc, Severity};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(place) = &cx.file.repository else {
        return;
    };
    for reference in written_references(cx) {
        if let Some(finding) = judge(cx, place, &reference) {
            let subjects = reference.key.iter().cloned().collect();
            out.push(finding.about(subjects));
        }
    }
}

/// The finding for a reference that names no file.
fn judge(
    cx: &Context,
    place: &crate::repository::InRepository,
    reference: &WrittenReference,
) -> Option<Finding> {
    let (what, instead) = match &reference.key {
        Some(key) => (format!("This `{key}` entry"), "an existing proposal"),
        None => ("This link".to_string(), "an existing file"),
    };
    let written = cx.text.get(reference.range.clone())?;
    let range = reference.range.clone();
    if is_web_address(&reference.path) {
        let url = format!("https://{written}");
        let message = format!(
            "{what} names `{written}`, a web address without its scheme, which reads as a path from this file; write `{url}`"
        );
        return Some(
            Finding::new(Rule::BrokenReference, range.clone(), message).with_fix(Fix {
                title: format!("Change to `{url}`"),
                edits: vec![Edit::insert(range.start, "https://")],
                safe: false,
            }),
        );
    }
    let repository = &place.repository;
    let Resolution::Missing { path, form } = repository.resolve(&place.path, &reference.path)
    else {
        return None;
    };
    let guess = repository.did_you_mean(&place.path, &path, form);
    let advice = match &guess {
        Some(guess) => format!("did you mean `{guess}`?"),
        None => format!("point it at {instead}, or remove it"),
    };
    let message =
        format!("{what} names `{written}`, which is no file of this repository; {advice}");
    let finding = Finding::new(Rule::BrokenReference, range.clone(), message);
    // Only a path written as it reads can be replaced by another.
    Some(match guess.filter(|_| reference.verbatim(cx.text)) {
        Some(guess) => finding.with_fix(Fix {
            title: format!("Change to `{guess}`"),
            edits: vec![Edit::replace(range, guess)],
            safe: false,
        }),
        None => finding,
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    #[test]
    fn paths_in_the_front_matter() {
        check_in_repository(&with_front_matter(&GOOD_META.replace(
            "status: implementable\n",
            r#"status: implementable
see-also:
  - "/enhancements/network/a.md"
  - "/enhancements/b.md"
     ^^^^^^^^^^^^^^^^^^ broken-reference: This `see-also` entry names `/enhancements/b.md`, which is no file of this repository; did you mean `/enhancements/installer/b.md`?
  - ../network/a.md#goals
  - "[the other one](/enhancements/gone.md)"
                     ^^^^^^^^^^^^^^^^^^^^^ broken-reference: This `see-also` entry names `/enhancements/gone.md`, which is no file of this repository; point it at an existing proposal, or remove it
  - https://github.com/openshift/enhancements/pull/1
  - N/A
"#,
        )));
    }

    #[test]
    fn links_and_images_in_the_text() {
        check_in_repository(&with_body(
            "See [a](a.md), [b](../installer/b.md#goals), ![diagram](images/diagram.png) and [up](/guidelines).

[gone](../installer/bb.md) and ![missing](<images/diagrm.png>)
       ^^^^^^^^^^^^^^^^^^ broken-reference: This link names `../installer/bb.md`, which is no file of this repository; did you mean `../installer/b.md`?
                                           ^^^^^^^^^^^^^^^^^ broken-reference: This link names `images/diagrm.png`, which is no file of this repository; did you mean `images/diagram.png`?

- [in a list](enhancements/network/aa.md) and [web](https://example.com) and [here](#summary)
              ^^^^^^^^^^^^^^^^^^^^^^^^^^ broken-reference: This link names `enhancements/network/aa.md`, which is no file of this repository; did you mean `enhancements/network/a.md`?

`[code](nowhere.md)`

[tool](github.com/org/tool) and [up](../../../../above.md)
       ^^^^^^^^^^^^^^^^^^^ broken-reference: This link names `github.com/org/tool`, a web address without its scheme, which reads as a path from this file; write `https://github.com/org/tool`
",
        ));
    }

    #[test]
    fn the_fix_writes_the_guess_the_same_way() {
        check_fix_in_repository(
            &with_body("[gone](../installer/bb.md#goals)\n"),
            expect_test::expect![[r#"
                {GOOD_META}
                [gone](../installer/b.md#goals)
            "#]],
        );
    }
}
