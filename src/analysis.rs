//! The engine's entry point: one document in, its findings out.

use tree_sitter::Tree;

use crate::context::Context;
use crate::era::Era;
use crate::history::TemplateHistory;
use crate::markdown::{self, Outline};
use crate::rules::{Finding, Rule};
use crate::template::Template;

/// What the engine knows about the file beyond its text.
#[derive(Debug, Clone, Default)]
pub struct FileContext {
    /// The file name without `.md`, which `title` must equal.
    pub file_stem: Option<String>,
    /// Today's date (yyyy-mm-dd), for fixes that fill in a date.
    pub today: Option<String>,
    /// The day the file was added to its repository, which stands for a
    /// missing or invalid `creation-date` (`None`: not committed, or
    /// outside a repository).
    pub added_on: Option<jiff::civil::Date>,
    /// The text is the first part of a longer document, of this many
    /// bytes (the editor's bound on a very large file): the rules that
    /// need the whole document are skipped, and `partial-check` says so.
    pub whole_len: Option<usize>,
    /// The file's place in its repository, for the rules that look across
    /// files (`broken-reference`); `None` outside one, or while the
    /// server has not indexed it yet.
    pub repository: Option<crate::repository::InRepository>,
}

impl FileContext {
    pub fn for_path(path: &std::path::Path) -> FileContext {
        FileContext {
            file_stem: path
                .file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_string),
            today: None,
            added_on: None,
            whole_len: None,
            repository: None,
        }
    }
}

/// Analyse a document whose tree is already parsed (the server keeps one)
/// against one template.
pub fn analyze(text: &str, tree: &Tree, template: &Template, file: &FileContext) -> Vec<Finding> {
    let outline = Outline::new(text, tree);
    let cx = Context::new(text, &outline, template, file);
    let findings = run_rules(&cx, Rule::ALL.iter().copied());
    finish(text, &outline, findings)
}

/// Analyse a document against its template's history: each proposal is
/// judged by the versions in force since it was created (`Era::Window`),
/// or by today's template alone (`Era::Current`).
pub fn analyze_in_era(
    text: &str,
    tree: &Tree,
    history: &TemplateHistory,
    era: Era,
    file: &FileContext,
) -> Vec<Finding> {
    let _span = tracing::debug_span!("analyze", bytes = text.len()).entered();
    let outline = Outline::new(text, tree);
    let cx = Context::new(text, &outline, &history.current().template, file);
    let mut findings = run_rules(&cx, Rule::ALL.iter().copied());
    if era == Era::Window {
        crate::era::excuse(&cx, history, &mut findings);
    }
    let findings = finish(text, &outline, findings);
    tracing::debug!(findings = findings.len(), "analyzed");
    findings
}

/// The findings of `rules` on one context.
pub(crate) fn run_rules(cx: &Context, rules: impl Iterator<Item = Rule>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let partial = cx.file.whole_len.is_some();
    for rule in rules.filter(|r| !(partial && r.needs_whole_document())) {
        rule.check(cx, &mut findings);
    }
    if partial {
        // The last section may go on past the checked part.
        let last_heading = cx.outline.headings.last().map(|h| h.range.clone());
        findings
            .retain(|f| f.rule != Rule::EmptySection || Some(&f.range) != last_heading.as_ref());
    }
    // A file with nothing of the template in it gets that one finding.
    if findings.iter().any(|f| f.rule == Rule::NotAProposal) {
        findings.retain(|f| f.rule == Rule::NotAProposal);
    }
    findings
}

/// The findings the document's suppression comments leave, sorted, each
/// fix marked safe as its rule declares ([`Rule::fix_safety`]).
fn finish(text: &str, outline: &Outline, findings: Vec<Finding>) -> Vec<Finding> {
    let mut findings = crate::suppress::apply(text, outline, findings);
    for finding in &mut findings {
        let safety = finding.rule.fix_safety();
        if let Some(fix) = &mut finding.fix {
            fix.safe = safety.applies(fix.safe);
        }
    }
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
    findings
}

/// Parse and analyse a document.
pub fn analyze_text(text: &str, template: &Template, file: &FileContext) -> Vec<Finding> {
    analyze(text, &markdown::parse(text), template, file)
}

/// The result of applying every safe fix.
#[derive(Debug, Clone, Default)]
pub struct FixOutcome {
    pub text: String,
    /// What was fixed, in order: the rule and the fix's title.
    pub applied: Vec<(crate::rules::Rule, String)>,
    /// The edits of each round, on the text as the rounds before left it.
    pub rounds: Vec<Vec<crate::fix::Edit>>,
}

/// Apply every safe fix, in rounds: each round applies the fixes whose
/// edits touch distinct places, then re-analyses, so fixes that insert at
/// the same point (sections missing side by side) land in template order.
pub fn fix_all(text: &str, template: &Template, file: &FileContext) -> FixOutcome {
    fix_all_matching(text, template, file, |_| true)
}

