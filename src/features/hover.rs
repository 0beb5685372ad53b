//! Hover: a heading's template guidance, a front-matter key's documentation.

use std::ops::Range;

use tree_sitter::Tree;

use super::common::truncate_markdown;
use crate::front_matter::scan::{YamlRegion, key_of_line};
use crate::markdown::{Outline, front_matter_block};
use crate::template::{KeySpec, SectionId, SectionMap, Template, ValueShape};
use crate::text::{line_content_end, line_start, snap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// The heading line or the key hovered.
    pub range: Range<usize>,
    pub markdown: String,
}

/// Guidance longer than this is cut.
const GUIDANCE_LIMIT: usize = 8000;

pub fn hover(text: &str, tree: &Tree, template: &Template, offset: usize) -> Option<Hover> {
    let offset = snap(text, offset);
    let line = line_start(text, offset);
    let region = YamlRegion::find(text, front_matter_block(tree).as_ref());
    if let Some(r) = &region
        && r.has_line(text, line)
    {
        return key_hover(text, template, line, offset);
    }
    let body_start = region.map_or(0, |r| r.body_start);
    let headings = Outline::headings(text, tree).headings;
    let h = headings
        .partition_point(|h| h.range.start <= offset)
        .checked_sub(1)?;
    let heading = headings
        .get(h)
        .filter(|x| x.range.start >= body_start && offset <= x.range.end)?;
    // The template section the rules take the heading for.
    let section = SectionMap::new(template, &headings).of_heading(h)?.section;
    Some(Hover {
        range: heading.range.clone(),
        markdown: section_markdown(template, section),
    })
}

fn section_markdown(template: &Template, section: SectionId) -> String {
    let spec = template.section(section);
    let status = if spec.optional {
        "Optional"
    } else {
        "Required"
    };
    let parents: Vec<String> = template
        .ancestors(section)
        .into_iter()
        .map(|p| format!("`{}`", template.section(p).heading_line()))
        .collect();
    let mut out = format!("**{}**\n\n{status} section", spec.heading_line());
    if !parents.is_empty() {
        out.push_str(", under ");
        out.push_str(&parents.join(" › "));
    }
    out.push('.');
    if !spec.guidance.is_empty() {
        out.push_str("\n\n");
        out.push_str(&truncate_markdown(&spec.guidance, GUIDANCE_LIMIT));
    }
    out
}

fn key_hover(text: &str, template: &Template, line: usize, offset: usize) -> Option<Hover> {
    let content = text.get(line..line_content_end(text, line))?;
    let key = key_of_line(content)?;
    let range = line..line + key.len();
    if offset > range.end {
        return None;
    }
    Some(Hover {
        range,
        markdown: key_markdown(template.key(key)?),
    })
}

