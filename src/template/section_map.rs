//! The section matcher: which document heading is which template section.
//! Computed once per analysis from the headings alone, and read by the
//! section rules, completion, hover and the actions, so they all agree.
//!
//! Headings are matched in three passes: same level and same name (a
//! longer heading that starts with the name at a word boundary counts, as
//! upstream's prefix match does, and so does the template's `[optional]`
//! marker), then a missing required section's name at another level, then
//! a near miss of a missing required section. Then the sections present
//! are put in order: those under another parent than the template's are
//! set aside, and the longest run already in template order is kept.

use super::{SectionId, Template, strip_optional};
use crate::markdown::Heading;

/// How a heading was matched to its template section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// Same level, same name (or a longer name starting with it).
    Exact,
    /// The name of a missing required section, at another level.
    WrongLevel,
    /// Nearly the name of a missing required section (`misnamed-section`).
    NearMiss,
}

/// The template section a heading is, and how it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub section: SectionId,
    pub kind: MatchKind,
}

/// Document headings (by index in the slice given to [`SectionMap::new`])
/// against template sections.
#[derive(Debug, Clone)]
pub struct SectionMap {
    by_heading: Vec<Option<Match>>,
    /// For each template section: its headings, in document order.
    by_section: Vec<Vec<usize>>,
    /// For each template section: present, and its first heading is in the
    /// longest run of sections already in template order. Only these
    /// anchor inserts and order messages.
    in_order: Vec<bool>,
    /// First headings of their section, written at the template's level
    /// but outside the template parent's heading (`### Goals` under
    /// `## Summary`), in document order.
    outside_parent: Vec<usize>,
    /// Per heading: in the wrong place (outside its parent, or a
    /// wrong-level heading out of order), so a level fix would not help.
    misplaced: Vec<bool>,
    /// Per heading: the index of the heading that ends its subtree.
    subtree_end: Vec<usize>,
}

/// The document's heading names in [`NameForms`], and their near-miss
/// scores against section names, each worked out at most once however many
/// templates judge the document (the era window's versions share names).
/// Indexed by heading: every map sharing one is built on the same headings.
#[derive(Debug, Default)]
pub(crate) struct HeadingForms {
    forms: std::cell::OnceCell<Vec<NameForms>>,
    /// By a section name's folded form: each heading's score, once known.
    scores: std::cell::RefCell<std::collections::HashMap<String, Vec<Option<Option<f64>>>>>,
}

impl HeadingForms {
    /// Heading `h`'s near-miss score against `name` ([`near_miss_score`]).
    fn score(&self, headings: &[Heading], h: usize, name: &NameForms) -> Option<f64> {
        let forms = self.forms(headings);
        let mut scores = self.scores.borrow_mut();
        if let Some(Some(known)) = scores.get(&name.folded).and_then(|s| s.get(h)) {
            return *known;
        }
        let score = near_miss_score(forms.get(h)?, name);
        let by_heading = scores
            .entry(name.folded.clone())
            .or_insert_with(|| vec![None; headings.len()]);
        if let Some(slot) = by_heading.get_mut(h) {
            *slot = Some(score);
        }
        score
    }

    /// Whether heading `h` has the very words of `name`.
    fn same_words(&self, headings: &[Heading], h: usize, name: &NameForms) -> bool {
        self.forms(headings)
            .get(h)
            .is_some_and(|f| f.folded == name.folded)
    }

    fn forms(&self, headings: &[Heading]) -> &[NameForms] {
        self.forms
            .get_or_init(|| headings.iter().map(|h| NameForms::new(&h.text)).collect())
    }
}

impl SectionMap {
    pub fn new(template: &Template, headings: &[Heading]) -> SectionMap {
        SectionMap::with_forms(template, headings, &HeadingForms::default())
    }

