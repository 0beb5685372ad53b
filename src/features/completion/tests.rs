use super::*;
use crate::markdown::parse;

pub const TEMPLATE: &str = r#"---
title: neat-enhancement-idea
authors: # who wrote it
  - TBD
api-approvers: # If there is no API change, use "None"
  - TBD
creation-date: yyyy-mm-dd
status: provisional|implementable # where the proposal stands
see-also:
  - "/enhancements/other.md"
---

# Neat Enhancement Idea

## Summary

Say what it does.

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Open Questions [optional]

Any?
"#;

const TODAY: &str = "2025-06-01";

/// Completions at the `‸` in `doc`, with the marker removed.
fn complete_at(template: &Template, doc: &str) -> (String, Vec<CompletionItem>) {
    let offset = doc.find('‸').unwrap();
    let text = doc.replace('‸', "");
    let items = complete(&text, &parse(&text), template, offset, TODAY, None);
    (text, items)
}

fn labels(template: &Template, doc: &str) -> Vec<String> {
    complete_at(template, doc)
        .1
        .into_iter()
        .map(|i| i.label)
        .collect()
}

fn mini() -> Template {
    Template::parse(TEMPLATE)
}

#[test]
fn missing_sections_first_then_present_ones() {
    let (text, items) = complete_at(&mini(), "# Idea\n\n## Summary\n\nText.\n\n## ‸");
    let got: Vec<_> = items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(
        got,
        [
            "## Motivation",
            "## Proposal",
            "## Open Questions",
            "## Summary"
        ]
    );
    assert_eq!(
        items[2],
        CompletionItem {
            label: "## Open Questions".into(),
            kind: CompletionKind::Section,
            detail: Some("optional section".into()),
            documentation: Some("Any?".into()),
            replace: text.len() - 3..text.len(),
            insert_text: "## Open Questions".into(),
            snippet: None,
            sort_text: "0002".into(),
        }
    );
    assert_eq!(items[0].detail.as_deref(), Some("required section"));
    assert_eq!(items[0].documentation, None);
    assert_eq!(items[3].documentation.as_deref(), Some("Say what it does."));
}

/// A section the rules count as present (`## Summary and Motivation`
/// is `## Summary`) is not offered as missing, and its subsections fit
/// under it.
#[test]
fn sections_present_as_the_rules_match_them() {
    let t = mini();
    let doc = "# Idea\n\n## Summary and Motivation\n\nText.\n\n## ‸";
    assert_eq!(
        labels(&t, doc),
        [
            "## Motivation",
            "## Proposal",
            "## Open Questions",
            "## Summary"
        ]
    );
    let doc = "# Idea\n\n## Proposal: the plan\n\n### Topology Considerations [optional]\n\n#### ‸";
    assert_eq!(
        labels(&t, doc),
        ["#### Standalone Clusters", "#### 漢字 Clusters 😀"]
    );
    // A near miss of `## Motivation` is it, for the rules too.
    let doc = "# Idea\n\n## motivation\n\n### ‸";
    assert_eq!(labels(&t, doc), ["### Goals", "### Non-Goals"]);
}

#[test]
fn children_only_where_their_parent_encloses_the_cursor() {
    let t = mini();
    // What fits after `### Topology Considerations` first; then the
    // template's order from there on, around to what comes before it.
    let doc = "# Idea\n\n## Proposal\n\n### Topology Considerations\n\nx\n\n‸";
    assert_eq!(
        labels(&t, doc),
        [
            "#### Standalone Clusters",
            "#### 漢字 Clusters 😀",
            "## Open Questions",
            "## Summary",
            "## Motivation",
            "## Proposal",
            "### Topology Considerations",
        ]
    );
    let typed = doc.replace('‸', "### T‸");
    assert_eq!(
        labels(&t, &typed),
        [
            "#### Standalone Clusters",
            "#### 漢字 Clusters 😀",
            "### Topology Considerations",
        ]
    );
    // A sibling `###` closes `### Goals`: its parent is `## Motivation`.
    let goals = "# Idea\n\n## Motivation\n\n### Goals\n\n### ‸";
    assert_eq!(labels(&t, goals), ["### Non-Goals", "### Goals"]);
    // No `### Topology Considerations`: its children are not offered.
    assert!(labels(&t, "# Idea\n\n## Proposal\n\n#### ‸").is_empty());
    // `####` is too deep for every `##`/`###` section.
    assert!(labels(&t, "# Idea\n\n## Summary\n\n####‸").is_empty());
}