fn key_markdown(spec: &KeySpec) -> String {
    let need = if spec.required {
        "required"
    } else {
        "optional"
    };
    let mut out = format!("**`{}`**: {} ({need})", spec.name, spec.shape.describe());
    if !spec.doc.is_empty() {
        out.push_str("\n\n");
        out.push_str(&spec.doc);
    }
    let quoted = |values: &[String]| {
        values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let ValueShape::Enum(options) = &spec.shape {
        out.push_str(&format!("\n\nAllowed values: {}", quoted(options)));
    }
    if !spec.sentinels.is_empty() {
        out.push_str(&format!("\n\nAlso allowed: {}", quoted(&spec.sentinels)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::completion::tests::TEMPLATE;
    use crate::markdown::parse;

    /// The hover at the `‸` in `doc`, with the hovered text.
    fn hover_at(template: &Template, doc: &str) -> Option<(String, String)> {
        let offset = doc.find('‸').unwrap();
        let text = doc.replace('‸', "");
        let h = hover(&text, &parse(&text), template, offset)?;
        Some((text[h.range].to_string(), h.markdown))
    }

    #[test]
    fn heading_hover_shows_status_parents_and_guidance() {
        let t = Template::parse(TEMPLATE);
        let doc = "---\ntitle: x\n---\n# Idea\n\n## Open Questions [optional]@1\n\n#### Stand@2alone Clusters\n";
        let (range, markdown) = hover_at(&t, &doc.replace("@1", "‸").replace("@2", "")).unwrap();
        assert_eq!(range, "## Open Questions [optional]");
        assert_eq!(
            markdown,
            "**## Open Questions**\n\nOptional section.\n\nAny?"
        );
        let (range, markdown) = hover_at(&t, &doc.replace("@1", "").replace("@2", "‸")).unwrap();
        assert_eq!(range, "#### Standalone Clusters");
        assert_eq!(
            markdown,
            "**#### Standalone Clusters**\n\nRequired section, under `## Proposal` › `### Topology Considerations`."
        );
        assert!(hover_at(&t, "# Idea\n\n## Unknown‸\n").is_none());
        // The rules do not take a case variant of an optional section for
        // it, so neither does hover.
        assert!(hover_at(&t, "# Idea\n\n## open  questions‸\n").is_none());
        assert!(hover_at(&t, "# Idea\n\n## Summary\n\nTe‸xt\n").is_none());
    }

    /// Hover names the section the rules matched: a longer heading that
    /// starts with the name, a near miss, a wrong level.
    #[test]
    fn heading_hover_agrees_with_the_rules() {
        let t = Template::parse(TEMPLATE);
        let title = |doc: &str| {
            let (_, markdown) = hover_at(&t, doc)?;
            markdown.lines().next().map(str::to_string)
        };
        assert_eq!(
            title("# Idea\n\n## Summary and Motiv‸ation\n\nText.\n").as_deref(),
            Some("**## Summary**")
        );
        assert_eq!(
            title("# Idea\n\n## Summary\n\n## motiv‸ation\n").as_deref(),
            Some("**## Motivation**")
        );
        assert_eq!(
            title("# Idea\n\n## Proposal\n\n## Topology Considerations‸\n").as_deref(),
            Some("**### Topology Considerations**")
        );
        assert_eq!(title("# Idea\n\n## Unrelated words‸\n"), None);
    }

    #[test]
    fn key_hover_shows_shape_doc_and_values() {
        let t = Template::parse(TEMPLATE);
        let doc = "---\nsta‸tus: implementable\n---\n";
        let (range, markdown) = hover_at(&t, doc).unwrap();
        assert_eq!(range, "status");
        assert_eq!(
            markdown,
            "**`status`**: one of provisional, implementable (required)\n\nwhere the proposal stands\n\nAllowed values: `provisional`, `implementable`"
        );
        let (_, markdown) = hover_at(&t, "---\napi-approvers‸:\n  - [\n").unwrap();
        assert_eq!(
            markdown,
            "**`api-approvers`**: a list of GitHub handles (required)\n\nIf there is no API change, use \"None\"\n\nAlso allowed: `None`"
        );
        assert!(hover_at(&t, "---\nstatus: impl‸ementable\n---\n").is_none());
        assert!(hover_at(&t, "---\nunknown‸: x\n---\n").is_none());
    }

    #[test]
    fn multibyte_crlf_and_any_offset() {
        let t = Template::parse(TEMPLATE);
        let text = "---\r\nsee-also:\r\n  - 漢\r\n---\r\n# 漢字\r\n\r\n## Proposal\r\n\r\n### Topology Considerations\r\n\r\n#### 漢字 Clusters 😀\r\n";
        let tree = parse(text);
        let emoji = text.find('😀').unwrap();
        let h = hover(text, &tree, &t, emoji + 2).unwrap();
        assert_eq!(&text[h.range.clone()], "#### 漢字 Clusters 😀");
        let key = hover(text, &tree, &t, 6).unwrap();
        assert_eq!(&text[key.range], "see-also");
        assert!(key.markdown.contains("(optional)"));
        for offset in 0..=text.len() + 3 {
            if let Some(h) = hover(text, &tree, &t, offset) {
                assert!(text.get(h.range).is_some());
            }
        }
    }

    #[test]
    fn embedded_template() {
        let t = Template::embedded();
        let (_, markdown) = hover_at(&t, "# Idea\n\n## Summ‸ary\n").unwrap();
        assert!(
            markdown.starts_with(
                "**## Summary**\n\nRequired section.\n\nThe `Summary` section is important"
            ),
            "{markdown}"
        );
        let (_, markdown) = hover_at(&t, "---\ncreation-date‸: 2024-01-01\n---\n").unwrap();
        assert_eq!(
            markdown,
            "**`creation-date`**: a date (yyyy-mm-dd) (required)"
        );
    }
}
