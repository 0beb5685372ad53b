//! GitHub handles in people lists: `name`, `@name`, `@org/team`, with or
//! without a comment after them.

/// GitHub's limit on a login's length.
const MAX_LEN: usize = 39;

/// A leading GitHub handle (`name`, `@name`, `@org/team`) and the rest.
pub fn leading_handle(value: &str) -> Option<(&str, &str)> {
    let at = value.starts_with('@');
    let v = value.strip_prefix('@').unwrap_or(value);
    let end = v
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(v.len());
    let (handle, mut rest) = v.split_at(end);
    // Older GitHub logins may end in `-` (`@pweil-`).
    let ok = (1..=MAX_LEN).contains(&handle.len()) && !handle.starts_with('-');
    if !ok {
        return None;
    }
    // A team: `@org/team-name`.
    if at && let Some(team) = rest.strip_prefix('/') {
        let team_end = team
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(team.len());
        if team_end > 0 {
            rest = team.get(team_end..).unwrap_or("");
        }
    }
    let written = value.get(..value.len() - rest.len())?;
    Some((written, rest))
}

/// An entry that names a GitHub handle: a handle alone or followed by a
/// comment (`"@name, for networking"`, `name (PM)`), or any text with an
/// `@handle` in it (`Colin Walters @cgwalters`). A bare `First Last` is a
/// name, not a handle.
pub fn is_handle_entry(value: &str) -> bool {
    if let Some((handle, rest)) = leading_handle(value) {
        let separated = rest.is_empty()
            || rest.starts_with([',', '(', ';', ':'])
            || [" (", " -", " #", " –", " —"]
                .iter()
                .any(|p| rest.starts_with(p));
        if separated || handle.starts_with('@') {
            return true;
        }
    }
    value.match_indices('@').any(|(i, _)| {
        let before_ok = value.get(..i).is_some_and(|b| b.ends_with([' ', '(', ',']));
        before_ok && value.get(i..).and_then(leading_handle).is_some()
    })
}

/// `N/A`, `none`, `-`: an entry saying there is nobody.
pub fn means_none(value: &str) -> bool {
    ["n/a", "na", "n.a.", "none", "-", "nobody", "no"]
        .iter()
        .any(|v| value.eq_ignore_ascii_case(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn handles_teams_and_comments() {
        assert_eq!(leading_handle("@alice, PM"), Some(("@alice", ", PM")));
        assert_eq!(
            leading_handle("@openshift/team-x (x)"),
            Some(("@openshift/team-x", " (x)"))
        );
        assert_eq!(
            leading_handle("openshift/team-x"),
            Some(("openshift", "/team-x"))
        );
        assert_eq!(leading_handle("@pweil-"), Some(("@pweil-", "")));
        assert_eq!(leading_handle("-x"), None);
        assert_eq!(leading_handle("@"), None);
        for entry in [
            "@alice",
            "alice",
            "@alice, for networking",
            "bob (PM)",
            "Colin Walters @cgwalters",
            "@openshift/team-x",
        ] {
            assert!(is_handle_entry(entry), "{entry}");
        }
        for entry in ["Alice Smith", "", "“@tgeer”", "TBD later", "a@b.com"] {
            assert!(!is_handle_entry(entry), "{entry}");
        }
        assert!(means_none("N/A") && means_none("none") && !means_none("nobody-here"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn github_logins_are_handles(login in "[A-Za-z0-9][A-Za-z0-9-]{0,38}", at in any::<bool>()) {
            let entry = if at { format!("@{login}") } else { login.clone() };
            prop_assert_eq!(leading_handle(&entry), Some((entry.as_str(), "")));
            prop_assert!(is_handle_entry(&entry));
            let commented = format!("{entry}, for networking");
            prop_assert!(is_handle_entry(&commented));
        }

        #[test]
        fn too_long_logins_are_not(login in "[A-Za-z0-9][A-Za-z0-9-]{39,50}") {
            prop_assert_eq!(leading_handle(&login), None);
            let at = format!("@{login}");
            prop_assert_eq!(leading_handle(&at), None);
        }

        #[test]
        fn never_panics_and_the_handle_is_a_prefix(v in "\\PC{0,20}") {
            if let Some((handle, rest)) = leading_handle(&v) {
                prop_assert_eq!(format!("{handle}{rest}"), v.clone());
                prop_assert!(!handle.is_empty());
            }
            let _ = is_handle_entry(&v);
        }
    }
}
