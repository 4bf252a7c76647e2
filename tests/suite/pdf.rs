//! The PDF packet read back with lopdf: the seed's texts present and in
//! order, a bookmark and a working contents link per department, fonts
//! embedded as subsets with ToUnicode maps, properties (and their XMP),
//! identical bytes.

use std::path::PathBuf;
use std::sync::Arc;

use crate::common::pdf::*;
use crate::common::*;
use lopdf::Object;
use mokuhyo::config::Config;
use mokuhyo::consolidate::Consolidation;
use mokuhyo::domain::model::Document;

/// The sample departments in roster order, as the build chooses them.
pub(crate) fn samples() -> Consolidation {
    let config = Config::load(&root().join("samples/mokuhyo.toml")).unwrap();
    let mut documents: Vec<(PathBuf, Arc<Document>)> = sample_departments()
        .into_iter()
        .map(|d| (sample(&d), Arc::new(source(&d))))
        .collect();
    documents.sort_by_key(|(_, d)| config.roster.index(&d.department));
    Consolidation {
        municipality: config.municipality.clone(),
        year: config.year,
        documents,
        submissions: Vec::new(),
        plans: config.plans.clone(),
    }
}

#[test]
fn the_seed_section_reads_like_the_seed_with_every_value_in_order() {
    let c = samples();
    let index = c
        .documents
        .iter()
        .position(|(_, d)| d.department == "総合政策部")
        .unwrap();
    let out = writer().department(&c, index).unwrap();
    assert!(out.missing.is_empty(), "{:?}", out.missing);
    let pdf = load(&out.bytes);
    let all = text(&pdf, 1..=out.pages as u32);
    let doc = &c.documents[index].1;
    let pieces = seed_pieces(doc, "令和8年度 部局経営目標", "・");
    assert_in_order(&all, &pieces);
    // The seed's own wording, as published.
    for seed in [
        "●人口減少抑制対策",
        "指標:①市内成婚数 ②移住者数",
        "目標値:①115組 ②30人",
        "(令和7年度実績値:①121組 ②34人)",
        "指標:ワークショップ等の延べ参加者数目標値:100%(令和7年度実績値:-)",
        "1-①キャッシュレス・市民ポイント推進事業",
        "指標:①まにこいん決済額(累計) ②加盟店数",
        "目標値:①10.0億円 ②350店",
        "(令和7年度実績値:①7.4億円 ②297店)",
        "(令和7年度実績値(見込み):100%)",
        "目標値:①3回 ②45人 ③1回 ④15人",
        "(令和7年度実績値:①3回 ②81人 ③2回 ④23人)",
        "目標値:450万件",
        "(令和7年度実績値(見込み):395万件)",
    ] {
        assert!(all.contains(&squeeze(seed)), "「{seed}」 not in the PDF");
    }
    // Subset fonts keep one department small.
    assert!(out.bytes.len() <= 100_000, "{} bytes", out.bytes.len());
}

