//! What the crate's unit tests share.

use core::hash::{BuildHasher, Hasher};

/// Hashes a `u64` key to itself: the map's seed is written first and
/// overwritten by the key, so a test decides which bucket and tophash every
/// key gets. Keys of other types hash to the last `u64` they write.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Identity;

pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0 << 8 | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl BuildHasher for Identity {
    type Hasher = IdentityHasher;
    fn build_hasher(&self) -> IdentityHasher {
        IdentityHasher(0)
    }
}
