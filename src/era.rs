//! The era policy: a proposal was written against the template of its day.
//! Its window runs from its creation (its `creation-date`, else the day
//! its file was added to the repository) to today. A structural finding
//! (a required section, its level, parent and order; a required or allowed
//! key; an enum's values) stands only when every template version in the
//! window reports it; it is reported in today's template's words. What the
//! window excuses is summed up in one hint at the title, so it is never
//! silent. Every other rule applies to every file at full strength.

use std::collections::VecDeque;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use jiff::civil::Date;

use crate::analysis::run_rules;
use crate::context::Context;
use crate::history::{TemplateHistory, TemplateVersion};
use crate::rules::{Finding, Rule, Severity};

/// How a proposal's structure is judged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Era {
    /// By every template version in force since it was created.
    #[default]
    Window,
    /// By today's template alone.
    Current,
}

impl Era {
    /// `window` or `current`, as settings write it.
    pub fn parse(name: &str) -> Option<Era> {
        match name {
            "window" => Some(Era::Window),
            "current" => Some(Era::Current),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Era::Window => "window",
            Era::Current => "current",
        }
    }
}

/// What a structural finding is about, so that the findings of two
/// template versions can be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Subject {
    /// A section, by name (its level may differ between versions).
    Section,
    /// A front-matter key.
    Key,
}

/// The subject kind of the rules that state a template requirement that
/// changed over time; `None` for the rules every file meets in full.
fn subject_of(rule: Rule) -> Option<Subject> {
    match rule {
        Rule::MissingSection
        | Rule::HeadingLevel
        | Rule::MisnamedSection
        | Rule::DuplicateSection
        | Rule::SectionOrder
        | Rule::SectionParent => Some(Subject::Section),
        Rule::MissingKey | Rule::UnknownKey | Rule::InvalidEnumValue => Some(Subject::Key),
        _ => None,
    }
}

/// Whether `rule`'s findings are judged by the proposal's window.
pub fn judged_by_window(rule: Rule) -> bool {
    subject_of(rule).is_some()
}

type Key = (Subject, String);

/// The subjects a finding is about: `## Name` lines become section names.
fn keys(finding: &Finding) -> impl Iterator<Item = Key> + '_ {
    let kind = subject_of(finding.rule);
    finding.subjects.iter().filter_map(move |s| {
        let kind = kind?;
        let name = match kind {
            Subject::Section => s.trim_start_matches('#').trim(),
            Subject::Key => s.as_str(),
        };
        Some((kind, name.to_string()))
    })
}

/// When the proposal was created: its `creation-date` when that is a real
/// date, else the day its file was added. `None`: not known (a new file).
pub(crate) fn created_on(cx: &Context) -> Option<(Date, Created)> {
    // The parsed YAML's value; line by line when the YAML is broken
    // elsewhere (a `- @handle`), which leaves the date as good.
    let written = match cx.entries() {
        Some(_) => cx
            .first_entry("creation-date")
            .and_then(|e| e.value.as_str())
            .and_then(|v| crate::values::date::parse(Some(v)).ok()),
        None => written_creation_date(cx.text),
    };
    match written {
        Some(date) => Some((date, Created::Written)),
        None => cx.file.added_on.map(|d| (d, Created::Added)),
    }
}

/// The `creation-date` a proposal writes, when it is a real date. Read
/// line by line, so that front ends can ask git for the day a file was
/// added only when it lacks one, and `config` can show a file's window
/// without analysing it; the analysis itself reads the parsed YAML.
pub fn written_creation_date(text: &str) -> Option<Date> {
    crate::front_matter::scan::front_matter_lines(text).find_map(|line| {
        let value = line.strip_prefix("creation-date:")?;
        let value = value.split(" #").next().unwrap_or(value).trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        crate::values::date::parse(Some(value)).ok()
    })
}

/// Whether judging `text` by its window needs the day its file was added
/// ([`FileContext::added_on`](crate::FileContext)).
pub fn needs_added_on(text: &str) -> bool {
    written_creation_date(text).is_none()
}

/// Where a proposal's creation day came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Created {
    /// Its `creation-date`.
    Written,
    /// The day its file was added to the repository.
    Added,
}

