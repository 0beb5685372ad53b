//! The YAML layer: the front matter's text parsed by saphyr-parser into a
//! small tree whose every key and value carries its byte range in the
//! document, so each metadata finding points at the exact text. `scan`
//! reads the same block line by line, for text the YAML parse cannot take.

use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

pub mod scan;

use crate::text::{end_of_line, line_start};

/// A YAML node with document byte ranges.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum YamlNode {
    /// A scalar; `None` for YAML null (`~`, `null`, or nothing at all).
    Scalar {
        value: Option<String>,
        quoted: bool,
        range: Range<usize>,
    },
    Sequence {
        items: Vec<YamlNode>,
        range: Range<usize>,
    },
    Mapping {
        entries: Vec<YamlEntry>,
        range: Range<usize>,
    },
    /// An alias (`*name`); kept opaque.
    Alias { range: Range<usize> },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlEntry {
    /// The key as text (a non-scalar key is rendered as empty).
    pub key: String,
    pub key_range: Range<usize>,
    pub value: YamlNode,
}

impl YamlNode {
    pub fn range(&self) -> Range<usize> {
        match self {
            YamlNode::Scalar { range, .. }
            | YamlNode::Sequence { range, .. }
            | YamlNode::Mapping { range, .. }
            | YamlNode::Alias { range } => range.clone(),
        }
    }

    /// The scalar's text, if this is a non-null scalar.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            YamlNode::Scalar { value: Some(v), .. } => Some(v),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, YamlNode::Scalar { value: None, .. })
    }
}

/// A YAML syntax error at a document byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub offset: usize,
    pub message: String,
}

/// Parse the YAML text `yaml`, which starts at byte `base` of the document.
/// Returns `Ok(None)` for an empty document.
pub(crate) fn parse_yaml(yaml: &str, base: usize) -> Result<Option<YamlNode>, YamlError> {
    let offsets = CharOffsets::new(yaml, base);
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(yaml);
    let mut root_done = false;
    while let Some(event) = parser.next_event() {
        match event {
            // Only the first document of the stream is the front matter;
            // anything after its root node before the document ends is an
            // error the parser reports.
            Ok((Event::DocumentEnd | Event::StreamEnd, _)) => break,
            Ok((event, span)) => {
                if !root_done {
                    root_done = builder.push(event, span, &offsets);
                }
            }
            Err(err) => {
                return Err(YamlError {
                    offset: offsets.byte(err.marker().index()),
                    message: err.info().to_string(),
                });
            }
        }
    }
    Ok(builder.root)
}

/// saphyr counts positions in characters; the engine speaks bytes.
struct CharOffsets {
    /// Byte offset of each char index (plus one past the end).
    bytes: Vec<usize>,
    base: usize,
}

impl CharOffsets {
    fn new(text: &str, base: usize) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bytes.push(text.len());
        CharOffsets { bytes, base }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.base
            + self
                .bytes
                .get(char_index)
                .or(self.bytes.last())
                .copied()
                .unwrap_or(0)
    }

    fn range(&self, span: Span) -> Range<usize> {
        self.byte(span.start.index())..self.byte(span.end.index())
    }
}

enum Frame {
    Sequence {
        start: usize,
        items: Vec<YamlNode>,
    },
    Mapping {
        start: usize,
        entries: Vec<YamlEntry>,
        pending_key: Option<(String, Range<usize>)>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<YamlNode>,
    /// Only the first document of the stream is the front matter.
    done: bool,
}

impl Builder {
    /// Feed one event; returns true once the first document is complete.
    fn push(&mut self, event: Event, span: Span, offsets: &CharOffsets) -> bool {
        let range = offsets.range(span);
        match event {
            Event::Scalar(value, style, _, _) => {
                let quoted = !matches!(style, ScalarStyle::Plain);
                let value = if !quoted && matches!(&*value, "" | "~" | "null" | "Null" | "NULL") {
                    None
                } else {
                    Some(value.into_owned())
                };
                self.add(YamlNode::Scalar {
                    value,
                    quoted,
                    range,
                });
            }
            Event::Alias(_) => self.add(YamlNode::Alias { range }),
            Event::SequenceStart(..) => self.stack.push(Frame::Sequence {
                start: range.start,
                items: Vec::new(),
            }),
            Event::MappingStart(..) => self.stack.push(Frame::Mapping {
                start: range.start,
                entries: Vec::new(),
                pending_key: None,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let node = match frame {
                        Frame::Sequence { start, items } => {
                            let end = items.last().map_or(range.end, |n| n.range().end);
                            YamlNode::Sequence {
                                items,
                                range: start..end.max(start),
                            }
                        }
                        Frame::Mapping { start, entries, .. } => {
                            let end = entries.last().map_or(range.end, |e| e.value.range().end);
                            YamlNode::Mapping {
                                entries,
                                range: start..end.max(start),
                            }
                        }
                    };
                    self.add(node);
                }
            }
            Event::DocumentEnd => self.done = true,
            _ => {}
        }
        self.done
    }

