//! Completion: the template's section headings in the body, its keys and
//! their values in the front matter. The front matter is read line by line,
//! never through the YAML parse, so completion works while it is broken.

use std::ops::Range;

use tree_sitter::Tree;

use super::common::truncate_markdown;
use super::references::complete_path;
use crate::front_matter::scan::{YamlRegion, is_key_char, key_of_line, list_key_above};
use crate::markdown::{Heading, Outline, front_matter_block};
use crate::repository::InRepository;
use crate::template::{KeySpec, SectionId, SectionMap, SectionSpec, Template, ValueShape};
use crate::text::{line_break_at, line_content_end, line_start, lines, snap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Section,
    Key,
    Value,
    /// A path of the repository.
    File,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// E.g. "required section", or a key's value shape.
    pub detail: Option<String>,
    /// Markdown: a section's guidance, a key's template comment.
    pub documentation: Option<String>,
    /// The bytes the item replaces: what was typed so far on the line.
    pub replace: Range<usize>,
    pub insert_text: String,
    /// The same insertion in LSP snippet syntax, when tab stops help.
    pub snippet: Option<String>,
    /// Sorts the items in the order given.
    pub sort_text: String,
}

/// Guidance longer than this is cut in completion documentation.
const DOC_LIMIT: usize = 2000;

/// The completions at byte `offset`. `today` (yyyy-mm-dd) is offered for
/// date keys; pass "" to offer none. With the document's `place` in a
/// repository, paths are offered too: proposals for a path-list entry,
/// files for a link.
pub fn complete(
    text: &str,
    tree: &Tree,
    template: &Template,
    offset: usize,
    today: &str,
    place: Option<&InRepository>,
) -> Vec<CompletionItem> {
    let cursor = Cursor::new(text, offset);
    let region = YamlRegion::find(text, front_matter_block(tree).as_ref());
    let mut items = match &region {
        Some(r) if r.has_line(text, cursor.line_start) => {
            front_matter_items(text, template, r, &cursor, today, place)
        }
        // On a `---` fence line.
        Some(r) if cursor.line_start < r.body_start => Vec::new(),
        _ => {
            let links = place.and_then(|place| complete_path(text, place, offset, None));
            match links {
                Some(items) => items,
                None => {
                    let body_start = region.map_or(0, |r| r.body_start);
                    heading_items(text, tree, template, body_start, &cursor)
                }
            }
        }
    };
    for (i, item) in items.iter_mut().enumerate() {
        item.sort_text = format!("{i:04}");
    }
    items
}

/// The cursor's line, split at the cursor.
struct Cursor<'a> {
    offset: usize,
    line_start: usize,
    before: &'a str,
    after: &'a str,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, offset: usize) -> Self {
        let offset = snap(text, offset);
        let line_start = line_start(text, offset);
        let line_end = line_content_end(text, offset);
        Cursor {
            offset,
            line_start,
            before: text.get(line_start..offset).unwrap_or(""),
            after: text.get(offset..line_end).unwrap_or(""),
        }
    }
}

fn heading_items(
    text: &str,
    tree: &Tree,
    template: &Template,
    body_start: usize,
    cursor: &Cursor,
) -> Vec<CompletionItem> {
    if !cursor.after.trim().is_empty() {
        return Vec::new();
    }
    let Some(min_level) = typed_level(cursor.before) else {
        return Vec::new();
    };
    // Code and HTML (comments included) hide headings.
    if in_opaque_block(tree, cursor.line_start) {
        return Vec::new();
    }
    // The line being typed may already parse as a heading: leave it out.
    let others: Vec<Heading> = Outline::headings(text, tree)
        .headings
        .into_iter()
        .filter(|h| {
            h.range.start >= body_start && line_start(text, h.range.start) != cursor.line_start
        })
        .collect();
    let above = others.partition_point(|h| h.range.start < cursor.line_start);
    let has_title = others.iter().any(|h| h.level == 1);
    if has_title && !others.iter().take(above).any(|h| h.level == 1) {
        return Vec::new();
    }
    let chain = enclosing(others.get(..above).unwrap_or_default());
    let map = SectionMap::new(template, &others);
    let place = Place::new(&map, &others, above);
    // The template's order from the section before the cursor on: what
    // follows it first, then what comes before it.
    let count = template.sections.len();
    let rank = |s: SectionId| match place.after {
        Some(a) if s <= a => s.index() + count,
        _ => s.index(),
    };
    let mut ranked: Vec<(u8, usize, CompletionItem)> = Vec::new();
    for s in template.section_ids() {
        let spec = template.section(s);
        if spec.level < min_level || !fits(&map, &others, spec, &chain) {
            continue;
        }
        // Missing sections that fit here first (accepting one puts no
        // section out of order or under another parent), then the rest:
        // what follows the section before the cursor comes first.
        let tier = u8::from(!place.fits(template, &others, s));
        ranked.push((tier, rank(s), section_item(spec, cursor)));
    }
    ranked.sort_by_key(|&(tier, rank, _)| (tier, rank));
    ranked.into_iter().map(|(_, _, item)| item).collect()
}