#[test]
fn headings_only_where_a_heading_can_start() {
    let t = mini();
    assert!(labels(&t, "‸\n# Idea\n").is_empty(), "before the title");
    assert_eq!(labels(&t, "‸").len(), 4, "no title: level 2 anywhere");
    assert!(labels(&t, "# Idea\n\n‸Some text\n").is_empty());
    assert!(labels(&t, "# Idea\n\nSome ‸\n").is_empty());
    assert!(labels(&t, "# Idea\n\n##Su‸\n").is_empty());
    assert!(labels(&t, "# Idea\n\n```\n‸\n```\n").is_empty());
    assert!(labels(&t, "# Idea\n\n<!--\n## ‸\n-->\n").is_empty());
    assert_eq!(labels(&t, "# Idea\n\n```\nx\n```\n## ‸").len(), 4);
    assert_eq!(labels(&t, "---\ntitle: x\n---\n# Idea\n\n‸").len(), 4);
    assert!(labels(&t, "---\ntitle: x\n---‸\n# Idea\n").is_empty());
}

#[test]
fn multibyte_and_crlf_headings() {
    let t = mini();
    let doc =
        "# 漢字 Idea 😀\r\n\r\n## Proposal\r\n\r\n### Topology Considerations\r\n\r\n#### 漢‸\r\n";
    let (text, items) = complete_at(&t, doc);
    let got: Vec<_> = items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(got, ["#### Standalone Clusters", "#### 漢字 Clusters 😀"]);
    assert_eq!(&text[items[1].replace.clone()], "#### 漢");

    // An offset past the end is clamped; one inside `漢` snaps back
    // before it, where the rest of the line is not empty.
    let text = "# Idea\n\n## 漢";
    let items = complete(text, &parse(text), &t, text.len() + 9, TODAY, None);
    assert_eq!(items[0].replace, 8..text.len());
    assert!(complete(text, &parse(text), &t, text.len() - 1, TODAY, None).is_empty());
}

#[test]
fn front_matter_keys_not_yet_present() {
    let t = mini();
    let (_, items) = complete_at(&t, "---\ntitle: x\n‸\n---\n# Idea\n");
    let got: Vec<_> = items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(
        got,
        [
            "authors",
            "api-approvers",
            "creation-date",
            "status",
            "see-also"
        ]
    );
    assert_eq!(
        items[0],
        CompletionItem {
            label: "authors".into(),
            kind: CompletionKind::Key,
            detail: Some("a list of GitHub handles".into()),
            documentation: Some("who wrote it".into()),
            replace: 13..13,
            insert_text: "authors:\n  - ".into(),
            snippet: Some("authors:\n  - \"@${1:handle}\"".into()),
            sort_text: "0000".into(),
        }
    );
    assert_eq!(
        items[2].snippet.as_deref(),
        Some("creation-date: ${1:2025-06-01}")
    );
    assert_eq!(items[2].insert_text, "creation-date: ");
    assert_eq!(
        items[3].snippet.as_deref(),
        Some("status: ${1|provisional,implementable|}")
    );
    assert_eq!(escape_choice("a,b|$}\\"), "a\\,b\\|\\$\\}\\\\");
    assert_eq!(
        items[4].detail.as_deref(),
        Some("a list of paths to other proposals, optional")
    );
    assert_eq!(
        items[4].snippet.as_deref(),
        Some("see-also:\n  - \"/enhancements/${1:name}.md\"")
    );
}