/// Remove the structural findings that some template version in the
/// proposal's window would not report, and add one hint saying what was
/// excused and since when.
pub(crate) fn excuse(cx: &Context, history: &TemplateHistory, findings: &mut Vec<Finding>) {
    let Some((created, how)) = created_on(cx) else {
        return;
    };
    let window = history.window(created);
    let Some((current, older)) = window.split_last() else {
        return;
    };
    if older.is_empty() || !findings.iter().any(|f| judged_by_window(f.rule)) {
        return;
    }
    let fingerprint = structure_fingerprint(cx, created, how);
    let reported = history
        .window_memo
        .get_or_insert(fingerprint, || reported_by(cx, older));
    // How severely `version` judges `key`, if at all.
    let judged = |version: &[(Key, Severity)], key: &Key| {
        version
            .iter()
            .filter(|(k, _)| same_subject(k, key))
            .map(|&(_, severity)| severity)
            .min()
    };
    let mut excused: Vec<(Date, String, String)> = Vec::new();
    findings.retain_mut(|f| {
        let Some(key) = keys(f).next() else {
            return true;
        };
        let severities: Vec<Option<Severity>> = reported.iter().map(|r| judged(r, &key)).collect();
        if let Some(all) = severities
            .iter()
            .copied()
            .collect::<Option<Vec<Severity>>>()
        {
            // Reported by every version, as severely as the mildest.
            f.severity = all.into_iter().fold(f.severity, Severity::max);
            return true;
        }
        // Required since the oldest version of the newest run that reports it.
        let since = older
            .iter()
            .zip(&severities)
            .rev()
            .take_while(|(_, s)| s.is_some())
            .last()
            .map_or(current.since, |(v, _)| v.since);
        let subject = f.subjects.first().map_or(key.1.as_str(), String::as_str);
        let was_optional = older.iter().rfind(|v| v.since < since).is_some_and(|v| {
            v.template
                .sections
                .iter()
                .any(|s| s.optional && s.name == key.1)
        });
        excused.push((
            since,
            subject.to_string(),
            describe(f.rule, subject, was_optional),
        ));
        false
    });
    if excused.is_empty() {
        return;
    }
    findings.push(hint(cx, created, how, older, current, excused));
}

/// For each older version, the subjects its structural findings are about,
/// each with its most severe finding's severity.
fn reported_by(cx: &Context, older: &[TemplateVersion]) -> Reported {
    let structural: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|&r| judged_by_window(r))
        .collect();
    older
        .iter()
        .map(|version| {
            let vcx = cx.for_template(&version.template);
            let mut keyed: Vec<(Key, Severity)> = Vec::new();
            for f in run_rules(&vcx, structural.iter().copied()) {
                let severity = placement_severity(&f);
                for key in keys(&f) {
                    match keyed.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, s)) => *s = (*s).min(severity),
                        None => keyed.push((key, severity)),
                    }
                }
            }
            keyed
        })
        .collect()
}

type Reported = Vec<Vec<(Key, Severity)>>;

/// What the structural rules read, hashed: the headings (level and text,
/// in order), where the front matter is and what it says, and the file;
/// with the window. Typing in prose leaves it alone, so the older
/// versions' judgement is looked up, not recomputed, on every keystroke.
fn structure_fingerprint(cx: &Context, created: Date, how: Created) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (created, how == Created::Written).hash(&mut hasher);
    for heading in &cx.outline.headings {
        (heading.level, &heading.text).hash(&mut hasher);
    }
    cx.outline.unclosed_comment.is_some().hash(&mut hasher);
    format!("{:?}", cx.location).hash(&mut hasher);
    if let Some(block) = &cx.outline.front_matter {
        cx.text.get(block.clone()).hash(&mut hasher);
    }
    let file = cx.file;
    (
        &file.file_stem,
        &file.today,
        file.added_on,
        file.whole_len.is_some(),
    )
        .hash(&mut hasher);
    hasher.finish()
}

/// The older versions' judgement of recent structures (see
/// [`structure_fingerprint`]), most recent last; a history's own, shared
/// by every document judged by it.
#[derive(Debug, Default)]
pub struct WindowMemo {
    entries: Mutex<VecDeque<(u64, Arc<Reported>)>>,
}

impl WindowMemo {
    /// Structures remembered: the open documents', a few versions each.
    const SIZE: usize = 64;

