//! `dmarc-lens`: the command-line face of the engine. It reads files, hands their bytes to the
//! engine and prints the engine's JSON; everything it computes, the web app computes the same way.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use dmarc_lens::analyze::{
    analyze_with, assign, senders_needed, source_records, AlertRules, Filters, SourceRecords, MAX_COMBINATIONS,
};
use dmarc_lens::dates::parse_date;
use dmarc_lens::export::{write_json, Export, FilterEcho, SCHEMA};
use dmarc_lens::model::Disposition;
use dmarc_lens::share;
use dmarc_lens::tags::{parse_tags_csv, TagCsvError, TagSet};
use dmarc_lens::Limits;

mod cli;
use cli::export as export_cmd;

/// More input files than this (one batch of the loader) and the built-in sender pack is read
/// while they load: fewer load too fast to hide it behind.
const READ_AHEAD_FILES: usize = 8;

const USAGE: &str = "usage: dmarc-lens analyze [--tags FILE.csv] [--from YYYY-MM-DD] [--to YYYY-MM-DD] \
[--domain D] [--policy none|quarantine|reject] [--rules FILE.json] [--window DAYS] [--max-size MIB] [--jobs N] [--pretty] [--stats] [--source IP] FILE|DIR...
       dmarc-lens share [the same options] [--mask] [--base URL] FILE|DIR...
       dmarc-lens export [the same options] [--format ndjson|csv|parquet] [--out DIR] FILE|DIR...";

const HELP: &str = "\
dmarc-lens analyze: load DMARC aggregate reports and print the result as one JSON object.
dmarc-lens share: the same analysis as a share link, which the web app opens read-only.
dmarc-lens export: one row per record, every field, for a warehouse or a log stack: NDJSON, or
CSV whose first columns are parsedmarc's, or Parquet. Duplicates are written once, from the copy
analyze keeps; the filters choose reports as for analyze; each row names its source's sender and
the class of failing mail as analyze does, with the same sender pack.

Files may be XML, gzip, zip, e-mail (.eml) or mbox, in any mix; the format is read from the
content, not the name. A directory is read recursively.