#[test]
fn the_packet_has_contents_links_and_a_bookmark_per_department() {
    let c = samples();
    let out = writer().packet(&c).unwrap();
    let pdf = load(&out.bytes);
    assert_eq!(pdf.get_pages().len(), out.pages);
    assert_eq!(out.pages, 21);
    let marks = bookmarks(&pdf);
    let titles: Vec<&str> = marks.iter().map(|(t, _)| t.as_str()).collect();
    let mut expected = vec!["目次"];
    expected.extend(c.documents.iter().map(|(_, d)| d.department.as_str()));
    expected.extend(["指標一覧", "SDGs との関連", "総合計画の施策との関連"]);
    assert_eq!(titles, expected);
    // Each bookmark's page starts that section (its running header).
    for (title, page) in &marks[1..] {
        let t = text(&pdf, [*page]);
        let header = format!(
            "令和8年度部局経営目標{}{page}/{}",
            squeeze(title),
            out.pages
        );
        assert!(t.ends_with(&header), "{title}: {t}");
        if *page > 1 {
            let before = text(&pdf, [*page - 1]);
            assert!(
                !before.contains(&format!("部局名{title}")),
                "{title} starts earlier"
            );
        }
    }
    // The contents: a link per line to the page its number says.
    let contents = pdf.get_pages()[&2];
    let page = pdf.get_dictionary(contents).unwrap();
    let links: Vec<&lopdf::Dictionary> = page
        .get(b"Annots")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| match a {
            Object::Reference(id) => pdf.get_dictionary(*id).unwrap(),
            other => other.as_dict().unwrap(),
        })
        .collect();
    assert_eq!(links.len(), marks.len() - 1);
    let toc = text(&pdf, [2]);
    for (link, (title, page)) in links.iter().zip(&marks[1..]) {
        let action = link.get(b"A").unwrap().as_dict().unwrap();
        let dest = action.get(b"D").unwrap().as_array().unwrap();
        assert_eq!(page_number(&pdf, dest[0].as_reference().unwrap()), *page);
        assert!(
            toc.contains(&format!("{}{page}", squeeze(title))),
            "{title} {page} in {toc}"
        );
    }
}

#[test]
fn fonts_are_embedded_as_subsets_with_unicode_maps() {
    let out = writer().packet(&samples()).unwrap();
    let pdf = load(&out.bytes);
    let mut fonts = 0;
    for object in pdf.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0") {
            continue;
        }
        fonts += 1;
        let name =
            String::from_utf8(dict.get(b"BaseFont").unwrap().as_name().unwrap().to_vec()).unwrap();
        let (tag, family) = name.split_once('+').unwrap();
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        assert!(family.starts_with("BIZUDGothic-"), "{name}");
        assert!(dict.has(b"ToUnicode"), "{name}");
        let descendant = dict.get(b"DescendantFonts").unwrap().as_array().unwrap();
        let cid = match &descendant[0] {
            Object::Reference(id) => pdf.get_dictionary(*id).unwrap(),
            other => other.as_dict().unwrap(),
        };
        let descriptor = cid
            .get_deref(b"FontDescriptor", &pdf)
            .unwrap()
            .as_dict()
            .unwrap();
        let file = descriptor
            .get_deref(b"FontFile2", &pdf)
            .unwrap()
            .as_stream()
            .unwrap();
        let size = file.dict.get(b"Length1").unwrap().as_i64().unwrap();
        assert!(
            size < 400_000,
            "{name}: {size} bytes embedded, not a subset"
        );
    }
    assert_eq!(fonts, 2);
}

#[test]
fn properties_and_identical_bytes() {
    let c = samples();
    let w = writer();
    let a = w.packet(&c).unwrap();
    let b = w.packet(&c).unwrap();
    assert!(a.bytes == b.bytes, "two packets differ");
    let pdf = load(&a.bytes);
    let info = pdf
        .trailer
        .get_deref(b"Info", &pdf)
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(utf16(info.get(b"Title").unwrap()), "令和8年度 部局経営目標");
    assert_eq!(utf16(info.get(b"Author").unwrap()), "真庭市");
    assert!(utf16(info.get(b"Subject").unwrap()).contains("部局経営目標"));
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20260401000000+00'00'"
    );
    assert!(!info.has(b"GTS_PDFXVersion"));
    // The same properties as XMP, in the open: where checkers and
    // document systems look for the title.
    let catalog = pdf.catalog().unwrap();
    let id = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = pdf.get_object(id).unwrap().as_stream().unwrap();
    assert_eq!(
        stream.dict.get(b"Subtype").unwrap().as_name().unwrap(),
        b"XML"
    );
    assert!(!stream.dict.has(b"Filter"));
    let xmp = String::from_utf8(stream.content.clone()).unwrap();
    for property in [
        "<rdf:li xml:lang=\"x-default\">令和8年度 部局経営目標</rdf:li>",
        "<dc:creator><rdf:Seq><rdf:li>真庭市</rdf:li></rdf:Seq></dc:creator>",
        "<dc:language><rdf:Bag><rdf:li>ja-JP</rdf:li></rdf:Bag></dc:language>",
        "<xmp:CreateDate>2026-04-01T00:00:00+00:00</xmp:CreateDate>",
        "xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"",
        "<pdfuaid:part>1</pdfuaid:part>",
    ] {
        assert!(xmp.contains(property), "{property} not in {xmp}");
    }
    let producer = utf16(info.get(b"Producer").unwrap());
    assert!(xmp.contains(&format!("<pdf:Producer>{producer}</pdf:Producer>")));
    let marks = bookmarks(&pdf);
    let at = marks.iter().position(|(t, _)| t == "指標一覧").unwrap();
    let summary = text(&pdf, marks[at].1..marks[at + 1].1);
    assert!(
        summary.contains("①まにこいん決済額(累計)10.0億円7.4億円"),
        "{summary}"
    );
    assert!(summary.contains("395万件(見込み)"));
}

