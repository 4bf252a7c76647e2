//! HTML text: escaping, and the page every published file shares (language,
//! title, stylesheet, skip link, header with the breadcrumb, main, footer).

/// Text escaped for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text as paragraphs: each non-empty line one `<p>`.
pub fn paragraphs(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| format!("<p>{}</p>\n", esc(l)))
        .collect()
}

/// Text whose lines starting with ・ are bullets, as the city's pages write
/// them: paragraphs, and runs of ・ lines as a list without markers (the ・
/// stays in the text, as written).
pub fn paragraphs_and_bullets(text: &str) -> String {
    let mut out = String::new();
    let mut in_list = false;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let bullet = line.starts_with('・');
        if bullet && !in_list {
            out.push_str("<ul style=\"list-style-type: none\">\n");
            in_list = true;
        } else if !bullet && in_list {
            out.push_str("</ul>\n");
            in_list = false;
        }
        if bullet {
            out.push_str(&format!("<li>{}</li>\n", esc(line)));
        } else {
            out.push_str(&format!("<p>{}</p>\n", esc(line)));
        }
    }
    if in_list {
        out.push_str("</ul>\n");
    }
    out
}

/// A link in the breadcrumb: its text and, but for the current page, where
/// it goes.
pub struct Crumb<'a> {
    /// The text.
    pub text: &'a str,
    /// The relative address; `None` for the page itself.
    pub href: Option<&'a str>,
}

/// A whole page: `title` in the window (and the tab), `site` the header's
/// line, `body` the content of `main` (which opens with the page's h1).
pub fn page(title: &str, site: &str, crumbs: &[Crumb], body: &str) -> String {
    let mut nav = String::new();
    if !crumbs.is_empty() {
        nav.push_str("<nav aria-label=\"現在位置\">\n<ol class=\"crumbs\">\n");
        for c in crumbs {
            match c.href {
                Some(href) => nav.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>\n",
                    esc(href),
                    esc(c.text)
                )),
                None => nav.push_str(&format!("<li aria-current=\"page\">{}</li>\n", esc(c.text))),
            }
        }
        nav.push_str("</ol>\n</nav>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">本文へ移動</a>\n<header>\n<p class=\"site\">{site}</p>\n{nav}</header>\n<main id=\"main\">\n{body}</main>\n<footer>\n<p>{site}</p>\n</footer>\n</body>\n</html>\n",
        title = esc(title),
        site = esc(site),
    )
}

/// A table that may be wider than a phone: scrollable on its own, and
/// reachable by keyboard to scroll it (styled inline, so that a fragment
/// pasted into a CMS scrolls too).
pub fn scrolling(label: &str, table: &str) -> String {
    format!(
        "<div role=\"region\" aria-label=\"{}\" tabindex=\"0\" style=\"overflow-x: auto\">\n{table}</div>\n",
        esc(label)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_keeps_bullets_as_written() {
        assert_eq!(
            esc("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(
            paragraphs_and_bullets("説明\n・一つ\n・二つ\n\nあと"),
            "<p>説明</p>\n<ul style=\"list-style-type: none\">\n<li>・一つ</li>\n<li>・二つ</li>\n</ul>\n<p>あと</p>\n"
        );
    }
}
