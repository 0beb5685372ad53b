//! Conformance with upstream's CI: every finding of
//! `../shared/tools/official-lint.py` (upstream's template-lint and
//! metadata-lint, re-expressed) over the corpus must be reported by
//! proposal-ls, and every section proposal-ls calls missing that upstream
//! finds must be a documented deliberate difference. Prints the agreement
//! table; fails on any unexplained difference.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use proposal_ls::markdown::{self, Outline};
use proposal_ls::{FileContext, Finding, Rule, Template, analyze_text};

mod shared;

use shared::corpus_files;

/// `file -> [finding]` as upstream's checks print them.
fn official(template: &Path, files: &[PathBuf]) -> HashMap<PathBuf, Vec<String>> {
    let script = shared::path("tools/official-lint.py").expect("checked by the caller");
    let out = Command::new(shared::python_with_yaml())
        .arg(&script)
        .arg(template)
        .args(files)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "official-lint.py failed (is PyYAML installed?): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut map: HashMap<PathBuf, Vec<String>> = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut parts = line.splitn(3, '\t');
        let (Some(file), Some(_kind), Some(finding)) = (parts.next(), parts.next(), parts.next())
        else {
            panic!("unexpected official-lint line: {line}");
        };
        map.entry(PathBuf::from(file))
            .or_default()
            .push(finding.to_string());
    }
    map
}

fn about(f: &Finding, subject: &str) -> bool {
    f.subjects.iter().any(|s| s == subject)
}

/// Does one of our findings report this official finding?
fn covered(official: &str, ours: &[Finding]) -> bool {
    let has = |rules: &[Rule], subject: Option<&str>| {
        ours.iter()
            .any(|f| rules.contains(&f.rule) && subject.is_none_or(|s| about(f, s)))
    };
    // A file with nothing of the template gets that one finding for all.
    if has(&[Rule::NotAProposal], None) {
        return true;
    }
    if let Some(header) = official
        .strip_prefix("missing \"")
        .and_then(|s| s.strip_suffix('"'))
    {
        return has(
            &[
                Rule::MissingSection,
                Rule::HeadingLevel,
                Rule::MisnamedSection,
            ],
            Some(header),
        );
    }
    let front_matter = [
        Rule::FrontMatterMissing,
        Rule::FrontMatterNotFirst,
        Rule::FrontMatterUnclosed,
    ];
    match official {
        "missing a title" => has(&[Rule::MissingTitle], None),
        "no metadata block" => has(&front_matter, None),
        "yaml error" => {
            has(
                // PyYAML also rejects impossible dates such as 2020-23-01.
                &[
                    Rule::YamlSyntax,
                    Rule::FrontMatterNotMapping,
                    Rule::ExpectedList,
                    Rule::InvalidDate,
                ],
                None,
            ) || has(&front_matter, None)
        }
        "title mismatch" => has(
            &[Rule::TitleMismatch, Rule::Placeholder, Rule::MissingKey],
            Some("title"),
        ),
        _ => {
            let (key, what) = official
                .rsplit_once(' ')
                .map_or((official, ""), |(k, w)| (k, w));
            let (key, what) = match official.strip_suffix(" no valid URL") {
                Some(k) => (k, "none"),
                None => match official.strip_suffix(" no valid id") {
                    Some(k) => (k, "none"),
                    None => (key, what),
                },
            };
            let rules: &[Rule] = match (key, what) {
                (_, "TBD") => &[Rule::Placeholder],
                // A list with only bad entries is reported entry by entry.
                ("tracking-link", _) => &[
                    Rule::TrackingLink,
                    Rule::MissingKey,
                    Rule::ExpectedList,
                    Rule::Placeholder,
                ],
                // An empty entry beside a handle; in a list without one,
                // the list's error names it.
                (_, "empty") => &[Rule::InvalidHandle, Rule::MissingHandle],
                (_, "none") => &[
                    Rule::MissingHandle,
                    Rule::MissingKey,
                    Rule::ExpectedList,
                    Rule::Placeholder,
                    Rule::InvalidHandle,
                ],
                _ => return false,
            };
            has(rules, Some(key))
        }
    }
}

