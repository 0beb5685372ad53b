//! Reference rules: what a proposal points at in its repository (its
//! path-list keys, its links and images). They need the repository
//! (`FileContext::repository`) and are silent without it.

pub(super) mod broken_reference;
pub(super) mod lineage;
