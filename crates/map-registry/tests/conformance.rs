//! The conformance kit over every registered strategy and baseline.

map_testkit::registry_conformance_tests!(map_registry::visit);
