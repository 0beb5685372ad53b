//! Text edits shared by fixes, `check --fix` and (later) code actions.

use std::ops::Range;

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
    /// `check --fix` applies only these.
    pub safe: bool,
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
/// can apply them at once. Returns `None` if any edit is not an insert.
pub fn compose_inserts(rounds: &[Vec<Edit>]) -> Option<Vec<Edit>> {
    /// Text inserted at `orig`, now standing at `at` in the current text.
    struct Span {
        at: usize,
        orig: usize,
        text: String,
    }
    let mut spans: Vec<Span> = Vec::new();
    for round in rounds {
        let mut edits: Vec<&Edit> = round.iter().collect();
        if edits.iter().any(|e| !e.range.is_empty()) {
            return None;
        }
        // Within a round every offset refers to the same text: go from the
        // end so earlier offsets stay valid.
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        for edit in edits {
            let at = edit.range.start;
            let grown = edit.new_text.len();
            match spans
                .iter()
                .position(|s| s.at <= at && at <= s.at + s.text.len())
            {
                Some(i) => {
                    let within = at - spans[i].at;
                    spans[i].text.insert_str(within, &edit.new_text);
                    for s in spans.iter_mut().skip(i + 1) {
                        s.at += grown;
                    }
                }
                None => {
                    let inserted_before: usize = spans
                        .iter()
                        .filter(|s| s.at + s.text.len() <= at)
                        .map(|s| s.text.len())
                        .sum();
                    let i = spans.partition_point(|s| s.at < at);
                    for s in spans.iter_mut().skip(i) {
                        s.at += grown;
                    }
                    spans.insert(
                        i,
                        Span {
                            at,
                            orig: at - inserted_before,
                            text: edit.new_text.clone(),
                        },
                    );
                }
            }
        }
    }
    Some(
        spans
            .into_iter()
            .map(|s| Edit::insert(s.orig, s.text))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
