//! What each kind of page adds to its template context: the home's lead and latest,
//! a document's view, a list's or term's cards and pagination, the search's forms.

use super::{CardValues, LangViews, views};
use crate::site::{Route, Site};
use std::collections::BTreeMap;
use tera::{Context, Value};
use views::Card;

/// Fills in what `route` shows in `lang`, besides what every page has.
pub(super) fn fill(
    ctx: &mut Context,
    site: &Site,
    cards: &[Card],
    shared: &LangViews,
    lang: &str,
    route: Route,
) {
    let config = site.config;
    let ui = &config.ui[lang];
    let values = shared.cards;
    match route {
        Route::Home => home(ctx, site, shared, lang),
        Route::Document(i) => {
            let doc = views::document(site, cards, &shared.charts, i);
            ctx.insert("title", &doc.card.title);
            ctx.insert("description", &doc.card.summary);
            ctx.insert("doc", &doc);
        }
        Route::List { section, page } => {
            let list = site.list(section, lang);
            let per_page = config.section(section).map_or(1, |s| s.page_size);
            ctx.insert_value("items", page_cards(values, list, page, per_page));
            ctx.insert(
                "pagination",
                &views::pagination(page, Site::page_count(list.len(), per_page), |k| {
                    site.path(lang, Route::List { section, page: k })
                }),
            );
            let name = config
                .section(section)
                .map_or("", |s| s.name[lang].as_str());
            ctx.insert("section_key", section);
            ctx.insert("title", name);
        }
        Route::Taxonomy(key) => {
            let taxonomy = &shared.taxonomies[key];
            ctx.insert("taxonomies", &shared.taxonomies);
            ctx.insert("taxonomy", taxonomy);
            ctx.insert("title", &taxonomy.name);
            if let Some(lede) = &taxonomy.description {
                ctx.insert("description", lede);
            }
        }
        Route::Term {
            taxonomy,
            term,
            page,
        } => term_page(ctx, site, shared, lang, (taxonomy, term, page)),
        Route::Timeline => {
            ctx.insert_value("events", list_of(values, site.timeline[lang].iter()));
            ctx.insert("title", ui.get("timeline"));
        }
        Route::Search => {
            ctx.insert("title", ui.get("search"));
            ctx.insert("index_path", &format!("search-index.{lang}.js"));
            let forms: Vec<BTreeMap<&str, &String>> = ui
                .plurals
                .get("search_results")
                .into_iter()
                .flatten()
                .map(|(category, text)| BTreeMap::from([("category", category), ("text", text)]))
                .collect();
            ctx.insert("result_forms", &forms);
        }
    }
}

/// The cards of documents `list`, as one template value.
fn list_of<'a>(values: &CardValues, list: impl Iterator<Item = &'a usize>) -> Value {
    Value::from(list.map(|&i| values.get(i)).collect::<Vec<Value>>())
}

/// The cards of page `n` of `list`, `per_page` to a page.
fn page_cards(values: &CardValues, list: &[usize], n: usize, per_page: usize) -> Value {
    list_of(values, list.iter().skip((n - 1) * per_page).take(per_page))
}

fn home(ctx: &mut Context, site: &Site, shared: &LangViews, lang: &str) {
    let values = shared.cards;
    let list = &site.feed[lang];
    match list.first() {
        Some(&i) => ctx.insert_value("lead", values.get(i)),
        None => ctx.insert("lead", &None::<()>),
    }
    ctx.insert_value("latest", list_of(values, list.iter().skip(1).take(6)));
    ctx.insert_value(
        "events",
        list_of(values, site.timeline[lang].iter().take(3)),
    );
    ctx.insert("taxonomies", &shared.taxonomies);
    ctx.insert("charts", &shared.charts);
    ctx.insert("title", &site.config.language(lang).title);
}

/// Page `page` of one term of one taxonomy.
fn term_page(
    ctx: &mut Context,
    site: &Site,
    shared: &LangViews,
    lang: &str,
    (taxonomy, term, page): (&str, &str, usize),
) {
    let list = site.term_list(taxonomy, term, lang);
    let tax = &shared.taxonomies[taxonomy];
    let term_view = tax
        .terms
        .iter()
        .find(|t| t.key == term)
        .expect("every term has a view");
    ctx.insert("taxonomies", &shared.taxonomies);
    ctx.insert("taxonomy", tax);
    ctx.insert("term", term_view);
    ctx.insert("title", &term_view.name);
    let per_page = site.config.page_size;
    ctx.insert_value("items", page_cards(shared.cards, list, page, per_page));
    ctx.insert(
        "pagination",
        &views::pagination(page, Site::page_count(list.len(), per_page), |p| {
            site.path(
                lang,
                Route::Term {
                    taxonomy,
                    term,
                    page: p,
                },
            )
        }),
    );
}
