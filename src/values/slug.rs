//! Slugs: `lowercase-with-dashes` names, as `title` and file names are.

/// `lowercase-with-dashes`: ASCII lowercase letters and digits in
/// non-empty words joined by single dashes.
pub fn is_slug(v: &str) -> bool {
    !v.is_empty()
        && v.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// `neat-enhancement-idea` -> `Neat Enhancement Idea`.
pub fn humanize(slug: &str) -> String {
    slug.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs_and_titles() {
        assert!(is_slug("neat-enhancement-idea") && is_slug("v2"));
        for v in ["", "-a", "a-", "a--b", "My_Idea", "a b", "ä"] {
            assert!(!is_slug(v), "{v}");
        }
        assert_eq!(humanize("neat-enhancement-idea"), "Neat Enhancement Idea");
        assert_eq!(humanize("my_idea  x"), "My Idea X");
        assert_eq!(humanize("ébauche"), "Ébauche");
        assert_eq!(humanize("--"), "");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn slugs_are_dash_joined_words(words in prop::collection::vec("[a-z0-9]{1,8}", 1..5)) {
            let slug = words.join("-");
            prop_assert!(is_slug(&slug));
            let title = humanize(&slug);
            prop_assert_eq!(title.split(' ').count(), words.len());
            prop_assert_eq!(title.to_lowercase().replace(' ', "-"), slug);
        }

        #[test]
        fn never_panics_and_titles_have_no_separators(v in "\\PC{0,16}") {
            let title = humanize(&v);
            prop_assert!(!title.contains('-') && !title.contains('_') && !title.contains("  "));
            if is_slug(&v) {
                prop_assert!(v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            }
        }
    }
}
