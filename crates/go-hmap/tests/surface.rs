//! The std-surface contract every strategy crate meets, checked by
//! compiling and running the kit's tests. Go's map never shrinks, so
//! go-hmap has `compact()` where the others have `shrink_to`.

map_testkit::std_surface_tests!(crate: go_hmap, map: GoMap, shrinks: false);
