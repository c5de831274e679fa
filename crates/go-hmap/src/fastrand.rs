//! A per-thread fast random source, standing in for Go's `fastrand`.
//!
//! Go draws hash seeds, iteration starting points and the probabilistic
//! overflow count from a cheap per-M generator. None of these need to be
//! unpredictable on their own: the hasher is keyed (ahash's `RandomState`
//! by default), and the seed only has to change so that keys which collide
//! under one seed need not collide under the next.

use std::cell::Cell;
use std::hash::{BuildHasher, RandomState};

thread_local! {
    static STATE: Cell<u64> = Cell::new(RandomState::new().hash_one(0x5EED_u64));
}

/// The next value of this thread's wyrand sequence.
pub(crate) fn next() -> u64 {
    STATE.with(|state| {
        let s = state.get().wrapping_add(0xA076_1D64_78BD_642F);
        state.set(s);
        let t = u128::from(s) * u128::from(s ^ 0xE703_7ED1_A0B4_28DB);
        (t as u64) ^ ((t >> 64) as u64)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_differ() {
        let a = super::next();
        let b = super::next();
        assert_ne!(a, b);
    }
}
