//! Arbitrary bytes as a document and as a template: the engine never
//! panics, its ranges stay in the text, and `fix_all` converges (a second
//! run has nothing left to fix).
//! Input: document, then (after the first NUL byte, if any) a template.

use proposal_ls::{FileContext, Template, analyze_text, fix_all};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let text = String::from_utf8_lossy(data);
        let (document, template) = match text.split_once('\0') {
            Some((d, t)) => (d, Some(Template::parse(t))),
            None => (text.as_ref(), None),
        };
        let template = template.unwrap_or_else(Template::embedded);
        let file = FileContext {
            file_stem: Some("idea".into()),
            today: Some("2026-12-03".into()),
            ..FileContext::default()
        };
        let findings = analyze_text(document, &template, &file);
        for f in &findings {
            assert!(f.range.start <= f.range.end && f.range.end <= document.len());
        }
        let fixed = fix_all(document, &template, &file);
        let again = fix_all(&fixed.text, &template, &file);
        assert_eq!(again.text, fixed.text, "fixes do not converge");
    });
}
