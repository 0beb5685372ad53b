//! Suppressions: HTML comments (markdown renders them invisibly) that turn
//! rules off.
//!
//! ```text
//! <!-- proposal-ls-disable-next-line RULE... -->   the line right after the comment
//! <!-- proposal-ls-disable RULE... -->             from here to a matching enable,
//! <!-- proposal-ls-enable RULE... -->              or to the end of the file
//! <!-- proposal-ls-disable-file RULE... -->        the whole file
//! ```
//!
//! No RULE means every rule; ids are separated by spaces or commas, and
//! `-- a reason` may end the comment. A finding is suppressed when its
//! range starts where its rule is suppressed. Only comments that are HTML
//! blocks count: never one in a code fence or inline code.
//!
//! The findings about the comments themselves (`unknown-suppression`,
//! `unused-suppression`) are made here, after the suppressions, since
//! whether one is used depends on every other rule's findings; they cannot
//! be suppressed.

use std::ops::Range;

use tree_sitter::Tree;

use crate::fix::{Edit, Fix};
use crate::front_matter::scan::YamlRegion;
use crate::markdown::{Outline, front_matter_block};
use crate::rules::{Finding, Rule, closest};
use crate::text::{end_of_line, line_break_at, line_content_end, line_range, line_start};

const PREFIX: &str = "proposal-ls-";
const NEXT_LINE: &str = "proposal-ls-disable-next-line";
const DISABLE: &str = "proposal-ls-disable";
const ENABLE: &str = "proposal-ls-enable";
const FILE: &str = "proposal-ls-disable-file";
const DIRECTIVES: [&str; 4] = [NEXT_LINE, DISABLE, ENABLE, FILE];

/// The rules about suppressions, which no suppression turns off.
pub fn is_suppressible(rule: Rule) -> bool {
    !matches!(rule, Rule::UnknownSuppression | Rule::UnusedSuppression)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Disable,
    Enable,
    File,
}

impl Kind {
    fn from_word(word: &str) -> Option<Kind> {
        Some(match word {
            NEXT_LINE => Kind::NextLine,
            DISABLE => Kind::Disable,
            ENABLE => Kind::Enable,
            FILE => Kind::File,
            _ => return None,
        })
    }
}

/// One word after the directive: a rule id, known or not.
#[derive(Debug)]
struct Id {
    range: Range<usize>,
    rule: Option<Rule>,
}

/// A suppression comment.
#[derive(Debug)]
struct Directive {
    kind: Kind,
    /// The whole `<!-- ... -->`.
    comment: Range<usize>,
    word: Range<usize>,
    /// The ids written; none means every rule.
    ids: Vec<Id>,
}

impl Directive {
    fn all_rules(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether the directive names `rule`, and as which id (`None`: all).
    fn names(&self, rule: Rule) -> Option<Option<usize>> {
        if self.all_rules() {
            return Some(None);
        }
        self.ids
            .iter()
            .position(|id| id.rule == Some(rule))
            .map(Some)
    }
}

/// A comment that starts like a directive but is none (`proposal-ls-disabel`).
struct Malformed {
    comment: Range<usize>,
    word: Range<usize>,
}

/// The directives and malformed directives in the document's HTML blocks.
fn directives(text: &str, outline: &Outline) -> (Vec<Directive>, Vec<Malformed>) {
    let mut found = Vec::new();
    let mut malformed = Vec::new();
    for block in &outline.html_blocks {
        let mut from = block.start;
        while let Some(open) = find(text, from..block.end, "<!--") {
            let body_start = open + "<!--".len();
            let Some(close) = find(text, body_start..block.end, "-->") else {
                break;
            };
            let comment = open..close + "-->".len();
            from = comment.end;
            let mut words = words(text, body_start..close);
            let Some(word) = words.next() else {
                continue;
            };
            let Some(written) = text.get(word.clone()).filter(|w| w.starts_with(PREFIX)) else {
                continue;
            };
            let Some(kind) = Kind::from_word(written) else {
                malformed.push(Malformed { comment, word });
                continue;
            };
            let ids = words
                .take_while(|w| !text.get(w.clone()).is_some_and(|s| s.starts_with("--")))
                .map(|range| Id {
                    rule: text.get(range.clone()).and_then(Rule::from_id),
                    range,
                })
                .collect();
            found.push(Directive {
                kind,
                comment,
                word,
                ids,
            });
        }
    }
    (found, malformed)
}

fn find(text: &str, range: Range<usize>, needle: &str) -> Option<usize> {
    let at = text.get(range.clone())?.find(needle)?;
    Some(range.start + at)
}

/// The words of `range`, separated by whitespace or commas.
fn words(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let s = text.get(range.clone()).unwrap_or("");
    let is_sep = |c: char| c.is_whitespace() || c == ',';
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = s.get(at..)?;
        let start = at + rest.find(|c: char| !is_sep(c))?;
        let len = s.get(start..)?.find(is_sep).unwrap_or(s.len() - start);
        at = start + len;
        Some(range.start + start..range.start + start + len)
    })
}

