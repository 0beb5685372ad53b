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

/// The smallest line-level edits that turn `old` into `new`, as byte
/// ranges of `old`: what a client applies instead of replacing the file.
pub fn diff_edits(old: &str, new: &str) -> Vec<Edit> {
    // Where each line starts, and the end of the text after the last.
    let line_starts = |text: &str| -> Vec<usize> {
        let mut starts = vec![0];
        starts.extend(
            text.match_indices('\n')
                .map(|(i, _)| i + 1)
                .filter(|&start| start < text.len()),
        );
        starts.push(text.len());
        starts
    };
    let (old_starts, new_starts) = (line_starts(old), line_starts(new));
    let byte = |starts: &[usize], line: usize| {
        starts
            .get(line)
            .copied()
            .unwrap_or(*starts.last().unwrap_or(&0))
    };
    similar::TextDiff::from_lines(old, new)
        .ops()
        .iter()
        .filter(|op| op.tag() != similar::DiffTag::Equal)
        .map(|op| {
            let (o, n) = (op.old_range(), op.new_range());
            let replaced = byte(&old_starts, o.start)..byte(&old_starts, o.end);
            let inserted = new
                .get(byte(&new_starts, n.start)..byte(&new_starts, n.end))
                .unwrap_or("");
            Edit::replace(replaced, inserted)
        })
        .collect()
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
    fn diff_edits_are_minimal_and_apply() {
        let old = "a\nb\nc\n";
        let new = "a\nX\nb\nc\nY";
        let edits = diff_edits(old, new);
        assert_eq!(edits, [Edit::insert(2, "X\n"), Edit::replace(6..6, "Y")]);
        assert_eq!(apply_edits(old, &edits).0, new);
        assert_eq!(apply_edits("x", &diff_edits("x", "x\ny\n")).0, "x\ny\n");
    }
}
