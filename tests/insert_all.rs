//! "Insert all missing required sections" (the code action and command)
//! edits a corpus proposal the way `fix_all` does for those rules: the
//! composed edits, applied at once as one LSP edit, give the same text,
//! with the sections in template order.

mod shared;

use proposal_ls::actions::insert_missing_sections;
use proposal_ls::analysis::fix_all_matching;
use proposal_ls::fix::apply_edits;
use proposal_ls::{FileContext, Rule, Template};

/// Regression: a proposal whose `### Graduation Criteria` is a level too
/// deep got its three missing subsections in reverse template order.
#[test]
fn subsections_under_a_too_deep_parent_keep_template_order() {
    let Some(corpus) = shared::corpus() else {
        return;
    };
    let path = corpus.join("enhancements/image-registry/remove-registry-baremetal.md");
    let text = std::fs::read_to_string(&path).expect("read the proposal");
    let upstream = std::fs::read_to_string(corpus.join("guidelines/enhancement_template.md"))
        .expect("read the corpus template");
    for template in [Template::parse(&upstream), Template::embedded()] {
        let file = FileContext::for_path(&path);
        let edits = insert_missing_sections(&text, &template, &file);
        assert!(
            edits
                .windows(2)
                .all(|w| w[0].range.start < w[1].range.start)
                && edits.iter().all(|e| e.range.is_empty()),
            "inserts, one per position, in order: {edits:?}"
        );
        let at_once = apply_edits(&text, &edits).0;
        let in_rounds = fix_all_matching(&text, &template, &file, |f| {
            matches!(f.rule, Rule::MissingSection | Rule::MissingTitle)
        });
        assert_eq!(at_once, in_rounds.text);

        // Every template heading the action inserted is in template order.
        let order: Vec<String> = template
            .section_ids()
            .map(|s| template.section(s).heading_line())
            .collect();
        let inserted: Vec<usize> = edits
            .iter()
            .flat_map(|e| e.new_text.lines())
            .filter_map(|line| order.iter().position(|h| h == line))
            .collect();
        assert!(inserted.len() >= 3, "{inserted:?}");
        assert!(
            inserted.windows(2).all(|w| w[0] < w[1]),
            "inserted out of template order: {:?}",
            inserted.iter().map(|&i| &order[i]).collect::<Vec<_>>()
        );
        let graduation: Vec<&str> = at_once
            .lines()
            .filter(|l| {
                [
                    "### Dev Preview -> Tech Preview",
                    "### Tech Preview -> GA",
                    "### Removing a deprecated feature",
                ]
                .contains(l)
            })
            .collect();
        assert_eq!(
            graduation,
            [
                "### Dev Preview -> Tech Preview",
                "### Tech Preview -> GA",
                "### Removing a deprecated feature"
            ]
        );
    }
}

/// The headings of `text` with their levels.
fn headings(text: &str) -> Vec<(usize, &str)> {
    let mut fence = false;
    text.lines()
        .filter(|l| {
            if l.starts_with("```") {
                fence = !fence;
            }
            !fence
        })
        .filter_map(|l| {
            let level = l.len() - l.trim_start_matches('#').len();
            ((1..=6).contains(&level) && l[level..].starts_with(' ')).then_some((level, l))
        })
        .collect()
}

/// Each line inserted into `before` to make `after` (which keeps every
/// line of `before`, in order) and the heading level above it.
fn inserted_headings<'a>(before: &str, after: &'a str) -> Vec<(u8, &'a str)> {
    let old: Vec<&str> = before.lines().collect();
    let mut next = 0;
    let mut open: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let mut fence = false;
    for line in after.lines() {
        let kept = old.get(next) == Some(&line);
        if kept {
            next += 1;
        }
        if line.starts_with("```") {
            fence = !fence;
        }
        let level = line.len() - line.trim_start_matches('#').len();
        if fence || !(1..=6).contains(&level) || !line[level..].starts_with(' ') {
            continue;
        }
        while open.last().is_some_and(|&top| top >= level) {
            open.pop();
        }
        if !kept {
            let above = open.last().copied().unwrap_or(1);
            out.push((u8::try_from(above).unwrap(), line));
        }
        open.push(level);
    }
    assert_eq!(
        next,
        old.len(),
        "every line of the proposal is kept, in order"
    );
    out
}

/// monitoring/alerting-consistency.md and monitoring/alert-overrides.md,
/// by today's template and by upstream's of 2020-06-19: the code action
/// and `check --fix` insert the same headings in the same places (one
/// placement), keep every line, put missing subsections after what the
/// parent already holds, and never land a heading two levels below the
/// heading above it (`#### Story 1` right under `## Proposal`).
#[test]
fn missing_sections_go_after_the_parents_text_and_never_skip_a_level() {
    let Some(corpus) = shared::corpus() else {
        return;
    };
    let old = Template::parse(include_str!("../assets/template-history/2020-06-19.md"));
    for name in ["alerting-consistency", "alert-overrides"] {
        let path = corpus.join(format!("enhancements/monitoring/{name}.md"));
        let text = std::fs::read_to_string(&path).expect("read the proposal");
        for template in [Template::embedded(), old.clone()] {
            let file = FileContext::for_path(&path);
            let edits = insert_missing_sections(&text, &template, &file);
            let at_once = apply_edits(&text, &edits).0;
            let in_rounds = fix_all_matching(&text, &template, &file, |f| {
                matches!(f.rule, Rule::MissingSection | Rule::MissingTitle)
            });
            assert_eq!(at_once, in_rounds.text);
            let inserted = inserted_headings(&text, &at_once);
            assert!(!inserted.is_empty(), "{name}: something to insert");
            for (above, line) in &inserted {
                let level = line.len() - line.trim_start_matches('#').len();
                assert!(
                    level <= usize::from(*above) + 1,
                    "{name}: `{line}` inserted right under a level-{above} heading"
                );
            }
        }
    }
    // Today's subsections of `## Proposal` go after the author's stories,
    // before `### Risks and Mitigations`, the next template section.
    let path = corpus.join("enhancements/monitoring/alerting-consistency.md");
    let text = std::fs::read_to_string(&path).expect("read the proposal");
    let template = Template::embedded();
    let after = apply_edits(
        &text,
        &insert_missing_sections(&text, &template, &FileContext::for_path(&path)),
    )
    .0;
    let order: Vec<&str> = headings(&after)
        .into_iter()
        .map(|(_, l)| l)
        .skip_while(|l| *l != "## Proposal")
        .take_while(|l| *l != "### Risks and Mitigations")
        .collect();
    assert_eq!(
        order,
        [
            "## Proposal",
            "### User Stories",
            "#### Story 1",
            "#### Story 2",
            "### Workflow Description",
            "### API Extensions",
            "### Topology Considerations",
            "#### Hypershift / Hosted Control Planes",
            "#### Standalone Clusters",
            "#### Single-node Deployments or MicroShift",
            "#### OpenShift Kubernetes Engine",
            "### Implementation Details/Notes/Constraints",
        ]
    );
}