#[test]
fn a_character_the_font_lacks_is_reported_and_shown_as_geta() {
    let mut c = samples();
    c.documents.truncate(1);
    Arc::make_mut(&mut c.documents[0].1).head = "木村 \u{E000}生".to_string();
    let out = writer().packet(&c).unwrap();
    assert_eq!(out.missing.len(), 1);
    assert_eq!(out.missing[0].department, c.documents[0].1.department);
    assert_eq!(out.missing[0].chars, ['\u{E000}']);
    assert_eq!(out.missing[0].file.as_ref(), Some(&c.documents[0].0));
    let all = text(&load(&out.bytes), 1..=out.pages as u32);
    assert!(all.contains("部局長名木村〓生"), "{all}");
}

/// The sections are made in parallel; what the font lacks is reported in
/// the packet's order, once per department and text: a department's name
/// first from the contents, then its section's texts, department by
/// department.
#[test]
fn characters_the_font_lacks_are_reported_in_the_packet_s_order() {
    let mut c = samples();
    let copies: Vec<_> = (0..40)
        .map(|i| {
            let (path, doc) = &c.documents[i % 6];
            let mut doc = Document::clone(doc);
            doc.department = format!("{}{i:02}", doc.department);
            if i % 3 == 0 {
                doc.department.push('\u{E000}');
            }
            doc.head = format!("木村 \u{E001}{i}");
            doc.remark = "\u{E002}".to_string();
            (path.clone(), Arc::new(doc))
        })
        .collect();
    c.documents = copies;
    let out = writer().packet(&c).unwrap();
    let mut expected = Vec::new();
    for (_, doc) in c
        .documents
        .iter()
        .filter(|(_, d)| d.department.ends_with('\u{E000}'))
    {
        expected.push((doc.department.clone(), doc.department.clone()));
    }
    for (_, doc) in &c.documents {
        let texts: Vec<String> = out
            .missing
            .iter()
            .filter(|g| g.department == doc.department && g.text != doc.department)
            .map(|g| g.text.clone())
            .collect();
        assert!(texts.contains(&doc.head), "{}: {texts:?}", doc.department);
        assert!(texts.contains(&doc.remark), "{}: {texts:?}", doc.department);
    }
    let firsts: Vec<(String, String)> = out
        .missing
        .iter()
        .take(expected.len())
        .map(|g| (g.department.clone(), g.text.clone()))
        .collect();
    assert_eq!(firsts, expected, "the contents' names first");
    let departments: Vec<&str> = out.missing[expected.len()..]
        .iter()
        .map(|g| g.department.as_str())
        .collect();
    let mut order = departments.clone();
    order.dedup();
    let names: Vec<&str> = c
        .documents
        .iter()
        .map(|(_, d)| d.department.as_str())
        .collect();
    assert_eq!(order, names, "then section by section");
    let mut keys: Vec<_> = out
        .missing
        .iter()
        .map(|g| (&g.department, &g.text))
        .collect();
    let all = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), all, "each department and text once");
}