#[test]
fn keys_while_the_yaml_is_broken_or_unclosed() {
    let t = mini();
    // Unclosed, typing a key: the item replaces the typed word.
    let (text, items) = complete_at(&t, "---\ntitle: x\nap‸");
    assert_eq!(&text[items[0].replace.clone()], "ap");
    assert_eq!(items.len(), 5);
    // Invalid YAML: keys are still found line by line.
    let broken = "---\ntitle: [x\nauthors:\n  - @bob\n‸\n---\n# Idea\n";
    assert_eq!(
        labels(&t, broken),
        ["api-approvers", "creation-date", "status", "see-also"]
    );
    // Just opened.
    assert_eq!(labels(&t, "---\n‸").len(), 6);
    // CRLF: the list item's line break matches the document.
    let (_, items) = complete_at(&t, "---\r\ntitle: x\r\nau‸\r\n---\r\n");
    assert_eq!(items[0].insert_text, "authors:\r\n  - ");
    // Not in the middle of a key, nor on an indented line.
    assert!(labels(&t, "---\nti‸tle: x\n---\n").is_empty());
    assert!(labels(&t, "---\n  ‸\n---\n").is_empty());
}

#[test]
fn values_for_enums_dates_and_sentinels() {
    let t = mini();
    let (text, items) = complete_at(&t, "---\nstatus: ‸\n---\n");
    let got: Vec<_> = items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(got, ["provisional", "implementable"]);
    assert_eq!(
        items[1],
        CompletionItem {
            label: "implementable".into(),
            kind: CompletionKind::Value,
            detail: Some("allowed value".into()),
            documentation: Some("where the proposal stands".into()),
            replace: 12..12,
            insert_text: "implementable".into(),
            snippet: None,
            sort_text: "0001".into(),
        }
    );
    assert_eq!(&text[..12], "---\nstatus: ");

    let (_, items) = complete_at(&t, "---\nstatus:‸");
    assert_eq!(items[0].insert_text, " provisional");
    let (text, items) = complete_at(&t, "---\nstatus:  imp‸\n---\n");
    assert_eq!(&text[items[0].replace.clone()], "imp");

    assert_eq!(labels(&t, "---\ncreation-date: ‸"), [TODAY]);
    let (_, items) = complete_at(&t, "---\ncreation-date: ‸");
    assert_eq!(items[0].detail.as_deref(), Some("today"));

    assert_eq!(labels(&t, "---\napi-approvers:\n  - ‸"), ["None"]);
    let (text, items) = complete_at(&t, "---\napi-approvers:\n  - \"@a\"\n  - N‸\n---\n");
    assert_eq!(&text[items[0].replace.clone()], "N");
    assert_eq!(
        items[0].documentation.as_deref(),
        Some("If there is no API change, use \"None\"")
    );

    assert!(labels(&t, "---\nauthors:\n  - ‸").is_empty());
    assert!(labels(&t, "---\napi-approvers:\n--‸").is_empty());
    let (_, items) = complete_at(&t, "---\napi-approvers:\n-‸");
    assert_eq!(items[0].insert_text, " None");
    assert!(
        labels(&t, "---\napi-approvers: ‸").is_empty(),
        "a list key's own line"
    );
    assert!(labels(&t, "---\nstatus: x # ‸").is_empty(), "in a comment");
    assert!(labels(&t, "---\nunknown: ‸").is_empty());
}