    fn get_or_insert(&self, fingerprint: u64, compute: impl FnOnce() -> Reported) -> Arc<Reported> {
        let found = self
            .lock()
            .iter()
            .find(|(f, _)| *f == fingerprint)
            .map(|(_, r)| r.clone());
        if let Some(reported) = found {
            return reported;
        }
        // Computed outside the lock: other documents' analyses go on.
        let reported = Arc::new(compute());
        let mut entries = self.lock();
        if entries.len() >= Self::SIZE {
            entries.pop_front();
        }
        entries.push_back((fingerprint, reported.clone()));
        reported
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(u64, Arc<Reported>)>> {
        // A panic while holding it left plain data: use it.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A copy of a history starts with an empty memo.
impl Clone for WindowMemo {
    fn clone(&self) -> Self {
        WindowMemo::default()
    }
}

/// How severely an older version's finding weighs against today's: a
/// section under another parent is as misplaced as one at another level,
/// so that version's milder warning must not soften today's level error.
fn placement_severity(f: &Finding) -> Severity {
    match f.rule {
        Rule::SectionParent => f.severity.min(Rule::HeadingLevel.default_severity()),
        _ => f.severity,
    }
}

/// Two versions' subjects are the same section when one name is the other
/// or starts with it at a word boundary (`## Alternatives`, later
/// `## Alternatives (Not Implemented)`), as headings match sections.
fn same_subject(a: &Key, b: &Key) -> bool {
    let prefix = |long: &str, short: &str| {
        long.strip_prefix(short)
            .is_some_and(|rest| rest.starts_with(|c: char| !c.is_alphanumeric()))
    };
    a.0 == b.0 && (a.1 == b.1 || prefix(&a.1, &b.1) || prefix(&b.1, &a.1))
}

/// What an excused finding asks for, in a few words.
fn describe(rule: Rule, subject: &str, was_optional: bool) -> String {
    match rule {
        Rule::MissingSection if was_optional => format!("`{subject}` (now required)"),
        Rule::MissingSection => format!("`{subject}`"),
        Rule::HeadingLevel | Rule::SectionParent => format!("`{subject}` (level or place)"),
        Rule::MisnamedSection => format!("`{subject}` (exact name)"),
        Rule::SectionOrder => format!("`{subject}` (order)"),
        Rule::DuplicateSection => format!("`{subject}` (once only)"),
        Rule::MissingKey => format!("the key `{subject}`"),
        Rule::UnknownKey => format!("no key `{subject}`"),
        _ => format!("the values of `{subject}`"),
    }
}

/// The most items the hint lists for one day.
const ITEMS_PER_DAY: usize = 4;

/// The one hint at the title: the template versions the proposal is judged
/// by, and what today's template adds or moves since.
fn hint(
    cx: &Context,
    created: Date,
    how: Created,
    older: &[TemplateVersion],
    current: &TemplateVersion,
    mut excused: Vec<(Date, String, String)>,
) -> Finding {
    // By day, in the order the rules found them, each subject once.
    excused.sort_by_key(|(day, _, _)| *day);
    let mut seen: Vec<String> = Vec::new();
    let mut by_day: Vec<(Date, Vec<String>)> = Vec::new();
    for (day, subject, what) in excused {
        if seen.contains(&subject) {
            continue;
        }
        seen.push(subject);
        match by_day.last_mut() {
            Some((d, items)) if *d == day => items.push(what),
            _ => by_day.push((day, vec![what])),
        }
    }
    let changes: Vec<String> = by_day
        .into_iter()
        .map(|(day, items)| {
            let shown = items.get(..ITEMS_PER_DAY).unwrap_or(&items).join(", ");
            match items.len().checked_sub(ITEMS_PER_DAY) {
                Some(more) if more > 0 => format!("on {day}, {shown} and {more} more"),
                _ => format!("on {day}, {shown}"),
            }
        })
        .collect();
    let when = match how {
        Created::Written => format!("created on {created}"),
        Created::Added => {
            format!("added to the repository on {created} (it has no valid `creation-date`)")
        }
    };
    let first = older.first().map_or(current.since, |v| v.since);
    let message = format!(
        "This proposal, {when}, is judged by the templates in force since then (the version of {first} and later); today's template changed, after it was created: {}. Update it to the current template when you revise it.",
        changes.join("; ")
    );
    Finding::new(Rule::OlderTemplate, title_range(cx), message)
}

/// The proposal's title: its `# ` heading, else the front matter's
/// `title`, else its first line.
fn title_range(cx: &Context) -> Range<usize> {
    if let Some(title) = cx.headings().iter().find(|h| h.level == 1) {
        return title.range.clone();
    }
    if let Some(entry) = cx.first_entry("title") {
        return entry.key_range.clone();
    }
    0..crate::text::line_content_end(cx.text, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn era_names() {
        assert_eq!(Era::parse("window"), Some(Era::Window));
        assert_eq!(Era::parse("current"), Some(Era::Current));
        assert_eq!(Era::parse("now"), None);
        assert_eq!(Era::default().as_str(), "window");
    }

    #[test]
    fn only_files_without_a_real_creation_date_need_git() {
        assert!(!needs_added_on(
            "---\ntitle: x\ncreation-date: 2021-05-01\n---\n"
        ));
        assert!(!needs_added_on(
            "---\ncreation-date: \"2021-05-01\" # yes\n---\n"
        ));
        assert!(needs_added_on("---\ncreation-date: yyyy-mm-dd\n---\n"));
        assert!(needs_added_on("---\ncreation-date: 2021-13-01\n---\n"));
        assert!(needs_added_on("---\ntitle: x\n---\n"));
        assert!(needs_added_on("# no front matter\n"));
    }
}