options:
  --tags FILE.csv  known senders: CSV with the header cidr,tag,comment,domain
  --senders PACK   name the sources with this sender pack instead of the built-in one
                   (scripts/build-sender-packs.py makes one); --no-senders names nobody;
                   analyze and export alike
  --from DATE      only reports whose begin falls on or after DATE (YYYY-MM-DD, UTC)
  --to DATE        only reports whose begin falls on or before DATE
  --domain D       only reports for policy domain D
  --policy P       only reports whose published policy is P (none, quarantine, reject)
  --rules FILE     alert thresholds as JSON, e.g. {\"untagged_source_messages\": 500}
  --window DAYS    the recent window readiness, new and gone sources and the comparison of
                   two periods are judged on: the last DAYS UTC days of reports (default 14;
                   overrides window_days of --rules)
  --max-size MIB   refuse a file that unpacks to more than MIB mebibytes (default 256)
  --jobs N         read and parse files on N threads (default: one per core); the result is
                   the same for every N
  --pretty         indent the JSON
  --top N          analyze: keep the first N rows of the long tables (possible spoofing,
                   reporters, domains, each tag's sources), said on standard error; default all
  --source IP      analyze: print what source IP sent instead of the analysis: its records under
                   the filters grouped into distinct combinations (header From, envelope From,
                   DKIM and SPF results, disposition, verdicts, reasons), most messages first,
                   at most 200
  --stats          print files, records, time and peak memory (share: link size) to standard error
  --mask           share: cut source addresses to their /24 (IPv4) or /48 (IPv6) network
  --base URL       share: the app's address the link starts with (default: print only #share=...)
  --format F       export: ndjson (default), csv or parquet (zstd)
  --out DIR        export: write DIR/date=YYYY-MM-DD/part-<file sha256>.<ext> and DIR/files.json
                   instead of standard output; parts already there are left as they are
  -h, --help       this text
";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Command {
    Analyze,
    Share,
    Export,
}

struct Options {
    command: Command,
    mask: bool,
    base: String,
    format: export_cmd::Format,
    out: Option<PathBuf>,
    limits: Limits,
    tags: Option<String>,
    rules: Option<String>,
    window: Option<u32>,
    filters: Filters,
    /// `--top N`: the long tables cut to their first N rows.
    top: Option<usize>,
    /// `--jobs N`: threads that read and parse files.
    jobs: usize,
    /// `--source IP`: that source's records instead of the analysis.
    source: Option<std::net::IpAddr>,
    senders: cli::senders::Choice,
    pretty: bool,
    stats: bool,
    paths: Vec<String>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        command: Command::Analyze,
        mask: false,
        base: String::new(),
        format: export_cmd::Format::Ndjson,
        out: None,
        limits: Limits::default(),
        tags: None,
        rules: None,
        window: None,
        filters: Filters::default(),
        top: None,
        jobs: cli::load::default_jobs(),
        source: None,
        senders: cli::senders::Choice::default(),
        pretty: false,
        stats: false,
        paths: Vec::new(),
    };
    let mut rest = args.iter();
    match rest.next().map(String::as_str) {
        Some("analyze") => {}
        Some("share") => options.command = Command::Share,
        Some("export") => options.command = Command::Export,
        Some(other) => return Err(format!("unknown command {other:?}")),
        None => return Err("no command given".to_string()),
    }
    let mut only_paths = false;
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            _ if only_paths => options.paths.push(arg.clone()),
            "--" => only_paths = true,
            "--pretty" => options.pretty = true,
            "--top" if options.command == Command::Analyze => {
                let value = rest.next().ok_or("--top needs a number of rows")?;
                let n: usize = value.parse().map_err(|_| format!("--top: {value:?} is not a whole number"))?;
                options.top = Some(n);
            }
            "--stats" => options.stats = true,
            "--source" if options.command == Command::Analyze => {
                let value = rest.next().ok_or("--source needs an IP address")?;
                let ip =
                    value.trim().parse().map_err(|_| format!("--source: {value:?} is not an IPv4 or IPv6 address"))?;
                options.source = Some(ip);
            }
            "--jobs" => {
                let value = rest.next().ok_or("--jobs needs a number of threads")?;
                options.jobs = match value.parse::<usize>() {
                    Ok(n) if n > 0 => n,
                    _ => return Err(format!("--jobs: {value:?} is not a number of threads from 1 up")),
                };
            }
            "--mask" if options.command == Command::Share => options.mask = true,
            "--base" if options.command == Command::Share => {
                options.base = rest.next().ok_or("--base needs the app's URL")?.clone();
            }
            "--format" if options.command == Command::Export => {
                options.format = match rest.next().map(String::as_str) {
                    Some("ndjson") => export_cmd::Format::Ndjson,
                    Some("csv") => export_cmd::Format::Csv,
                    Some("parquet") => export_cmd::Format::Parquet,
                    other => return Err(format!("--format: {other:?} is not ndjson, csv or parquet")),
                };
            }
            "--out" if options.command == Command::Export => {
                options.out = Some(PathBuf::from(rest.next().ok_or("--out needs a directory")?));
            }
            "--senders" => {
                options.senders = cli::senders::Choice::File(rest.next().ok_or("--senders needs a pack file")?.clone())
            }
            "--no-senders" => options.senders = cli::senders::Choice::Off,
            "--tags" => options.tags = Some(rest.next().ok_or("--tags needs a CSV file")?.clone()),
            "--rules" => options.rules = Some(rest.next().ok_or("--rules needs a JSON file")?.clone()),
            "--window" => {
                let value = rest.next().ok_or("--window needs a number of days")?;
                let days: u32 = value
                    .parse()
                    .ok()
                    .filter(|&d| (1..=3660).contains(&d))
                    .ok_or(format!("--window: {value:?} is not a number of days from 1 to 3660"))?;
                options.window = Some(days);
            }
            "--from" | "--to" => {
                let value = rest.next().ok_or(format!("{arg} needs a date YYYY-MM-DD"))?;
                let day = parse_date(value)
                    .ok_or(format!("{arg}: {value:?} is not a date YYYY-MM-DD from 1970-01-01 to 9999-12-31"))?;
                if arg == "--from" {
                    options.filters.from = Some(day);
                } else {
                    options.filters.to = Some(day);
                }
            }
            "--domain" => options.filters.domain = Some(rest.next().ok_or("--domain needs a domain")?.clone()),
            "--policy" => {
                let value = rest.next().ok_or("--policy needs none, quarantine or reject")?;
                let Ok(policy) = value.parse::<Disposition>();
                if policy == Disposition::Unknown {
                    return Err(format!("--policy: {value:?} is not none, quarantine or reject"));
                }
                options.filters.policy = Some(policy);
            }
            "--max-size" => {
                let value = rest.next().ok_or("--max-size needs a number of MiB")?;
                let mib: u64 = value.parse().map_err(|_| format!("--max-size: {value:?} is not a whole number"))?;
                options.limits.max_decompressed_bytes = mib.saturating_mul(1024 * 1024);
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            _ => options.paths.push(arg.clone()),
        }
    }
    if options.paths.is_empty() {
        return Err("no files given".to_string());
    }
    if options.filters.period_reversed() {
        return Err("--from is after --to: no report could match".to_string());
    }
    Ok(options)
}

