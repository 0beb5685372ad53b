//! What the allocator holds, and giving freed memory back to the system.
//! The server's memory is glibc's malloc (Rust's `System` allocator and
//! tree-sitter's C code both use it), so its own counters are the
//! allocator-level report: bytes in use, and bytes freed but still held.
//! Closing documents frees their ropes and trees, but glibc keeps freed
//! pages for reuse; `malloc_trim` returns them, once the closing is over.

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Usage {
    /// Bytes handed out and not yet freed.
    pub in_use: usize,
    /// Bytes freed but still held by the allocator.
    pub held_free: usize,
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
mod glibc {
    use super::Usage;

    pub fn usage() -> Option<Usage> {
        // SAFETY: mallinfo2 takes no arguments and only reads the
        // allocator's counters.
        let info = unsafe { libc::mallinfo2() };
        Some(Usage {
            in_use: info.uordblks.saturating_add(info.hblkhd),
            held_free: info.fordblks,
        })
    }

    pub fn give_back() {
        // SAFETY: malloc_trim only releases free memory the allocator
        // holds; no live allocation is touched.
        unsafe {
            libc::malloc_trim(0);
        }
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub use glibc::{give_back, usage};

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn usage() -> Option<Usage> {
    None
}

/// Other allocators give memory back on their own.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back() {}
