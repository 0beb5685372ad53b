//! The template is data: the corpus's newer upstream template adds a key
//! and a section to the seed (upstream's of 2025-04-08), and both are
//! checked with no code change.

mod shared;

use proposal_ls::template::ValueShape;
use proposal_ls::{FileContext, Rule, Template, analyze_text};

#[test]
fn newer_upstream_template_adds_status_and_oke_section() {
    let Some(path) =
        shared::path("corpus/openshift-enhancements/guidelines/enhancement_template.md")
    else {
        return;
    };
    let Some(seed_path) = shared::path("seed/enhancement_template.md") else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("read the corpus template");
    let newer = Template::parse(&text);
    let seed = Template::parse(&std::fs::read_to_string(&seed_path).expect("read the seed"));

    assert_eq!(seed.required().count(), 25);
    assert_eq!(newer.required().count(), 26);
    assert!(seed.key("status").is_none());
    let status = newer.key("status").expect("status key picked up");
    assert_eq!(
        status.shape,
        ValueShape::Enum(
            "provisional|implementable|implemented|deferred|rejected|withdrawn|replaced|informational"
                .split('|')
                .map(String::from)
                .collect()
        )
    );
    let oke = newer
        .section_ids()
        .find(|&s| newer.section(s).name == "OpenShift Kubernetes Engine")
        .expect("new section picked up");
    let parents: Vec<String> = newer
        .ancestors(oke)
        .into_iter()
        .map(|i| newer.section(i).heading_line())
        .collect();
    assert_eq!(parents, ["## Proposal", "### Topology Considerations"]);

    // A proposal complete for the seed template is incomplete for the newer
    // one in exactly these two ways.
    let complete_for_seed = complete_proposal(&seed);
    let ctx = FileContext {
        file_stem: Some("idea".into()),
        ..FileContext::default()
    };
    assert_eq!(analyze_text(&complete_for_seed, &seed, &ctx), []);
    let findings = analyze_text(&complete_for_seed, &newer, &ctx);
    let got: Vec<(Rule, Vec<String>)> = findings
        .iter()
        .map(|f| (f.rule, f.subjects.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (Rule::MissingKey, vec!["status".to_string()]),
            (
                Rule::MissingSection,
                vec!["#### OpenShift Kubernetes Engine".to_string()]
            ),
        ]
    );
}

fn complete_proposal(template: &Template) -> String {
    let sections: String = template
        .required()
        .map(|i| format!("{}\n\nText.\n\n", template.section(i).heading_line()))
        .collect();
    format!(
        "---
title: idea
authors:
  - \"@alice\"
reviewers:
  - \"@bob\"
approvers:
  - \"@carol\"
api-approvers:
  - None
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
---

# Idea

{sections}"
    )
}