/// The table row an upstream finding is counted in.
fn category(finding: &str) -> String {
    if finding.starts_with("missing \"") {
        return "missing section".into();
    }
    for people in ["authors", "reviewers", "approvers", "api-approvers"] {
        if let Some(what) = finding
            .strip_prefix(people)
            .and_then(|r| r.strip_prefix(' '))
        {
            return format!("people: {what}");
        }
    }
    finding.to_string()
}

/// Why we report a section missing that upstream's prefix grep finds.
fn explain_extra(text: &str, header: &str, outline: &Outline) -> Option<&'static str> {
    let mut offset = 0;
    for line in text.split('\n') {
        if line.starts_with(header) {
            let is_heading = outline.headings.iter().any(|h| h.range.start == offset);
            if !is_heading {
                return Some(
                    "grep counts a line that is not a heading (in a code fence or HTML comment)",
                );
            }
            if line
                .strip_prefix(header)
                .is_some_and(|rest| rest.starts_with(char::is_alphanumeric))
            {
                return Some("grep's prefix match counts a different heading");
            }
            return None;
        }
        offset += line.len() + 1;
    }
    None
}

#[test]
fn agrees_with_upstream_ci_on_the_corpus() {
    let (Some(root), Some(template_path), Some(_)) = (
        shared::corpus(),
        shared::path("seed/enhancement_template.md"),
        shared::path("tools/official-lint.py"),
    ) else {
        return;
    };
    let template = Template::parse(&std::fs::read_to_string(&template_path).unwrap());
    let files = corpus_files(&root);
    assert_eq!(files.len(), 606, "the corpus README promises 606 proposals");
    let upstream = official(&template_path, &files);

    // category -> [upstream, reported, explained, unexplained]
    let mut table: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    let mut unexplained: Vec<String> = Vec::new();
    let mut explained: BTreeMap<&str, usize> = BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let ours = analyze_text(&text, &template, &FileContext::for_path(file));
        let theirs = upstream.get(file).cloned().unwrap_or_default();
        for finding in &theirs {
            let category = category(finding);
            let row = table.entry(category).or_default();
            row[0] += 1;
            if covered(finding, &ours) {
                row[1] += 1;
            } else {
                row[3] += 1;
                unexplained.push(format!(
                    "{}: upstream reports `{finding}`, proposal-ls does not",
                    file.display()
                ));
            }
        }
        // The other way: sections we call missing that upstream finds.
        let outline = Outline::new(&text, &markdown::parse(&text));
        for f in ours.iter().filter(|f| f.rule == Rule::MissingSection) {
            for header in &f.subjects {
                if theirs.iter().any(|t| t == &format!("missing \"{header}\"")) {
                    continue;
                }
                let row = table
                    .entry("(proposal-ls only) missing section".into())
                    .or_default();
                row[1] += 1;
                match explain_extra(&text, header, &outline) {
                    Some(why) => {
                        row[2] += 1;
                        *explained.entry(why).or_default() += 1;
                    }
                    None => {
                        row[3] += 1;
                        unexplained.push(format!(
                            "{}: proposal-ls reports `{header}` missing, upstream does not",
                            file.display()
                        ));
                    }
                }
            }
        }
    }

    println!(
        "\n{:<40} {:>8} {:>9} {:>9} {:>11}",
        "finding", "upstream", "reported", "explained", "unexplained"
    );
    for (category, [up, rep, exp, unexp]) in &table {
        println!("{category:<40} {up:>8} {rep:>9} {exp:>9} {unexp:>11}");
    }
    for (why, n) in &explained {
        println!("deliberate difference ({n}): {why}");
    }
    for u in unexplained.iter().take(40) {
        println!("UNEXPLAINED {u}");
    }
    assert!(
        unexplained.is_empty(),
        "{} unexplained differences (listed above)",
        unexplained.len()
    );
}
