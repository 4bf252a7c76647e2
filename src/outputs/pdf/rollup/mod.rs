//! The year-end report as blocks: cover, contents, the city's grade
//! distribution ([`city`]), then each department in the packet's structure
//! with the achievement columns and a chart of its 達成率 ([`department`]).

mod city;
mod department;

use crate::consolidate::Consolidation;
use crate::year_end::achievement::Grade;
use crate::year_end::rollup::{Counts, Rollup};

use super::packet::{Builder, subheading};
use mokuhyo_typeset::blocks::{Align, Block, Cell, Color, Para, TocEntry, cell, label};

/// The anchor of the city-wide page.
pub const CITY: &str = "city";

/// The title of the city-wide page.
pub const CITY_TITLE: &str = "全体の達成状況";

impl Builder<'_> {
    /// The rollup report's blocks.
    pub fn rollup(&mut self, c: &Consolidation, r: &Rollup, date: &str) -> Vec<Block> {
        let middle = vec![
            Block::Space(10.0),
            Block::Para(Para::new("実績報告").size(24.0).bold().align(Align::Center)),
            Block::Space(4.0),
            Block::Para(Para::new("(達成状況)").size(14.0).align(Align::Center)),
            Block::Space(50.0),
        ];
        let mut blocks = self.front(c, date, 150.0, middle);
        let mut entries = vec![TocEntry {
            text: CITY_TITLE.to_string(),
            anchor: CITY.to_string(),
        }];
        entries.extend(self.department_entries(c, r.departments.iter().map(|d| d.document)));
        blocks.push(Block::Toc(entries));
        blocks.push(Block::PageBreak);
        blocks.extend(self.city(c, r));
        blocks.extend(self.sections(&r.departments, |builder, dept| {
            builder.results(c, dept, &r.thresholds)
        }));
        blocks
    }
}

/// The counts in words: `A 6、B 2、C 1、D 0、− 1`.
fn counts_text(counts: &Counts) -> String {
    counts.listing("、", "− ")
}

/// A cell shaded in a grade's tint, its text bold and centred.
fn grade_cell(grade: Grade, text: &str, size: f32) -> Cell {
    Cell {
        paras: vec![Para::new(text).size(size).bold().align(Align::Center)],
        fill: Some(Color::Rgb(grade.tint())),
        header: false,
    }
}
