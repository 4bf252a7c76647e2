//! The document's properties, written twice: the document information
//! dictionary, and the XMP metadata packet of the catalog's /Metadata
//! stream, which holds the same properties (title, author, subject,
//! creator, producer, dates) where checkers and document systems look for
//! them, the document's language and the PDF/UA-1 identification. Made
//! from the properties alone, so the same document gives the same bytes.

use std::io::Write;

use super::file::text;

/// Document properties.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// Title.
    pub title: String,
    /// Author (the municipality).
    pub author: String,
    /// Subject.
    pub subject: String,
    /// The program that made the document (「mokuhyo」).
    pub creator: String,
    /// The program that wrote the PDF, with its version.
    pub producer: String,
    /// Creation time (UTC).
    pub time: chrono::NaiveDateTime,
}

/// The document information dictionary.
pub fn information(meta: &Meta) -> Vec<u8> {
    let mut i = b"<</Title".to_vec();
    text(&mut i, &meta.title);
    i.extend_from_slice(b"/Author");
    text(&mut i, &meta.author);
    i.extend_from_slice(b"/Subject");
    text(&mut i, &meta.subject);
    i.extend_from_slice(b"/Creator");
    text(&mut i, &meta.creator);
    i.extend_from_slice(b"/Producer");
    text(&mut i, &meta.producer);
    let when = meta.time.format("D:%Y%m%d%H%M%S+00'00'");
    let _ = write!(i, "/CreationDate({when})/ModDate({when})>>");
    i
}

/// The XMP packet for `meta`, in `lang`: UTF-8, uncompressed in the file;
/// its dates are the information dictionary's.
pub fn xmp(meta: &Meta, lang: &str) -> Vec<u8> {
    let when = meta.time.format("%Y-%m-%dT%H:%M:%S+00:00").to_string();
    let mut x = String::with_capacity(1536);
    x.push_str("<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str("<rdf:Description rdf:about=\"\"");
    x.push_str(" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"");
    x.push_str(" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"");
    x.push_str(" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"");
    x.push_str(" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n");
    x.push_str("<dc:format>application/pdf</dc:format>\n");
    alt(&mut x, "dc:title", &meta.title);
    x.push_str("<dc:creator><rdf:Seq><rdf:li>");
    escaped(&mut x, &meta.author);
    x.push_str("</rdf:li></rdf:Seq></dc:creator>\n");
    alt(&mut x, "dc:description", &meta.subject);
    x.push_str("<dc:language><rdf:Bag><rdf:li>");
    escaped(&mut x, lang);
    x.push_str("</rdf:li></rdf:Bag></dc:language>\n");
    simple(&mut x, "pdf:Producer", &meta.producer);
    simple(&mut x, "xmp:CreatorTool", &meta.creator);
    simple(&mut x, "xmp:CreateDate", &when);
    simple(&mut x, "xmp:ModifyDate", &when);
    simple(&mut x, "xmp:MetadataDate", &when);
    // The claim of PDF/UA-1 (ISO 14289-1), for the part a program can
    // check: scripts/pdfua.sh checks every kind of PDF written.
    simple(&mut x, "pdfuaid:part", "1");
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n");
    x.push_str("<?xpacket end=\"w\"?>");
    x.into_bytes()
}

/// A language alternative with its default only (the text's language is
/// the document's, /Lang).
fn alt(x: &mut String, name: &str, value: &str) {
    x.push('<');
    x.push_str(name);
    x.push_str("><rdf:Alt><rdf:li xml:lang=\"x-default\">");
    escaped(x, value);
    x.push_str("</rdf:li></rdf:Alt></");
    x.push_str(name);
    x.push_str(">\n");
}

fn simple(x: &mut String, name: &str, value: &str) {
    x.push('<');
    x.push_str(name);
    x.push('>');
    escaped(x, value);
    x.push_str("</");
    x.push_str(name);
    x.push_str(">\n");
}

/// Text as XML character data: `& < > "` as references, and the
/// characters XML 1.0 cannot hold at all (controls other than tab and
/// line ends, U+FFFE, U+FFFF) left out.
fn escaped(x: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => x.push_str("&amp;"),
            '<' => x.push_str("&lt;"),
            '>' => x.push_str("&gt;"),
            '"' => x.push_str("&quot;"),
            '\t' | '\n' | '\r' => x.push(c),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {}
            _ => x.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packet_holds_the_properties_escaped() {
        let meta = Meta {
            title: "令和8年度 部局経営目標 R&D <試行> \"案\"\u{7}".to_string(),
            author: "真庭市".to_string(),
            subject: "真庭市の令和8年度部局経営目標".to_string(),
            creator: "mokuhyo".to_string(),
            producer: "mokuhyo 0.1.0".to_string(),
            time: chrono::NaiveDate::from_ymd_opt(2026, 4, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
        };
        let packet = String::from_utf8(xmp(&meta, "ja-JP")).unwrap();
        assert_eq!(
            packet,
            "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">令和8年度 部局経営目標 R&amp;D &lt;試行&gt; &quot;案&quot;</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>真庭市</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">真庭市の令和8年度部局経営目標</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>ja-JP</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>mokuhyo 0.1.0</pdf:Producer>
<xmp:CreatorTool>mokuhyo</xmp:CreatorTool>
<xmp:CreateDate>2026-04-01T00:00:00+00:00</xmp:CreateDate>
<xmp:ModifyDate>2026-04-01T00:00:00+00:00</xmp:ModifyDate>
<xmp:MetadataDate>2026-04-01T00:00:00+00:00</xmp:MetadataDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end=\"w\"?>"
        );
    }
}
