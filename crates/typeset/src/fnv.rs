//! FNV-1a (64 bits, the `fnv` crate's): the subset tags and the document's
//! ID, derived from the content so that the same pages give the same bytes.

use std::hash::Hasher;

/// Where FNV-1a (64 bits) starts.
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `bytes`, continuing from `hash` ([`FNV_START`] to begin).
pub fn fnv(bytes: impl IntoIterator<Item = u8>, hash: u64) -> u64 {
    let mut hasher = fnv::FnvHasher::with_key(hash);
    for b in bytes {
        hasher.write_u8(b);
    }
    hasher.finish()
}
