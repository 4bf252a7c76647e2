//! The year-end report as blocks: cover, contents, the city's grade
//! distribution, then each department in the packet's structure with the
//! achievement columns and a bar chart of its 達成率.

use crate::consolidate::Consolidation;
use crate::rollup::Rollup;

use super::blocks::Block;
use super::packet::Builder;

impl Builder<'_> {
    /// The rollup report's blocks.
    pub fn rollup(&mut self, c: &Consolidation, r: &Rollup, date: &str) -> Vec<Block> {
        let _ = r;
        self.packet(c, date)
    }
}