    /// [`SectionMap::new`], with the headings' forms shared between maps.
    pub(crate) fn with_forms(
        template: &Template,
        headings: &[Heading],
        forms: &HeadingForms,
    ) -> SectionMap {
        let mut map = SectionMap {
            by_heading: vec![None; headings.len()],
            by_section: vec![Vec::new(); template.sections.len()],
            in_order: vec![false; template.sections.len()],
            outside_parent: Vec::new(),
            misplaced: vec![false; headings.len()],
            subtree_end: subtree_ends(headings),
        };
        // Heading names without the `[optional]` marker.
        let names: Vec<&str> = headings.iter().map(|h| strip_optional(&h.text).0).collect();
        map.match_same_level(template, headings, &names);
        map.match_other_level(template, headings, &names);
        map.match_near_misses(template, headings, forms);
        map.order(template);
        map
    }

    /// The template section heading `h` is.
    pub fn of_heading(&self, h: usize) -> Option<Match> {
        self.by_heading.get(h).copied().flatten()
    }

    /// The headings matched to `s`, in document order.
    pub fn headings_of(&self, s: SectionId) -> &[usize] {
        self.by_section.get(s.index()).map_or(&[], Vec::as_slice)
    }

    pub fn first_heading(&self, s: SectionId) -> Option<usize> {
        self.headings_of(s).first().copied()
    }

    /// Whether some heading is `s` (at its level or not, or nearly named).
    pub fn is_present(&self, s: SectionId) -> bool {
        self.first_heading(s).is_some()
    }

    /// Present, and in the longest run of sections in template order.
    pub fn is_in_order(&self, s: SectionId) -> bool {
        self.in_order.get(s.index()).copied().unwrap_or(false)
    }

    /// Whether heading `h` is in the wrong place for its section.
    pub fn is_misplaced(&self, h: usize) -> bool {
        self.misplaced.get(h).copied().unwrap_or(false)
    }

    /// First headings written outside their template parent's heading.
    pub fn outside_parent(&self) -> &[usize] {
        &self.outside_parent
    }

