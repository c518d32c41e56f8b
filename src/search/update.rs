//! Keeping the static search index up to date in `serve`: an edited page's documents
//! replaced, and only the shards and document chunks that changed written again.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use super::documents::{self, SearchDoc};
use super::shards::{CHUNK, SearchIndex, Update, capped, shard_file, shards_for, short_text};
use super::terms::{self, Counted};
use crate::model::{PageId, Site};
use crate::render::Output;
use crate::resolve::SiteGraph;

/// Each term's published entry and each shard's terms, in order, kept between updates:
/// an edit touches terms in most shards, and joining kept strings is much cheaper than
/// cutting and writing every posting list again.
pub struct ShardCache {
    /// Per shard: its terms by name, in order.
    terms: Vec<BTreeMap<String, u32>>,
    /// Term number → its entry in the shard (see [`SearchIndex::fragment`]).
    fragments: HashMap<u32, String>,
    /// Postings published in all (each list cut at `CAP`): what decides the shard count.
    capped: usize,
}

impl SearchIndex {
    /// Brings the index up to date after `changed` pages were edited in `site`; writes only
    /// the files that changed, unless the site's shape changed (pages added or removed, a
    /// course turned past, new district or topic names): then everything, with `full` set.
    pub fn update(&mut self, site: &Site, graph: &SiteGraph, now: DateTime<Utc>, changed: &[PageId]) -> Update {
        let site_words = documents::site_words(site, graph);
        let changed: BTreeSet<PageId> = changed.iter().copied().collect();
        let mut fresh: Vec<SearchDoc> =
            changed.iter().filter(|&&p| p < site.pages.len()).flat_map(|&p| documents::page_documents(site, graph, p, now)).collect();
        documents::sort_documents(&mut fresh);
        let old_ids: Vec<usize> = (0..self.entries.len()).filter(|&i| changed.contains(&self.entries[i].doc.page)).collect();
        let same_shape = site_words == self.site_words
            && old_ids.len() == fresh.len()
            && old_ids.iter().zip(&fresh).all(|(&i, d)| self.entries[i].doc.url == d.url && self.entries[i].doc.past == d.past)
            && self.pages == site.pages.len();
        if !same_shape {
            *self = SearchIndex::from_site(site, graph, now);
            return Update { outputs: self.outputs(), full: true };
        }
        let cache = match self.cache.take() {
            Some(cache) => cache,
            None => self.make_cache(),
        };
        let (touched, cache) = self.replace_documents(&old_ids, fresh, cache);
        if let Some(saved) = &mut self.saved {
            saved.entries.extend(old_ids.iter().copied());
        }
        if shards_for(cache.capped) != self.shards {
            self.shards = shards_for(cache.capped);
            return Update { outputs: self.outputs(), full: true };
        }
        let shards: BTreeSet<usize> = touched.iter().map(|&t| self.shard_of(t)).collect();
        let mut outputs: Vec<Output> = shards.iter().map(|&n| shard_file(n, cache.terms[n].values().map(|t| cache.fragments[t].as_str()))).collect();
        let chunks: BTreeSet<usize> = old_ids.iter().map(|i| i / CHUNK).collect();
        outputs.extend(chunks.into_iter().map(|c| self.chunk_output(c)));
        outputs.push(self.meta_output());
        self.cache = Some(cache);
        Update { outputs, full: false }
    }

    /// Every term's entry and every shard's terms, as [`SearchIndex::outputs`] writes them.
    fn make_cache(&self) -> ShardCache {
        let mut terms = vec![BTreeMap::new(); self.shards];
        let mut fragments = HashMap::with_capacity(self.postings.len());
        for term in self.live_terms() {
            terms[self.shard_of(term)].insert(self.terms.name(term).to_string(), term);
            fragments.insert(term, self.fragment(term));
        }
        ShardCache { terms, fragments, capped: self.postings.iter().map(capped).sum() }
    }

    /// Puts the new documents in place of the entries `old_ids`, keeping the postings and
    /// `cache` up to date; returns the terms whose postings changed.
    fn replace_documents(&mut self, old_ids: &[usize], fresh: Vec<SearchDoc>, mut cache: ShardCache) -> (BTreeSet<u32>, ShardCache) {
        let words: Vec<_> = fresh.into_iter().map(|d| terms::count_words(&self.analyzer, d, &mut terms::Scratch::default(), short_text)).collect();
        let counted: Vec<Counted> = self.terms.count(words);
        self.postings.resize(self.terms.len(), Default::default());
        // Each touched term's published postings before the change.
        let mut before: BTreeMap<u32, usize> = BTreeMap::new();
        for (&id, new) in old_ids.iter().zip(counted) {
            for (f, counts) in self.entries[id].counts.iter().enumerate() {
                for &(term, _) in counts {
                    let lists = &mut self.postings[term as usize];
                    before.entry(term).or_insert_with(|| capped(lists));
                    lists[f].retain(|&(d, _)| d as usize != id);
                }
            }
            for (f, counts) in new.counts.iter().enumerate() {
                for &(term, tf) in counts {
                    let lists = &mut self.postings[term as usize];
                    before.entry(term).or_insert_with(|| capped(lists));
                    let list = &mut lists[f];
                    let at = list.partition_point(|&(d, _)| (d as usize) < id);
                    list.insert(at, (id as u32, tf));
                }
            }
            self.entries[id] = new;
        }
        for (&term, &was) in &before {
            let lists = &self.postings[term as usize];
            cache.capped = cache.capped - was + capped(lists);
            let (shard, name) = (self.shard_of(term), self.terms.name(term).to_string());
            if lists.iter().any(|l| !l.is_empty()) {
                cache.fragments.insert(term, self.fragment(term));
                cache.terms[shard].insert(name, term);
            } else {
                cache.fragments.remove(&term);
                cache.terms[shard].remove(&name);
            }
        }
        (before.into_keys().collect(), cache)
    }
}