/// What a directive suppressed: by id, or (for all rules) at all.
#[derive(Default)]
struct Use {
    any: bool,
    ids: Vec<bool>,
}

/// Which directive suppresses a rule at a point, and as which id.
type Cause = (usize, Option<usize>);

/// The findings the suppressions leave, and the findings about the
/// suppressions themselves.
pub fn apply(text: &str, outline: &Outline, findings: Vec<Finding>) -> Vec<Finding> {
    let (directives, malformed) = directives(text, outline);
    if directives.is_empty() && malformed.is_empty() {
        return findings;
    }
    let mut uses: Vec<Use> = directives
        .iter()
        .map(|d| Use {
            any: false,
            ids: vec![false; d.ids.len()],
        })
        .collect();
    let regions = regions(&directives, &mut uses);
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        match cause(text, &directives, &regions, &finding) {
            Some((d, id)) => {
                if let Some(u) = uses.get_mut(d) {
                    u.any = true;
                    if let Some(flag) = id.and_then(|i| u.ids.get_mut(i)) {
                        *flag = true;
                    }
                }
            }
            None => kept.push(finding),
        }
    }
    for m in &malformed {
        kept.push(malformed_finding(text, m));
    }
    for (d, u) in directives.iter().zip(&uses) {
        unknown_ids(text, d, &mut kept);
        unused(text, d, u, &mut kept);
    }
    kept
}

/// The state of the region directives in document order: from each one
/// on, which directive suppresses each rule (indexed as `Rule::ALL`).
fn regions(directives: &[Directive], uses: &mut [Use]) -> Vec<(usize, Vec<Option<Cause>>)> {
    let mut state: Vec<Option<Cause>> = vec![None; Rule::ALL.len()];
    let mut out = Vec::new();
    for (i, (d, used)) in directives.iter().zip(uses.iter_mut()).enumerate() {
        match d.kind {
            Kind::Disable => {
                for (r, &rule) in Rule::ALL.iter().enumerate() {
                    if let (Some(id), Some(slot)) = (d.names(rule), state.get_mut(r)) {
                        *slot = Some((i, id));
                    }
                }
                out.push((d.comment.end, state.clone()));
            }
            Kind::Enable => {
                let mut reenabled = false;
                for (r, &rule) in Rule::ALL.iter().enumerate() {
                    if let (Some(id), Some(slot)) = (d.names(rule), state.get_mut(r))
                        && slot.take().is_some()
                    {
                        reenabled = true;
                        if let Some(flag) = id.and_then(|id| used.ids.get_mut(id)) {
                            *flag = true;
                        }
                    }
                }
                used.any |= reenabled;
                out.push((d.comment.start, state.clone()));
            }
            Kind::NextLine | Kind::File => {}
        }
    }
    out
}

/// The directive that suppresses this finding, if any.
fn cause(
    text: &str,
    directives: &[Directive],
    regions: &[(usize, Vec<Option<Cause>>)],
    finding: &Finding,
) -> Option<Cause> {
    if !is_suppressible(finding.rule) {
        return None;
    }
    let at = finding.range.start;
    let rule = finding.rule;
    let on_next_line = |d: &Directive| {
        let next = end_of_line(text, d.comment.end);
        let has_next = text.get(..next).is_some_and(|s| s.ends_with('\n'));
        has_next && next <= at && at <= line_content_end(text, next)
    };
    let by = |kind: Kind, applies: &dyn Fn(&Directive) -> bool| {
        directives.iter().enumerate().find_map(|(i, d)| {
            let id = d.names(rule).filter(|_| d.kind == kind && applies(d))?;
            Some((i, id))
        })
    };
    by(Kind::NextLine, &on_next_line)
        .or_else(|| {
            let last = regions.partition_point(|(from, _)| *from <= at);
            let (_, state) = regions.get(last.checked_sub(1)?)?;
            let index = Rule::ALL.iter().position(|&r| r == rule)?;
            *state.get(index)?
        })
        .or_else(|| by(Kind::File, &|_| true))
}

