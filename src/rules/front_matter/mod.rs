//! Front-matter rules: where the block is, whether it is YAML, and its
//! keys against the template's (the values are the `values` family's).

pub(super) mod duplicate_key;
pub(super) mod expected_list;
pub(super) mod front_matter_missing;
pub(super) mod front_matter_not_first;
pub(super) mod front_matter_not_mapping;
pub(super) mod front_matter_unclosed;
pub(super) mod missing_key;
pub(super) mod unknown_key;
pub(super) mod yaml_syntax;

use crate::context::Context;
use crate::front_matter::YamlEntry;
use crate::rules::closest;

/// The template key an unknown key most likely stands for: the closest
/// template key the front matter does not set.
fn stands_for<'t>(cx: &'t Context, entry: &YamlEntry) -> Option<&'t str> {
    if cx.template.key(&entry.key).is_some() {
        return None;
    }
    let free = cx
        .template
        .keys
        .iter()
        .map(|k| k.name.as_str())
        .filter(|k| cx.first_entry(k).is_none());
    closest(&entry.key, free)
}