    fn add(&mut self, node: YamlNode) {
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                self.done = true;
            }
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => {
                    let key = node.as_str().unwrap_or("").to_string();
                    *pending_key = Some((key, node.range()));
                }
                Some((key, key_range)) => entries.push(YamlEntry {
                    key,
                    key_range,
                    value: node,
                }),
            },
        }
    }
}

/// Where the front matter is, and whether it is well formed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FrontMatter {
    /// The whole block, `---` fences included.
    pub range: Range<usize>,
    /// The YAML between the fences.
    pub yaml_range: Range<usize>,
    pub yaml: Result<Option<YamlNode>, YamlError>,
}

impl FrontMatter {
    /// Parse the front matter block found by the markdown parser.
    pub fn parse(text: &str, block: Range<usize>) -> Self {
        let yaml_range = yaml_range(text, block.clone());
        let yaml_text = text.get(yaml_range.clone()).unwrap_or("");
        FrontMatter {
            range: block,
            yaml: parse_yaml(yaml_text, yaml_range.start),
            yaml_range,
        }
    }

    /// The top-level mapping's entries, when the YAML is a mapping.
    pub fn entries(&self) -> Option<&[YamlEntry]> {
        match &self.yaml {
            Ok(Some(YamlNode::Mapping { entries, .. })) => Some(entries),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&YamlEntry> {
        self.entries()?.iter().find(|e| e.key == key)
    }
}

/// The text between the opening `---` line and the closing `---` line.
pub(crate) fn yaml_range(text: &str, block: Range<usize>) -> Range<usize> {
    let start = end_of_line(text, block.start).min(block.end);
    let content = text.get(block.clone()).unwrap_or("");
    let content_end = block.start + content.trim_end_matches(['\r', '\n']).len();
    start..line_start(text, content_end).max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_document_bytes() {
        let text = "---\ntitle: 漢字-x\nauthors:\n  - \"@a\"\n  - b\nempty:\n---\n";
        let fm = FrontMatter::parse(text, 0..text.len());
        assert_eq!(
            &text[fm.yaml_range.clone()],
            "title: 漢字-x\nauthors:\n  - \"@a\"\n  - b\nempty:\n"
        );
        let title = fm.get("title").unwrap();
        assert_eq!(&text[title.key_range.clone()], "title");
        assert_eq!(&text[title.value.range()], "漢字-x");
        let YamlNode::Sequence { items, .. } = &fm.get("authors").unwrap().value else {
            panic!("authors is a list")
        };
        assert_eq!(items[0].as_str(), Some("@a"));
        assert_eq!(&text[items[0].range()], "\"@a\"");
        assert!(fm.get("empty").unwrap().value.is_null());
    }

    #[test]
    fn syntax_error_points_at_the_character() {
        let text = "---\nauthors:\n  - @bob\n---\n";
        let fm = FrontMatter::parse(text, 0..text.len());
        let err = fm.yaml.unwrap_err();
        assert_eq!(&text[err.offset..err.offset + 1], "@");
    }

    /// Found by the engine's property tests: a root mapping indented by a
    /// tab ended at the next key, and the keys after it were silently
    /// dropped, so `missing-key` inserted them again and again.
    #[test]
    fn text_after_the_root_node_is_an_error() {
        let text = "---\n\ttitle: x\nauthors:\n  - a\n---\n";
        let fm = FrontMatter::parse(text, 0..text.len());
        let err = fm.yaml.unwrap_err();
        assert_eq!(&text[err.offset..err.offset + 8], "authors:");
        assert_eq!(err.message, "did not find expected <document start>");
    }
}