/// Laying the packet out piece by piece in parallel gives the pages, the
/// anchors, the bookmarks and the structure of laying it out in one pass:
/// for the samples, for many departments (many pieces, a contents of
/// several pages) and for a department alone.
#[test]
fn parallel_pagination_is_the_one_pass_layout() {
    use mokuhyo_typeset::font::{FontSet, Metrics};
    use mokuhyo_typeset::layout::{Geometry, paginate_settled};
    use mokuhyo_typeset::pieces::paginate_parallel;
    let fonts = FontSet::embedded();
    let m = Metrics::new(&fonts);
    let writer = writer();
    let mut many = samples();
    let copies: Vec<_> = (0..60)
        .map(|i| {
            let (path, doc) = &many.documents[i % 6];
            let mut doc = Document::clone(doc);
            doc.department = format!("{}{i:02}", doc.department);
            (path.clone(), Arc::new(doc))
        })
        .collect();
    many.documents = copies;
    let c = samples();
    let mut cases = Vec::new();
    for (name, c) in [("samples", &c), ("60 departments", &many)] {
        let prepared = writer.prepare_packet(c, None);
        cases.push((name.to_string(), prepared.blocks().to_vec()));
    }
    let prepared = writer.prepare_department(&c, 0);
    cases.push(("a department".to_string(), prepared.blocks().to_vec()));
    for (name, blocks) in cases {
        let one = paginate_settled(&blocks, &m, Geometry::A4);
        let parallel = paginate_parallel(blocks.clone(), &fonts, Geometry::A4);
        assert_eq!(parallel.pages.len(), one.pages.len(), "{name}: pages");
        for (i, (a, b)) in parallel.pages.iter().zip(&one.pages).enumerate() {
            assert!(a == b, "{name}: page {} differs", i + 1);
        }
        assert_eq!(parallel.anchors, one.anchors, "{name}: anchors");
        assert_eq!(parallel.bookmarks, one.bookmarks, "{name}: bookmarks");
        assert!(
            parallel.structure.elements == one.structure.elements,
            "{name}: structure"
        );
    }
}

/// A sink with room for `left` bytes, then full as a disk is.
struct FillsUp {
    taken: Vec<u8>,
    left: usize,
}

impl std::io::Write for FillsUp {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::ErrorKind::StorageFull.into());
        }
        let n = buf.len().min(self.left);
        self.taken.extend_from_slice(&buf[..n]);
        self.left -= n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_packet_given_to_a_sink_is_the_packet_and_a_full_sink_is_an_error_naming_the_file() {
    use mokuhyo::error::{Error, OsReason};
    let c = samples();
    let writer = writer();
    let whole = writer.write(writer.prepare_packet(&c, None)).unwrap();
    let path = std::path::Path::new("out/令和8年度_部局経営目標.pdf");
    let mut room = FillsUp {
        taken: Vec::new(),
        left: usize::MAX,
    };
    let sunk = writer
        .write_to(writer.prepare_packet(&c, None), path, &mut room)
        .unwrap();
    assert!(sunk.bytes.is_empty());
    assert_eq!(sunk.pages, whole.pages);
    assert!(room.taken == whole.bytes, "the bytes differ");
    for left in [0, 1000, whole.bytes.len() / 2, whole.bytes.len() - 1] {
        let mut full = FillsUp {
            taken: Vec::new(),
            left,
        };
        let e = writer
            .write_to(writer.prepare_packet(&c, None), path, &mut full)
            .unwrap_err();
        assert!(
            matches!(&e, Error::Write { path: p, reason: OsReason::DiskFull } if p == path),
            "{left} bytes: {e:?}"
        );
        assert_eq!(
            e.to_string(),
            "「out/令和8年度_部局経営目標.pdf」に書き込めません。ディスクの空きが足りません。空きを作ってから実行し直してください。"
        );
    }
}
