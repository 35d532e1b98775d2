//! Main-text extraction from news HTML.
//!
//! `dom_smoothie` (a port of Mozilla's readability.js) finds the article body and its
//! metadata; in a trial it kept paragraph breaks, byline and publish time where the
//! `readability` crate glued paragraphs together. When it finds no article, or the
//! page is nested too deeply to walk safely, a plain tag stripper that keeps block
//! boundaries takes over, so a page is never dropped for being odd.

use casus_doc::Date;

/// What casus keeps of a web page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub title: Option<String>,
    pub date: Option<Date>,
    pub url: Option<String>,
    pub site_name: Option<String>,
    /// The main text, paragraphs separated by blank lines.
    pub text: String,
    /// How the text was found: `readability` or `tag-stripper` (with the reason).
    pub method: String,
}

/// Pages nested deeper than this skip readability: its tree walks recurse, and a
/// hostile page could exhaust the stack.
const MAX_NESTING: usize = 512;

/// Extracts the main text and metadata of a page.
///
/// # Errors
///
/// Only when the page holds no text at all.
pub fn extract(html: &str) -> Result<Article, String> {
    let depth = nesting_depth(html);
    let readable = if depth <= MAX_NESTING {
        readability(html)
    } else {
        None
    };
    let article = match readable {
        Some(a) if !a.text.trim().is_empty() => a,
        _ => {
            let text = strip_tags(html);
            let method = if depth > MAX_NESTING {
                format!("tag-stripper (nesting depth {depth} > {MAX_NESTING})")
            } else {
                "tag-stripper (no article found)".to_string()
            };
            Article {
                title: title_tag(html),
                date: None,
                url: None,
                site_name: None,
                text,
                method,
            }
        }
    };
    if article.text.trim().is_empty() {
        return Err("the page holds no text".to_string());
    }
    Ok(article)
}

fn readability(html: &str) -> Option<Article> {
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut reader = dom_smoothie::Readability::new(html, None, Some(config)).ok()?;
    let parsed = reader.parse().ok()?;
    let date = parsed
        .published_time
        .as_deref()
        .and_then(|t| t.get(..10))
        .and_then(|d| d.parse().ok());
    let title = Some(parsed.title.trim().to_string()).filter(|t| !t.is_empty());
    Some(Article {
        title,
        date,
        url: None,
        site_name: parsed.site_name.clone(),
        text: paragraphs(&parsed.text_content),
        method: "readability".to_string(),
    })
}

/// Normalises extracted text so that paragraphs are separated by exactly one blank
/// line and lines are trimmed: the segmenter reads blank lines as paragraph breaks.
fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&line);
    }
    out
}

/// The maximum element nesting depth, counted cheaply from tags (void elements and
/// self-closing tags do not nest).
fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "!doctype", "!--",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(p) = bytes[i..].iter().position(|&b| b == b'<') {
        i += p + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = bytes[name_start.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!' || **b == b'-')
            .count();
        if name_len == 0 {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let tag_end = bytes[i..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |e| i + e);
        let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing && !VOID.contains(&name.as_str()) {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

fn title_tag(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let end = open_end + lower[open_end..].find("</title")?;
    let title = decode_entities(html[open_end..end].trim());
    (!title.is_empty()).then_some(title)
}

/// Text of a page with tags removed, `<script>`/`<style>` dropped, entities decoded,
/// and a paragraph break at every block-level tag.
fn strip_tags(html: &str) -> String {
    const BLOCK: &[&str] = &[
        "p",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "tr",
        "article",
        "section",
        "blockquote",
        "header",
        "footer",
        "title",
        "table",
        "ul",
        "ol",
        "dd",
        "dt",
        "pre",
        "hr",
    ];
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[..gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &after[gt + 1..];
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let close = format!("</{name}");
            match rest.to_ascii_lowercase().find(&close) {
                Some(end) => rest = &rest[end..],
                None => rest = "",
            }
            continue;
        }
        if BLOCK.contains(&name.as_str()) {
            out.push_str("\n\n");
        } else {
            out.push(' ');
        }
    }
    out.push_str(&decode_entities(rest));
    paragraphs(&out)
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                "mdash" => '\u{2014}',
                "ndash" => '\u{2013}',
                "rsquo" => '\u{2019}',
                "lsquo" => '\u{2018}',
                "ldquo" => '\u{201C}',
                "rdquo" => '\u{201D}',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Russia Moves Jets | Example News</title>
<meta property="article:published_time" content="2015-09-29T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Russia Moves Jets</h1><p class="byline">By Jane Doe</p>
<p>US officials told CNN today that Russia has positioned its warplanes near the Syrian coast, and they expect strikes to begin within days.</p>
<p>France urged Russia to strike ISIS, while the Obama administration criticised the move as likely to prolong the war in Syria and the wider region.</p>
<p>Russia has been urging a broad coalition against ISIS, seeking coordination with Iran, Iraq and Syria on the fight against the group.</p>
</article><footer>Copyright 2015</footer></body></html>"#;

    #[test]
    fn readability_keeps_paragraphs_and_metadata() {
        let a = extract(PAGE).unwrap();
        assert_eq!(a.method, "readability");
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2015-09-29"));
        assert!(a.title.as_deref().unwrap().contains("Russia Moves Jets"));
        let paras: Vec<&str> = a.text.split("\n\n").collect();
        assert!(
            paras.iter().any(|p| p.starts_with("US officials told CNN")),
            "{paras:?}"
        );
        assert!(
            paras.iter().any(|p| p.starts_with("France urged Russia")),
            "{paras:?}"
        );
        assert!(!a.text.contains("Home"), "navigation is not article text");
    }

    #[test]
    fn deep_nesting_falls_back_to_the_tag_stripper() {
        let deep = format!(
            "{}<p>Deep text here.</p>{}",
            "<div>".repeat(20_000),
            "</div>".repeat(20_000)
        );
        let a = extract(&deep).unwrap();
        assert!(
            a.method.starts_with("tag-stripper (nesting depth"),
            "{}",
            a.method
        );
        assert_eq!(a.text, "Deep text here.");
    }

    #[test]
    fn broken_html_still_yields_text() {
        let a =
            extract("<p>Unclosed <b>bold & <i>italic &amp; more<p>Second &#8212; para").unwrap();
        assert!(a.text.contains("Unclosed"), "{}", a.text);
        assert!(a.text.contains("Second"), "{}", a.text);
        assert!(extract("<html><body>   </body></html>").is_err());
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &#x41; &#8212; &bogus; &"),
            "a & b A \u{2014} &bogus; &"
        );
    }
}
