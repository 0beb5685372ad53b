//! Value rules: each template key's value against the shape the
//! template gives it (placeholders, titles, people, links, dates, enums).
//! They judge the first entry of each key, once the front matter is a
//! YAML mapping.

pub(super) mod date_order;
pub(super) mod invalid_date;
pub(super) mod invalid_enum_value;
pub(super) mod invalid_handle;
pub(super) mod missing_handle;
pub(super) mod placeholder;
pub(super) mod title_format;
pub(super) mod title_mismatch;
pub(super) mod tracking_link;

use std::ops::Range;

use crate::context::Context;
use crate::front_matter::{YamlEntry, YamlNode};
use crate::template::{KeySpec, ValueShape};
use crate::text::{line_range, line_start};
use crate::values::handle::{is_handle_entry, means_none};

/// The template keys the front matter sets, with their first entry, in
/// template order.
fn present<'c>(cx: &'c Context) -> impl Iterator<Item = (&'c KeySpec, &'c YamlEntry)> + 'c {
    let mapping = cx.entries().is_some();
    cx.template
        .keys
        .iter()
        .filter(move |_| mapping)
        .filter_map(|spec| Some((spec, cx.first_entry(&spec.name)?)))
}

/// The entries of a list key: its items, or the scalar written in place
/// of the list (`expected-list`); none for a null value. `None` when the
/// template's key is no list or the value is neither.
fn list_items<'e>(spec: &KeySpec, entry: &'e YamlEntry) -> Option<Vec<&'e YamlNode>> {
    if !spec.shape.is_list() {
        return None;
    }
    match &entry.value {
        YamlNode::Sequence { items, .. } => Some(items.iter().collect()),
        n if n.is_null() => Some(Vec::new()),
        scalar @ YamlNode::Scalar { .. } => Some(vec![scalar]),
        _ => None,
    }
}

/// The items of the list keys of `shape`, with their trimmed text, that
/// are not placeholders (those are `placeholder`'s).
pub(crate) fn list_entries<'c>(
    cx: &'c Context,
    shape: ValueShape,
) -> impl Iterator<Item = (&'c KeySpec, &'c YamlEntry, &'c YamlNode, &'c str)> + 'c {
    present(cx)
        .filter(move |(spec, _)| spec.shape == shape)
        .filter_map(|(spec, entry)| Some((spec, entry, list_items(spec, entry)?)))
        .flat_map(|(spec, entry, items)| items.into_iter().map(move |item| (spec, entry, item)))
        .map(|(spec, entry, item)| (spec, entry, item, item.as_str().unwrap_or("").trim()))
        .filter(|(spec, _, _, value)| leading_placeholder(spec, value).is_none())
}

/// Whether a people-list entry counts as a person: a GitHub handle, the
/// value the template allows instead (`None`), or a spelling of none
/// that `invalid-handle` rewrites to it.
fn counts_as_person(spec: &KeySpec, value: &str) -> bool {
    spec.sentinels.iter().any(|s| s == value)
        || is_handle_entry(value)
        || (!spec.sentinels.is_empty() && means_none(value))
}

/// The entries of a people list that has none counting as a person,
/// placeholders left out (`placeholder` reports those); `None` when the
/// list has a person, or only placeholders, or is not a list.
/// `missing-handle` reports these entries, so `invalid-handle` does not.
fn entries_without_person<'e>(spec: &KeySpec, entry: &'e YamlEntry) -> Option<Vec<&'e YamlNode>> {
    let items = list_items(spec, entry)?;
    let value = |item: &YamlNode| item.as_str().unwrap_or("").trim().to_string();
    // `TBD` reads as a handle, so placeholders go first.
    let written: Vec<&YamlNode> = items
        .iter()
        .copied()
        .filter(|item| leading_placeholder(spec, &value(item)).is_none())
        .collect();
    if written
        .iter()
        .any(|item| counts_as_person(spec, &value(item)))
    {
        return None;
    }
    // Placeholders alone are `placeholder`'s; an empty list is this rule's.
    (items.is_empty() || !written.is_empty()).then_some(written)
}

