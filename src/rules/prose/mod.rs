//! Rules about the proposal's prose.

pub(super) mod template_boilerplate;
pub(super) mod unresolved_todo;
