//! Rules about how much of the document was checked.

pub(super) mod partial_check;
