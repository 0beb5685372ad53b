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