fn malformed_finding(text: &str, m: &Malformed) -> Finding {
    let written = text.get(m.word.clone()).unwrap_or("");
    let suggestion = closest(written, DIRECTIVES);
    let hint = suggestion.map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
    let fix = match suggestion {
        Some(s) => Fix {
            title: format!("Change to `{s}`"),
            edits: vec![Edit::replace(m.word.clone(), s)],
            safe: false,
        },
        None => remove_comment(text, &m.comment),
    };
    Finding::new(
        Rule::UnknownSuppression,
        m.word.clone(),
        format!(
            "`{written}` is not a suppression{hint}; write `{NEXT_LINE}`, `{DISABLE}`, `{ENABLE}` or `{FILE}`"
        ),
    )
    .with_fix(fix)
}

fn unknown_ids(text: &str, d: &Directive, out: &mut Vec<Finding>) {
    for (i, id) in d.ids.iter().enumerate() {
        let written = text.get(id.range.clone()).unwrap_or("");
        let message = match id.rule {
            Some(rule) if is_suppressible(rule) => continue,
            Some(_) => format!("`{written}` cannot be suppressed; remove it from the comment"),
            None => {
                let ids = Rule::ALL
                    .iter()
                    .filter(|r| is_suppressible(**r))
                    .map(|r| r.id());
                if let Some(s) = closest(written, ids) {
                    out.push(
                        Finding::new(
                            Rule::UnknownSuppression,
                            id.range.clone(),
                            format!("There is no rule `{written}` (did you mean `{s}`?); name a rule `proposal-ls explain` lists"),
                        )
                        .with_fix(Fix {
                            title: format!("Change to `{s}`"),
                            edits: vec![Edit::replace(id.range.clone(), s)],
                            safe: false,
                        }),
                    );
                    continue;
                }
                format!("There is no rule `{written}`; name a rule `proposal-ls explain` lists")
            }
        };
        out.push(
            Finding::new(Rule::UnknownSuppression, id.range.clone(), message)
                .with_fix(remove_id(text, d, i)),
        );
    }
}

fn unused(text: &str, d: &Directive, u: &Use, out: &mut Vec<Finding>) {
    let word = text.get(d.word.clone()).unwrap_or("");
    let known: Vec<usize> = (0..d.ids.len())
        .filter(|&i| {
            d.ids
                .get(i)
                .and_then(|id| id.rule)
                .is_some_and(is_suppressible)
        })
        .collect();
    let unused_ids: Vec<usize> = known
        .iter()
        .copied()
        .filter(|&i| !u.ids.get(i).copied().unwrap_or(false))
        .collect();
    let whole = if d.all_rules() {
        !u.any
    } else {
        // Every id unused: the comment does nothing (unknown ids are
        // `unknown-suppression`'s, so only when there are none).
        !known.is_empty() && unused_ids.len() == d.ids.len()
    };
    if whole {
        let message = match d.kind {
            Kind::Enable => format!(
                "`{word}` re-enables nothing: no `{DISABLE}` before it is open; remove the comment"
            ),
            _ => format!("`{word}` suppresses nothing here; remove the comment"),
        };
        out.push(
            Finding::new(Rule::UnusedSuppression, d.comment.clone(), message)
                .with_fix(remove_comment(text, &d.comment)),
        );
        return;
    }
    for i in unused_ids {
        let Some(id) = d.ids.get(i) else { continue };
        let written = text.get(id.range.clone()).unwrap_or("");
        let message = match d.kind {
            Kind::Enable => format!("`{written}` is not disabled here; remove it from the comment"),
            _ => format!(
                "`{written}` reports nothing this comment suppresses; remove it from the comment"
            ),
        };
        out.push(
            Finding::new(Rule::UnusedSuppression, id.range.clone(), message)
                .with_fix(remove_id(text, d, i)),
        );
    }
}

