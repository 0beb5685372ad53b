//! The macro behind the registry in `mod.rs`: from `family::rule =>
//! Variant` pairs it generates [`Rule`], `Rule::ALL` (in the order given,
//! which is also how findings at one range sort), `Rule::doc()` (each rule
//! module's `DOC`) and the dispatch to each module's `check`.

use std::fmt;

use super::Rule;
use crate::finding::Severity;

macro_rules! rules {
    ($($family:ident :: $rule:ident => $variant:ident,)*) => {
        /// Every rule, with a stable kebab-case id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $($variant),* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The rule's declaration: id, severity and documentation.
            pub fn doc(self) -> RuleDoc {
                match self {
                    $(Rule::$variant => $family::$rule::DOC,)*
                }
            }

            /// Run the rule over a document.
            pub(crate) fn check(
                self,
                cx: &crate::context::Context,
                out: &mut Vec<Finding>,
            ) {
                match self {
                    $(Rule::$variant => $family::$rule::check(cx, out),)*
                }
            }

            /// The rule's source file, where its fixtures are.
            #[cfg(test)]
            pub(crate) fn source(self) -> &'static str {
                match self {
                    $(Rule::$variant => include_str!(concat!(
                        stringify!($family), "/", stringify!($rule), ".rs"
                    )),)*
                }
            }
        }
    };
}

impl Rule {
    pub fn id(self) -> &'static str {
        self.doc().id
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    pub fn default_severity(self) -> Severity {
        self.doc().severity
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