/// Where a heading typed at the cursor goes among the document's
/// headings: before heading `above`, after the template section `after`.
struct Place<'a> {
    map: &'a SectionMap,
    above: usize,
    /// The template section of the nearest heading above the cursor.
    after: Option<SectionId>,
    /// The sections in template order nearest the cursor: the last one
    /// above it and the first one below it.
    in_order_before: Option<SectionId>,
    in_order_after: Option<SectionId>,
    /// Per heading: out of order, under another parent or otherwise in
    /// the wrong place, as the rules report it.
    misplaced: Vec<bool>,
}

impl<'a> Place<'a> {
    fn new(map: &'a SectionMap, headings: &[Heading], above: usize) -> Self {
        let in_order = |h: usize| {
            map.of_heading(h)
                .map(|m| m.section)
                .filter(|&s| map.is_in_order(s) && map.first_heading(s) == Some(h))
        };
        Place {
            map,
            above,
            after: (0..above)
                .rev()
                .find_map(|h| map.of_heading(h))
                .map(|m| m.section),
            in_order_before: (0..above).rev().find_map(in_order),
            in_order_after: (above..headings.len()).find_map(in_order),
            misplaced: misplaced(map, headings.len()),
        }
    }

    /// Whether missing section `s`, typed at the cursor, puts nothing in
    /// the wrong place: it falls between the sections in order around the
    /// cursor, and with it among the headings no heading is out of order
    /// or under another parent that was not before (nor `s` itself).
    fn fits(&self, template: &Template, headings: &[Heading], s: SectionId) -> bool {
        if self.map.is_present(s)
            || self.in_order_before.is_some_and(|b| s <= b)
            || self.in_order_after.is_some_and(|a| s >= a)
        {
            return false;
        }
        let spec = template.section(s);
        let mut with_it: Vec<Heading> = Vec::with_capacity(headings.len() + 1);
        with_it.extend(headings.iter().take(self.above).cloned());
        with_it.push(Heading {
            level: spec.level,
            text: spec.name.clone(),
            range: 0..0,
        });
        with_it.extend(headings.iter().skip(self.above).cloned());
        let after = SectionMap::new(template, &with_it);
        let now = misplaced(&after, with_it.len());
        now.iter().enumerate().all(|(i, &wrong)| {
            let before = match i.cmp(&self.above) {
                std::cmp::Ordering::Less => self.misplaced.get(i).copied(),
                std::cmp::Ordering::Equal => Some(false),
                std::cmp::Ordering::Greater => self.misplaced.get(i - 1).copied(),
            };
            !wrong || before == Some(true)
        })
    }
}

/// Per heading: what `section-order`, `section-parent` and `heading-level`
/// report as in the wrong place.
fn misplaced(map: &SectionMap, count: usize) -> Vec<bool> {
    let mut wrong: Vec<bool> = (0..count).map(|h| map.is_misplaced(h)).collect();
    for &h in map.outside_parent() {
        if let Some(slot) = wrong.get_mut(h) {
            *slot = true;
        }
    }
    for (h, s) in map.first_hits() {
        if !map.is_in_order(s)
            && let Some(slot) = wrong.get_mut(h)
        {
            *slot = true;
        }
    }
    wrong
}

/// Whether `at` is strictly inside a code fence or an HTML block (an
/// HTML comment too), where no heading can start.
fn in_opaque_block(tree: &Tree, at: usize) -> bool {
    let mut node = tree.root_node().descendant_for_byte_range(at, at);
    while let Some(n) = node {
        let opaque = matches!(n.kind(), "fenced_code_block" | "html_block");
        if opaque && n.start_byte() < at && at < n.end_byte() {
            return true;
        }
        node = n.parent();
    }
    false
}

