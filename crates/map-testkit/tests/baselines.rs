//! The per-type macro form, on a map known to be correct. (The registry's
//! own tests run the kit over every baseline and strategy.)

map_testkit::conformance_tests!(std::collections::HashMap);
