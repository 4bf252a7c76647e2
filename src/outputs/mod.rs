//! What mokuhyo writes: workbooks and templates ([`xlsx`]) and PDFs
//! ([`pdf`]), from the consolidation and the year end. Writers never read a
//! file and never import each other; what they share is in [`present`].
//! [`write`] puts bytes on disk, atomically.

pub mod html;
pub mod open_data;
pub mod pdf;
pub mod present;
pub mod write;
pub mod xlsx;
