//! Pages of the long tables: the worker keeps the last analysis whole and answers each
//! `ToWorker::Rows` with one sorted, searched page of it (`analyze::rows::page`), so the page never
//! holds thousands of rows and still reaches every one.

use dmarc_lens::analyze::rows::{page, Page};
use dmarc_lens::analyze::{Analysis, Filters, Suspect};
use dmarc_lens_app::protocol::{FromWorker, RowsQuery, SCREEN_ROWS, SCREEN_SUSPECTS};
use serde::Serialize;

/// The last analysis made, whole, with the filters it was made under; dropped whenever the
/// reports, the known senders or the thresholds change.
#[derive(Default)]
pub struct Cached(Option<(Filters, Analysis)>);

impl Cached {
    pub fn get(&self, filters: &Filters) -> Option<&Analysis> {
        self.0.as_ref().filter(|(f, _)| f == filters).map(|(_, a)| a)
    }

    pub fn keep(&mut self, filters: Filters, analysis: Analysis) {
        self.0 = Some((filters, analysis));
    }

    pub fn forget(&mut self) {
        self.0 = None;
    }
}

/// A possible-spoofing source as the screen gets it: without the lists it never shows (the
/// table's CSV and the JSON export have them); for a big report they were half of what the page
/// parsed.
pub fn for_screen(suspect: &Suspect) -> Suspect {
    Suspect { dkim_domains: Vec::new(), spf_domains: Vec::new(), policy_domains: Vec::new(), ..suspect.clone() }
}

/// The analysis as JSON for the screen, with the first rows of the long tables only, and their
/// totals (possible-spoofing sources, reporters, domains).
pub fn screen_json(analysis: &mut Analysis) -> (String, usize, usize, usize) {
    let suspects = std::mem::take(&mut analysis.spoof_suspects);
    let reporters = std::mem::take(&mut analysis.reporters);
    let domains = std::mem::take(&mut analysis.domains);
    analysis.spoof_suspects = suspects.iter().take(SCREEN_SUSPECTS).map(for_screen).collect();
    analysis.reporters = reporters.iter().take(SCREEN_ROWS).cloned().collect();
    analysis.domains = domains.iter().take(SCREEN_ROWS).cloned().collect();
    // JSON text crosses to the page as one string; converting thousands of rows to JS objects and
    // back would cost the page's thread far more.
    let json = serde_json::to_string(&analysis).unwrap_or_default();
    let totals = (suspects.len(), reporters.len(), domains.len());
    analysis.spoof_suspects = suspects;
    analysis.reporters = reporters;
    analysis.domains = domains;
    (json, totals.0, totals.1, totals.2)
}

/// The answer to request `seq` for one page of a long table of `analysis`.
pub fn answer(seq: u32, analysis: &Analysis, query: &RowsQuery) -> FromWorker {
    fn message<R: Serialize>(seq: u32, query: &RowsQuery, page: Page<R>) -> FromWorker {
        FromWorker::Rows {
            seq,
            table: query.table(),
            offset: page.offset,
            matching: page.matching,
            rows_json: serde_json::to_string(&page.rows).unwrap_or_default(),
        }
    }
    match query {
        RowsQuery::Suspects(q) => {
            let mut found = page(&analysis.spoof_suspects, q);
            found.rows = found.rows.iter().map(for_screen).collect();
            message(seq, query, found)
        }
        RowsQuery::Reporters(q) => message(seq, query, page(&analysis.reporters, q)),
        RowsQuery::Domains(q) => message(seq, query, page(&analysis.domains, q)),
    }
}