    /// The first heading of each present section, in document order.
    pub fn first_hits(&self) -> impl Iterator<Item = (usize, SectionId)> + '_ {
        self.by_heading
            .iter()
            .enumerate()
            .filter_map(|(h, m)| m.map(|m| (h, m.section)))
            .filter(|&(h, s)| self.first_heading(s) == Some(h))
    }

    /// The nearest section before `s` in the template that is present and
    /// in order: what a missing section is inserted after.
    pub fn anchor(&self, template: &Template, s: SectionId) -> Option<SectionId> {
        template
            .section_ids()
            .take(s.index())
            .rev()
            .find(|&p| self.is_in_order(p))
    }

    /// The index of the heading that ends heading `h`'s subtree (or the
    /// number of headings).
    pub fn subtree_end(&self, h: usize) -> usize {
        self.subtree_end
            .get(h)
            .copied()
            .unwrap_or(self.by_heading.len())
    }

    /// Whether heading `h` is inside heading `parent`'s subtree.
    pub fn is_within(&self, parent: usize, h: usize) -> bool {
        parent < h && h < self.subtree_end(parent)
    }

    fn assign(&mut self, h: usize, section: SectionId, kind: MatchKind) {
        if let (Some(slot), Some(hits)) = (
            self.by_heading.get_mut(h),
            self.by_section.get_mut(section.index()),
        ) {
            *slot = Some(Match { section, kind });
            hits.push(h);
        }
    }

    /// Pass 1: same level, same name. Prefer an exact name, then the
    /// longest prefix, then a section under the heading's current template
    /// parent.
    fn match_same_level(&mut self, template: &Template, headings: &[Heading], names: &[&str]) {
        // The template section of the innermost heading open at each level.
        let mut open: Vec<Option<SectionId>> = vec![None; 8];
        for ((h, heading), &name) in headings.iter().enumerate().zip(names) {
            let level = usize::from(heading.level);
            if level < 2 {
                continue;
            }
            let parent = open.get(level - 1).copied().flatten();
            let best = template
                .section_ids()
                .filter(|&s| {
                    let spec = template.section(s);
                    spec.level == heading.level && names_match(name, &spec.name)
                })
                .max_by_key(|&s| {
                    let spec = template.section(s);
                    (
                        name == spec.name,
                        spec.name.len(),
                        spec.parent == parent,
                        std::cmp::Reverse(s),
                    )
                });
            if let Some(s) = best {
                self.assign(h, s, MatchKind::Exact);
            }
            for slot in open.iter_mut().skip(level) {
                *slot = None;
            }
            if let Some(slot) = open.get_mut(level) {
                *slot = best;
            }
        }
    }

    /// Pass 2: a missing required section's name at another level.
    fn match_other_level(&mut self, template: &Template, headings: &[Heading], names: &[&str]) {
        for s in template.required() {
            if self.is_present(s) {
                continue;
            }
            let name = &template.section(s).name;
            let found =
                headings
                    .iter()
                    .zip(names)
                    .enumerate()
                    .position(|(h, (heading, heading_name))| {
                        self.of_heading(h).is_none()
                            && heading.level >= 2
                            && names_match(heading_name, name)
                    });
            if let Some(h) = found {
                self.assign(h, s, MatchKind::WrongLevel);
            }
        }
    }

    /// Pass 3: near misses for the required sections still missing, under
    /// their template parent when that is present.
    fn match_near_misses(
        &mut self,
        template: &Template,
        headings: &[Heading],
        forms: &HeadingForms,
    ) {
        for s in template.required() {
            if self.is_present(s) {
                continue;
            }
            let spec = template.section(s);
            let parent_heading = spec.parent.and_then(|p| self.first_heading(p));
            let found = headings
                .iter()
                .enumerate()
                .filter(|&(h, heading)| self.of_heading(h).is_none() && heading.level >= 2)
                .filter(|&(h, _)| parent_heading.is_none_or(|ph| self.is_within(ph, h)))
                .filter_map(|(h, heading)| {
                    let score = forms.score(headings, h, &spec.forms)?;
                    // Another level only for the very same words.
                    let other_level_ok = forms.same_words(headings, h, &spec.forms);
                    (heading.level == spec.level || other_level_ok).then_some((h, score))
                })
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            if let Some((h, _)) = found {
                self.assign(h, s, MatchKind::NearMiss);
            }
        }
    }

    /// Which present sections are in order, and which headings are in the
    /// wrong place.
    fn order(&mut self, template: &Template) {
        let hits: Vec<(usize, SectionId)> = self.first_hits().collect();
        // Sections under another parent than the template's are left out
        // of the order.
        for &(h, s) in &hits {
            let exact = self
                .of_heading(h)
                .is_some_and(|m| m.kind == MatchKind::Exact);
            if exact && self.outside_its_parent(template, h, s) {
                self.outside_parent.push(h);
            }
        }
        let order: Vec<(usize, SectionId)> = hits
            .into_iter()
            .filter(|(h, _)| !self.outside_parent.contains(h))
            .collect();
        let keep = longest_increasing(&order.iter().map(|&(_, s)| s).collect::<Vec<_>>());
        for (&(_, s), kept) in order.iter().zip(keep) {
            if let Some(slot) = self.in_order.get_mut(s.index()) {
                *slot = kept;
            }
        }
        // Wrong-level headings also in the wrong place (outside their
        // parent, or out of order) get no level fix.
        let mut misplaced = vec![false; self.by_heading.len()];
        for (h, m) in self.by_heading.iter().enumerate() {
            let wrong_place = match m {
                Some(m) if m.kind == MatchKind::WrongLevel => {
                    self.outside_its_parent(template, h, m.section) || !self.is_in_order(m.section)
                }
                _ => self.outside_parent.contains(&h),
            };
            if let Some(slot) = misplaced.get_mut(h) {
                *slot = wrong_place;
            }
        }
        self.misplaced = misplaced;
    }

    /// Whether heading `h` of section `s` is outside the heading of `s`'s
    /// template parent, when that parent is present.
    fn outside_its_parent(&self, template: &Template, h: usize, s: SectionId) -> bool {
        template
            .section(s)
            .parent
            .and_then(|p| self.first_heading(p))
            .is_some_and(|ph| !self.is_within(ph, h))
    }
}