/// `--top N`: the long tables keep their first N rows (they are ranked already: most messages
/// first); what was cut is said on standard error, the totals and every other figure stay whole.
fn cut_to_top(analysis: &mut dmarc_lens::analyze::Analysis, n: usize) {
    let mut cut = Vec::new();
    let mut keep = |name: &str, len: usize| {
        if len > n {
            cut.push(format!("{name} {len} to {n}"));
        }
    };
    keep("spoof_suspects", analysis.spoof_suspects.len());
    keep("reporters", analysis.reporters.len());
    keep("domains", analysis.domains.len());
    keep("senders", analysis.senders.len());
    analysis.spoof_suspects.truncate(n);
    analysis.reporters.truncate(n);
    analysis.domains.truncate(n);
    analysis.senders.truncate(n);
    for sender in &mut analysis.senders {
        sender.source_ips.truncate(n);
    }
    for tag in &mut analysis.tags {
        if tag.sources.len() > n {
            cut.push(format!("sources of tag {:?} {} to {n}", tag.tag, tag.sources.len()));
            tag.sources.truncate(n);
        }
    }
    if !cut.is_empty() {
        eprintln!("dmarc-lens: --top {n}: cut {}", cut.join(", "));
    }
}

/// Expands directories into the files below them, sorted, keeping the order of the arguments.
fn expand(path: &str, out: &mut Vec<String>) {
    let p = Path::new(path);
    if !p.is_dir() {
        out.push(path.to_string());
        return;
    }
    // The directory says which entries are plain files (no symbolic link): those need no
    // `is_dir` of their own, one system call less for each of a directory's thousands of reports.
    let mut entries: Vec<(PathBuf, bool)> = match std::fs::read_dir(p) {
        Ok(dir) => dir.filter_map(|e| e.ok().map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_file())))).collect(),
        Err(_) => {
            out.push(path.to_string());
            return;
        }
    };
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (entry, plain_file) in entries {
        if plain_file {
            out.push(entry.to_string_lossy().into_owned());
        } else {
            expand(&entry.to_string_lossy(), out);
        }
    }
}

