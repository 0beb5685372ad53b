use super::*;

/// A proposal whose sections are complete, with this front matter.
fn meta(front_matter: &str) -> String {
    format!("{front_matter}\n{BODY_OK}")
}

#[test]
fn missing_front_matter() {
    check(&meta("Some intro.
^^^^^^^^^^^ front-matter-missing: The proposal has no front matter; start the file with the template's `---` metadata block
"));
    let fixed = apply_fix(
        &mini(),
        "idea",
        &meta("Some intro.\n"),
        Rule::FrontMatterMissing,
    );
    assert!(
        fixed.starts_with("---\ntitle: idea\nauthors: # who wrote it\n  - TBD\n"),
        "{fixed}"
    );
    assert!(fixed.ends_with(&meta("Some intro.\n")));
}

#[test]
fn front_matter_not_on_line_one() {
    check(&meta("

---
^^^ front-matter-not-first: The front matter must start on line 1; anything before its `---` hides it from tooling
title: idea
authors:
  - \"@alice\"
api-approvers:
  - None
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
status: implementable
---
"));
}

#[test]
fn unclosed_front_matter() {
    check(&meta("---
^^^ front-matter-unclosed: The front matter opened here is never closed; add a `---` line after its last key
title: idea
"));
}

#[test]
fn at_handles_are_explained_and_quoted() {
    let front = "---
title: idea
authors:
  - @alice
  - @bob # the reviewer
api-approvers:
  - None
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
status: implementable
---
";
    check(&meta("---
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
    let fixed = apply_fix(&mini(), "idea", &meta(front), Rule::YamlSyntax);
    assert!(
        fixed.contains("  - '@alice'\n  - '@bob' # the reviewer\n"),
        "{fixed}"
    );
}

#[test]
fn other_syntax_errors_and_non_mappings() {
    check(&meta("---
title: idea
authors: [\"@alice\"
                 ^ yaml-syntax: The front matter is not valid YAML (while parsing a flow sequence, expected ',' or ']'); fix the syntax here (the other metadata checks run once it parses)
---
"));
    check(&meta("---
- just
^ front-matter-not-mapping@3:9: The front matter must be a YAML mapping of the template's keys (`key: value` lines)
- a list
---
"));
}

#[test]
fn keys_unknown_duplicate_missing() {
    check(&meta("---
^^^ missing-key: The front matter is missing `api-approvers` (a list of GitHub handles, or `None`); add it
title: idea
authors:
  - \"@alice\"
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
Status: implementable
^^^^^^ unknown-key: Unknown key `Status`; did you mean the template's `status`?
title: idea
^^^^^ duplicate-key: `title` is set twice; keep one
owner: 漢字
^^^^^ unknown-key: Unknown key `owner`; the template's keys are title, authors, api-approvers, creation-date, last-updated, tracking-link, status, see-also
---
"));
}

#[test]
fn missing_key_fix_inserts_the_template_lines_in_order() {
    let front = "---
title: idea
authors:
  - \"@alice\"
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
status: implementable
---
";
    let fixed = apply_fix(&mini(), "idea", &meta(front), Rule::MissingKey);
    assert!(
        fixed.starts_with("---\ntitle: idea\nauthors:\n  - \"@alice\"\napi-approvers: # If there is no API change, use \"None\"\n  - TBD\ncreation-date:"),
        "{fixed}"
    );
}

#[test]
fn placeholders_and_shapes() {
    check(&meta("---
title: neat-enhancement-idea
       ^^^^^^^^^^^^^^^^^^^^^ placeholder: `title` still has the template's placeholder `neat-enhancement-idea`; replace it with the file name, `idea`
authors: \"@alice\"
         ^^^^^^^^ expected-list: `authors` is a list in the template; write each entry as a `- item` line
api-approvers:
  - TBD
    ^^^ placeholder: `api-approvers` still has the template's placeholder `TBD`; replace it with a list of GitHub handles
creation-date: yyyy-mm-dd
               ^^^^^^^^^^ placeholder: `creation-date` still has the template's placeholder `yyyy-mm-dd`; replace it with a date (yyyy-mm-dd)
last-updated: 2024-02-01
tracking-link:
  - TBD
    ^^^ placeholder: `tracking-link` still has the template's placeholder `TBD`; replace it with a list of URLs
status: provisional|implementable|implemented
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ placeholder: `status` still has the template's placeholder `provisional|implementable|implemented`; replace it with one of provisional, implementable, implemented
see-also:
  - \"/enhancements/this-other-neat-thing.md\"
    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ placeholder: `see-also` still has the template's placeholder `/enhancements/this-other-neat-thing.md`; replace it with a list of paths to other proposals
---
"));
    let list = apply_fix(
        &mini(),
        "idea",
        &meta(
            "---\ntitle: idea\nauthors: \"@alice\"\napi-approvers:\n  - None\ncreation-date: 2024-01-31\nlast-updated: 2024-02-01\ntracking-link:\n  - https://x.io/1\nstatus: implementable\n---\n",
        ),
        Rule::ExpectedList,
    );
    assert!(
        list.contains("authors:\n  - \"@alice\"\napi-approvers:"),
        "{list}"
    );
}

#[test]
fn title_people_links_dates_enums() {
    check(&meta("---
title: My_Idea 😀
       ^^^^^^^^^ title-mismatch: `title` must equal the file name without `.md`; set it to `idea`
authors:
  - \"@alice, for networking\"
  - \"Alice Smith\"
    ^^^^^^^^^^^^^ invalid-handle: This `authors` entry `Alice Smith` is not a GitHub handle; write `\"@name\"`
  - \"@openshift/team-x\"
  - “@tgeer”
    ^^^^^^^^ invalid-handle: This `authors` entry `“@tgeer”` is wrapped in typographic quotes, which YAML keeps as text; write `\"@name\"`
  - \"Colin Walters @cgwalters\"
  - \"\"
    ^^ invalid-handle: This `authors` entry is empty; write `\"@name\"`
api-approvers:
  -
  ^ invalid-handle: This `api-approvers` entry is empty; write `\"@name\"`
creation-date: 2020-23-01
               ^^^^^^^^^^ invalid-date: `creation-date`: `2020-23-01` is not a real calendar date (did you mean 2020-01-23?); write yyyy-mm-dd
last-updated: 2021.12.08
              ^^^^^^^^^^ invalid-date: `last-updated`: `2021.12.08` is not in yyyy-mm-dd; write `2021-12-08`
tracking-link:
  - www.example.com/漢字
    ^^^^^^^^^^^^^^^^^^ tracking-link: This `tracking-link` entry `www.example.com/漢字` is not a URL; write the full link with its scheme (`https://...`)
status: Implementable
        ^^^^^^^^^^^^^ invalid-enum-value: `status` must be one of the template's values: provisional, implementable, implemented
---
"));
}

#[test]
fn out_of_range_date_parts_are_no_date_and_get_no_fix() {
    // An `i8` cast once wrapped month 257 to 1 and "fixed" this to 2024-01-01.
    let findings = check(&meta(
        "---
title: idea
authors:
  - \"@alice\"
api-approvers:
  - None
creation-date: 2024-257-01
               ^^^^^^^^^^^ invalid-date: `creation-date`: `2024-257-01` is not a date in yyyy-mm-dd
last-updated: 2024.1.300
              ^^^^^^^^^^ invalid-date: `last-updated`: `2024.1.300` is not a date in yyyy-mm-dd
tracking-link:
  - https://issues.redhat.com/browse/X-1
status: implemented
---
",
    ));
    assert!(findings.iter().all(|f| f.fix.is_none()), "{findings:#?}");
    let text = meta("---\ntitle: idea\ncreation-date: 2024-257-01\n---\n");
    let fixed = fix_everything(&mini(), "idea", &text);
    assert!(fixed.contains("creation-date: 2024-257-01\n"), "{fixed}");
}

#[test]
fn date_order_and_empty_lists() {
    check(&meta("---
title: idea
authors:
^^^^^^^ missing-handle: `authors` needs at least one GitHub handle
api-approvers:
  - None
creation-date: 2024-03-01
last-updated: 2024-02-01
              ^^^^^^^^^^ date-order: `last-updated` (2024-02-01) is before `creation-date` (2024-03-01); one of them is wrong
tracking-link: []
^^^^^^^^^^^^^ tracking-link: `tracking-link` needs at least one URL with a scheme (`https://...`)
status: implemented
---
"));
}

#[test]
fn title_fix_sets_the_file_name() {
    let before = meta(&GOOD_META.replace("title: idea", "title: other-name"));
    let after = apply_fix(&mini(), "idea", &before, Rule::TitleMismatch);
    assert_eq!(after, meta(GOOD_META));
}

#[test]
fn key_without_space_is_named() {
    check(&meta(
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

#[test]
fn title_format_when_the_file_name_is_not_a_slug() {
    check_with(&mini(), "My_Idea", SKIP_EMPTY, &meta("---
title: My_Idea
       ^^^^^^^ title-format: The template asks for `title` in lowercase, with spaces and punctuation replaced by `-`; rename the file and set `title` to match
authors:
  - \"@alice\"
api-approvers:
  - None
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
status: implementable
---
"));
}

#[test]
fn none_spellings_and_commented_placeholders() {
    check(&meta("---
title: idea
authors:
  - \"TBD, for the networking team\"
    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ placeholder: `authors` still has the template's placeholder `TBD`; replace it with a list of GitHub handles
api-approvers:
  - N/A
    ^^^ invalid-handle: This `api-approvers` entry `N/A` means none; write `None`, as the template says
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
status: implementable
---
"));
    let before = meta(&GOOD_META.replace("  - None", "  - N/A"));
    assert_eq!(
        apply_fix(&mini(), "idea", &before, Rule::InvalidHandle),
        meta(GOOD_META)
    );
}