/// `fix_all`, limited to the findings `wanted` accepts.
pub fn fix_all_matching(
    text: &str,
    template: &Template,
    file: &FileContext,
    wanted: impl Fn(&Finding) -> bool,
) -> FixOutcome {
    fix_rounds(text, |t| analyze_text(t, template, file), wanted)
}

/// `fix_all_matching` on the findings of the proposal's era: what the era
/// excuses is not fixed either.
pub fn fix_all_in_era(
    text: &str,
    history: &TemplateHistory,
    era: Era,
    file: &FileContext,
    wanted: impl Fn(&Finding) -> bool,
) -> FixOutcome {
    let analyze = |t: &str| analyze_in_era(t, &markdown::parse(t), history, era, file);
    fix_rounds(text, analyze, wanted)
}

/// Rounds of fixes of the findings `analyze` reports. A fix whose finding
/// is back after its round did not work (a template heading no document
/// heading can spell, say): that round is undone and redone without it,
/// so the outcome is a fixed point, never a fix applied over and over.
fn fix_rounds(
    text: &str,
    analyze: impl Fn(&str) -> Vec<Finding>,
    wanted: impl Fn(&Finding) -> bool,
) -> FixOutcome {
    const MAX_ROUNDS: usize = 64;
    let mut outcome = FixOutcome {
        text: text.to_string(),
        applied: Vec::new(),
        rounds: Vec::new(),
    };
    let mut ineffective: Vec<(Rule, String)> = Vec::new();
    // The text, fixes applied and findings before the last round.
    let mut before: Option<(String, usize, Vec<Finding>)> = None;
    let mut findings = analyze(&outcome.text);
    for _ in 0..MAX_ROUNDS {
        if let Some((text, applied, earlier)) = before.take() {
            let back: Vec<(Rule, String)> = outcome
                .applied
                .get(applied..)
                .unwrap_or_default()
                .iter()
                .filter(|(rule, title)| findings.iter().any(|f| offers(f, *rule, title)))
                .cloned()
                .collect();
            if !back.is_empty() {
                ineffective.extend(back);
                outcome.text = text;
                outcome.applied.truncate(applied);
                outcome.rounds.pop();
                findings = earlier;
            }
        }
        let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
        let mut edits = Vec::new();
        let applied_before = outcome.applied.len();
        for finding in findings.iter().filter(|f| wanted(f)) {
            let Some(fix) = finding.fix.as_ref().filter(|_| finding.fixable()) else {
                continue;
            };
            if ineffective
                .iter()
                .any(|(rule, title)| offers(finding, *rule, title))
            {
                continue;
            }
            // A fix that changes nothing would be applied forever.
            let changes_text = fix
                .edits
                .iter()
                .any(|e| text_at(&outcome.text, &e.range) != Some(e.new_text.as_str()));
            if !changes_text {
                continue;
            }
            let clashes = fix
                .edits
                .iter()
                .any(|e| taken.iter().any(|t| edits_clash(&e.range, t)));
            if clashes {
                continue;
            }
            taken.extend(fix.edits.iter().map(|e| e.range.clone()));
            edits.extend(fix.edits.iter().cloned());
            outcome.applied.push((finding.rule, fix.title.clone()));
        }
        if edits.is_empty() {
            break;
        }
        let fixed = crate::fix::apply_edits(&outcome.text, &edits).0;
        let text = std::mem::replace(&mut outcome.text, fixed);
        outcome.rounds.push(edits);
        before = Some((text, applied_before, findings));
        findings = analyze(&outcome.text);
    }
    outcome
}

/// Whether `finding` offers the fix `title` of `rule`.
fn offers(finding: &Finding, rule: Rule, title: &str) -> bool {
    finding.rule == rule && finding.fix.as_ref().is_some_and(|f| f.title == title)
}

/// Two edits clash when they replace overlapping text, insert at the same
/// point (their order would be a guess), or one inserts inside the text the
/// other replaces. An insert at either end of a replacement is fine.
fn edits_clash(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => a.start == b.start,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

fn text_at<'a>(text: &'a str, range: &std::ops::Range<usize>) -> Option<&'a str> {
    text.get(range.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{Edit, Fix};

    /// A fix whose finding is still there after it was applied is undone
    /// and not tried again; the fixes of its round that worked stay.
    #[test]
    fn a_fix_that_does_not_take_is_undone() {
        let analyze = |text: &str| {
            let finding = |title: &str, edit: Edit| Finding {
                fix: Some(Fix {
                    title: title.into(),
                    edits: vec![edit],
                    safe: true,
                }),
                ..Finding::new(Rule::MissingSection, 0..0, "missing")
            };
            let mut findings = vec![finding("never takes", Edit::insert(0, "x"))];
            if !text.ends_with('!') {
                findings.push(finding("takes", Edit::insert(text.len(), "!")));
            }
            findings
        };
        let outcome = fix_rounds("text", analyze, |_| true);
        assert_eq!(outcome.text, "text!");
        assert_eq!(
            outcome.applied,
            [(Rule::MissingSection, "takes".to_string())]
        );
        assert_eq!(fix_rounds(&outcome.text, analyze, |_| true).text, "text!");
    }
}
