//! The integration tests, one binary with a module per area (as cargo and
//! mdBook do): the binary run in temporary folders, files really saved by
//! Excel's peers, broken and hostile inputs, every message pinned, the
//! outputs read back, and the architecture's rules.

mod common;

mod achievement;
mod architecture;
mod broken;
mod clerk;
mod cli;
mod corpus;
mod document_name;
mod edited;
mod expected;
mod formulas;
mod intake;
mod interrupted;
mod json;
mod libreoffice;
mod linebreak;
mod links_outputs;
mod messages;
mod misread;
mod office_pc;
mod open_data;
mod pdf;
mod pdf_links;
mod plan;
mod publish;
mod review;
mod rollup_book;
mod rollup_pdf;
mod roundtrip;
mod seed;
mod site_pages;
mod tagged;
mod threads;
mod trust;
mod well_formed;
mod workbench;
mod year_end;