/// The lowest heading level the typed text allows: "" or `##`, `## Na`.
fn typed_level(before: &str) -> Option<u8> {
    let rest = before.trim_start_matches('#');
    let hashes = before.len() - rest.len();
    let heading_so_far = rest.is_empty() || rest.starts_with([' ', '\t']);
    match hashes {
        0 => before.is_empty().then_some(0),
        1..=6 if heading_so_far => u8::try_from(hashes).ok(),
        _ => None,
    }
}

/// The headings enclosing a point (their indices), given the headings
/// above it.
fn enclosing(above: &[Heading]) -> Vec<usize> {
    let mut chain: Vec<usize> = Vec::new();
    for (i, h) in above.iter().enumerate() {
        while chain
            .last()
            .and_then(|&top| above.get(top))
            .is_some_and(|top| top.level >= h.level)
        {
            chain.pop();
        }
        chain.push(i);
    }
    chain
}

/// A section fits where the heading enclosing it would be its template
/// parent.
fn fits(map: &SectionMap, headings: &[Heading], spec: &SectionSpec, chain: &[usize]) -> bool {
    let Some(parent) = spec.parent else {
        return true;
    };
    chain
        .iter()
        .rev()
        .find(|&&h| headings.get(h).is_some_and(|x| x.level < spec.level))
        .and_then(|&h| map.of_heading(h))
        .is_some_and(|m| m.section == parent)
}

fn section_item(spec: &SectionSpec, cursor: &Cursor) -> CompletionItem {
    let line = spec.heading_line();
    CompletionItem {
        label: line.clone(),
        kind: CompletionKind::Section,
        detail: Some(
            if spec.optional {
                "optional section"
            } else {
                "required section"
            }
            .into(),
        ),
        documentation: (!spec.guidance.is_empty())
            .then(|| truncate_markdown(&spec.guidance, DOC_LIMIT)),
        replace: cursor.line_start..cursor.offset,
        insert_text: line,
        snippet: None,
        sort_text: String::new(),
    }
}

fn front_matter_items(
    text: &str,
    template: &Template,
    region: &YamlRegion,
    cursor: &Cursor,
    today: &str,
    place: Option<&InRepository>,
) -> Vec<CompletionItem> {
    // A leading `-` starts a list item, not a key.
    let key_so_far = cursor.before.chars().all(is_key_char) && !cursor.before.starts_with('-');
    if key_so_far && cursor.after.trim().is_empty() {
        return key_items(text, template, region, cursor, today);
    }
    if let Some(key) = key_of_line(cursor.before) {
        let after_colon = cursor.before.get(key.len() + 1..).unwrap_or("");
        return match template.key(key).filter(|k| !k.shape.is_list()) {
            Some(spec) => value_items(spec, after_colon, cursor, today),
            None => Vec::new(),
        };
    }
    let list_item = cursor.before.trim_start().strip_prefix('-');
    if let Some(after_dash) =
        list_item.filter(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    {
        let spec = list_key_above(text, region, cursor.line_start)
            .and_then(|key| template.key(key))
            .filter(|k| k.shape.is_list());
        if let Some(spec) = spec {
            if let (ValueShape::Handles, Some(place)) = (&spec.shape, place) {
                let mut items = value_items(spec, after_dash, cursor, today);
                items.extend(people_items(place, after_dash, cursor));
                return items;
            }
            if let (ValueShape::Paths, Some(place)) = (&spec.shape, place) {
                // After an opening quote, the path alone is replaced.
                let typed = after_dash.trim_start();
                let path = typed.trim_start_matches(['"', '\'']);
                let replace = cursor.offset - path.len()..cursor.offset;
                return complete_path(text, place, cursor.offset, Some(replace))
                    .unwrap_or_default();
            }
            return value_items(spec, after_dash, cursor, today);
        }
    }
    Vec::new()
}

fn key_items(
    text: &str,
    template: &Template,
    region: &YamlRegion,
    cursor: &Cursor,
    today: &str,
) -> Vec<CompletionItem> {
    let present: Vec<&str> = lines(text, region.lines.clone())
        .filter(|line| line.start != cursor.line_start)
        .filter_map(|line| key_of_line(text.get(line)?))
        .collect();
    let eol = line_break_at(text, region.lines.start);
    template
        .keys
        .iter()
        .filter(|k| !present.contains(&k.name.as_str()))
        .map(|spec| key_item(spec, cursor, eol, today))
        .collect()
}

fn key_item(spec: &KeySpec, cursor: &Cursor, eol: &str, today: &str) -> CompletionItem {
    let name = &spec.name;
    let (insert_text, snippet) = if spec.shape.is_list() {
        let item = list_placeholder(&spec.shape);
        (
            format!("{name}:{eol}  - "),
            Some(format!("{}:{eol}  - {item}", escape_snippet(name))),
        )
    } else {
        let value = match &spec.shape {
            ValueShape::Date if !today.is_empty() => {
                Some(format!("${{1:{}}}", escape_snippet(today)))
            }
            ValueShape::Enum(options) => {
                let choices: Vec<String> = options.iter().map(|o| escape_choice(o)).collect();
                Some(format!("${{1|{}|}}", choices.join(",")))
            }
            _ => None,
        };
        (
            format!("{name}: "),
            value.map(|v| format!("{}: {v}", escape_snippet(name))),
        )
    };
    let optional = if spec.required { "" } else { ", optional" };
    CompletionItem {
        label: name.clone(),
        kind: CompletionKind::Key,
        detail: Some(format!("{}{optional}", spec.shape.describe())),
        documentation: (!spec.doc.is_empty()).then(|| spec.doc.clone()),
        replace: cursor.line_start..cursor.offset,
        insert_text,
        snippet,
        sort_text: String::new(),
    }
}

/// The first list entry's tab stop, shaped like the values the rules want.
fn list_placeholder(shape: &ValueShape) -> &'static str {
    match shape {
        ValueShape::Handles => "\"@${1:handle}\"",
        ValueShape::Urls => "${1:https://}",
        ValueShape::Paths => "\"/enhancements/${1:name}.md\"",
        _ => "$1",
    }
}

