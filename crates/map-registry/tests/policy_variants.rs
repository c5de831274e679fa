//! The conformance kit over every policy variant: a strategy built with
//! another shrink policy is still a correct map.

map_testkit::registry_conformance_tests!(map_registry::visit_policy_variants);
