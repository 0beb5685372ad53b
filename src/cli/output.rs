//! Output formats for `check`: human, JSON, GitHub workflow annotations,
//! SARIF (for code scanning), and the Markdown summary of a GitHub Actions
//! step.

use proposal_ls::Severity;
use proposal_ls::line_index::{Encoding, LineIndex};
use serde::Serialize;

use super::Format;
use super::check::Report;

#[derive(Serialize)]
struct JsonOutput<'a> {
    files_checked: usize,
    findings: Vec<JsonFinding<'a>>,
    fixed: Vec<JsonFixed<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: String,
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    /// 1-based line and column (in characters).
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    /// Byte offsets into the file.
    start_byte: usize,
    end_byte: usize,
    fix: Option<&'a str>,
    /// Whether `check --fix` applies the fix.
    fixable: bool,
}

#[derive(Serialize)]
struct JsonFixed<'a> {
    path: String,
    fixes: &'a [String],
}

/// 1-based (line, column) of both ends of a range, columns in characters.
fn span(index: &LineIndex, text: &str, range: &std::ops::Range<usize>) -> (u32, u32, u32, u32) {
    let s = index.position(text, range.start, Encoding::Chars);
    let e = index.position(text, range.end, Encoding::Chars);
    (s.line + 1, s.col + 1, e.line + 1, e.col + 1)
}

/// `1 error`, `2 errors`.
fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `failed`: some path or configuration failed, so "No problems" would be
/// a false green.
pub fn print(format: Format, reports: &[Report], files_checked: usize, failed: bool) {
    match format {
        Format::Human => human(reports, files_checked, failed),
        Format::Json => json(reports, files_checked),
        Format::Github => github(reports),
        Format::Sarif => sarif(reports),
    }
    // In a GitHub Actions step, whatever the format, the step's summary.
    if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|s| !s.is_empty()) {
        let markdown = step_summary(reports, files_checked);
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&summary)
            .and_then(|mut f| std::io::Write::write_all(&mut f, markdown.as_bytes()));
        if let Err(e) = written {
            eprintln!("proposal-ls: cannot write the step summary: {e}");
        }
    }
}

/// At most this many findings are listed in a step summary.
const SUMMARY_ROWS: usize = 200;

/// The Markdown summary of a run: the counts, then the findings as a
/// table (GitHub shows only 10 annotations per step; this shows them all,
/// up to [`SUMMARY_ROWS`]).
fn step_summary(reports: &[Report], files_checked: usize) -> String {
    let all: Vec<(&Report, &proposal_ls::Finding)> = reports
        .iter()
        .flat_map(|r| r.findings.iter().map(move |f| (r, f)))
        .collect();
    let count = |s: Severity| all.iter().filter(|(_, f)| f.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let mut out = format!(
        "### proposal-ls: {} and {} in {}\n\n",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(files_checked, "file", "files"),
    );
    let shown: Vec<_> = all
        .iter()
        .filter(|(_, f)| matches!(f.severity, Severity::Error | Severity::Warning))
        .collect();
    if shown.is_empty() {
        return out;
    }
    out.push_str("| file | line | severity | rule | message |\n|---|---|---|---|---|\n");
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    for (r, f) in shown.iter().take(SUMMARY_ROWS) {
        let index = LineIndex::new(&r.text);
        let (line, ..) = span(&index, &r.text, &f.range);
        out.push_str(&format!(
            "| `{}` | {line} | {} | `{}` | {} |\n",
            cell(&r.path.display().to_string()),
            f.severity,
            f.rule,
            cell(&f.message)
        ));
    }
    if shown.len() > SUMMARY_ROWS {
        out.push_str(&format!("\n… and {} more.\n", shown.len() - SUMMARY_ROWS));
    }
    out.push('\n');
    out
}

/// SARIF 2.1.0, for GitHub code scanning (which shows every finding, not
/// the first 10): one run, every rule described, columns in characters.
fn sarif(reports: &[Report]) {
    use proposal_ls::Rule;
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    };
    let rules: Vec<serde_json::Value> = Rule::ALL
        .iter()
        .map(|r| {
            let d = r.doc();
            serde_json::json!({
                "id": d.id,
                "shortDescription": {"text": d.summary},
                "fullDescription": {"text": d.explanation},
                "help": {"text": format!("{}\n\nproposal-ls explain {}", d.explanation, d.id)},
                "defaultConfiguration": {"level": level(d.severity)},
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        let index = LineIndex::new(&r.text);
        // Relative paths as given (code scanning reads them from the
        // checkout); absolute ones as file URIs.
        let uri = match url::Url::from_file_path(&r.path) {
            Ok(url) if r.path.is_absolute() => url.to_string(),
            _ => {
                let uri = r.path.to_string_lossy().replace('\\', "/");
                uri.strip_prefix("./").unwrap_or(&uri).to_string()
            }
        };
        for f in &r.findings {
            let (line, col, end_line, end_col) = span(&index, &r.text, &f.range);
            let rule_index = Rule::ALL.iter().position(|x| *x == f.rule);
            results.push(serde_json::json!({
                "ruleId": f.rule.id(),
                "ruleIndex": rule_index,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {
                            "startLine": line,
                            "startColumn": col,
                            "endLine": end_line,
                            "endColumn": end_col,
                        },
                    },
                }],
            }));
        }
    }
    let log = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "proposal-ls",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/proposal-ls/proposal-ls",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    match serde_json::to_string_pretty(&log) {
        Ok(s) => stdout(&format!("{s}\n")),
        Err(e) => eprintln!("proposal-ls: cannot write SARIF: {e}"),
    }
}

