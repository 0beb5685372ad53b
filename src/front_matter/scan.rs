//! The front matter read line by line, never through the YAML parse: where
//! its `---` fences are, which lines are YAML while it is half typed, and
//! the key each line names. The rules, the editor features and the
//! server's proposal detection all find the front matter here.

use std::ops::Range;

use super::yaml_range;
use crate::text::{end_of_line, line_content_end, lines};

/// A `---` fence line (trailing spaces allowed).
fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// A character a front-matter key may contain.
pub(crate) fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// The key of a `key:` line at column 0.
pub(crate) fn key_of_line(line: &str) -> Option<&str> {
    let colon = line.find(':')?;
    let key = line.get(..colon)?;
    (!key.is_empty() && key.chars().all(is_key_char)).then_some(key)
}

/// The key names of the front matter, line by line: the `key:` lines
/// after a `---` first line, up to the closing `---` (or the end of the
/// text, while it is unclosed). Nothing when line 1 is not `---`.
pub fn key_names(text: &str) -> impl Iterator<Item = &str> + '_ {
    front_matter_lines(text).filter_map(key_of_line)
}

/// The lines after a `---` first line, up to the closing `---` (or the end
/// of the text, while it is unclosed).
/// The key a `- item` line belongs to: the nearest `key:` line above it.
pub(crate) fn list_key_above<'t>(
    text: &'t str,
    region: &YamlRegion,
    line: usize,
) -> Option<&'t str> {
    let above: Vec<Range<usize>> = lines(text, region.lines.start..line).collect();
    let owner = above.into_iter().rev().find_map(|r| {
        let s = text.get(r)?;
        let nested = s.starts_with([' ', '\t', '-', '#']) || s.trim().is_empty();
        (!nested).then_some(s)
    })?;
    key_of_line(owner)
}

pub(crate) fn front_matter_lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    let first = lines(text, 0..text.len()).next();
    let open = first.filter(|l| text.get(l.clone()).is_some_and(is_fence));
    let start = open.map_or(text.len(), |l| end_of_line(text, l.start));
    lines(text, start..text.len()).map_while(|l| text.get(l).filter(|s| !is_fence(s)))
}

/// Where the front matter is, as the rules judge it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    /// The block the markdown parser recognised on line 1.
    First(Range<usize>),
    /// A `---` block that does not start on line 1, found because only
    /// blank lines come before it or its YAML has template keys.
    NotFirst {
        block: Range<usize>,
        /// The opening `---` line.
        open: Range<usize>,
        /// Only blank lines (and a byte-order mark) come before it.
        blank_before: bool,
    },
    /// A `---` on line 1 that no `---` line closes.
    Unclosed {
        open: Range<usize>,
    },
    Missing,
}

impl Location {
    /// Find the front matter. `parsed` is the block the markdown parser
    /// recognised; without one, the `---` lines are scanned, and a block
    /// further down counts when only blank lines precede it or one of its
    /// lines `is_metadata` (a template key).
    pub fn find(
        text: &str,
        parsed: Option<Range<usize>>,
        is_metadata: impl Fn(&str) -> bool,
    ) -> Location {
        if let Some(block) = parsed {
            return Location::First(block);
        }
        let mut fences = lines(text, 0..text.len())
            .filter(|r| text.get(r.clone()).is_some_and(is_fence))
            .take(2);
        let Some(open) = fences.next() else {
            return Location::Missing;
        };
        let before = text.get(..open.start).unwrap_or("");
        let blank_before = before.trim_start_matches('\u{feff}').trim().is_empty();
        match fences.next() {
            None if open.start == 0 => Location::Unclosed { open },
            Some(close) => {
                let yaml = text.get(open.end..close.start).unwrap_or("");
                if blank_before || yaml.lines().any(is_metadata) {
                    Location::NotFirst {
                        block: open.start..end_of_line(text, close.end),
                        open,
                        blank_before,
                    }
                } else {
                    Location::Missing
                }
            }
            None => Location::Missing,
        }
    }
}

/// Where the front matter's YAML lines are for the editor features: from
/// the markdown parser's block or, when it saw none (unclosed `---`), from
/// the lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlRegion {
    /// From the line after the opening `---` to the start of the closing
    /// `---` line (or where an unclosed block stops).
    pub lines: Range<usize>,
    /// Where the markdown body starts.
    pub body_start: usize,
}

