//! Text edits shared by fixes, `check --fix` and (later) code actions.

use std::ops::Range;

use crate::rules::Rule;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

impl Edit {
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit {
            range: at..at,
            new_text: text.into(),
        }
    }

    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Edit {
        Edit {
            range,
            new_text: text.into(),
        }
    }
}

/// A fix for one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, e.g. "Insert `## Summary`".
    pub title: String,
    pub edits: Vec<Edit>,
    /// Safe fixes only add text or rewrite the offending token in place;
    /// `check --fix` applies only these. The rule's [`FixSafety`] decides
    /// it (the rule's own value counts only for [`FixSafety::When`]).
    pub safe: bool,
}

/// Whether `check --fix` applies a rule's fixes. Declared once per rule
/// ([`Rule::fix_safety`]); every finding's [`Fix::safe`] follows it (the
/// analysis sets it so), and `check --fix`, its `[*]` marks, `explain` and
/// the README's rules table all read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixSafety {
    /// The rule has no fix.
    NoFix,
    /// Every fix adds text or rewrites the offending token in place:
    /// `check --fix` applies it.
    Safe,
    /// `check --fix` applies the fix only in this case (in words, after
    /// "when"); otherwise it is the editor's quick fix.
    When(&'static str),
    /// Only the editor offers it, for this reason (after "it").
    EditorOnly(&'static str),
}

impl FixSafety {
    /// The fix's `safe` flag, given what the rule decided for this
    /// finding (which counts only for [`FixSafety::When`]).
    pub fn applies(self, decided: bool) -> bool {
        match self {
            FixSafety::Safe => true,
            FixSafety::When(_) => decided,
            FixSafety::NoFix | FixSafety::EditorOnly(_) => false,
        }
    }

    /// What `explain` and the README say about it: "yes", "when ...",
    /// "no: ...".
    pub fn describe(self) -> String {
        match self {
            FixSafety::NoFix => "no fix".to_string(),
            FixSafety::Safe => "yes".to_string(),
            FixSafety::When(case) => format!("when {case}; otherwise editor only"),
            FixSafety::EditorOnly(why) => format!("no, editor only: it {why}"),
        }
    }
}

impl Rule {
    /// Whether `check --fix` applies this rule's fixes: the one place that
    /// says so.
    pub fn fix_safety(self) -> FixSafety {
        use FixSafety::*;
        match self {
            Rule::NotAProposal => EditorOnly("rewrites a file that may not be a proposal at all"),
            Rule::MissingSection => {
                When("the heading lands at most one level below the heading above it")
            }
            Rule::MissingTitle => Safe,
            Rule::SecondTitle => EditorOnly("joins two headings into one"),
            Rule::HeadingLevel => When(
                "no other heading changes parent by it and none of its subsections is left two levels below it",
            ),
            Rule::MisnamedSection => When(
                "the template's name contains the heading's, ignoring case, spaces and punctuation (recased or completed, nothing lost)",
            ),
            Rule::EmptySection
            | Rule::DuplicateSection
            | Rule::SectionOrder
            | Rule::SectionParent
            | Rule::UnresolvedTodo
            | Rule::PartialCheck => NoFix,
            Rule::TemplateBoilerplate => EditorOnly("removes text"),
            Rule::FrontMatterMissing | Rule::YamlSyntax => Safe,
            Rule::FrontMatterNotFirst => EditorOnly("removes lines (blank ones)"),
            Rule::FrontMatterUnclosed | Rule::FrontMatterNotMapping | Rule::DuplicateKey => NoFix,
            Rule::UnknownKey => When(
                "the key differs from the template's in case alone, or it turns an HTML comment into a YAML comment",
            ),
            Rule::MissingKey | Rule::ExpectedList => Safe,
            Rule::Placeholder => When(
                "it sets the `title` to the file name (today's date, and emptying a list, are choices made in the editor)",
            ),
            Rule::TitleMismatch => Safe,
            Rule::TitleFormat | Rule::TrackingLink | Rule::MissingHandle => NoFix,
            Rule::InvalidHandle => Safe,
            Rule::InvalidDate => When(
                "it only lays out the date's own numbers as yyyy-mm-dd (a guess, such as a swapped day and month, is the editor's)",
            ),
            Rule::DateOrder => NoFix,
            Rule::InvalidEnumValue => When(
                "the value differs from the allowed one in case alone (a spelling suggestion is the editor's)",
            ),
            Rule::BrokenReference => EditorOnly("guesses which file was meant"),
            Rule::Lineage => When(
                "it adds the entry the other proposal's list calls for (setting `status` to `replaced` is the editor's)",
            ),
            Rule::OlderTemplate => EditorOnly("moves sections and is picked as a document action"),
            Rule::UnknownSuppression | Rule::UnusedSuppression => EditorOnly("removes text"),
        }
    }
}

/// Apply edits to `text`. Edits are applied in order of position (stable
/// for equal positions, so inserts at one point keep their given order);
/// an edit overlapping an earlier one, or not on character boundaries, is
/// skipped. Returns the new text and how many edits were applied.
pub fn apply_edits(text: &str, edits: &[Edit]) -> (String, usize) {
    let mut order: Vec<&Edit> = edits.iter().collect();
    order.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut applied = 0;
    for edit in order {
        let Range { start, end } = edit.range;
        if start < cursor
            || end < start
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[cursor..start]);
        out.push_str(&edit.new_text);
        cursor = end;
        applied += 1;
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// Compose rounds of inserts (each round's offsets refer to the text after
/// the rounds before it) into inserts on the original text, so a client
/// can apply them at once: sorted by position, at most one per position,
/// so they give the same text whatever order a client applies inserts at
/// one position in. Returns `None` if any edit is not an insert (or does
/// not fall on a character boundary of the text it was made for).
pub fn compose_inserts(rounds: &[Vec<Edit>]) -> Option<Vec<Edit>> {
    // What is inserted where in the original text, by original offset.
    let mut spans: Vec<(usize, String)> = Vec::new();
    for round in rounds {
        if round.iter().any(|e| !e.range.is_empty()) {
            return None;
        }
        // As `apply_edits` applies a round: by position, inserts at one
        // point in their given order, each after the ones before it.
        let mut order: Vec<&Edit> = round.iter().collect();
        order.sort_by_key(|e| e.range.start);
        let mut grown = 0;
        for edit in order {
            insert_into(&mut spans, edit.range.start + grown, &edit.new_text)?;
            grown += edit.new_text.len();
        }
    }
    Some(
        spans
            .into_iter()
            .map(|(at, text)| Edit::insert(at, text))
            .collect(),
    )
}

/// Edits that turn `old` into `new`, line by line (the lines that differ
/// are replaced, the rest left alone), for an action whose rounds of fixes
/// also rewrite text, so a client applies one edit set on the original.
pub fn diff_edits(old: &str, new: &str) -> Vec<Edit> {
    let starts = |text: &str| -> Vec<usize> {
        std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect()
    };
    let (old_lines, new_lines) = (starts(old), starts(new));
    let at = |lines: &[usize], text: &str, line: usize| {
        lines
            .get(line)
            .copied()
            .unwrap_or(text.len())
            .min(text.len())
    };
    similar::TextDiff::from_lines(old, new)
        .ops()
        .iter()
        .filter(|op| op.tag() != similar::DiffTag::Equal)
        .map(|op| {
            let (o, n) = (op.old_range(), op.new_range());
            let range = at(&old_lines, old, o.start)..at(&old_lines, old, o.end);
            let text = new
                .get(at(&new_lines, new, n.start)..at(&new_lines, new, n.end))
                .unwrap_or("");
            Edit::replace(range, text)
        })
        .collect()
}

/// Insert `text` at offset `at` of the original text with `spans`
/// inserted: into the span `at` touches, or as a new span.
fn insert_into(spans: &mut Vec<(usize, String)>, at: usize, text: &str) -> Option<()> {
    let mut inserted_before = 0;
    let mut index = spans.len();
    for (i, (orig, span)) in spans.iter_mut().enumerate() {
        let start = *orig + inserted_before;
        if at < start {
            index = i;
            break;
        }
        if at <= start + span.len() {
            let within = at - start;
            if !span.is_char_boundary(within) {
                return None;
            }
            span.insert_str(within, text);
            return Some(());
        }
        inserted_before += span.len();
    }
    spans.insert(index, (at - inserted_before, text.to_string()));
    Some(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A rule documents a fix exactly when it declares how safe it is.
    #[test]
    fn every_rule_with_a_fix_declares_whether_check_fix_applies_it() {
        for &rule in Rule::ALL {
            assert_eq!(
                rule.doc().fix.is_some(),
                rule.fix_safety() != FixSafety::NoFix,
                "`{rule}`: its documented fix and its fix safety disagree"
            );
        }
        // The rules' own words no longer say it: the declaration does.
        for &rule in Rule::ALL {
            let fix = rule.doc().fix.unwrap_or("");
            assert!(!fix.contains("check --fix"), "`{rule}`: {fix}");
        }
    }

    #[test]
    fn inserts_at_one_point_keep_order_and_overlaps_are_skipped() {
        let edits = [
            Edit::insert(1, "x"),
            Edit::insert(1, "y"),
            Edit::replace(2..3, "C"),
        ];
        assert_eq!(apply_edits("abc", &edits), ("axybC".to_string(), 3));
        assert_eq!(
            apply_edits("abc", &[Edit::replace(0..2, "Z"), Edit::insert(1, "x")]).1,
            1
        );
    }

    #[test]
    fn composed_inserts_equal_applying_the_rounds() {
        let text = "abc";
        let rounds = vec![
            vec![Edit::insert(1, "XY"), Edit::insert(3, "!")],
            // Inside the first insert, at its end, and after everything.
            vec![
                Edit::insert(2, "-"),
                Edit::insert(3, "+"),
                Edit::insert(6, "?"),
            ],
        ];
        let mut step = text.to_string();
        for round in &rounds {
            step = apply_edits(&step, round).0;
        }
        let composed = compose_inserts(&rounds).unwrap();
        assert_eq!(apply_edits(text, &composed).0, step);
        assert_eq!(step, "aX-Y+bc!?");
        assert!(compose_inserts(&[vec![Edit::replace(0..1, "z")]]).is_none());
    }

    /// Text and rounds of inserts, each round's offsets on the text the
    /// rounds before it left (several at one point, too).
    fn text_and_rounds() -> impl Strategy<Value = (String, Vec<Vec<(prop::sample::Index, String)>>)>
    {
        (
            "[ab\n漢]{0,12}",
            prop::collection::vec(
                prop::collection::vec((any::<prop::sample::Index>(), "[XY😀\n]{1,3}"), 0..4),
                0..5,
            ),
        )
    }

    /// Char-boundary offsets of `text`, one per `pick`.
    fn offset(text: &str, pick: &prop::sample::Index) -> usize {
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        boundaries[pick.index(boundaries.len())]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Composed inserts applied at once, as a client applies one
        /// workspace edit, give the text the rounds give one by one.
        #[test]
        fn composed_inserts_equal_the_rounds_applied_in_turn((text, picks) in text_and_rounds()) {
            let mut step = text.clone();
            let mut rounds = Vec::new();
            for round in &picks {
                let edits: Vec<Edit> = round
                    .iter()
                    .map(|(pick, new)| Edit::insert(offset(&step, pick), new.clone()))
                    .collect();
                let (next, applied) = apply_edits(&step, &edits);
                prop_assert_eq!(applied, edits.len());
                step = next;
                rounds.push(edits);
            }
            let composed = compose_inserts(&rounds).expect("inserts only");
            prop_assert!(composed.windows(2).all(|w| w[0].range.start < w[1].range.start));
            prop_assert!(composed.iter().all(|e| e.range.end <= text.len() && text.is_char_boundary(e.range.start)));
            prop_assert_eq!(apply_edits(&text, &composed).0, step);
        }
    }
}
