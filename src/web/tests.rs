use super::*;
use crate::options::SpanFate;

fn all_kinds() -> SpanOptions {
    SpanOptions {
        urls: Some(SpanFate::Keep),
        emails: Some(SpanFate::Keep),
        mentions: Some(SpanFate::Keep),
        hashtags: Some(SpanFate::Keep),
        emoji: true,
    }
}

fn spans<'t>(text: &'t str, options: &SpanOptions) -> Vec<(&'t str, SpanKind)> {
    let mut found = Vec::new();
    for_each_span(text, options, |span| {
        found.push((text.get(span.start..span.end).unwrap(), span.kind));
    });
    found
}

#[test]
fn urls_start_at_a_scheme_or_www_and_lose_trailing_punctuation() {
    use SpanKind::Url;
    let all = all_kinds();
    assert_eq!(
        spans("see https://www.reuters.com/markets/us.", &all),
        [("https://www.reuters.com/markets/us", Url)]
    );
    assert_eq!(spans("(see HTTP://a.org/x).", &all), [("HTTP://a.org/x", Url)]);
    assert_eq!(
        spans("http://a.org/Python_(language)", &all),
        [("http://a.org/Python_(language)", Url)]
    );
    assert_eq!(spans("[ftp://a.org/b]]", &all), [("ftp://a.org/b", Url)]);
    assert_eq!(
        spans("www.bücher.de/straße?x=1#top!", &all),
        [("www.bücher.de/straße?x=1#top", Url)]
    );
    assert_eq!(spans("“http://a.org/x”", &all), [("http://a.org/x", Url)]);
    // After a word character, without a host, or after a local part's dot.
    assert_eq!(spans("xhttp://a.org http:// a https://.org", &all), []);
    assert_eq!(spans("a.www.b.org", &all), []);
    assert_eq!(spans("_www.b.org -www.b.org", &all), []);
}

#[test]
fn addresses_mentions_and_hashtags() {
    use SpanKind::{Email, Hashtag, Mention};
    let all = all_kinds();
    assert_eq!(
        spans("mail john.doe@example.com.", &all),
        [("john.doe@example.com", Email)]
    );
    assert_eq!(spans("..a@b.co", &all), [("a@b.co", Email)]);
    assert_eq!(spans("a..b@c.org", &all), []);
    assert_eq!(spans("a.@nasa", &all), [("@nasa", Mention)]);
    assert_eq!(spans("a@b.c a@b a@b.c2 a@b.com-x", &all), []);
    assert_eq!(spans("x@mail.bücher.de", &all), [("x@mail.bücher.de", Email)]);
    assert_eq!(spans("a@b.com.2x", &all), [("a@b.com", Email)]);
    assert_eq!(spans("@nasa's @@x a@b", &all), [("@nasa", Mention), ("@x", Mention)]);
    assert_eq!(
        spans("#COVID19 #1 a#b &#39; #a_b2", &all),
        [("#COVID19", Hashtag), ("#a_b2", Hashtag)]
    );
    // Only the kinds asked for.
    let mentions = SpanOptions {
        mentions: Some(SpanFate::Drop),
        ..SpanOptions::default()
    };
    assert_eq!(spans("john@example.com @nasa", &mentions), [("@nasa", Mention)]);
}

#[test]
fn emoji_are_elements_joined_by_zwj() {
    use SpanKind::Emoji;
    let all = all_kinds();
    let found = |text| spans(text, &all).into_iter().map(|(span, _)| span).collect::<Vec<_>>();
    assert_eq!(found("a🚀b"), ["🚀"]);
    assert_eq!(found("👍🏽👍"), ["👍🏽", "👍"]);
    assert_eq!(found("❤️ ❤"), ["❤️", "❤"]);
    assert_eq!(found("👩‍💻 👨‍👩‍👧"), ["👩‍💻", "👨‍👩‍👧"]);
    assert_eq!(found("🇫🇷🇩🇪🇺"), ["🇫🇷", "🇩🇪", "🇺"]);
    assert_eq!(found("1️⃣ #️⃣ a1️⃣"), ["1️⃣", "#️⃣"]);
    assert_eq!(
        found("🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"),
        ["🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"]
    );
    assert_eq!(found("© ™ ℹ 🏻"), ["©", "™", "🏻"]);
    assert_eq!(found("🚀\u{200D}x"), ["🚀"]);
    assert_eq!(found("👩\u{200D}1\u{FE0F}\u{20E3}"), ["👩"]);
    assert!(spans("🚀", &SpanOptions::default()).is_empty());
    let _ = Emoji;
}

#[test]
fn pathological_inputs_are_linear() {
    // Each would take quadratic time if a kind read back or forth beyond
    // its anchors; a million bytes must finish at once.
    let all = all_kinds();
    for unit in [
        "<",
        "&",
        "@",
        "#",
        ":",
        "/",
        ".",
        "a@",
        "@a",
        "a.",
        "www.",
        "http://",
        "\u{1F3FB}",
        "1\u{20E3}",
        "a@b.",
        "x.1\u{FE0F}\u{20E3}",
    ] {
        let text = unit.repeat(1_000_000 / unit.len());
        let mut count = 0;
        for_each_span(&text, &all, |_| count += 1);
        assert!(count <= text.len(), "{unit:?}");
    }
}

#[test]
fn html_is_the_text_a_page_shows() {
    use super::html::{html_text, html_text_with_origins};
    let read = |text| html_text(text).into_owned();
    assert_eq!(read("<p>caf&eacute; <b>ol&eacute;</b></p>"), " café  olé  ");
    assert_eq!(read("a<a title=\"x > y\" href='z'>b"), "a b");
    assert_eq!(read("a<a b=x'y>c"), "a c");
    assert_eq!(read("x<!-- a > b -->y<!-->z-->w"), "x y w");
    assert_eq!(read("<!DOCTYPE html><?xml v?></ 3>a < b <3"), "   a < b <3");
    assert_eq!(read("1<SCRIPT>x</scripts>y</script >2<style>z"), "1 2 ");
    assert_eq!(read("<template><p>t</p></TEMPLATE>ok"), " ok");
    assert_eq!(read("<a href='x"), " ");
    assert_eq!(
        read("&amp;&ampx &notit; &notin; &#x110000; &#128; &#0; &#1; &#xD800; &eacute &#x; & &#65&#x41;"),
        "&&x ¬it; ∉ \u{FFFD} € \u{FFFD}  \u{FFFD} é &#x; & AA"
    );
    assert_eq!(read(&format!("&#{}", "9".repeat(100_000))), "\u{FFFD}");
    let (text, origins) = html_text_with_origins("a<b>&eacute;").unwrap();
    assert_eq!(text, "a é");
    let spans: Vec<(usize, usize)> = origins.iter().map(|origin| (origin.start, origin.end)).collect();
    assert_eq!(spans, [(0, 1), (1, 4), (4, 12)]);
    assert!(html_text_with_origins("plain text").is_none());
}

#[test]
fn html_of_hostile_input_is_linear() {
    use super::html::html_text;
    for unit in [
        "<",
        "<a",
        "</a",
        "<!--",
        "<script>",
        "&",
        "&#",
        "&amp",
        "<a b='",
        "<a b=\"x\" ",
        "</script",
    ] {
        let text = unit.repeat(1_000_000 / unit.len());
        assert!(html_text(&text).len() <= text.len() * 3, "{unit:?}");
    }
}
