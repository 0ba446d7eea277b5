//! The lists a site is made of: each section's documents, the feed, the search's,
//! each term's and the timeline, per language, computed once per build.

use crate::config::Config;
use crate::content::Document;
use std::collections::BTreeMap;

/// Newest first, then by title and name: the order of every list.
fn newest_first(documents: &[Document], list: &mut [usize]) {
    list.sort_by(|&a, &b| {
        let (a, b) = (&documents[a], &documents[b]);
        (
            std::cmp::Reverse(a.meta.date),
            &a.meta.title,
            &a.name,
            &a.section,
        )
            .cmp(&(
                std::cmp::Reverse(b.meta.date),
                &b.meta.title,
                &b.name,
                &b.section,
            ))
    });
}

/// The lists a site is made of, computed once.
pub(super) struct Lists<'c> {
    pub sections: BTreeMap<(&'c str, &'c str), Vec<usize>>,
    pub feed: BTreeMap<&'c str, Vec<usize>>,
    pub searchable: BTreeMap<&'c str, Vec<usize>>,
    pub terms: BTreeMap<(&'c str, &'c str, &'c str), Vec<usize>>,
    pub timeline: BTreeMap<&'c str, Vec<usize>>,
}

impl<'c> Lists<'c> {
    /// `documents` are sorted by section, language, then newest first.
    pub(super) fn of(config: &'c Config, documents: &[Document]) -> Lists<'c> {
        let mut lists = Lists {
            sections: BTreeMap::new(),
            feed: BTreeMap::new(),
            searchable: BTreeMap::new(),
            terms: BTreeMap::new(),
            timeline: BTreeMap::new(),
        };
        for lang in config.codes() {
            for section in &config.sections {
                lists.sections.insert((&section.key, lang), Vec::new());
            }
            for tax in &config.taxonomies {
                for term in &tax.terms {
                    lists.terms.insert((&tax.key, &term.key, lang), Vec::new());
                }
            }
            lists.feed.insert(lang, Vec::new());
            lists.searchable.insert(lang, Vec::new());
            lists.timeline.insert(lang, Vec::new());
        }
        for (i, d) in documents.iter().enumerate() {
            let Some(section) = config.section(&d.section) else {
                continue;
            };
            let Some(lang) = config.codes().find(|c| *c == d.lang) else {
                continue;
            };
            if let Some(list) = lists.sections.get_mut(&(section.key.as_str(), lang)) {
                list.push(i);
            }
            if section.feed {
                lists.feed.entry(lang).or_default().push(i);
            }
            if section.search {
                lists.searchable.entry(lang).or_default().push(i);
            }
            if section.timeline && d.meta.event.is_some() {
                lists.timeline.entry(lang).or_default().push(i);
            }
            for (taxonomy, keys) in &d.meta.terms {
                let Some(tax) = config.taxonomy(taxonomy) else {
                    continue;
                };
                for term in tax.terms.iter().filter(|t| keys.contains(&t.key)) {
                    if let Some(list) = lists.terms.get_mut(&(&tax.key, &term.key, lang)) {
                        list.push(i);
                    }
                }
            }
        }
        // One section's documents are already newest first; lists across sections are not.
        for list in lists.feed.values_mut().chain(lists.terms.values_mut()) {
            newest_first(documents, list);
        }
        for list in lists.timeline.values_mut() {
            list.sort_by_key(|&i| {
                std::cmp::Reverse(documents[i].meta.event.as_ref().map(|e| e.date))
            });
        }
        lists
    }
}