/// Peak resident memory from Linux's /proc, for `--stats`.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `share`: prints the link, or says why the analysis does not fit in one.
fn print_share(analysis: dmarc_lens::analyze::Analysis, options: &Options, rules: &AlertRules) -> ExitCode {
    let made = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    match share::pack(analysis, &options.filters, rules, made, options.mask, share::MAX_FRAGMENT_CHARS) {
        Ok(payload) => {
            let fragment = share::open_fragment(&payload);
            println!("{}#{fragment}", options.base);
            if options.stats {
                eprintln!(
                    "dmarc-lens: share link {} characters of fragment ({} bytes packed){}",
                    fragment.len() + 1,
                    payload.len(),
                    if options.mask { ", sources masked" } else { "" }
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dmarc-lens: cannot make a share link: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What `analyze --source IP` prints: the engine's `SourceRecords` with the schema and filters.
#[derive(serde::Serialize)]
struct SourceExport<'a> {
    schema: &'static str,
    filters: FilterEcho,
    #[serde(flatten)]
    records: &'a SourceRecords,
}

const SOURCE_SCHEMA: &str = "dmarc-lens/source-records/v1";

fn print_source(records: &SourceRecords, options: &Options) -> ExitCode {
    let export = SourceExport { schema: SOURCE_SCHEMA, filters: FilterEcho::from(&options.filters), records };
    let text = if options.pretty { serde_json::to_string_pretty(&export) } else { serde_json::to_string(&export) };
    match text {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dmarc-lens: cannot write the result: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    let options = match parse_args(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("dmarc-lens: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let mut paths = Vec::new();
    for path in &options.paths {
        expand(path, &mut paths);
    }
    // Reading the built-in sender pack takes about 50 ms of CPU and 17 MiB, and most runs over a
    // few reports need none of it (every source tagged, or no record): it is read once loading
    // shows a source to name. Over many files (a third of a run over 2,000 small reports) it is
    // read on its own thread while they load, ready when they are. A pack given with --senders
    // is always read, so a damaged one is said whatever the reports hold.
    let read_ahead = options.jobs > 1
        && options.source.is_none()
        && (paths.len() > READ_AHEAD_FILES || options.senders != cli::senders::Choice::BuiltIn);
    let senders_ahead = read_ahead.then(|| {
        let choice = options.senders.clone();
        std::thread::spawn(move || cli::senders::load(&choice))
    });
    let (mut store, files) = cli::load::load_all(&paths, &options.limits, options.jobs);
    store.shrink_to_fit();
    let (rules, tag_errors) = match &options.tags {
        Some(path) => match std::fs::read(path) {
            Ok(bytes) => parse_tags_csv(&String::from_utf8_lossy(&bytes)),
            Err(e) => {
                eprintln!("dmarc-lens: cannot read tags file {path}: {e}");
                return ExitCode::from(2);
            }
        },
        None => (Vec::new(), Vec::<TagCsvError>::new()),
    };
    for error in &tag_errors {
        eprintln!("dmarc-lens: {}: {error} (row skipped)", options.tags.as_deref().unwrap_or(""));
    }
    let alert_rules = match &options.rules {
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<AlertRules>(&t).map_err(|e| e.to_string()))
        {
            Ok(rules) => rules,
            Err(e) => {
                eprintln!("dmarc-lens: rules file {path}: {e}");
                return ExitCode::from(2);
            }
        },
        None => AlertRules::default(),
    };
    let alert_rules = AlertRules { window_days: options.window.unwrap_or(alert_rules.window_days), ..alert_rules };
    let tags = TagSet::new(rules);
    if let Some(ip) = options.source {
        let records = source_records(&store, &options.filters, ip, MAX_COMBINATIONS);
        return print_source(&records, &options);
    }
    let assignment = assign(&store, &tags);
    // The same answer without the built-in pack when it would name nobody (see `senders_needed`).
    let needed = options.senders != cli::senders::Choice::BuiltIn
        || senders_needed(&store, &assignment, &options.filters, options.command == Command::Export);
    // A thread that ended without an answer (it cannot: release builds abort on panic), or
    // none started: the pack is read here. A thread not needed is left to the process's end.
    let senders = match needed.then(|| senders_ahead.and_then(|thread| thread.join().ok())) {
        None => Ok(None),
        Some(ahead) => ahead.unwrap_or_else(|| cli::senders::load(&options.senders)),
    };
    let senders = match senders {
        Ok(senders) => senders,
        Err(message) => {
            eprintln!("dmarc-lens: {message}");
            return ExitCode::from(2);
        }
    };
    if options.command == Command::Export {
        return export_cmd::run(
            &store,
            &tags,
            &assignment,
            senders.as_ref(),
            &options.filters,
            &options.limits,
            &paths,
            &files,
            options.format,
            options.out.as_deref(),
        );
    }
    let mut analysis = analyze_with(&store, &assignment, &options.filters, &alert_rules, senders.as_ref());
    if options.command == Command::Share {
        return print_share(analysis, &options, &alert_rules);
    }
    if let Some(n) = options.top {
        cut_to_top(&mut analysis, n);
    }
    let export = Export {
        schema: SCHEMA,
        filters: FilterEcho::from(&options.filters),
        tag_rules: tags.len(),
        tag_errors: &tag_errors,
        files: &files,
        analysis: &analysis,
    };
    let stdout = std::io::stdout();
    // Written as it is serialised: 32 MB of JSON for a big report never sits in memory whole.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let written = write_json(&export, options.pretty, &mut out);
    if let Err(e) = written.and_then(|_| writeln!(out)).and_then(|_| out.flush()) {
        eprintln!("dmarc-lens: cannot write the result: {e}");
        return ExitCode::FAILURE;
    }
    if options.stats {
        eprintln!(
            "dmarc-lens: {} files, {} reports, {} records, {} ms, peak memory {} MiB",
            files.len(),
            store.reports.len(),
            store.records.len(),
            started.elapsed().as_millis(),
            peak_rss_kib().map_or("?".to_string(), |k| (k / 1024).to_string())
        );
    }
    ExitCode::SUCCESS
}