/// Remove the comment, with its line when it is alone on it. Unsafe:
/// `check --fix` removes nothing.
fn remove_comment(text: &str, comment: &Range<usize>) -> Fix {
    let first = line_start(text, comment.start);
    let last_end = line_content_end(text, comment.end);
    let alone = text
        .get(first..comment.start)
        .is_some_and(|s| s.trim().is_empty())
        && text
            .get(comment.end..last_end)
            .is_some_and(|s| s.trim().is_empty());
    let range = if alone {
        first..end_of_line(text, comment.end)
    } else {
        comment.clone()
    };
    Fix {
        title: "Remove the suppression comment".into(),
        edits: vec![Edit::replace(range, "")],
        safe: false,
    }
}

/// Remove one id and a separator beside it; the whole comment when it is
/// the only one (without ids the comment would suppress every rule).
fn remove_id(text: &str, d: &Directive, i: usize) -> Fix {
    let range = match (
        i.checked_sub(1).and_then(|p| d.ids.get(p)),
        d.ids.get(i),
        d.ids.get(i + 1),
    ) {
        (Some(before), Some(id), _) => before.range.end..id.range.end,
        (None, Some(id), Some(after)) => id.range.start..after.range.start,
        _ => return remove_comment(text, &d.comment),
    };
    let written = d
        .ids
        .get(i)
        .and_then(|id| text.get(id.range.clone()))
        .unwrap_or("");
    Fix {
        title: format!("Remove `{written}` from the suppression"),
        edits: vec![Edit::replace(range, "")],
        safe: false,
    }
}

/// Where an "ignore" code action puts its comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Above the finding's line: `proposal-ls-disable-next-line`.
    Line,
    /// After the front matter: `proposal-ls-disable-file`.
    File,
}

