//! How a run keeps its memory down: when the PDFs and the workbook are
//! made at once, and giving back what a finished stage freed.

/// Up to this many departments, the PDFs and the workbook are made at once;
/// past it one after the other, so that a very large run holds only one of
/// them (the same bytes either way).
pub(super) const AT_ONCE: usize = 2_000;

/// Runs `a` and `b` at once for a run of up to [`AT_ONCE`] departments,
/// else `a`, then `b` once what `a` freed is given back.
pub(super) fn both<A, B, RA, RB>(departments: usize, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if departments <= AT_ONCE {
        rayon::join(a, b)
    } else {
        let a = a();
        give_back();
        (a, b())
    }
}

/// Returns the pages the allocator holds free to the system. glibc keeps
/// what thousands of files' reading, or a packet's layout, allocated and
/// dropped in its arenas, scattered among what lives on (the documents);
/// without this the next stage's peak stacks on top of it. The binary's
/// allocator (mimalloc, `src/main.rs`) gives them back by itself; this
/// serves the library on glibc's (the tests, the benches). Elsewhere a
/// no-op.
pub(super) fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory the allocator holds free.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_gives_each_result_whether_at_once_or_not() {
        for departments in [1, AT_ONCE, AT_ONCE + 1] {
            let (a, b) = both(departments, || vec![1u8; 1 << 20].len(), || "b".to_string());
            assert_eq!((a, b.as_str()), (1 << 20, "b"), "{departments} departments");
        }
    }
}
