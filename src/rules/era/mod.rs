//! Rules about the template versions a proposal is judged by
//! (`crate::era`).

pub(super) mod older_template;