/// A scalar key's value as the value rules judge it.
struct Scalar<'e> {
    /// `None` for a null value.
    value: Option<&'e str>,
    /// The value, or the key when the value is null.
    range: Range<usize>,
}

/// The value of a scalar key, unless it is one of the template's
/// placeholders (`placeholder` reports those, and nothing else does).
fn scalar<'e>(spec: &KeySpec, entry: &'e YamlEntry) -> Option<Scalar<'e>> {
    if spec.shape.is_list() {
        return None;
    }
    let value = entry.value.as_str();
    if value.is_some_and(|v| spec.placeholders.iter().any(|p| p == v)) {
        return None;
    }
    let range = if entry.value.is_null() {
        entry.key_range.clone()
    } else {
        entry.value.range()
    };
    Some(Scalar { value, range })
}

/// The placeholder an entry is, or starts with before a comment
/// (`TBD, for the networking team`).
fn leading_placeholder<'a>(spec: &KeySpec, value: &'a str) -> Option<&'a str> {
    spec.placeholders.iter().find_map(|p| {
        let rest = value.strip_prefix(p.as_str())?;
        let commented = p.len() <= 12 && rest.starts_with([',', ' ', '(', ':', ';']);
        (rest.is_empty() || commented).then(|| value.get(..p.len()))?
    })
}

/// An option list written as the template writes one (`a|b|c`, some
/// emphasised): a value not chosen yet, whichever version's list it is.
fn is_option_list(value: &str) -> bool {
    let options: Vec<&str> = value
        .split('|')
        .map(|o| o.trim().trim_matches('*'))
        .collect();
    options.len() >= 2
        && options.iter().all(|o| {
            !o.is_empty()
                && o.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
}

/// An empty item has an empty range; point at its `-` line instead.
pub(crate) fn item_range(cx: &Context, entry: &YamlEntry, item: &YamlNode) -> Range<usize> {
    let r = item.range();
    if !r.is_empty() {
        return r;
    }
    let line = line_range(cx.text, line_start(cx.text, r.start));
    if line.is_empty() || line.start < entry.key_range.start {
        entry.key_range.clone()
    } else {
        let s = cx.text.get(line.clone()).unwrap_or("");
        line.start + (s.len() - s.trim_start().len())..line.end
    }
}

/// The `title` key, when the template has it as text and the value is
/// not the template's placeholder.
fn title<'c>(cx: &'c Context) -> Option<(&'c YamlEntry, Scalar<'c>)> {
    let spec = cx
        .template
        .key("title")
        .filter(|k| k.shape == ValueShape::Text)?;
    cx.entries()?;
    let entry = cx.first_entry("title")?;
    Some((entry, scalar(spec, entry)?))
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    #[test]
    fn title_people_links_dates_enums() {
        check(&with_front_matter("---
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
^^^^^^^^^^^^^ missing-handle: `api-approvers` needs at least one GitHub handle (or `None`, as the template allows); an empty entry is not one
  -
creation-date: 2020-23-01
               ^^^^^^^^^^ invalid-date: `creation-date`: `2020-23-01` is not a real calendar date (did you mean 2020-01-23?); write yyyy-mm-dd
last-updated: 2021.12.08
              ^^^^^^^^^^ invalid-date: `last-updated`: `2021.12.08` is not in yyyy-mm-dd; write `2021-12-08`
tracking-link:
  - www.example.com/漢字
    ^^^^^^^^^^^^^^^^^^ tracking-link: This `tracking-link` entry `www.example.com/漢字` is not a URL; write the full link with its scheme (`https://...`)
status: Implementable
        ^^^^^^^^^^^^^ invalid-enum-value: `status` must be one of the template's values: provisional, implementable, implemented; did you mean `implementable`?
---
"));
    }
}
