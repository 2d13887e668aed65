//! The sanitiser on friendly posts, on a hostile corpus, and on random markup.

use proptest::prelude::*;

use super::*;

fn check(input: &str, expected: &str) {
    assert_eq!(html(input), expected, "input {input:?}");
}

/// Everything in `output` is inside the allowlist: checked by reading it again with a parser
/// that knows nothing of ours.
fn assert_only_allowed(output: &str) {
    let mut rest = output;
    while let Some(start) = rest.find('<') {
        let end = tag_end(&rest[start..]).expect("tags are closed") + start;
        let tag = &rest[start + 1..end - 1];
        rest = &rest[end..];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name = tag.split([' ', '/']).next().unwrap_or_default();
        assert!(
            ALLOWED_TAGS.contains(&name),
            "element {name:?} in {output:?}"
        );
        let mut attributes = &tag[name.len()..];
        while let Some(eq) = attributes.find("=\"") {
            let attribute = attributes[..eq].trim();
            let value_len = attributes[eq + 2..].find('"').expect("quoted value");
            let value = &attributes[eq + 2..eq + 2 + value_len];
            attributes = &attributes[eq + 3 + value_len..];
            match (name, attribute) {
                ("a", "href") => {
                    let lower = value.to_ascii_lowercase();
                    assert!(
                        lower.starts_with("http://") || lower.starts_with("https://"),
                        "href {value:?} in {output:?}"
                    );
                }
                ("a", "rel") => assert_eq!(value, LINK_REL),
                ("a" | "span", "class") => {
                    for class in value.split(' ').filter(|c| !c.is_empty()) {
                        assert!(ALLOWED_CLASSES.contains(&class), "class {class:?}");
                    }
                }
                _ => panic!("attribute {attribute:?} on {name:?} in {output:?}"),
            }
        }
    }
    let lower = output.to_ascii_lowercase();
    for needle in [
        "javascript:",
        "vbscript:",
        "data:",
        "<script",
        "onerror",
        "onload",
    ] {
        if needle.starts_with('<') || !lower.contains(needle) {
            assert!(!lower.contains(needle), "{needle} in {output:?}");
        } else {
            // As text it is harmless, but never inside a tag.
            let in_tag = lower
                .split('<')
                .skip(1)
                .any(|tag| tag.split('>').next().unwrap_or_default().contains(needle));
            assert!(!in_tag, "{needle} inside a tag in {output:?}");
        }
    }
}

#[test]
fn friendly_posts_keep_their_shape() {
    check(
        "<p>Hallo <strong>Welt</strong></p>",
        "<p>Hallo <strong>Welt</strong></p>",
    );
    check(
        "<p>Zeile<br>Zeile<br/>Zeile</p>",
        "<p>Zeile<br>Zeile<br>Zeile</p>",
    );
    check(
        "<ul><li>eins</li><li>zwei</li></ul><ol><li>a</li></ol>",
        "<ul><li>eins</li><li>zwei</li></ul><ol><li>a</li></ol>",
    );
    check(
        "<blockquote><p><em>Zitat</em> <i>i</i> <b>b</b> <u>u</u> <s>s</s> <del>d</del></p></blockquote>",
        "<blockquote><p><em>Zitat</em> <i>i</i> <b>b</b> <u>u</u> <s>s</s> <del>d</del></p></blockquote>",
    );
    check(
        "<pre><code>let x = 1;</code></pre>",
        "<pre><code>let x = 1;</code></pre>",
    );
    check(
        "<p><a href=\"https://www.arbeitsagentur.de/\">BA</a></p>",
        "<p><a href=\"https://www.arbeitsagentur.de/\" rel=\"nofollow noopener noreferrer\">BA</a></p>",
    );
    check(
        "<p>5 &lt; 6 &amp; 7 &gt; 3</p>",
        "<p>5 &lt; 6 &amp; 7 &gt; 3</p>",
    );
    check("Ä, €, 🙂", "Ä, €, 🙂");
}

