//! Every PDF mokuhyo writes is a tagged PDF, read back with lopdf: the
//! catalog says so (MarkInfo, Lang, StructTreeRoot, DisplayDocTitle); the
//! structure tree's text reads in the seed's order; tables have header
//! cells; each chart is a Figure with alternative text; no text is drawn
//! outside a marked-content sequence, and every sequence with an MCID is
//! in the ParentTree; the contents' links are Link elements.

use std::collections::BTreeMap;

use crate::common::pdf::*;
use crate::common::structure::*;
use crate::common::*;
use lopdf::{Document as Pdf, Object};
use mokuhyo::config::Config;
use mokuhyo::outputs::pdf::Pdf as Written;
use mokuhyo::year_end::rollup::rollup;

/// The catalog says the document is tagged, in Japanese, its title shown.
fn assert_catalog(pdf: &Pdf) {
    let catalog = pdf.catalog().unwrap();
    let mark_info = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"ja-JP");
    let preferences = catalog
        .get(b"ViewerPreferences")
        .unwrap()
        .as_dict()
        .unwrap();
    assert!(
        preferences
            .get(b"DisplayDocTitle")
            .unwrap()
            .as_bool()
            .unwrap()
    );
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(|i| pdf.dereference(i))
        .unwrap()
        .1
        .as_dict()
        .unwrap();
    assert!(!utf16_or_literal(info.get(b"Title").unwrap()).is_empty());
}

