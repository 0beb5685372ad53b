//! Metadata rules: the front matter's presence, YAML syntax and each key
//! against the template's key specs (shape, placeholders, allowed values).

use std::collections::HashMap;
use std::ops::Range;

use jiff::civil::Date;

use crate::analysis::Source;
use crate::fix::{Edit, Fix};
use crate::front_matter::scan::Location;
use crate::front_matter::{FrontMatter, YamlEntry, YamlError, YamlNode};
use crate::rules::{Finding, Rule, closest};
use crate::template::{KeySpec, ValueShape};
use crate::text::{end_of_line, line_range, line_start};
use crate::values::date;
use crate::values::handle::{is_handle_entry, means_none};
use crate::values::slug::is_slug;

pub fn check(src: &mut Source) -> Vec<Finding> {
    let mut out = Vec::new();
    if src.front_matter.is_none() {
        match locate(src) {
            Located::Missing(f) | Located::Unclosed(f) => {
                out.push(f);
                return out;
            }
            Located::NotFirst(f, fm) => {
                out.push(f);
                src.front_matter = Some(fm);
            }
        }
    }
    let Some(fm) = src.front_matter.as_ref() else {
        return out;
    };
    match &fm.yaml {
        Err(err) => out.push(yaml_error(src, fm, err)),
        Ok(Some(YamlNode::Mapping { entries, .. })) => check_entries(src, fm, entries, &mut out),
        Ok(None) => check_entries(src, fm, &[], &mut out),
        Ok(Some(other)) => out.push(Finding::new(
            Rule::FrontMatterNotMapping,
            other.range(),
            "The front matter must be a YAML mapping of the template's keys (`key: value` lines)",
        )),
    }
    out
}

enum Located {
    Missing(Finding),
    Unclosed(Finding),
    NotFirst(Finding, FrontMatter),
}

/// The markdown parser found no front matter on line 1: say why.
fn locate(src: &Source) -> Located {
    let text = src.text;
    let first_line = line_range(text, 0);
    let is_metadata = |l: &str| {
        src.template
            .keys
            .iter()
            .any(|k| l.starts_with(&format!("{}:", k.name)))
    };
    match Location::find(text, None, is_metadata) {
        Location::Unclosed { open } => {
            return Located::Unclosed(Finding::new(
                Rule::FrontMatterUnclosed,
                open,
                "The front matter opened here is never closed; add a `---` line after its last key",
            ));
        }
        Location::NotFirst {
            block,
            open,
            blank_before,
        } => {
            let mut finding = Finding::new(
                Rule::FrontMatterNotFirst,
                open.clone(),
                "The front matter must start on line 1; anything before its `---` hides it from tooling",
            );
            if blank_before && open.start > 0 {
                finding = finding.with_fix(Fix {
                    title: "Remove the blank lines before the front matter".into(),
                    edits: vec![Edit::replace(0..open.start, "")],
                    safe: true,
                });
            }
            return Located::NotFirst(finding, FrontMatter::parse(text, block));
        }
        Location::First(_) | Location::Missing => {}
    }
    let mut front_matter = src.template.front_matter_text.replace('\n', src.eol);
    if let Some(stem) = &src.file.file_stem
        && let Some(title) = src
            .template
            .key("title")
            .and_then(|k| k.placeholders.first())
    {
        front_matter =
            front_matter.replacen(&format!("title: {title}"), &format!("title: {stem}"), 1);
    }
    Located::Missing(
        Finding::new(
            Rule::FrontMatterMissing,
            first_line,
            "The proposal has no front matter; start the file with the template's `---` metadata block",
        )
        .with_fix(Fix {
            title: "Insert the template's front matter".into(),
            edits: vec![Edit::insert(0, front_matter)],
            safe: true,
        }),
    )
}

