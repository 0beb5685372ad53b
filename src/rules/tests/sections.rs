use super::*;

fn doc(body: &str) -> String {
    format!("{GOOD_META}\n{body}")
}

#[test]
fn missing_sections_point_where_they_belong() {
    check(&doc("# Idea

## Summary

## Proposal
^^^^^^^^^^^ missing-section: Required section `## Motivation` is missing; the template puts it after `## Summary`, with its subsections `### Goals`, `### Non-Goals`. Add it, and if it does not apply, say why.

### Topology Considerations
^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-section: `### Topology Considerations` is missing its required subsection `#### Standalone Clusters`. Add it, and if it does not apply, say why.

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)

"));
}

#[test]
fn wrong_level_and_near_misses() {
    check(&doc("# Idea

### Summary
^^^ heading-level: `### Summary` is level 3, but the template has `## Summary` at level 2; change `###` to `##`

## motivation
^^^^^^^^^^^^^ misnamed-section: `## motivation` looks like the template's `## Motivation`; rename it so the section is recognised

### Goals

### Non Goals
^^^^^^^^^^^^^ misnamed-section: `### Non Goals` looks like the template's `### Non-Goals`; rename it so the section is recognised

## Proposal

### Topology Considerations

#### Standalone Cluster
^^^^^^^^^^^^^^^^^^^^^^^ misnamed-section: `#### Standalone Cluster` looks like the template's `#### Standalone Clusters`; rename it so the section is recognised

#### 漢字 Clusters 😀

## Alternatives
^^^^^^^^^^^^^^^ misnamed-section: `## Alternatives` looks like the template's `## Alternatives (Not Implemented)`; rename it so the section is recognised


"));
}

#[test]
fn headings_in_fences_and_comments_do_not_count() {
    check(&doc("# Idea

## Summary

```markdown
## Motivation
```

<!--
## Proposal
-->

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
"));
}

#[test]
fn duplicates_and_order() {
    check(&doc("# Idea

## Motivation

### Goals

### Non-Goals

## Summary
^^^^^^^^^^ section-order: `## Summary` is out of order: the template puts it before `## Motivation`; move the section there

## Proposal

### Topology Considerations

#### 漢字 Clusters 😀

#### Standalone Clusters
^^^^^^^^^^^^^^^^^^^^^^^^ section-order: `#### Standalone Clusters` is out of order: the template puts it after `### Topology Considerations` and before `#### 漢字 Clusters 😀`; move the section there

## Alternatives (Not Implemented)

## Summary
^^^^^^^^^^ duplicate-section: `## Summary` appears more than once; merge this section into the first one, or rename it

"));
}

#[test]
fn prefix_and_optional_marker_headings_count() {
    let body = BODY_OK
        .replace("## Summary", "## Summary: what and why")
        .replace("### Goals", "### Goals [optional]");
    check(&doc(&body));
}

#[test]
fn missing_title() {
    let body = BODY_OK.replace("# Idea\n\n", "");
    check(&doc(&body.replacen(
        "## Summary\n",
        "## Summary\n^^^^^^^^^^ missing-title: The proposal has no `# ` title; add one naming the enhancement after the front matter\n",
        1,
    )));
    let fixed = apply_fix(&mini(), "idea", &doc(&body), Rule::MissingTitle);
    assert_eq!(fixed, doc(BODY_OK));
}

#[test]
fn insert_fixes_land_in_template_order_and_keep_all_text() {
    let before = doc("# Idea

Intro text.

## Motivation

Why.

### Non-Goals

## Alternatives (Not Implemented)

Other ways.
");
    let after = fix_everything(&mini(), "idea", &before);
    assert_eq!(
        after,
        doc("# Idea

Intro text.

## Summary

## Motivation

Why.

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)

Other ways.
")
    );
}

#[test]
fn insert_never_goes_into_an_unclosed_fence_or_the_front_matter() {
    let before = doc("## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

```
## Alternatives (Not Implemented)
");
    let after = apply_fix(&mini(), "idea", &before, Rule::MissingSection);
    assert!(
        after.ends_with(
            "## Alternatives (Not Implemented)\n\n```\n## Alternatives (Not Implemented)\n"
        ),
        "{after}"
    );
    // A missing title goes after the front matter, not into it.
    let fixed = apply_fix(&mini(), "idea", &before, Rule::MissingTitle);
    assert!(
        fixed.starts_with(&format!("{GOOD_META}\n# Idea\n\n## Summary")),
        "{fixed}"
    );
}

#[test]
fn rename_and_level_fixes() {
    let before = doc(&BODY_OK.replace("## Alternatives (Not Implemented)", "## alternatives"));
    let after = apply_fix(&mini(), "idea", &before, Rule::MisnamedSection);
    assert_eq!(after, doc(BODY_OK));
    let before = doc(&BODY_OK.replace("## Summary", "#### Summary"));
    let after = apply_fix(&mini(), "idea", &before, Rule::HeadingLevel);
    assert_eq!(after, doc(BODY_OK));
}

#[test]
fn misplaced_sections_say_where_they_belong() {
    check(&doc("# Idea

## Summary

## Motivation

### Goals

#### Standalone Cluster

## Proposal

### Topology Considerations
^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-section: `### Topology Considerations` is missing its required subsection `#### Standalone Clusters`. Add it, and if it does not apply, say why.

#### 漢字 Clusters 😀

## Non-Goals
^^^^^^^^^^^^ heading-level: `## Non-Goals` belongs under `## Motivation` as `### Non-Goals`; move it there

## Alternatives (Not Implemented)

"));
}

#[test]
fn level_fix_is_safe_only_when_no_other_heading_moves() {
    let body = BODY_OK.replace(
        "## Alternatives (Not Implemented)",
        "### Alternatives (Not Implemented)",
    );
    let level_fix = |text: &str| {
        let ctx = FileContext {
            file_stem: Some("idea".into()),
            today: None,
        };
        analyze_text(text, &mini(), &ctx)
            .into_iter()
            .find(|f| f.rule == Rule::HeadingLevel)
            .and_then(|f| f.fix)
            .expect("a level fix")
    };
    assert!(level_fix(&doc(&body)).safe);
    // Raising it would pull the author's own subsection under it.
    let with_notes = format!("{body}\n### Our Notes\n");
    assert!(!level_fix(&doc(&with_notes)).safe);
}

#[test]
fn inserts_anchor_on_sections_in_order() {
    let before = doc("# Idea

## Alternatives (Not Implemented)

## Summary

## Motivation

### Goals

### Non-Goals
");
    let after = fix_everything(&mini(), "idea", &before);
    assert_eq!(
        after,
        doc("# Idea

## Alternatives (Not Implemented)

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀
")
    );
}

#[test]
fn empty_sections() {
    check_with(
        &mini(),
        "idea",
        ALL,
        &doc("# Idea

## Summary

Text.

## Motivation

### Goals

- a list counts

### Non-Goals
^^^^^^^^^^^^^ empty-section: `### Non-Goals` is empty; write it, or say why it does not apply

<!-- a comment does not count -->

## Proposal

### Topology Considerations

#### Standalone Clusters

| a table | counts |
|---|---|

#### 漢字 Clusters 😀

```text
code counts
```

## Alternatives (Not Implemented)

> so does a quote

"),
    );
}

#[test]
fn multibyte_headings_are_matched_and_renamed() {
    check(&doc("# Idea

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字  clusters 😀
^^^^^^^^^^^^^^^^^^^ misnamed-section: `#### 漢字  clusters 😀` looks like the template's `#### 漢字 Clusters 😀`; rename it so the section is recognised

## Alternatives (Not Implemented)

"));
    let before = doc(&BODY_OK.replace("#### 漢字 Clusters 😀", "#### 漢字  clusters 😀"));
    let after = apply_fix(&mini(), "idea", &before, Rule::MisnamedSection);
    assert_eq!(after, doc(BODY_OK));
}

#[test]
fn a_missing_parent_goes_before_its_present_children() {
    let before = doc("# Idea

## Summary

### Goals

Ours.

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
");
    assert_eq!(
        fix_everything(&mini(), "idea", &before),
        doc("# Idea

## Summary

## Motivation

### Goals

Ours.

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
")
    );
}

#[test]
fn an_inserted_subsection_does_not_adopt_the_authors_deeper_headings() {
    let before = doc("# Idea

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

#### Our deep note

Ours.

## Alternatives (Not Implemented)
");
    assert_eq!(
        fix_everything(&mini(), "idea", &before),
        doc("# Idea

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

#### Our deep note

Ours.

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
")
    );
}

#[test]
fn singular_names_and_sections_under_another_parent() {
    check(&doc("# Idea

## Summary

### Goals
^^^^^^^^^ section-order: `### Goals` belongs under `## Motivation`; move it there

## Motivation

### Non-Goal
^^^^^^^^^^^^ misnamed-section: `### Non-Goal` looks like the template's `### Non-Goals`; rename it so the section is recognised

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)


"));
}
