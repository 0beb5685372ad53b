use super::*;

fn doc(body: &str) -> String {
    format!("{GOOD_META}{body}")
}

#[test]
fn template_instructions_and_placeholder_title() {
    check(&doc("
To get started with this template:
^ template-boilerplate@16:16: The template's instructions (\"To get started with this template:\") are still here; delete them once followed
1. **Pick a domain.** Find the appropriate domain to discuss your
   enhancement.

Our own introduction, which stays.

# Neat Enhancement Idea
^^^^^^^^^^^^^^^^^^^^^^^ template-boilerplate: `# Neat Enhancement Idea` is the template's placeholder title; name your enhancement

## Summary

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
fn deleting_instructions_keeps_the_rest() {
    let before = doc("
To get started with this template:
1. **Pick a domain.** Find the appropriate domain to discuss your enhancement.

Our own introduction.
");
    let ctx = FileContext {
        file_stem: Some("idea".into()),
        today: None,
    };
    let findings = analyze_text(&before, &mini(), &ctx);
    let f = findings
        .iter()
        .find(|f| f.rule == Rule::TemplateBoilerplate)
        .expect("boilerplate found");
    let fix = f.fix.as_ref().expect("has a fix");
    assert!(!fix.safe, "deleting text is never applied by --fix");
    let after = apply_edits(&before, &fix.edits).0;
    assert_eq!(after, doc("\n\nOur own introduction.\n"));
}

#[test]
fn section_guidance_left_in() {
    check(&doc("
# Idea

## Summary

Write one paragraph that says what this
^ template-boilerplate@19:50: The template's guidance for `## Summary` (\"Write one paragraph that says what this enhancement does and…\") is still here; replace it with your own text
enhancement does and why it matters to its users.

Our own summary.

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