fn yaml_error(src: &Source, fm: &FrontMatter, err: &YamlError) -> Finding {
    let text = src.text;
    let at = err.offset.min(text.len());
    if text.get(at..).is_some_and(|rest| rest.starts_with('@')) {
        let token_end = at
            + text[at..]
                .find(|c: char| c.is_whitespace() || c == ',')
                .unwrap_or(text.len() - at);
        let edits = quote_at_values(text, fm.yaml_range.clone());
        let mut finding = Finding::new(
            Rule::YamlSyntax,
            at..token_end,
            "YAML does not allow an unquoted value to start with `@` (a reserved character); quote it: `\"@handle\"` (the other metadata checks run once the front matter parses)",
        );
        if !edits.is_empty() {
            finding = finding.with_fix(Fix {
                title: "Quote every `@handle` in the front matter".into(),
                edits,
                safe: true,
            });
        }
        return finding;
    }
    // An error at the end of the YAML ("expected ']'") points at its last
    // character, not at the closing `---`.
    let yaml_end = fm.yaml_range.start
        + text
            .get(fm.yaml_range.clone())
            .unwrap_or("")
            .trim_end()
            .len();
    let at = if at >= yaml_end && yaml_end > fm.yaml_range.start {
        text[..yaml_end]
            .char_indices()
            .next_back()
            .map_or(at, |(i, _)| i)
    } else {
        at
    };
    let end = text
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(at, |c| {
            if c == '\n' || c == '\r' {
                at
            } else {
                at + c.len_utf8()
            }
        });
    if let Some(line) = key_without_space(text, fm.yaml_range.start..at) {
        let written = text.get(line.clone()).unwrap_or("").trim();
        return Finding::new(
            Rule::YamlSyntax,
            line,
            format!(
                "`{written}` needs a space after the colon to be a YAML key and value (the other metadata checks run once the front matter parses)"
            ),
        );
    }
    Finding::new(
        Rule::YamlSyntax,
        at..end,
        format!(
            "The front matter is not valid YAML ({}); fix the syntax here (the other metadata checks run once it parses)",
            err.message
        ),
    )
}

/// A line before the error written `key:value` (no space), the usual cause
/// of "could not find expected ':'": the parser notices it lines later.
fn key_without_space(text: &str, before_error: Range<usize>) -> Option<Range<usize>> {
    let mut start = before_error.start;
    while start < before_error.end {
        let line = line_range(text, start);
        start = end_of_line(text, start);
        let s = text.get(line.clone()).unwrap_or("");
        let Some(colon) = s.find(':') else { continue };
        let key = &s[..colon];
        let after = s[colon + 1..].chars().next();
        let is_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if is_key && after.is_some_and(|c| !c.is_whitespace() && c != '/') {
            return Some(line);
        }
    }
    None
}

/// Edits that quote each `- @x` / `key: @x` value in the YAML text.
fn quote_at_values(text: &str, yaml: Range<usize>) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut start = yaml.start;
    while start < yaml.end {
        let line = line_range(text, start);
        start = end_of_line(text, start);
        let s = text.get(line.clone()).unwrap_or("");
        let indent = s.len() - s.trim_start().len();
        let rest = &s[indent..];
        let value_at = if let Some(v) = rest.strip_prefix("- ") {
            indent + 2 + (v.len() - v.trim_start().len())
        } else if let Some(colon) = rest.find(": ") {
            let v = &rest[colon + 2..];
            indent + colon + 2 + (v.len() - v.trim_start().len())
        } else {
            continue;
        };
        let value = &s[value_at..];
        if !value.starts_with('@') {
            continue;
        }
        // A trailing ` # comment` stays outside the quotes.
        let value_len = value.find(" #").unwrap_or(value.len());
        let raw = value[..value_len].trim_end();
        let quoted = if raw.contains('\'') {
            format!("\"{}\"", raw.replace('\\', "\\\\").replace('"', "\\\""))
        } else {
            format!("'{raw}'")
        };
        let begin = line.start + value_at;
        edits.push(Edit::replace(begin..begin + raw.len(), quoted));
    }
    edits
}

