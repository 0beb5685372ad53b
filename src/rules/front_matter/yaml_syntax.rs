//! `yaml-syntax`: the front matter does not parse as YAML.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "yaml-syntax",
    severity: Severity::Error,
    summary: "The front matter is not valid YAML.",
    explanation: "The front matter must parse as YAML. A common case: a list item or value starting with `@` (`- @handle`); `@` is reserved in YAML, so the value must be quoted (`- \"@handle\"`).",
    fix: Some("For a value starting with `@`: quotes every such value in the front matter."),
};

use std::ops::Range;

use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::front_matter::{FrontMatter, YamlError};
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::text::lines;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    if let Some(fm) = &cx.front_matter
        && let Err(err) = &fm.yaml
    {
        out.push(yaml_error(cx.text, fm, err));
    }
}

fn yaml_error(text: &str, fm: &FrontMatter, err: &YamlError) -> Finding {
    let at = err.offset.min(text.len());
    if let Some(rest) = text.get(at..).filter(|rest| rest.starts_with('@')) {
        let token_end = at
            + rest
                .find(|c: char| c.is_whitespace() || c == ',')
                .unwrap_or(rest.len());
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
    let yaml_text = text.get(fm.yaml_range.clone()).unwrap_or("");
    let yaml_end = fm.yaml_range.start + yaml_text.trim_end().len();
    let at = if at >= yaml_end && yaml_end > fm.yaml_range.start {
        text.get(..yaml_end)
            .and_then(|before| before.char_indices().next_back())
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
    lines(text, before_error).find(|line| {
        let s = text.get(line.clone()).unwrap_or("");
        let Some((key, after)) = s.split_once(':') else {
            return false;
        };
        let after = after.chars().next();
        let is_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        is_key && after.is_some_and(|c| !c.is_whitespace() && c != '/')
    })
}

/// Edits that quote each `- @x` / `key: @x` value in the YAML text.
fn quote_at_values(text: &str, yaml: Range<usize>) -> Vec<Edit> {
    let mut edits = Vec::new();
    for line in lines(text, yaml) {
        let s = text.get(line.clone()).unwrap_or("");
        let rest = s.trim_start();
        let indent = s.len() - rest.len();
        let value_at = if let Some(v) = rest.strip_prefix("- ") {
            indent + 2 + (v.len() - v.trim_start().len())
        } else if let Some((key, v)) = rest.split_once(": ") {
            indent + key.len() + 2 + (v.len() - v.trim_start().len())
        } else {
            continue;
        };
        let value = s.get(value_at..).unwrap_or("");
        if !value.starts_with('@') {
            continue;
        }
        // A trailing ` # comment` stays outside the quotes.
        let value_len = value.find(" #").unwrap_or(value.len());
        let raw = value.get(..value_len).unwrap_or("").trim_end();
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

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::Rule;
    use crate::rules::fixture::*;

    #[test]
    fn at_handles_are_explained_and_quoted() {
        check(&with_front_matter("---
title: idea
authors:
  - @alice
    ^^^^^^ yaml-syntax: YAML does not allow an unquoted value to start with `@` (a reserved character); quote it: `\"@handle\"` (the other metadata checks run once the front matter parses)
  - @bob # the reviewer
api-approvers:
  - None
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
status: implementable
---
"));
        check_fix(
            Rule::YamlSyntax,
            &with_front_matter(
                "---
title: idea
authors:
  - @alice
  - @o'brien
  - @bob # the reviewer
api-approvers:
  - None
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
status: implementable
---
",
            ),
            expect![[r#"
                ---
                title: idea
                authors:
                  - '@alice'
                  - "@o'brien"
                  - '@bob' # the reviewer
                api-approvers:
                  - None
                creation-date: 2024-01-31
                last-updated: 2024-02-01
                tracking-link:
                  - https://issues.redhat.com/browse/X-1
                status: implementable
                ---

                {BODY_OK}
            "#]],
        );
    }

    #[test]
    fn other_syntax_errors() {
        check(&with_front_matter("---
title: idea
authors: [\"@alice\"
                 ^ yaml-syntax: The front matter is not valid YAML (while parsing a flow sequence, expected ',' or ']'); fix the syntax here (the other metadata checks run once it parses)
---
"));
    }

    #[test]
    fn key_without_space_is_named() {
        check(&with_front_matter(
            "---
title: idea
see-also:[]
^^^^^^^^^^^ yaml-syntax: `see-also:[]` needs a space after the colon to be a YAML key and value (the other metadata checks run once the front matter parses)
authors:
  - \"@alice\"
---
",
        ));
    }
}
