//! The search index of each language, written as a script so it loads from `file://`.

use crate::render::views::Card;
use crate::site::Site;
use serde::Serialize;

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    path: &'a str,
    date: &'a str,
    summary: &'a str,
    text: &'a str,
}

/// `search-index.LANG.js`: assigns the documents of `lang` to a global.
pub fn index_js(site: &Site, cards: &[Card], lang: &str) -> anyhow::Result<Vec<u8>> {
    let entries: Vec<Entry> = site.briefings[lang]
        .iter()
        .chain(&site.pages[lang])
        .map(|&i| Entry {
            title: &cards[i].title,
            path: &cards[i].path,
            date: &cards[i].date,
            summary: &cards[i].summary,
            text: &site.bodies[i].text,
        })
        .collect();
    let json = serde_json::to_string(&entries)?;
    // `</script>` cannot appear in JSON from serde as `<` is not escaped; escape it for safety.
    let json = json.replace("</", "<\\/");
    Ok(format!("window.BRIEFING_SEARCH = {{\"lang\":\"{lang}\",\"docs\":{json}}};\n").into_bytes())
}
