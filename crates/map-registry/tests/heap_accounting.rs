//! `heap_bytes()` against dhat for every registered strategy and baseline.
//! A binary of its own, because dhat becomes the global allocator.

map_testkit::heap_accounting_test!(registry: map_registry::visit);