impl YamlRegion {
    /// `parsed`: the block the markdown parser recognised, if any.
    pub fn find(text: &str, parsed: Option<&Range<usize>>) -> Option<YamlRegion> {
        match parsed {
            Some(block) => Some(YamlRegion {
                lines: yaml_range(text, block.clone()),
                body_start: block.end,
            }),
            None => Self::scan(text),
        }
    }

    /// Whether the line starting at `line_start` is a YAML line. An
    /// unclosed block that reaches the end of the text takes in its last,
    /// empty line too (where the next key gets typed).
    pub fn has_line(&self, text: &str, line_start: usize) -> bool {
        let at_open_end = line_start == self.lines.end
            && self.lines.end == self.body_start
            && line_start == text.len();
        self.lines.start <= line_start && (line_start < self.lines.end || at_open_end)
    }

    /// A document opening with `---` that the parser did not take as front
    /// matter: it runs to a `---` line, or, unclosed, up to a `#` line or
    /// through the first blank line (the author is still typing it).
    fn scan(text: &str) -> Option<YamlRegion> {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let first = bom..line_content_end(text, bom);
        if !is_fence(text.get(first.clone())?) {
            return None;
        }
        let start = end_of_line(text, first.start);
        for line in lines(text, start..text.len()) {
            let s = text.get(line.clone()).unwrap_or("");
            if is_fence(s) {
                return Some(YamlRegion {
                    lines: start..line.start,
                    body_start: end_of_line(text, line.start),
                });
            }
            let end = if s.starts_with('#') {
                line.start
            } else if s.trim().is_empty() {
                end_of_line(text, line.start)
            } else {
                continue;
            };
            return Some(YamlRegion {
                lines: start..end,
                body_start: end,
            });
        }
        Some(YamlRegion {
            lines: start..text.len(),
            body_start: text.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Outline, parse};

    fn region(text: &str) -> Option<(&str, usize)> {
        let outline = Outline::new(text, &parse(text));
        YamlRegion::find(text, outline.front_matter.as_ref())
            .map(|r| (&text[r.lines], r.body_start))
    }

    #[test]
    fn yaml_region_closed_unclosed_and_absent() {
        assert_eq!(
            region("---\r\ntitle: x\r\n---\r\n# T\r\n"),
            Some(("title: x\r\n", 20))
        );
        assert_eq!(
            region("---\ntitle: x\nauth\n\n# T\n"),
            Some(("title: x\nauth\n\n", 19))
        );
        assert_eq!(region("---\ntitle: x\n# T\n"), Some(("title: x\n", 13)));
        assert_eq!(region("---\nti"), Some(("ti", 6)));
        assert_eq!(region("# T\n---\n"), None);
    }

    fn locate(text: &str) -> Location {
        let outline = Outline::new(text, &parse(text));
        Location::find(text, outline.front_matter, |l| l.starts_with("title:"))
    }

    #[test]
    fn located_first_later_unclosed_or_missing() {
        assert_eq!(locate("---\ntitle: x\n---\n# T\n"), Location::First(0..17));
        assert_eq!(
            locate("\n\n---\nx: y\n---\n"),
            Location::NotFirst {
                block: 2..15,
                open: 2..5,
                blank_before: true
            }
        );
        assert_eq!(
            locate("# T\n\n---\r\ntitle: x\r\n---\r\nmore"),
            Location::NotFirst {
                block: 5..25,
                open: 5..8,
                blank_before: false
            }
        );
        assert_eq!(locate("# T\n\n---\nx: y\n---\n"), Location::Missing);
        assert_eq!(locate("---\ntitle: x\n"), Location::Unclosed { open: 0..3 });
        assert_eq!(locate("# T\n"), Location::Missing);
    }

    #[test]
    fn key_names_line_by_line() {
        fn names(t: &str) -> Vec<&str> {
            key_names(t).collect()
        }
        assert_eq!(
            names("---\r\ntitle: x\r\nauthors:\r\n  - a: b\r\n---\r\nafter: x\r\n"),
            ["title", "authors"]
        );
        assert_eq!(names("---\ntitle: [x\nstat"), ["title"]);
        assert!(names("# T\n---\ntitle: x\n---\n").is_empty());
        assert!(names("").is_empty());
        assert_eq!(key_of_line("see-also:[]"), Some("see-also"));
        assert_eq!(key_of_line("  - a: b"), None);
    }
}
