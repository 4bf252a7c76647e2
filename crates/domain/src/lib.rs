//! The vocabulary every stage shares: the document and its values, fiscal
//! years and dates in 和暦, the template's form, the findings, the system's
//! reasons in Japanese, and the mark mokuhyo leaves in what it writes.
//! Depends on no other crate of mokuhyo.

pub mod file_name;
pub mod finding;
pub mod form;
pub mod mark;
pub mod model;
pub mod os;
pub mod plan;
pub mod problem;
pub mod quantity;
pub mod roster;
pub mod wareki;