/// Each heading's subtree end: the index of the next heading at its level
/// or above (or the number of headings). A `# ` heading after the title
/// (`second-title`) closes nothing and holds nothing: the sections after it
/// stay where they are.
fn subtree_ends(headings: &[Heading]) -> Vec<usize> {
    let mut ends = vec![headings.len(); headings.len()];
    let mut open: Vec<usize> = Vec::new();
    let title = headings.iter().position(|h| h.level == 1);
    for (i, heading) in headings.iter().enumerate() {
        if heading.level == 1 && Some(i) != title {
            if let Some(end) = ends.get_mut(i) {
                *end = i + 1;
            }
            continue;
        }
        while let Some(&top) = open.last() {
            if headings.get(top).is_some_and(|t| t.level >= heading.level) {
                if let Some(end) = ends.get_mut(top) {
                    *end = i;
                }
                open.pop();
            } else {
                break;
            }
        }
        open.push(i);
    }
    ends
}

/// A heading's name (its `[optional]` marker stripped) matches the
/// template name exactly, or starts with it at a word boundary
/// (`Alternatives (Not Implemented)`-style).
fn names_match(heading: &str, name: &str) -> bool {
    heading == name
        || heading
            .strip_prefix(name)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| !c.is_alphanumeric())
}

/// Lowercase letters and digits only; `&` reads as `and`.
pub(crate) fn fold(s: &str) -> String {
    s.replace('&', "and")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words of `s`, lowercased, punctuation dropped.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A heading or section name in the forms near-miss matching compares,
/// computed once per name (a template's in [`SectionSpec`], a document's
/// in [`HeadingForms`]) rather than once per pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameForms {
    /// [`fold`]ed.
    folded: String,
    words: Vec<String>,
    /// The words without plural endings.
    singular: Vec<String>,
    /// The words of each stage a transition names (`Dev Preview -> Tech
    /// Preview`); none for any other name.
    stages: Vec<Vec<String>>,
}

impl NameForms {
    pub(crate) fn new(name: &str) -> NameForms {
        let words = words(name);
        NameForms {
            folded: fold(name),
            singular: words.iter().map(|w| singular(w)).collect(),
            words,
            stages: stages(name).map(self::words).collect(),
        }
    }
}

/// A heading that is the template's name in another case, spacing or
/// punctuation, a shortened form of it, or a small typo.
fn near_miss_score(heading: &NameForms, name: &NameForms) -> Option<f64> {
    let (h, n) = (&heading.folded, &name.folded);
    if h.is_empty() {
        return None;
    }
    if h == n {
        return Some(1.0);
    }
    // `Tech Preview`, the criteria for reaching it, is another stage than
    // `Tech Preview -> GA`: never rename one into the other.
    if name.stages.contains(&heading.words) {
        return None;
    }
    // `Alternatives` for `Alternatives (Not Implemented)`; `Implementation
    // Details` for `Implementation Details/Notes/Constraints`.
    let (hw, nw) = (&heading.words, &name.words);
    if h.len() >= 6 && hw.len() < nw.len() && nw.starts_with(hw) {
        return Some(0.9);
    }
    // `User Story` for `User Stories`.
    if heading.singular == name.singular {
        return Some(0.95);
    }
    // A similarity of 0.85 allows edits on 15% of the longer name: a
    // length apart by more needs no distance computed.
    let (hl, nl) = (h.chars().count(), n.chars().count());
    if hl.abs_diff(nl) * 100 > hl.max(nl) * 15 {
        return None;
    }
    let sim = strsim::normalized_levenshtein(h, n);
    (sim >= 0.85).then_some(sim)
}

/// The stages a transition heading names (`Dev Preview -> Tech Preview`:
/// `Dev Preview`, `Tech Preview`); none for any other heading.
fn stages(name: &str) -> impl Iterator<Item = &str> {
    let parts: Vec<&str> = name.split(['→', '⇒']).flat_map(|p| p.split("->")).collect();
    let transition = parts.len() > 1;
    parts.into_iter().filter(move |_| transition)
}

/// A word without a plural ending: `stories` -> `story`, `goals` -> `goal`.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = word.strip_suffix('s').filter(|_| !word.ends_with("ss")) {
        stem.to_string()
    } else {
        word.to_string()
    }
}

