//! Errors.

use core::fmt;

/// The map already holds [`MAX_ENTRIES`](crate::MAX_ENTRIES) entries: slot
/// numbers are 32-bit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CapacityError;

impl fmt::Display for CapacityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a SlabMap holds at most {} entries", crate::MAX_ENTRIES)
    }
}

impl std::error::Error for CapacityError {}

/// Why [`SlabMap::try_reserve`](crate::SlabMap::try_reserve) failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TryReserveError {
    /// The requested capacity exceeds what the map can address or what
    /// `isize` can measure.
    CapacityOverflow,
    /// The allocator could not provide the memory.
    AllocError,
}

impl fmt::Display for TryReserveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TryReserveError::CapacityOverflow => f.write_str("capacity overflow"),
            TryReserveError::AllocError => f.write_str("memory allocation failed"),
        }
    }
}

impl std::error::Error for TryReserveError {}

/// The slab's own reservation: sizes are checked for overflow before it is
/// asked, so what remains is the allocator's refusal.
impl From<std::collections::TryReserveError> for TryReserveError {
    fn from(_: std::collections::TryReserveError) -> Self {
        TryReserveError::AllocError
    }
}

impl From<hashbrown::TryReserveError> for TryReserveError {
    fn from(err: hashbrown::TryReserveError) -> Self {
        match err {
            hashbrown::TryReserveError::CapacityOverflow => TryReserveError::CapacityOverflow,
            hashbrown::TryReserveError::AllocError { .. } => TryReserveError::AllocError,
        }
    }
}
