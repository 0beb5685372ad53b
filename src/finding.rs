//! What the rules produce: findings with their severity, and the
//! documentation each rule declares.

use std::fmt;
use std::ops::Range;

use crate::fix::Fix;
use crate::rules::Rule;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    /// Shown by editors as a faint mark; only a rule level set by the user
    /// gives it.
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Documentation of one rule, as `explain` and the README show it.
pub struct RuleDoc {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub explanation: &'static str,
    /// What the fix does, if the rule has one.
    pub fix: Option<&'static str>,
}

/// Another place a finding refers to (e.g. a duplicate's first occurrence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

/// One finding: a rule broken at a byte range of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub range: Range<usize>,
    pub message: String,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
    /// What the finding is about, in the template's words: heading lines
    /// for section rules (a missing parent lists its missing subsections
    /// too), the key for metadata rules.
    pub subjects: Vec<String>,
}

impl Finding {
    pub fn new(rule: Rule, range: Range<usize>, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.default_severity(),
            range,
            message: message.into(),
            fix: None,
            related: Vec::new(),
            subjects: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fix = Some(fix);
        self
    }

    pub fn with_related(mut self, range: Range<usize>, message: impl Into<String>) -> Finding {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }

    pub fn about(mut self, subjects: Vec<String>) -> Finding {
        self.subjects = subjects;
        self
    }

    /// Whether `check --fix` repairs it: it has a safe fix.
    pub fn fixable(&self) -> bool {
        self.fix.as_ref().is_some_and(|f| f.safe)
    }
}

/// Closest candidate to `word` by normalised Levenshtein similarity
/// (case-insensitive), if similar enough.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