#[test]
fn embedded_template() {
    let t = Template::embedded();
    let (_, items) = complete_at(&t, "---\ntitle: my-idea\n‸\n---\n\n# My Idea\n");
    let got: Vec<_> = items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(
        got,
        [
            "authors",
            "reviewers",
            "approvers",
            "api-approvers",
            "creation-date",
            "last-updated",
            "status",
            "tracking-link",
            "see-also",
            "replaces",
            "superseded-by",
        ]
    );
    assert_eq!(
        items[7].snippet.as_deref(),
        Some("tracking-link:\n  - ${1:https://}")
    );

    let doc = "---\ntitle: my-idea\n---\n\n# My Idea\n\n## Proposal\n\n### Topology Considerations\n\n####‸";
    assert_eq!(
        labels(&t, doc),
        [
            "#### Hypershift / Hosted Control Planes",
            "#### Standalone Clusters",
            "#### Single-node Deployments or MicroShift",
            "#### OpenShift Kubernetes Engine",
        ]
    );

    let (_, items) = complete_at(&t, "# My Idea\n\n## Summary\n\nx\n\n## ‸");
    assert_eq!(items.len(), 12);
    assert_eq!(items[0].label, "## Motivation");
    assert_eq!(items[11].label, "## Summary");
    for item in &items {
        let doc = item.documentation.as_deref().unwrap_or("");
        assert!(
            doc.len() <= DOC_LIMIT + 8,
            "{} documentation too long",
            item.label
        );
    }
    let (_, items) = complete_at(&t, "# My Idea\n\n## Motivation\n\n### ‸");
    let stories = items
        .iter()
        .find(|i| i.label == "### User Stories")
        .unwrap();
    let doc = stories.documentation.as_deref().unwrap();
    assert!(
        doc.starts_with("Detail the things that people will be able to do"),
        "{doc}"
    );
}

#[test]
fn never_panics_and_replaces_up_to_the_cursor() {
    let t = mini();
    let texts = [
        TEMPLATE.to_string(),
        TEMPLATE.replace('\n', "\r\n"),
        "---\ntitle: 漢字😀\nauthors:\n  - 😀\nstatus: 漢\n---\n# 漢字\n\n## 😀\n\n#### 漢"
            .to_string(),
        "---\n".to_string(),
        "---".to_string(),
        "\u{feff}---\r\nap".to_string(),
        "".to_string(),
        "#######\n#\n\n```\n".to_string(),
    ];
    for text in &texts {
        let tree = parse(text);
        for offset in 0..=text.len() + 3 {
            for item in complete(text, &tree, &t, offset, TODAY, None) {
                let at = snap(text, offset);
                assert_eq!(item.replace.end, at, "{text:?} @ {offset}");
                assert!(text.get(item.replace.clone()).is_some());
                assert!(!text[item.replace.clone()].contains('\n'));
            }
        }
    }
}

/// The cursor's check for code and HTML agrees with the walk that folding
/// uses, at every line.
#[test]
fn opaque_blocks_by_lookup_and_by_walk_agree() {
    let texts = [
        "# T\n\n```\n## a\n```\n\n<!--\nx\n\n## b\n-->\n\n- item\n\n  ```sh\n  # c\n  ```\n\n<div>\n\n## d\n",
        "```\nunclosed\n\n",
        "<!-- open\n\n## x\n",
        TEMPLATE,
    ];
    for text in texts {
        let tree = parse(text);
        let blocks = crate::features::common::opaque_blocks(text, &tree);
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
        for at in starts {
            let walked = blocks.iter().any(|(r, _)| r.start < at && at < r.end);
            assert_eq!(in_opaque_block(&tree, at), walked, "{text:?} @ {at}");
        }
    }
}

/// monitoring-era proposals (etcd/etcd-encryption-for-separate-oauth-apis.md,
/// reduced): written before `## Graduation Criteria` was required, with
/// `## Proposal` present below the cursor.
const REAL_ISH: &str = "# ETCD Encryption For Separate OAuth APIs

## Summary

Encrypt the OAuth resources.

## Motivation

### Goals

- Encrypt them.

### Non-Goals

- Anything else.

## Proposal

Move the resources to their own API server.

### User Stories

#### Story 1

### Risks and Mitigations

None.

## Design Details

### Test Plan

E2E tests.

#### Removing a deprecated feature

### Upgrade / Downgrade Strategy

### Version Skew Strategy

## Implementation History

## Alternatives (Not Implemented)
";