/// The edit that suppresses `finding`'s rule on its line or in the file:
/// a comment on a line of its own. `None` for the rules that cannot be
/// suppressed, and for a line in the front matter (a comment cannot be in
/// YAML; the file scope can).
pub fn ignore_edit(text: &str, tree: &Tree, finding: &Finding, scope: Scope) -> Option<Edit> {
    if !is_suppressible(finding.rule) {
        return None;
    }
    let region = YamlRegion::find(text, front_matter_block(tree).as_ref());
    let body_start = region.as_ref().map_or(0, |r| r.body_start);
    let rule = finding.rule;
    match scope {
        Scope::Line => {
            if finding.range.start < body_start {
                return None;
            }
            let line = line_start(text, finding.range.start);
            let rest = text.get(line..).unwrap_or("");
            let indent = rest.len() - rest.trim_start_matches([' ', '\t', '>']).len();
            let indent = rest.get(..indent).unwrap_or("");
            let eol = line_break_at(text, line);
            Some(Edit::insert(
                line,
                format!("{indent}<!-- {NEXT_LINE} {rule} -->{eol}"),
            ))
        }
        Scope::File => {
            // Right after the closing `---` line (the parser's block takes
            // in the blank lines after it).
            let at = match &region {
                Some(r)
                    if text
                        .get(line_range(text, r.lines.end))
                        .is_some_and(|l| l.trim_end() == "---") =>
                {
                    end_of_line(text, r.lines.end)
                }
                _ => body_start,
            };
            let eol = line_break_at(text, at);
            let at_line_start = at == 0 || text.get(..at).is_some_and(|s| s.ends_with('\n'));
            let before = if at_line_start { "" } else { eol };
            Some(Edit::insert(
                at,
                format!("{before}<!-- {FILE} {rule} -->{eol}"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::analysis::analyze_text;
    use crate::fix::apply_edits;
    use crate::markdown::parse;
    use crate::rules::fixture::*;

    /// A text up to `## Motivation`, as the expectations write it.
    fn until_motivation(text: &str) -> String {
        let head = text.split("## Motivation").next().unwrap_or("");
        head.replacen(GOOD_META, "{GOOD_META}", 1)
    }

    const GUIDANCE: &str = "Write one paragraph that says what this enhancement does and why\nit matters to its users.\n";

    /// BODY_OK with the template's guidance left under `## Summary` and a
    /// second `## Summary` at the end, each after `before_guidance` and
    /// `before_duplicate`.
    fn body(before_guidance: &str, before_duplicate: &str) -> String {
        with_body(&format!(
            "{}\n{before_duplicate}## Summary\n",
            BODY_OK.replace(
                "## Summary\n",
                &format!("## Summary\n\n{before_guidance}{GUIDANCE}")
            )
        ))
    }

    /// What the fixtures below suppress, unsuppressed.
    #[test]
    fn the_findings_to_suppress() {
        check(&body("", "").replace(
            "why\n",
            "why\n^ template-boilerplate@19:25: The template's guidance for `## Summary` (\"Write one paragraph that says what this enhancement does and…\") is still here; replace it with your own text\n",
        ).replace(
            "## Alternatives (Not Implemented)\n\n## Summary\n",
            "## Alternatives (Not Implemented)\n\n## Summary\n^^^^^^^^^^ duplicate-section: `## Summary` appears more than once; merge this section into the first one, or rename it\n",
        ));
    }

    /// The line right after the comment, as ESLint's: not the next
    /// non-blank line.
    #[test]
    fn next_line() {
        check(&body(
            "<!-- proposal-ls-disable-next-line template-boilerplate -->\n",
            "<!-- proposal-ls-disable-next-line duplicate-section -->\n\n",
        ).replace(
            "<!-- proposal-ls-disable-next-line duplicate-section -->\n",
            "<!-- proposal-ls-disable-next-line duplicate-section -->\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unused-suppression: `proposal-ls-disable-next-line` suppresses nothing here; remove the comment\n",
        ).replace(
            "the comment\n\n## Summary\n",
            "the comment\n\n## Summary\n^^^^^^^^^^ duplicate-section: `## Summary` appears more than once; merge this section into the first one, or rename it\n",
        ));
    }

    /// A region runs to its enable, or to the end of the file; ids are
    /// separated by spaces or commas, and a reason may follow `--`.
    #[test]
    fn regions_and_lists_of_rules() {
        check(&body(
            "<!-- proposal-ls-disable template-boilerplate,duplicate-section -- kept on purpose -->\n",
            "",
        ).replace(
            "## Motivation\n",
            "<!-- proposal-ls-enable   template-boilerplate -->\n\n## Motivation\n",
        ));
        check(&body("<!-- proposal-ls-disable -->\n", "").replace(
            "## Motivation\n",
            "<!-- proposal-ls-enable -->\n\n## Motivation\n",
        ).replace(
            "Implemented)\n\n## Summary\n",
            "Implemented)\n\n## Summary\n^^^^^^^^^^ duplicate-section: `## Summary` appears more than once; merge this section into the first one, or rename it\n",
        ));
    }

    /// No rule named: every rule.
    #[test]
    fn every_rule() {
        check(&body(
            "<!-- proposal-ls-disable-next-line -->\n",
            "<!-- proposal-ls-disable -->\n",
        ));
    }

    /// `-file` anywhere is the whole file, the front matter too, which no
    /// other suppression reaches (a comment cannot be in YAML).
    #[test]
    fn the_whole_file() {
        check(&body(
            "",
            "<!-- proposal-ls-disable-file duplicate-section, template-boilerplate -->\n",
        ));
        check(
            &format!(
                "<!-- proposal-ls-disable-file title-mismatch -->\n{}",
                with_body(BODY_OK).replace("title: idea", "title: other")
            )
            .replace("<!-- proposal-ls-disable-file title-mismatch -->\n", "")
            .replace(
                "# Idea\n",
                "<!-- proposal-ls-disable-file title-mismatch -->\n# Idea\n",
            ),
        );
    }

    #[test]
    fn regions_do_not_reach_the_front_matter() {
        check(&with_body(&format!("<!-- proposal-ls-disable title-mismatch -->\n{BODY_OK}")).replace("title: idea", "title: other\n       ^^^^^ title-mismatch: `title` must equal the file name without `.md`; set it to `idea`").replace(
            "<!-- proposal-ls-disable title-mismatch -->\n",
            "<!-- proposal-ls-disable title-mismatch -->\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unused-suppression: `proposal-ls-disable` suppresses nothing here; remove the comment\n",
        ));
    }

    /// Comments in code fences and inline code are text, not suppressions.
    #[test]
    fn not_in_code() {
        check(&body(
            "```markdown\n<!-- proposal-ls-disable-file -->\n```\n\n",
            "`<!-- proposal-ls-disable-file -->`\n\n    <!-- proposal-ls-disable-file -->\n\n",
        ).replace(
            "why\n",
            "why\n^ template-boilerplate@23:25: The template's guidance for `## Summary` (\"Write one paragraph that says what this enhancement does and…\") is still here; replace it with your own text\n",
        ).replace(
            "-->\n\n## Summary\n",
            "-->\n\n## Summary\n^^^^^^^^^^ duplicate-section: `## Summary` appears more than once; merge this section into the first one, or rename it\n",
        ));
    }

    /// Comments in lists and quotes are HTML blocks too; several comments
    /// may share a line.
    #[test]
    fn nested_and_side_by_side() {
        check(&body(
            "> <!-- a note --> <!-- proposal-ls-disable-next-line template-boilerplate -->\n",
            "- item\n\n  <!-- proposal-ls-disable-next-line duplicate-section -->\n",
        ));
    }

    /// The text after the edit that ignores the one `rule` finding; the
    /// finding is gone then, and the comment reported as neither unknown
    /// nor unused.
    #[track_caller]
    fn ignored(before: &str, rule: Rule, scope: Scope) -> Option<String> {
        let template = mini();
        let analyze = |text: &str| analyze_text(text, &template, &file("idea"));
        let findings = analyze(before);
        let finding = findings.iter().find(|f| f.rule == rule).expect("a finding");
        let edit = ignore_edit(before, &parse(before), finding, scope)?;
        let after = apply_edits(before, &[edit]).0;
        let left: Vec<Rule> = analyze(&after).iter().map(|f| f.rule).collect();
        assert!(
            !left.contains(&rule) && left.iter().all(|r| is_suppressible(*r)),
            "{left:?} in\n{after}"
        );
        Some(after)
    }

    #[test]
    fn ignore_on_this_line_or_in_this_file() {
        let text = body("", "> ");
        expect![[r#"
            {GOOD_META}
            # Idea

            ## Summary

            <!-- proposal-ls-disable-next-line template-boilerplate -->
            Write one paragraph that says what this enhancement does and why
            it matters to its users.

        "#]]
        .assert_eq(&until_motivation(
            &ignored(&text, Rule::TemplateBoilerplate, Scope::Line).unwrap(),
        ));
        let quoted = ignored(&text, Rule::DuplicateSection, Scope::Line).unwrap();
        assert!(
            quoted.ends_with(
                "\n> <!-- proposal-ls-disable-next-line duplicate-section -->\n> ## Summary\n"
            ),
            "{quoted}"
        );
        let whole = ignored(&text, Rule::DuplicateSection, Scope::File).unwrap();
        assert!(
            whole.starts_with(&format!(
                "{GOOD_META}<!-- proposal-ls-disable-file duplicate-section -->\n\n# Idea\n"
            )),
            "{whole}"
        );
    }

    /// A comment cannot be in YAML: the front matter's findings are
    /// ignored in the file, after the front matter (at the top without one).
    #[test]
    fn front_matter_findings_only_in_the_file() {
        for eol in ["\n", "\r\n"] {
            let text = with_body(BODY_OK)
                .replace("title: idea", "title: other")
                .replace('\n', eol);
            assert_eq!(ignored(&text, Rule::TitleMismatch, Scope::Line), None);
            let after = ignored(&text, Rule::TitleMismatch, Scope::File).unwrap();
            let expected =
                format!("---{eol}<!-- proposal-ls-disable-file title-mismatch -->{eol}{eol}# Idea");
            assert!(after.contains(&expected), "{after}");
        }
        let after = ignored(BODY_OK, Rule::FrontMatterMissing, Scope::File).unwrap();
        assert!(
            after.starts_with("<!-- proposal-ls-disable-file front-matter-missing -->\n# Idea\n")
        );
        // A front matter without a line break after it gets one first.
        let bare = "---\ntitle: other\n---";
        let tree = parse(bare);
        let finding = Finding::new(Rule::TitleMismatch, 11..16, "");
        let edit = ignore_edit(bare, &tree, &finding, Scope::File).unwrap();
        assert_eq!(
            apply_edits(bare, &[edit]).0,
            "---\ntitle: other\n---\n<!-- proposal-ls-disable-file title-mismatch -->\n"
        );
        let own = Finding::new(Rule::UnusedSuppression, 0..1, "");
        assert_eq!(ignore_edit(bare, &tree, &own, Scope::File), None);
    }
}