/// Which elements belong to one longest strictly increasing subsequence.
fn longest_increasing<T: Ord>(xs: &[T]) -> Vec<bool> {
    let n = xs.len();
    let mut len = vec![1usize; n];
    let mut prev: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        for j in 0..i {
            if xs[j] < xs[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = Some(j);
            }
        }
    }
    let mut keep = vec![false; n];
    let mut cur = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i)));
    while let Some(i) = cur {
        keep[i] = true;
        cur = prev[i];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Outline, parse};

    /// Each heading of `doc` with the template section it is, as
    /// `## Heading -> kind ## Section`, and the flags the map sets.
    fn map(template: &Template, doc: &str) -> Vec<String> {
        let outline = Outline::new(doc, &parse(doc));
        let map = SectionMap::new(template, &outline.headings);
        outline
            .headings
            .iter()
            .enumerate()
            .map(|(h, heading)| {
                let written = format!(
                    "{} {}",
                    "#".repeat(usize::from(heading.level)),
                    heading.text
                );
                match map.of_heading(h) {
                    None => written,
                    Some(m) => format!(
                        "{written} -> {:?} {}{}{}",
                        m.kind,
                        template.section(m.section).heading_line(),
                        if map.is_in_order(m.section) {
                            " in-order"
                        } else {
                            ""
                        },
                        if map.is_misplaced(h) {
                            " misplaced"
                        } else {
                            ""
                        },
                    ),
                }
            })
            .collect()
    }

    #[test]
    fn prefixes_levels_near_misses_and_order() {
        let t = Template::parse(crate::rules::fixture::MINI_TEMPLATE);
        let doc = "# Idea\n\n## Summary and Motivation\n\n### Goals\n\n## Motivation\n\n## Proposal\n\n#### Non-Goals\n\n## Alternatives\n\n## Open Questions [optional]\n\n## Summary\n";
        assert_eq!(
            map(&t, doc),
            [
                "# Idea",
                "## Summary and Motivation -> Exact ## Summary in-order",
                "### Goals -> Exact ### Goals misplaced",
                "## Motivation -> Exact ## Motivation in-order",
                "## Proposal -> Exact ## Proposal in-order",
                "#### Non-Goals -> WrongLevel ### Non-Goals misplaced",
                "## Alternatives -> NearMiss ## Alternatives (Not Implemented) in-order",
                "## Open Questions [optional] -> Exact ## Open Questions in-order",
                "## Summary -> Exact ## Summary in-order",
            ]
        );
        let outline = Outline::new(doc, &parse(doc));
        let map = SectionMap::new(&t, &outline.headings);
        assert_eq!(map.outside_parent(), [2]);
        let summary = t.section_ids().next().unwrap();
        assert_eq!(map.headings_of(summary), [1, 8]);
        assert!(!map.is_within(3, 4) && map.is_within(4, 5));
    }

    /// A heading naming one graduation stage is never a near miss of a
    /// transition between stages (a proposal in review upstream had its
    /// `### Tech Preview` criteria renamed to `### Tech Preview -> GA`).
    #[test]
    fn a_stage_is_not_a_near_miss_of_a_transition() {
        let t = Template::parse(
            "# T\n\n## Graduation Criteria\n\n### Dev Preview -> Tech Preview\n\n### Tech Preview -> GA\n",
        );
        let doc = "# Idea\n\n## Graduation Criteria\n\n### Tech Preview\n\n### Dev Preview->Tech Preview\n\n### Tech Preview to GA\n";
        assert_eq!(
            map(&t, doc),
            [
                "# Idea",
                "## Graduation Criteria -> Exact ## Graduation Criteria in-order",
                "### Tech Preview",
                "### Dev Preview->Tech Preview -> NearMiss ### Dev Preview -> Tech Preview in-order",
                "### Tech Preview to GA -> NearMiss ### Tech Preview -> GA in-order",
            ]
        );
    }

    #[test]
    fn subtrees_and_longest_runs() {
        let heading = |level: u8| Heading {
            level,
            text: String::new(),
            range: 0..0,
        };
        let headings: Vec<Heading> = [1, 2, 4, 3, 2, 2].map(heading).into();
        assert_eq!(subtree_ends(&headings), [6, 4, 3, 4, 5, 6]);
        assert_eq!(
            longest_increasing(&[3, 1, 2, 5, 4]),
            [false, true, true, true, false]
        );
        assert!(longest_increasing::<u8>(&[]).is_empty());
    }
}