/// Values for `spec` typed after a `:` or `-`: `typed` is the text from
/// there to the cursor.
fn value_items(spec: &KeySpec, typed: &str, cursor: &Cursor, today: &str) -> Vec<CompletionItem> {
    let in_comment = typed.trim_start().starts_with('#') || typed.contains(" #");
    if in_comment {
        return Vec::new();
    }
    let prefix = typed.trim_start();
    // Right after `key:` the value needs its separating space.
    let lead = if typed.is_empty() { " " } else { "" };
    let mut values: Vec<(&str, &str)> = Vec::new();
    match &spec.shape {
        ValueShape::Enum(options) => {
            values.extend(options.iter().map(|o| (o.as_str(), "allowed value")))
        }
        ValueShape::Date if !today.is_empty() => values.push((today, "today")),
        _ => {}
    }
    for sentinel in &spec.sentinels {
        if !values.iter().any(|(v, _)| v == sentinel) {
            values.push((sentinel, "allowed by the template"));
        }
    }
    values
        .into_iter()
        .map(|(value, detail)| CompletionItem {
            label: value.to_string(),
            kind: CompletionKind::Value,
            detail: Some(detail.to_string()),
            documentation: (!spec.doc.is_empty()).then(|| spec.doc.clone()),
            replace: cursor.offset - prefix.len()..cursor.offset,
            insert_text: format!("{lead}{value}"),
            snippet: None,
            sort_text: String::new(),
        })
        .collect()
}

/// At most this many people are offered.
const PEOPLE: usize = 100;

/// The repository's people for a people-list entry, those of the
/// proposal's area first; written `"@handle"` (the quotes YAML needs).
fn people_items(place: &InRepository, after_dash: &str, cursor: &Cursor) -> Vec<CompletionItem> {
    let typed = after_dash.trim_start();
    let (quoted, bare) = match typed.strip_prefix('"') {
        Some(rest) => (true, rest),
        None => (false, typed),
    };
    let lead = if after_dash.is_empty() { " " } else { "" };
    let replace = cursor.offset - bare.len()..cursor.offset;
    place
        .repository
        .people_for(&place.path)
        .into_iter()
        .take(PEOPLE)
        .map(|person| {
            let handle = format!("@{}", person.handle);
            let insert_text = if quoted {
                handle.clone()
            } else {
                format!("{lead}\"{handle}\"")
            };
            CompletionItem {
                detail: Some(format!(
                    "{} in this area, {} in the repository",
                    person.in_area, person.overall
                )),
                label: handle,
                kind: CompletionKind::Value,
                documentation: None,
                replace: replace.clone(),
                insert_text,
                snippet: None,
                sort_text: String::new(),
            }
        })
        .collect()
}

/// Text inside a snippet placeholder: `$`, `}` and `\` are syntax.
fn escape_snippet(s: &str) -> String {
    escape(s, &['$', '}', '\\'])
}

/// Text inside a snippet choice, where `,` and `|` are syntax too.
fn escape_choice(s: &str) -> String {
    escape(s, &['$', '}', '\\', ',', '|'])
}

fn escape(s: &str, special: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if special.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