/// Before the message of a finding `check --fix` repairs.
const FIXABLE_MARK: &str = "[*] ";

fn human(reports: &[Report], files_checked: usize, failed: bool) {
    // Hints and infos (what an older template excuses, an unused
    // suppression) are shown, but are not problems.
    let (mut errors, mut warnings, mut notes, mut with_problems) = (0, 0, 0, 0);
    // Findings `check --fix` repairs are marked `[*]`, as ruff marks them.
    let mut fixable = 0;
    let mut out = String::new();
    for r in reports {
        for f in &r.fixed {
            out.push_str(&format!("{}: fixed: {f}\n", r.path.display()));
        }
        let index = LineIndex::new(&r.text);
        let mut problems = 0;
        for f in &r.findings {
            let (line, col, ..) = span(&index, &r.text, &f.range);
            match f.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info | Severity::Hint => notes += 1,
            }
            if matches!(f.severity, Severity::Error | Severity::Warning) {
                problems += 1;
            }
            let mark = if f.fixable() {
                fixable += 1;
                FIXABLE_MARK
            } else {
                ""
            };
            out.push_str(&format!(
                "{}:{line}:{col}: {}[{}]: {mark}{}\n",
                r.path.display(),
                f.severity,
                f.rule,
                f.message
            ));
        }
        if problems > 0 {
            with_problems += 1;
        }
    }
    let fixes: usize = reports.iter().map(|r| r.fixed.len()).sum();
    if fixes > 0 {
        out.push_str(&format!("Applied {}.\n", plural(fixes, "fix", "fixes")));
    }
    let notes = match notes {
        0 => String::new(),
        n => format!(" ({})", plural(n, "hint", "hints")),
    };
    let fixable = match fixable {
        0 => String::new(),
        n => format!("; {n} fixable with `--fix`"),
    };
    if errors + warnings == 0 && failed {
        // The failures, on stderr, are the summary.
    } else if errors + warnings == 0 {
        out.push_str(&format!(
            "No problems in {}{notes}{fixable}.\n",
            plural(files_checked, "file", "files")
        ));
    } else {
        out.push_str(&format!(
            "Found {} and {} in {with_problems} of {files_checked} files{notes}{fixable}.\n",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
        ));
    }
    stdout(&out);
}

fn json(reports: &[Report], files_checked: usize) {
    let mut findings = Vec::new();
    let mut fixed = Vec::new();
    for r in reports {
        let index = LineIndex::new(&r.text);
        let path = r.path.display().to_string();
        if !r.fixed.is_empty() {
            fixed.push(JsonFixed {
                path: path.clone(),
                fixes: &r.fixed,
            });
        }
        for f in &r.findings {
            let (line, column, end_line, end_column) = span(&index, &r.text, &f.range);
            findings.push(JsonFinding {
                path: path.clone(),
                rule: f.rule.id(),
                severity: f.severity.as_str(),
                message: &f.message,
                line,
                column,
                end_line,
                end_column,
                start_byte: f.range.start,
                end_byte: f.range.end,
                fix: f.fix.as_ref().map(|x| x.title.as_str()),
                fixable: f.fixable(),
            });
        }
    }
    let output = JsonOutput {
        files_checked,
        findings,
        fixed,
    };
    match serde_json::to_string_pretty(&output) {
        Ok(s) => stdout(&format!("{s}\n")),
        Err(e) => eprintln!("proposal-ls: cannot write JSON: {e}"),
    }
}

/// Workflow command escaping: data escapes `%`, CR, LF; properties also
/// `:` and `,`.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(reports: &[Report]) {
    let mut out = String::new();
    for r in reports {
        let index = LineIndex::new(&r.text);
        for f in &r.findings {
            let (line, col, end_line, end_col) = span(&index, &r.text, &f.range);
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            out.push_str(&format!(
                "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
                escape_property(&r.path.display().to_string()),
                escape_property(&format!("proposal-ls {}", f.rule)),
                escape_data(&f.message)
            ));
        }
    }
    stdout(&out);
}

/// Write to standard output; when the reader has gone (`check | head`),
/// stop quietly instead of panicking as `print!` does.
pub fn stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("proposal-ls: cannot write to standard output: {e}");
        }
        std::process::exit(2);
    }
}
