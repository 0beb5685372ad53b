//! The engine never panics on any input, and `fix_all` converges: after it
//! runs, no safe fix is left to apply. Inputs are deterministic mutations
//! of the templates and of corpus proposals (when the corpus is present).

mod shared;

use proposal_ls::actions::insert_missing_sections;
use proposal_ls::fix::apply_edits;
use proposal_ls::{FileContext, Finding, Rule, Template, analyze_text, fix_all};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        let n = n.max(1);
        usize::try_from(self.next() % u64::try_from(n).unwrap_or(u64::MAX)).unwrap_or(0) % n
    }
}

const SNIPPETS: &[&str] = &[
    "---\n",
    "```\n",
    "# ",
    "## ",
    "#### ",
    "@",
    "- @x\n",
    "\r\n",
    "😀",
    "漢字",
    ":",
    "  - ",
    "\n\n",
    "<!--\n",
    "-->\n",
    "title:",
    "|",
    "\"",
    "'",
    "yyyy-mm-dd",
    "TBD",
    "[optional]",
    "\t",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut s = text.to_string();
    for _ in 0..1 + rng.below(4) {
        let boundaries: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
        let a = boundaries[rng.below(boundaries.len())];
        let b = boundaries[rng.below(boundaries.len())];
        let (a, b) = (a.min(b), a.max(b));
        // At most a few hundred bytes, ending on a character boundary.
        let mut short = b.min(a + 300);
        while !s.is_char_boundary(short) {
            short -= 1;
        }
        match rng.below(4) {
            0 => s.replace_range(a..short, ""),
            1 => s.insert_str(a, SNIPPETS[rng.below(SNIPPETS.len())]),
            2 => {
                let piece = s[a..short].to_string();
                s.insert_str(b, &piece);
            }
            _ => s.truncate(b),
        }
    }
    s
}

#[test]
fn mutated_documents_never_panic_and_fixes_converge() {
    let mut inputs = vec![proposal_ls::template::EMBEDDED.to_string()];
    if let Some(corpus) = shared::corpus() {
        let files = shared::corpus_files(&corpus);
        inputs.extend(
            files
                .iter()
                .step_by(40)
                .filter_map(|p| std::fs::read_to_string(p).ok()),
        );
    }
    let template = Template::embedded();
    let ctx = FileContext {
        file_stem: Some("neat-enhancement-idea".into()),
        today: Some("2026-11-25".into()),
        ..FileContext::default()
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut checked = 0;
    for input in &inputs {
        for _ in 0..15 {
            let text = mutate(input, &mut rng);
            for finding in analyze_text(&text, &template, &ctx) {
                check_fix_keeps_text(&text, &finding);
            }
            let edits = insert_missing_sections(&text, &template, &ctx);
            assert!(
                edits.iter().all(|e| e.range.is_empty()),
                "insert-all only inserts"
            );
            assert!(is_subsequence(&text, &apply_edits(&text, &edits).0));
            // Mutated text is also tried as a template.
            let _ = analyze_text(input, &Template::parse(&text), &ctx);
            let fixed = fix_all(&text, &template, &ctx);
            let again = fix_all(&fixed.text, &template, &ctx);
            assert!(
                again.applied.is_empty(),
                "fixes did not converge; still applying {:?} to:\n{}",
                again.applied,
                fixed.text
            );
            checked += 1;
        }
    }
    println!("{checked} mutated documents analysed and fixed");
}

/// Whether `small`'s characters appear in `big` in order.
fn is_subsequence(small: &str, big: &str) -> bool {
    let mut rest = big.chars();
    small.chars().all(|c| rest.any(|b| b == c))
}

/// A fix never loses the author's text: fixes that add (missing sections,
/// title, keys, front matter) only insert; the others change only the
/// lines of the text they are about (the offending token, its key line),
/// and every other line survives in order. Deleting the template's own
/// instructions is the one fix that removes text, and only template text.
fn check_fix_keeps_text(text: &str, finding: &Finding) {
    let Some(fix) = &finding.fix else { return };
    let after = apply_edits(text, &fix.edits).0;
    match finding.rule {
        Rule::MissingSection | Rule::MissingTitle | Rule::MissingKey | Rule::FrontMatterMissing => {
            assert!(
                fix.edits.iter().all(|e| e.range.is_empty()),
                "{:?} only inserts",
                finding.rule
            );
            assert!(
                is_subsequence(text, &after),
                "{:?} kept the text",
                finding.rule
            );
        }
        Rule::TemplateBoilerplate => assert!(!fix.safe, "deleting is never automatic"),
        rule => {
            // The lines the finding and its edits touch.
            let line_start =
                |at: usize| text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
            let line_end = |at: usize| {
                text[at.min(text.len())..]
                    .find('\n')
                    .map_or(text.len(), |i| at + i)
            };
            for e in &fix.edits {
                let touched = line_start(e.range.start)..line_end(e.range.end);
                let around = line_start(finding.range.start)..line_end(finding.range.end);
                // These rewrite the key's whole entry (emptying a list).
                let same_block = rule == Rule::YamlSyntax
                    || rule == Rule::ExpectedList
                    || (rule == Rule::Placeholder && fix.title.starts_with("Empty"));
                assert!(
                    same_block || (touched.start >= around.start && touched.end <= around.end),
                    "{rule:?} edits {touched:?} outside its lines {around:?}"
                );
            }
            // Every line the fix does not touch is still there, in order.
            let untouched: String = text
                .lines()
                .filter(|l| {
                    !fix.edits.iter().any(|e| {
                        let start = l.as_ptr() as usize - text.as_ptr() as usize;
                        start <= e.range.end && e.range.start <= start + l.len()
                    })
                })
                .collect::<Vec<_>>()
                .join("\n");
            assert!(is_subsequence(&untouched, &after), "{rule:?} lost text");
        }
    }
}
