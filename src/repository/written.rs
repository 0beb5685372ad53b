//! The references a document writes: the entries of its path-list keys
//! (`see-also`, `replaces`, `superseded-by`) and the destinations of its
//! links and images. What `broken-reference` judges, and what
//! go-to-definition, document links, hover and renames follow.

use std::ops::Range;

use super::reference::target;
use crate::context::Context;
use crate::markdown::inline::link_destinations;
use crate::rules::values::{item_range, list_entries};
use crate::template::ValueShape;

/// One reference, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenReference {
    /// The path's bytes in the document (without quotes, `<>`, or a
    /// `#fragment`).
    pub range: Range<usize>,
    /// The path, `%`-decoded.
    pub path: String,
    /// The front-matter key it is an entry of; `None` for a link or image.
    pub key: Option<String>,
}

impl WrittenReference {
    /// Whether the path is written as it reads (no `%` escapes), so that
    /// another path can replace it verbatim.
    pub fn verbatim(&self, text: &str) -> bool {
        text.get(self.range.clone()) == Some(self.path.as_str())
    }
}

/// The references the front matter's path lists write, in order.
pub(crate) fn front_matter_references(cx: &Context) -> Vec<WrittenReference> {
    list_entries(cx, ValueShape::Paths)
        .flat_map(|(spec, entry, item, _)| {
            in_entry(cx.text, item_range(cx, entry, item), &spec.name)
        })
        .collect()
}

/// Every reference `cx`'s document writes that names a file (URLs,
/// anchors and spellings of "none" left out), in document order.
pub(crate) fn written_references(cx: &Context) -> Vec<WrittenReference> {
    let mut found = front_matter_references(cx);
    for paragraph in &cx.outline.paragraphs {
        let Some(text) = cx.text.get(paragraph.range.clone()) else {
            continue;
        };
        if !text.contains("](") {
            continue;
        }
        for link in link_destinations_memo(text) {
            let at = paragraph.range.start + link.start..paragraph.range.start + link.end;
            found.extend(read(cx.text, at, None));
        }
    }
    found.sort_by_key(|r| r.range.start);
    found
}

/// At most this many paragraphs' link destinations are remembered per
/// thread.
const REMEMBERED: usize = 4096;

thread_local! {
    /// Link destinations by paragraph text: while typing, the paragraphs
    /// the keystroke did not touch are not parsed again.
    static DESTINATIONS: std::cell::RefCell<std::collections::HashMap<String, Vec<Range<usize>>>> =
        std::cell::RefCell::default();
}

/// [`link_destinations`], remembered by the paragraph's text.
fn link_destinations_memo(text: &str) -> Vec<Range<usize>> {
    DESTINATIONS.with(|memo| {
        if let Some(found) = memo.borrow().get(text) {
            return found.clone();
        }
        let found = link_destinations(text);
        let mut memo = memo.borrow_mut();
        if memo.len() >= REMEMBERED {
            memo.clear();
        }
        memo.insert(text.to_string(), found.clone());
        found
    })
}

/// The references of one path-list entry written at `range` of `text`:
/// the entry itself, or the destinations of the links it is written as
/// (`[a title](/enhancements/x.md)`).
pub(crate) fn in_entry(text: &str, range: Range<usize>, key: &str) -> Vec<WrittenReference> {
    let Some(written) = text.get(range.clone()) else {
        return Vec::new();
    };
    let mut paths = if written.contains("](") {
        link_destinations(written)
    } else {
        Vec::new()
    };
    if paths.is_empty() {
        paths.push(0..written.len());
    }
    let key = key.to_string();
    paths
        .into_iter()
        .filter_map(|path| {
            let at = range.start + path.start..range.start + path.end;
            read(text, at, Some(&key))
        })
        .collect()
}

/// The reference written at `at`, if it names a file.
fn read(text: &str, at: Range<usize>, key: Option<&String>) -> Option<WrittenReference> {
    let written = text.get(at.clone())?;
    // A link's destination may be written `<...>`, a YAML scalar quoted.
    let unwrapped = written
        .trim()
        .trim_start_matches(['<', '"', '\''])
        .trim_end_matches(['>', '"', '\'']);
    let offset = written.find(unwrapped)?;
    let target = target(unwrapped)?;
    let path = percent_encoding::percent_decode_str(target.path)
        .decode_utf8()
        .ok()?
        .into_owned();
    let start = at.start + offset + target.range.start;
    Some(WrittenReference {
        range: start..start + target.path.len(),
        path,
        key: key.cloned(),
    })
}