fn check_entries(src: &Source, fm: &FrontMatter, entries: &[YamlEntry], out: &mut Vec<Finding>) {
    let template = src.template;
    let mut first_seen: HashMap<&str, &YamlEntry> = HashMap::new();
    for entry in entries {
        if let Some(first) = first_seen.get(entry.key.as_str()) {
            out.push(
                Finding::new(
                    Rule::DuplicateKey,
                    entry.key_range.clone(),
                    format!("`{}` is set twice; keep one", entry.key),
                )
                .with_related(first.key_range.clone(), "first occurrence")
                .about(vec![entry.key.clone()]),
            );
            continue;
        }
        first_seen.insert(&entry.key, entry);
    }

    // Unknown keys, and the template keys they most likely stand for.
    let mut stands_for: Vec<&str> = Vec::new();
    for entry in entries {
        if template.key(&entry.key).is_some() {
            continue;
        }
        let free = template
            .keys
            .iter()
            .map(|k| k.name.as_str())
            .filter(|k| !first_seen.contains_key(k));
        let suggestion = closest(&entry.key, free);
        let mut finding = match suggestion {
            Some(s) => {
                stands_for.push(s);
                Finding::new(
                    Rule::UnknownKey,
                    entry.key_range.clone(),
                    format!(
                        "Unknown key `{}`; did you mean the template's `{s}`?",
                        entry.key
                    ),
                )
                .with_fix(Fix {
                    title: format!("Rename to `{s}`"),
                    edits: vec![Edit::replace(entry.key_range.clone(), s)],
                    safe: entry.key.eq_ignore_ascii_case(s),
                })
            }
            None => Finding::new(
                Rule::UnknownKey,
                entry.key_range.clone(),
                format!(
                    "Unknown key `{}`; the template's keys are {}",
                    entry.key,
                    template
                        .keys
                        .iter()
                        .map(|k| k.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        };
        finding = finding.about(vec![entry.key.clone()]);
        out.push(finding);
    }

    for (i, spec) in template.keys.iter().enumerate() {
        match first_seen.get(spec.name.as_str()) {
            Some(entry) => check_value(src, spec, entry, out),
            None if spec.required && !stands_for.contains(&spec.name.as_str()) => {
                out.push(missing_key(src, fm, spec, &template.keys[..i], &first_seen))
            }
            None => {}
        }
    }
    check_date_order(src, &first_seen, out);
}

fn missing_key(
    src: &Source,
    fm: &FrontMatter,
    spec: &KeySpec,
    earlier: &[KeySpec],
    present: &HashMap<&str, &YamlEntry>,
) -> Finding {
    // After the value of the nearest earlier template key present.
    let at = earlier
        .iter()
        .rev()
        .find_map(|k| present.get(k.name.as_str()))
        .map_or(fm.yaml_range.start, |e| {
            end_of_line(src.text, e.value.range().end.max(e.key_range.end))
        })
        .min(fm.yaml_range.end.max(fm.yaml_range.start));
    let mut insert = spec.source.replace('\n', src.eol);
    if !insert.ends_with('\n') {
        insert.push_str(src.eol);
    }
    Finding::new(
        Rule::MissingKey,
        fm.range.start..fm.range.start + 3,
        format!(
            "The front matter is missing `{}` ({}{}); add it",
            spec.name,
            spec.shape.describe(),
            spec.sentinels
                .first()
                .map(|s| format!(", or `{s}`"))
                .unwrap_or_default()
        ),
    )
    .with_fix(Fix {
        title: format!("Add `{}`", spec.name),
        edits: vec![Edit::insert(at, insert)],
        safe: true,
    })
    .about(vec![spec.name.clone()])
}

fn check_value(src: &Source, spec: &KeySpec, entry: &YamlEntry, out: &mut Vec<Finding>) {
    let key = &spec.name;
    let about = || vec![key.clone()];
    if spec.shape.is_list() {
        let items: Vec<&YamlNode> = match &entry.value {
            YamlNode::Sequence { items, .. } => items.iter().collect(),
            n if n.is_null() => Vec::new(),
            scalar @ YamlNode::Scalar { .. } => {
                let range = scalar.range();
                let written = src.text.get(range.clone()).unwrap_or("");
                out.push(
                    Finding::new(
                        Rule::ExpectedList,
                        range.clone(),
                        format!(
                            "`{key}` is a list in the template; write each entry as a `- item` line"
                        ),
                    )
                    .with_fix(Fix {
                        title: "Make it a one-item list".into(),
                        edits: vec![Edit::replace(
                            entry.key_range.end..range.end,
                            format!(":{}  - {written}", src.eol),
                        )],
                        safe: true,
                    })
                    .about(about()),
                );
                vec![scalar]
            }
            other => {
                out.push(
                    Finding::new(
                        Rule::ExpectedList,
                        other.range(),
                        format!(
                            "`{key}` is a list in the template; write each entry as a `- item` line"
                        ),
                    )
                    .about(about()),
                );
                return;
            }
        };
        check_list(src, spec, entry, &items, out);
        return;
    }

    let value = entry.value.as_str();
    let value_range = if entry.value.is_null() {
        entry.key_range.clone()
    } else {
        entry.value.range()
    };
    if let Some(v) = value
        && spec.placeholders.iter().any(|p| p == v)
    {
        out.push(placeholder(src, spec, entry, v));
        return;
    }
    match &spec.shape {
        ValueShape::Date => {
            if let Err(err) = date::parse(value) {
                let mut f = Finding::new(
                    Rule::InvalidDate,
                    value_range.clone(),
                    format!("`{key}`: {}", err.message()),
                )
                .about(about());
                if let Some(fixed) = err.fix() {
                    f = f.with_fix(Fix {
                        title: format!("Write `{fixed}`"),
                        edits: vec![Edit::replace(value_range, fixed)],
                        safe: true,
                    });
                }
                out.push(f);
            }
        }
        ValueShape::Enum(options) if !value.is_some_and(|v| options.iter().any(|o| o == v)) => {
            let mut f = Finding::new(
                Rule::InvalidEnumValue,
                value_range.clone(),
                format!(
                    "`{key}` must be one of the template's values: {}",
                    options.join(", ")
                ),
            )
            .about(about());
            if let Some(best) = value.and_then(|v| closest(v, options.iter().map(String::as_str))) {
                f = f.with_fix(Fix {
                    title: format!("Change to `{best}`"),
                    edits: vec![Edit::replace(value_range, best)],
                    safe: value.is_some_and(|v| v.eq_ignore_ascii_case(best)),
                });
            }
            out.push(f);
        }
        ValueShape::Text if key == "title" => check_title(src, entry, value, value_range, out),
        _ => {}
    }
}

fn placeholder(src: &Source, spec: &KeySpec, entry: &YamlEntry, value: &str) -> Finding {
    let range = entry.value.range();
    let key = &spec.name;
    let wanted = match (&spec.shape, src.file.file_stem.as_deref()) {
        (ValueShape::Enum(options), _) => format!("one of {}", options.join(", ")),
        (ValueShape::Text, Some(stem)) if key == "title" => format!("the file name, `{stem}`"),
        (shape, _) => shape.describe(),
    };
    let mut finding = Finding::new(
        Rule::Placeholder,
        range.clone(),
        format!("`{key}` still has the template's placeholder `{value}`; replace it with {wanted}"),
    )
    .about(vec![key.clone()]);
    let replacement = match &spec.shape {
        ValueShape::Date => src.file.today.clone().map(|d| (d, false)),
        ValueShape::Text if key == "title" => src.file.file_stem.clone().map(|s| (s, true)),
        _ => None,
    };
    if let Some((new, safe)) = replacement.filter(|(new, _)| new != value) {
        finding = finding.with_fix(Fix {
            title: format!("Set to `{new}`"),
            edits: vec![Edit::replace(range, new)],
            safe,
        });
    }
    finding
}

fn check_title(
    src: &Source,
    entry: &YamlEntry,
    value: Option<&str>,
    range: Range<usize>,
    out: &mut Vec<Finding>,
) {
    let stem = src.file.file_stem.as_deref();
    if let Some(stem) = stem
        && value != Some(stem)
    {
        out.push(
            Finding::new(
                Rule::TitleMismatch,
                range.clone(),
                format!("`title` must equal the file name without `.md`; set it to `{stem}`"),
            )
            .with_fix(Fix {
                title: format!("Set title to `{stem}`"),
                edits: vec![if entry.value.is_null() {
                    Edit::replace(
                        entry.key_range.end..end_of_colon(src.text, entry.key_range.end),
                        format!(": {stem}"),
                    )
                } else {
                    Edit::replace(range.clone(), stem)
                }],
                safe: true,
            })
            .about(vec!["title".into()]),
        );
    }
    // After a mismatch fix the title is the file name, so judge that.
    let judged = match stem {
        Some(stem) => Some(stem),
        None => value,
    };
    if let Some(v) = judged
        && !is_slug(v)
    {
        let message = if stem.is_some() {
            "The template asks for `title` in lowercase, with spaces and punctuation replaced by `-`; rename the file and set `title` to match"
        } else {
            "The template asks for `title` in lowercase, with spaces and punctuation replaced by `-`"
        };
        out.push(Finding::new(Rule::TitleFormat, range, message).about(vec!["title".into()]));
    }
}

/// Just past the `:` after a key.
fn end_of_colon(text: &str, key_end: usize) -> usize {
    text.get(key_end..)
        .and_then(|rest| rest.find(':'))
        .map_or(key_end, |i| key_end + i + 1)
}

fn check_list(
    src: &Source,
    spec: &KeySpec,
    entry: &YamlEntry,
    items: &[&YamlNode],
    out: &mut Vec<Finding>,
) {
    let key = &spec.name;
    let mut good = 0;
    for item in items {
        let range = item.range();
        let value = item.as_str().unwrap_or("").trim();
        if let Some(p) = leading_placeholder(spec, value) {
            out.push(placeholder(src, spec, entry, p).with_range(range));
            continue;
        }
        match &spec.shape {
            ValueShape::Handles => {
                if spec.sentinels.iter().any(|s| s == value) || is_handle_entry(value) {
                    good += 1;
                } else if let Some(sentinel) = spec.sentinels.first().filter(|_| means_none(value))
                {
                    // `N/A` where the template says to write `None`.
                    let range = item.range();
                    out.push(
                        Finding::new(
                            Rule::InvalidHandle,
                            range.clone(),
                            format!("This `{key}` entry `{value}` means none; write `{sentinel}`, as the template says"),
                        )
                        .with_fix(Fix {
                            title: format!("Write `{sentinel}`"),
                            edits: vec![Edit::replace(range, sentinel.clone())],
                            safe: true,
                        })
                        .about(vec![key.clone()]),
                    );
                } else {
                    let what = if value.is_empty() {
                        "is empty".to_string()
                    } else if value.starts_with(['“', '‘']) {
                        format!(
                            "`{value}` is wrapped in typographic quotes, which YAML keeps as text"
                        )
                    } else {
                        format!("`{value}` is not a GitHub handle")
                    };
                    out.push(
                        Finding::new(
                            Rule::InvalidHandle,
                            item_range(src, entry, item),
                            format!("This `{key}` entry {what}; write `\"@name\"`"),
                        )
                        .about(vec![key.clone()]),
                    );
                }
            }
            ValueShape::Urls => {
                if url::Url::parse(value).is_ok() {
                    good += 1;
                } else {
                    let what = if value.is_empty() {
                        "is empty".to_string()
                    } else {
                        format!("`{value}` is not a URL")
                    };
                    out.push(
                        Finding::new(
                            Rule::TrackingLink,
                            item_range(src, entry, item),
                            format!("This `{key}` entry {what}; write the full link with its scheme (`https://...`)"),
                        )
                        .about(vec![key.clone()]),
                    );
                }
            }
            _ => good += 1,
        }
    }
    // A bad entry was reported above and says what to write; an empty
    // list gets its own finding.
    if good > 0 || !items.is_empty() {
        return;
    }
    let (rule, need) = match &spec.shape {
        ValueShape::Handles => {
            let alt = match spec.sentinels.first() {
                Some(s) => format!(" (or `{s}`, as the template allows)"),
                None => String::new(),
            };
            (
                Rule::MissingHandle,
                format!("at least one GitHub handle{alt}"),
            )
        }
        ValueShape::Urls => (
            Rule::TrackingLink,
            "at least one URL with a scheme (`https://...`)".to_string(),
        ),
        _ => return,
    };
    out.push(
        Finding::new(
            rule,
            entry.key_range.clone(),
            format!("`{key}` needs {need}"),
        )
        .about(vec![key.clone()]),
    );
}

/// An empty item has an empty range; point at its `-` line instead.
fn item_range(src: &Source, entry: &YamlEntry, item: &YamlNode) -> Range<usize> {
    let r = item.range();
    if !r.is_empty() {
        return r;
    }
    let line = line_range(src.text, line_start(src.text, r.start));
    if line.is_empty() || line.start < entry.key_range.start {
        entry.key_range.clone()
    } else {
        let s = src.text.get(line.clone()).unwrap_or("");
        line.start + (s.len() - s.trim_start().len())..line.end
    }
}

/// The placeholder an entry is, or starts with before a comment
/// (`TBD, for the networking team`).
fn leading_placeholder<'a>(spec: &KeySpec, value: &'a str) -> Option<&'a str> {
    spec.placeholders.iter().find_map(|p| {
        let rest = value.strip_prefix(p.as_str())?;
        let commented = p.len() <= 12 && rest.starts_with([',', ' ', '(', ':', ';']);
        (rest.is_empty() || commented).then(|| &value[..p.len()])
    })
}

/// Each date key of the template is not before the one above it
/// (`last-updated` after `creation-date`).
fn check_date_order(src: &Source, present: &HashMap<&str, &YamlEntry>, out: &mut Vec<Finding>) {
    let mut previous: Option<(&str, Date, Range<usize>)> = None;
    for spec in src
        .template
        .keys
        .iter()
        .filter(|k| k.shape == ValueShape::Date)
    {
        let Some(entry) = present.get(spec.name.as_str()) else {
            continue;
        };
        let Ok(date) = date::parse(entry.value.as_str()) else {
            continue;
        };
        if let Some((earlier_key, earlier, range)) = &previous
            && date < *earlier
        {
            out.push(
                Finding::new(
                    Rule::DateOrder,
                    entry.value.range(),
                    format!(
                        "`{}` ({date}) is before `{earlier_key}` ({earlier}); one of them is wrong",
                        spec.name
                    ),
                )
                .with_related(range.clone(), format!("`{earlier_key}` is set here"))
                .about(vec![spec.name.clone()]),
            );
        }
        previous = Some((&spec.name, date, entry.value.range()));
    }
}

impl Finding {
    fn with_range(mut self, range: Range<usize>) -> Finding {
        self.range = range;
        self
    }
}