/// Right after `### Non-Goals`, what the template puts there comes first:
/// `## Proposal`, then what follows it, not the first missing section of
/// the whole template (`## Graduation Criteria`, which goes far below).
#[test]
fn after_non_goals_what_follows_comes_first() {
    let t = Template::embedded();
    let at_end_of_non_goals = REAL_ISH.replace("- Anything else.\n", "- Anything else.\n\n‸");
    let got = labels(&t, &at_end_of_non_goals);
    assert_eq!(
        got.first().map(String::as_str),
        Some("## Proposal"),
        "{got:?}"
    );
    assert!(
        got.iter().position(|l| l == "## Proposal")
            < got.iter().position(|l| l == "## Graduation Criteria"),
        "{got:?}"
    );
    // Written top down, `## Proposal` still missing: it is the first that
    // fits, and the sections after it follow in template order.
    let top_down = "# Idea\n\n## Summary\n\nText.\n\n## Motivation\n\n### User Stories\n\nAs an admin.\n\n### Goals\n\n- a\n\n### Non-Goals\n\n- b\n\n‸";
    let got = labels(&t, top_down);
    assert_eq!(
        got.get(..3),
        Some(
            &[
                "## Proposal".to_string(),
                "## Alternatives (Not Implemented)".to_string(),
                "## Open Questions".to_string()
            ][..]
        ),
        "{got:?}"
    );
}

/// Accept the first offer on every blank line of a real-ish proposal:
/// wherever some missing section fits, the first offer is one, and adds no
/// `section-order`, `section-parent` or `heading-level` finding.
#[test]
fn accepting_the_first_offer_puts_nothing_out_of_place() {
    let t = Template::embedded();
    let file = crate::FileContext::default();
    // What the rules say about where sections are, by rule and subject
    // (a heading at the wrong level in the wrong place is reported by
    // `heading-level` without a level fix, saying where it belongs).
    let placement = |text: &str| -> Vec<(crate::Rule, Vec<String>, bool)> {
        crate::analyze_text(text, &t, &file)
            .into_iter()
            .filter(|f| {
                matches!(
                    f.rule,
                    crate::Rule::SectionOrder
                        | crate::Rule::SectionParent
                        | crate::Rule::HeadingLevel
                )
            })
            .map(|f| (f.rule, f.subjects, f.fix.is_some()))
            .collect()
    };
    let before = placement(REAL_ISH);
    let accept = |at: usize, item: &CompletionItem| {
        let mut text = REAL_ISH.to_string();
        text.replace_range(item.replace.clone(), &item.insert_text);
        debug_assert!(item.replace.start == at);
        text
    };
    let adds_nothing = |text: &str| placement(text).iter().all(|f| before.contains(f));
    let headings = Outline::headings(REAL_ISH, &parse(REAL_ISH)).headings;
    let map = SectionMap::new(&t, &headings);
    let missing = |item: &CompletionItem| {
        t.section_ids()
            .find(|&s| t.section(s).heading_line() == item.label)
            .is_some_and(|s| !map.is_present(s))
    };
    let mut fitted = 0;
    let blank_lines = REAL_ISH
        .match_indices("\n\n")
        .map(|(i, _)| i + 1)
        .filter(|&i| i > REAL_ISH.find("\n## ").unwrap_or(0));
    for at in blank_lines {
        let items = complete(REAL_ISH, &parse(REAL_ISH), &t, at, TODAY, None);
        let Some(first) = items.first() else {
            continue;
        };
        let some_missing_fits = items
            .iter()
            .any(|i| missing(i) && adds_nothing(&accept(at, i)));
        if some_missing_fits {
            fitted += 1;
            assert!(
                missing(first) && adds_nothing(&accept(at, first)),
                "at line {}: `{}` first, of {:?}",
                REAL_ISH[..at].lines().count() + 1,
                first.label,
                items.iter().map(|i| &i.label).collect::<Vec<_>>()
            );
        }
    }
    assert!(
        fitted >= 8,
        "only {fitted} places where a missing section fits"
    );
}