#[test]
fn mastodon_mentions_hashtags_and_long_links() {
    check(
        r#"<p><span class="h-card" translate="no"><a href="https://social.bund.de/@bmas" class="u-url mention">@<span>bmas</span></a></span> <a href="https://social.bund.de/tags/B%C3%BCrgergeld" class="mention hashtag" rel="tag">#<span>Bürgergeld</span></a></p>"#,
        r#"<p><span class="h-card"><a href="https://social.bund.de/@bmas" class="u-url mention" rel="nofollow noopener noreferrer">@<span>bmas</span></a></span> <a href="https://social.bund.de/tags/B%C3%BCrgergeld" class="mention hashtag" rel="nofollow noopener noreferrer">#<span>Bürgergeld</span></a></p>"#,
    );
    check(
        r#"<p><a href="https://www.arbeitsagentur.de/arbeitslos-arbeit-finden/buergergeld/antrag" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://www.</span><span class="ellipsis">arbeitsagentur.de/arbeitslos-a</span><span class="invisible">rbeit-finden/buergergeld/antrag</span></a></p>"#,
        r#"<p><a href="https://www.arbeitsagentur.de/arbeitslos-arbeit-finden/buergergeld/antrag" rel="nofollow noopener noreferrer">arbeitsagentur.de/arbeitslos-a…</a></p>"#,
    );
    // A link short enough for no ellipsis: only the scheme is invisible.
    check(
        r#"<a href="https://bund.de/"><span class="invisible">https://</span><span class="">bund.de/</span></a>"#,
        r#"<a href="https://bund.de/" rel="nofollow noopener noreferrer"><span>bund.de/</span></a>"#,
    );
    check(
        r#"<span class="ellipsis mention">x</span>"#,
        r#"<span class="mention">x…</span>"#,
    );
    check(
        r#"<span class="invisible">a<span>b</span><b>c</b></span>d"#,
        "d",
    );
    check(r#"<span class="unknown">x</span>"#, "<span>x</span>");
    // Text that looks like an attribute stays as it is.
    check(
        r#"<a href="https://a.example/" class="evil">x</a> class="""#,
        r#"<a href="https://a.example/" rel="nofollow noopener noreferrer">x</a> class="""#,
    );
}

#[test]
fn hostile_corpus() {
    let cases = [
        ("<script>alert(1)</script>Hallo", "Hallo"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", ""),
        ("<img src=x onerror=alert(1)>", ""),
        (
            "<p onclick=\"alert(1)\" style=\"color:red\">x</p>",
            "<p>x</p>",
        ),
        (
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a rel=\"nofollow noopener noreferrer\">x</a>",
        ),
        (
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<a rel=\"nofollow noopener noreferrer\">x</a>",
        ),
        (
            "<a href=\" javascript:alert(1)\">x</a>",
            "<a rel=\"nofollow noopener noreferrer\">x</a>",
        ),
        (
            "<a href=\"java&#x09;script:alert(1)\">x</a>",
            "<a rel=\"nofollow noopener noreferrer\">x</a>",
        ),
        (
            "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
            "<a rel=\"nofollow noopener noreferrer\">x</a>",
        ),
        (
            "<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>",
            "<a rel=\"nofollow noopener noreferrer\">x</a>",
        ),
        (
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
            "<a rel=\"nofollow noopener noreferrer\">x</a>",
        ),
        (
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<a rel=\"nofollow noopener noreferrer\">x</a>",
        ),
        (
            "<a href=\"VBScript:msgbox(1)\">x</a>",
            "<a rel=\"nofollow noopener noreferrer\">x</a>",
        ),
        (
            "<a href=\"/relative\">x</a>",
            "<a rel=\"nofollow noopener noreferrer\">x</a>",
        ),
        (
            "<a href=\"//evil.example/\">x</a>",
            "<a rel=\"nofollow noopener noreferrer\">x</a>",
        ),
        (
            "<a href=\"https://ok.example/\" onmouseover=\"alert(1)\" target=\"_top\">x</a>",
            "<a href=\"https://ok.example/\" rel=\"nofollow noopener noreferrer\">x</a>",
        ),
        (
            "<a href=\"https://ok.example/\" rel=\"opener\">x</a>",
            "<a href=\"https://ok.example/\" rel=\"nofollow noopener noreferrer\">x</a>",
        ),
        ("<svg><script>alert(1)</script></svg>ok", "ok"),
        (
            "<svg onload=alert(1)><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
            "",
        ),
        (
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "",
        ),
        (
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "",
        ),
        ("<style>p{color:red}</style><p>x</p>", "<p>x</p>"),
        (
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
            "<p>x</p>",
        ),
        ("<iframe src=\"https://evil.example/\"></iframe>x", "x"),
        ("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>", ""),
        (
            "<form action=\"https://evil.example/\"><input name=q><button>Senden</button></form>",
            "Senden",
        ),
        ("<object data=\"x.swf\"></object><embed src=\"x.swf\">", ""),
        (
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
            "",
        ),
        (
            "<base href=\"https://evil.example/\"><link rel=stylesheet href=x>",
            "",
        ),
        ("<p>eins<p>zwei", "<p>eins</p><p>zwei</p>"),
        ("<b><i>x</b></i>", "<b><i>x</i></b>"),
        ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
        ("</p></div>lose", "<p></p>lose"),
        ("<!-- <script>alert(1)</script> -->x", "x"),
        // HTML reads this as a bogus comment up to the first `>`; the rest is text.
        ("<![CDATA[<script>alert(1)</script>]]>x", "alert(1)]]&gt;x"),
        (
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
            "\"&gt;",
        ),
        ("<template><script>alert(1)</script></template>x", "x"),
        (
            "<span class=\"invisible\"><script>alert(1)</script></span>x",
            "x",
        ),
        (
            "<p id=\"x\" dir=\"rtl\" lang=\"de\" data-x=\"1\">x</p>",
            "<p>x</p>",
        ),
        (
            "<<script>script>alert(1)<</script>/script>",
            "&lt;/script&gt;",
        ),
        // The script starts inside the link and takes everything after it.
        (
            "<a href=\"https://ok.example/?q=\\\"><script>\">x</a>",
            "<a href=\"https://ok.example/?q=\\\" rel=\"nofollow noopener noreferrer\"></a>",
        ),
    ];
    for (input, expected) in cases {
        let output = html(input);
        assert_only_allowed(&output);
        assert_eq!(output, expected, "input {input:?}");
    }
}

#[test]
fn bluesky_text_with_byte_range_links() {
    let text = "Größe € 🙂 siehe bund.de und #Bürgergeld\nZeile zwei";
    let start = text.find("bund.de").unwrap();
    let tag = text.find("#Bürgergeld").unwrap();
    let links = [
        (
            start..start + "bund.de".len(),
            "https://bund.de/".to_owned(),
        ),
        (
            tag..tag + "#Bürgergeld".len(),
            "https://bsky.app/hashtag/B%C3%BCrgergeld".to_owned(),
        ),
    ];
    assert_eq!(
        text_with_links(text, &links),
        "<p>Größe € 🙂 siehe <a href=\"https://bund.de/\" rel=\"nofollow noopener noreferrer\">bund.de</a> und <a href=\"https://bsky.app/hashtag/B%C3%BCrgergeld\" rel=\"nofollow noopener noreferrer\">#Bürgergeld</a><br>Zeile zwei</p>"
    );
    // Ranges that split a character, overlap, run past the end or point nowhere safe.
    let bad = [
        (2..3, "https://a.example/".to_owned()),
        (0..1, "javascript:alert(1)".to_owned()),
        (0..2, "https://b.example/".to_owned()),
        (5..500, "https://c.example/".to_owned()),
    ];
    assert_eq!(
        text_with_links("aä<c>\n\nd", &bad),
        "<p><a rel=\"nofollow noopener noreferrer\">a</a>ä&lt;c&gt;</p><p>d</p>"
    );
}

/// Random markup from pieces that tend to confuse sanitisers.
fn markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z äöü€🙂&;#<>\"'=/]{0,8}",
        Just("<script>".to_owned()),
        Just("</script>".to_owned()),
        Just("<a href=\"javascript:x\">".to_owned()),
        Just("<a href=\"https://ok.example/\" class=\"mention evil\">".to_owned()),
        Just("<a href=\"&#106;avascript:x\">".to_owned()),
        Just("</a>".to_owned()),
        Just("<span class=\"invisible\">".to_owned()),
        Just("<span class=\"ellipsis\">".to_owned()),
        Just("<span class=\"h-card\">".to_owned()),
        Just("</span>".to_owned()),
        Just("<p onclick=\"x\">".to_owned()),
        Just("</p>".to_owned()),
        Just("<svg><g onload=\"x\">".to_owned()),
        Just("<math><mi>".to_owned()),
        Just("<style>".to_owned()),
        Just("<img src=x onerror=y>".to_owned()),
        Just("<iframe>".to_owned()),
        Just("<!--".to_owned()),
        Just("-->".to_owned()),
        Just("<br>".to_owned()),
        Just("<ul><li>".to_owned()),
        Just("<pre><code>".to_owned()),
        Just("<![CDATA[".to_owned()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn output_is_inside_the_allowlist(input in markup()) {
        assert_only_allowed(&html(&input));
    }

    #[test]
    fn sanitising_twice_changes_nothing(input in markup()) {
        let once = html(&input);
        prop_assert_eq!(html(&once), once.clone(), "input {:?}", input);
    }

    #[test]
    fn text_with_links_is_inside_the_allowlist(
        text in "[a-zäöü€🙂 <>&\n]{0,30}",
        ranges in prop::collection::vec((0usize..40, 0usize..40), 0..4),
    ) {
        let links: Vec<_> = ranges
            .into_iter()
            .map(|(a, b)| (a.min(b)..a.max(b), "https://ok.example/".to_owned()))
            .collect();
        let output = text_with_links(&text, &links);
        assert_only_allowed(&output);
        prop_assert_eq!(html(&output), output.clone());
    }
}