fn utf16_or_literal(object: &Object) -> String {
    let bytes = object.as_str().unwrap();
    if bytes.starts_with(&[0xFE, 0xFF]) {
        utf16(object)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// Every text is marked; sequences balance; each page's MCIDs are those
/// its ParentTree entry lists, each naming the element that holds it.
fn assert_marked(t: &Tagged) {
    let tree = t
        .pdf
        .catalog()
        .unwrap()
        .get_deref(b"StructTreeRoot", &t.pdf)
        .unwrap()
        .as_dict()
        .unwrap();
    let parent_tree = tree
        .get_deref(b"ParentTree", &t.pdf)
        .unwrap()
        .as_dict()
        .unwrap();
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    let entries: BTreeMap<i64, &Object> = nums
        .chunks(2)
        .map(|pair| (pair[0].as_i64().unwrap(), &pair[1]))
        .collect();
    for (n, (id, page)) in t.pages.iter().enumerate() {
        assert_eq!(
            page.unmarked,
            0,
            "page {}: text outside marked content",
            n + 1
        );
        assert_eq!(page.depth, 0, "page {}: unbalanced marked content", n + 1);
        let dict = t.pdf.get_dictionary(*id).unwrap();
        let key = dict.get(b"StructParents").unwrap().as_i64().unwrap();
        let refs = entries[&key].as_array().unwrap();
        let mcids: Vec<i64> = page.text.keys().copied().collect();
        // Every MCID with text is listed (some sequences hold only drawing).
        for mcid in mcids {
            let element = refs[mcid as usize].as_reference().unwrap();
            let e = t.pdf.get_dictionary(element).unwrap();
            assert_eq!(e.get(b"Type").unwrap().as_name().unwrap(), b"StructElem");
        }
    }
    // All text the tree holds, and none lost: the page text is the tree's
    // plus the artifacts'.
    let tree_text = squeeze(&t.root.deep_text());
    let marked: String = t
        .pages
        .iter()
        .flat_map(|(_, p)| p.text.values().cloned())
        .collect();
    assert_eq!(squeeze(&marked).chars().count(), tree_text.chars().count());
}

fn samples() -> mokuhyo::consolidate::Consolidation {
    crate::pdf::samples()
}

fn department(name: &str) -> (Written, usize) {
    let c = samples();
    let index = c
        .documents
        .iter()
        .position(|(_, d)| d.department == name)
        .unwrap();
    (writer().department(&c, index).unwrap(), index)
}

#[test]
fn the_packet_and_a_department_are_tagged_with_every_text_marked() {
    let packet = writer().packet(&samples()).unwrap();
    let (section, _) = department("総合政策部");
    for out in [&packet, &section] {
        let t = tagged(&out.bytes);
        assert_catalog(&t.pdf);
        assert_marked(&t);
        // The running header and the page numbers are pagination artifacts.
        let last = &t.pages.last().unwrap().1;
        assert!(
            last.artifacts.contains(&format!("{0} / {0}", out.pages)),
            "{}",
            last.artifacts
        );
        assert_eq!(t.root.tag, "Document");
    }
}

#[test]
fn the_seed_section_reads_in_the_seed_order_in_the_structure_tree() {
    let (out, index) = department("総合政策部");
    let t = tagged(&out.bytes);
    let c = samples();
    let doc = &c.documents[index].1;
    let elements = t.root.all();
    let tags: Vec<&str> = elements.iter().map(|e| e.tag.as_str()).collect();
    assert_eq!(tags[1], "H1");
    // The H1 names the department, so that a list of headings tells the
    // sections apart; (1) and (2) are H2s, not table header cells.
    assert_eq!(
        squeeze(&elements[1].text),
        squeeze("令和8年度 部局経営目標【総合政策部】")
    );
    let h2: Vec<String> = elements
        .iter()
        .filter(|e| e.tag == "H2")
        .map(|e| squeeze(&e.text))
        .collect();
    assert_eq!(
        h2,
        [
            squeeze("(1) 部局の方向性 (テーマ)"),
            squeeze("(2) 事業成果目標 (重点事業)")
        ]
    );
    let pieces = seed_pieces(doc, "令和8年度 部局経営目標", "・");
    let text = squeeze(&t.root.deep_text());
    assert_in_order(&text, &pieces);
    // The seed document itself (its published text, kept in the
    // repository): each of its cells and paragraphs, in its order.
    let seed = std::fs::read_to_string(crate::common::fixture(
        "seed/真庭市_総合政策部_令和8年度.txt",
    ))
    .unwrap();
    {
        let mut pieces = Vec::new();
        let mut rest = seed.as_str();
        while !rest.is_empty() {
            let cut = rest.find(['<', '\t', '\n']).unwrap_or(rest.len());
            pieces.push(rest[..cut].to_string());
            rest = &rest[cut..];
            let skip = match rest.chars().next() {
                Some('<') => rest.find('>').map_or(rest.len(), |i| i + 1),
                Some(c) => c.len_utf8(),
                None => 0,
            };
            rest = &rest[skip..];
        }
        // The packet adds a colon after 実績値, as the published form.
        let colonless = |s: &str| s.replace(':', "");
        let pieces: Vec<String> = pieces
            .iter()
            .map(|p| colonless(p))
            .filter(|p| !squeeze(p).is_empty())
            .collect();
        assert!(pieces.len() > 30, "{}", pieces.len());
        assert_in_order(&colonless(&text), &pieces);
    }
    // No repeated table header in the tree: it says each heading once.
    assert_eq!(text.matches("指標名及び目標値").count(), 1);
    // The project's bullets are a list.
    let bulleted = doc
        .projects
        .iter()
        .flat_map(|p| p.description.lines())
        .any(|l| l.starts_with('・'));
    if bulleted {
        assert!(tags.contains(&"L") && tags.contains(&"LI") && tags.contains(&"LBody"));
    }
}

/// Every table has header cells: its header rows are all TH (Scope Column),
/// a label beside values is a TH of its row.
fn assert_tables(root: &Element) {
    let tables: Vec<&Element> = root
        .all()
        .into_iter()
        .filter(|e| e.tag == "Table")
        .collect();
    assert!(!tables.is_empty());
    for table in tables {
        assert!(table.kids.iter().all(|r| r.tag == "TR"), "{:?}", table.tag);
        let mut ths = 0;
        for row in &table.kids {
            let scopes: Vec<Option<Vec<u8>>> = row
                .kids
                .iter()
                .map(|cell| {
                    assert!(cell.tag == "TH" || cell.tag == "TD", "{}", cell.tag);
                    cell.attributes
                        .as_ref()
                        .and_then(|a| a.get(b"Scope").ok())
                        .map(|s| s.as_name().unwrap().to_vec())
                })
                .collect();
            if scopes.iter().any(|s| s.as_deref() == Some(b"Column")) {
                assert!(row.kids.iter().all(|c| c.tag == "TH"), "a header row");
            }
            ths += row.kids.iter().filter(|c| c.tag == "TH").count();
        }
        assert!(
            ths > 0,
            "a table without header cells: {}",
            table.deep_text()
        );
    }
}

#[test]
fn tables_have_header_cells_and_the_summary_chart_is_a_figure_with_its_data() {
    let c = samples();
    let packet = writer().packet(&c).unwrap();
    let t = tagged(&packet.bytes);
    assert_tables(&t.root);
    let figures: Vec<&Element> = t
        .root
        .all()
        .into_iter()
        .filter(|e| e.tag == "Figure")
        .collect();
    assert_eq!(figures.len(), 1, "the summary's bar chart");
    let alt = figures[0].alt.as_deref().unwrap();
    assert!(alt.contains("部局別の指標数"), "{alt}");
    // Its bounding box, within the A4 page.
    let layout = figures[0].attributes.as_ref().unwrap();
    assert_eq!(layout.get(b"O").unwrap().as_name().unwrap(), b"Layout");
    let bbox: Vec<f32> = layout
        .get(b"BBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap())
        .collect();
    assert!(
        bbox[0] < bbox[2] && bbox[1] < bbox[3] && bbox[1] > 0.0 && bbox[3] < 842.0,
        "{bbox:?}"
    );
    for (_, doc) in &c.documents {
        let count: usize = doc.projects.iter().map(|p| p.indicators.len()).sum();
        assert!(
            alt.contains(&format!("{} {count}", doc.department)),
            "{alt}"
        );
    }
    // Headings: H1 per department, the contents, the summary, and the
    // sections on the SDGs and the 施策 (the samples have both).
    let h1 = t.root.all().iter().filter(|e| e.tag == "H1").count();
    assert_eq!(h1, c.documents.len() + 4);
    // The contents: a TOCI per line, each a Reference (a TOCI holds no
    // Link itself) to a Link with its annotation.
    let toc = t.root.all().into_iter().find(|e| e.tag == "TOC").unwrap();
    assert_eq!(toc.kids.len(), c.documents.len() + 3);
    for item in &toc.kids {
        assert_eq!(item.tag, "TOCI");
        assert_eq!(item.kids.len(), 1);
        let reference = &item.kids[0];
        assert_eq!(reference.tag, "Reference");
        assert_eq!(reference.kids.len(), 1);
        let link = &reference.kids[0];
        assert_eq!(link.tag, "Link");
        assert_eq!(link.objects.len(), 1);
        let annot = t.pdf.get_dictionary(link.objects[0]).unwrap();
        assert_eq!(annot.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
        assert!(annot.get(b"StructParent").is_ok());
        assert!(!utf16(annot.get(b"Contents").unwrap()).is_empty());
    }
}

#[test]
fn the_rollup_report_is_tagged_with_a_figure_per_chart() {
    let c = crate::rollup_pdf::year_end();
    let config = Config::load(&root().join("samples/mokuhyo.toml")).unwrap();
    let r = rollup(&c, &config.rollup);
    let out = writer().rollup(&c, &r).unwrap();
    let t = tagged(&out.bytes);
    assert_catalog(&t.pdf);
    assert_marked(&t);
    assert_tables(&t.root);
    let figures: Vec<&Element> = t
        .root
        .all()
        .into_iter()
        .filter(|e| e.tag == "Figure")
        .collect();
    // The city's stacked chart and a 達成率 chart per department with rates.
    assert!(figures.len() >= 2, "{}", figures.len());
    for figure in &figures {
        let alt = figure.alt.as_deref().unwrap_or_default();
        assert!(!alt.is_empty());
        assert!(alt.contains('「'), "{alt}");
    }
    assert!(
        figures
            .iter()
            .any(|f| f.alt.as_deref().unwrap().starts_with("100%積み上げ")),
        "the city's distribution"
    );
    let tags: Vec<&str> = t.root.all().iter().map(|e| e.tag.as_str()).collect();
    for tag in ["H1", "H2", "H3", "P", "L", "LI", "LBody", "TOC"] {
        assert!(tags.contains(&tag), "{tag}");
    }
}

#[test]
fn the_comparison_section_is_tagged_too() {
    let this = samples();
    let last = crate::rollup_pdf::year_end();
    let config = Config::load(&root().join("samples/mokuhyo.toml")).unwrap();
    let year = this.year.unwrap();
    let cmp = mokuhyo::year_end::diff::compare(
        &last.documents.iter().map(|(_, d)| &**d).collect::<Vec<_>>(),
        &this.documents.iter().map(|(_, d)| &**d).collect::<Vec<_>>(),
        &config.roster,
        (year.previous(), year),
    );
    let out = writer().packet_compared(&this, Some(&cmp)).unwrap();
    let t = tagged(&out.bytes);
    assert_catalog(&t.pdf);
    assert_marked(&t);
    assert_tables(&t.root);
    let all = t.root.all();
    assert!(
        all.iter()
            .any(|e| e.tag == "H1" && e.text == "前年度との比較")
    );
    assert!(
        all.iter().any(|e| e.tag == "H2"),
        "a heading per department"
    );
}

/// A screen reader's list of headings tells the departments apart: in the
/// packet and in the year-end report, every H1 is said once, and each
/// department's names it.
#[test]
fn every_department_s_heading_names_it() {
    let start = samples();
    let year_end = crate::rollup_pdf::year_end();
    let config = Config::load(&root().join("samples/mokuhyo.toml")).unwrap();
    let r = rollup(&year_end, &config.rollup);
    for (c, bytes) in [
        (&start, writer().packet(&start).unwrap().bytes),
        (&year_end, writer().rollup(&year_end, &r).unwrap().bytes),
    ] {
        let t = tagged(&bytes);
        let h1: Vec<String> = t
            .root
            .all()
            .into_iter()
            .filter(|e| e.tag == "H1")
            .map(|e| squeeze(&e.text))
            .collect();
        let mut unique = h1.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), h1.len(), "{h1:?}");
        for (_, doc) in &c.documents {
            let named = format!("【{}】", doc.department);
            assert!(
                h1.iter().any(|h| h.ends_with(&squeeze(&named))),
                "{named}: {h1:?}"
            );
        }
    }
}
