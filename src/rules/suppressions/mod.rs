//! Rules about suppression comments. `crate::suppress` reports them once
//! every other rule has run (whether a suppression is used depends on the
//! others' findings), so their `check` does nothing; they cannot be
//! suppressed.

pub(super) mod unknown_suppression;
pub(super) mod unused_suppression;
