//! A proposal's sections put in its template's order and at its levels,
//! for "Update to the current template": an older proposal's `### Test
//! Plan` under `## Design Details` becomes today's `## Test Plan`, in
//! today's place. Nothing is added or removed: each section moves whole
//! (its heading and its text up to the next heading), and the author's own
//! headings move with the template section they follow, one level below
//! it. Text before the first section (front matter, title) stays first.

use crate::markdown::{Heading, Outline};
use crate::template::{SectionMap, Template};
use crate::text::line_start;

/// One heading and its text, up to the next heading.
struct Chunk {
    start: usize,
    end: usize,
    /// The heading (an index into the outline), `None` for the text
    /// before the first section.
    heading: Option<usize>,
    /// The level the heading is written at after the move.
    level: Option<u8>,
}

/// `text` with its template sections in template order and at template
/// levels. Text with no matched section, or with the document's own
/// headings written in setext style (no `#` to change), comes back as is.
pub fn restructure(text: &str, outline: &Outline, template: &Template) -> String {
    let headings = &outline.headings;
    let map = SectionMap::new(template, headings);
    let body_start = outline.front_matter.as_ref().map_or(0, |fm| fm.end);
    let sections: Vec<usize> = (0..headings.len())
        .filter(|&h| {
            headings
                .get(h)
                .is_some_and(|x| x.level >= 2 && x.range.start >= body_start)
        })
        .collect();
    let Some(&first) = sections.first() else {
        return text.to_string();
    };
    let starts_with_hash = |h: &Heading| {
        text.get(h.range.clone())
            .is_some_and(|l| l.trim_start().starts_with('#'))
    };
    if sections
        .iter()
        .filter_map(|&h| headings.get(h))
        .any(|h| !starts_with_hash(h))
    {
        return text.to_string();
    }

    // The preamble, then one chunk per heading, each sorted under the
    // template section it is or follows.
    let line_of = |h: usize| {
        headings
            .get(h)
            .map_or(text.len(), |x| line_start(text, x.range.start))
    };
    let mut chunks = vec![(
        None,
        Chunk {
            start: 0,
            end: line_of(first),
            heading: None,
            level: None,
        },
    )];
    // The template section owning the chunks since the last one matched,
    // with its heading's shift in level.
    let mut owner: Option<(usize, i16, u8)> = None;
    for (i, &h) in sections.iter().enumerate() {
        let Some(heading) = headings.get(h) else {
            continue;
        };
        let end = sections.get(i + 1).map_or(text.len(), |&n| line_of(n));
        let written = i16::from(heading.level);
        let level = match map.of_heading(h) {
            Some(m) => {
                let target = template.section(m.section).level;
                owner = Some((m.section.index(), i16::from(target) - written, target));
                target
            }
            None => match owner {
                // One level below the section it follows, at least.
                Some((_, shift, owner_level)) => {
                    let shifted = (written + shift).clamp(i16::from(owner_level) + 1, 6);
                    u8::try_from(shifted).unwrap_or(6)
                }
                None => heading.level,
            },
        };
        chunks.push((
            owner.map(|(s, _, _)| s),
            Chunk {
                start: line_of(h),
                end,
                heading: Some(h),
                level: Some(level),
            },
        ));
    }
    // Stable: the author's order within one section's chunks stays.
    chunks.sort_by_key(|(owner, _)| owner.map_or(-1, |s| i64::try_from(s).unwrap_or(i64::MAX)));

    let eol = crate::text::line_break(text);
    let mut out = String::with_capacity(text.len() + 64);
    for (_, chunk) in &chunks {
        let body = text.get(chunk.start..chunk.end).unwrap_or("");
        let rewritten = match (chunk.heading.and_then(|h| headings.get(h)), chunk.level) {
            (Some(heading), Some(level)) if level != heading.level => relevel(body, level),
            _ => body.to_string(),
        };
        // The chunk that ended the text may lack its line break, and the
        // blank line before the next heading.
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(eol);
            out.push_str(eol);
        }
        out.push_str(&rewritten);
    }
    if !text.ends_with('\n') && out.ends_with('\n') {
        let trimmed = out.trim_end_matches(['\r', '\n']).len();
        out.truncate(trimmed);
    }
    out
}

/// A chunk whose first line is an ATX heading, at another level.
fn relevel(chunk: &str, level: u8) -> String {
    let indent = chunk.len() - chunk.trim_start_matches(' ').len();
    let (spaces, rest) = chunk.split_at(indent);
    let rest = rest.trim_start_matches('#');
    format!("{spaces}{}{rest}", "#".repeat(usize::from(level)))
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::markdown::parse;
    use crate::rules::fixture::{GOOD_META, mini};

    fn run(text: &str) -> String {
        restructure(text, &Outline::new(text, &parse(text)), &mini())
    }

    #[test]
    fn sections_move_whole_into_the_templates_order_and_levels() {
        let before = format!(
            "{GOOD_META}\n# Idea\n\nIntro.\n\n## Motivation\n\nWhy.\n\n#### Our note\n\nNote.\n\n## Summary\n\nWhat.\n\n## Design Details\n\n### Alternatives (Not Implemented)\n\nOthers.\n\n## Proposal\n\n### Goals\n\nGoals."
        );
        let after = run(&before);
        expect![[r#"
            # Idea

            Intro.

            ## Summary

            What.

            ### Design Details

            ## Motivation

            Why.

            #### Our note

            Note.

            ### Goals

            Goals.

            ## Proposal

            ## Alternatives (Not Implemented)

            Others."#]]
        .assert_eq(after.strip_prefix(GOOD_META).unwrap_or(&after).trim_start());
        // Every line is still there, but for heading markers.
        let strip = |t: &str| {
            let mut lines: Vec<String> = t
                .lines()
                .map(|l| l.trim_start_matches('#').to_string())
                .collect();
            lines.sort();
            lines
        };
        assert_eq!(strip(&before), strip(&after));
    }
}
