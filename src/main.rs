//! `dmarc-lens`: the command-line face of the engine. It reads files, hands their bytes to the
//! engine and prints the engine's JSON; everything it computes, the web app computes the same way.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use dmarc_lens::{load_file, FileResult, FileStatus, Limits, Store};
use serde::Serialize;

const USAGE: &str = "usage: dmarc-lens analyze [--max-size MIB] [--pretty] [--stats] FILE|DIR...";

const HELP: &str = "\
dmarc-lens analyze: load DMARC aggregate reports and print the result as one JSON object.

Files may be XML, gzip, zip, e-mail (.eml) or mbox, in any mix; the format is read from the
content, not the name. A directory is read recursively.

options:
  --max-size MIB   refuse a file that unpacks to more than MIB mebibytes (default 256)
  --pretty         indent the JSON
  --stats          print files, records, time and peak memory to standard error
  -h, --help       this text
";

/// The JSON printed on standard output.
#[derive(Serialize)]
struct Output<'a> {
    schema: &'static str,
    files: &'a [FileResult],
}

struct Options {
    limits: Limits,
    pretty: bool,
    stats: bool,
    paths: Vec<String>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut options = Options { limits: Limits::default(), pretty: false, stats: false, paths: Vec::new() };
    let mut rest = args.iter();
    match rest.next().map(String::as_str) {
        Some("analyze") => {}
        Some(other) => return Err(format!("unknown command {other:?}")),
        None => return Err("no command given".to_string()),
    }
    let mut only_paths = false;
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            _ if only_paths => options.paths.push(arg.clone()),
            "--" => only_paths = true,
            "--pretty" => options.pretty = true,
            "--stats" => options.stats = true,
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
    Ok(options)
}

/// Expands directories into the files below them, sorted, keeping the order of the arguments.
fn expand(path: &str, out: &mut Vec<String>) {
    let p = Path::new(path);
    if !p.is_dir() {
        out.push(path.to_string());
        return;
    }
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(p) {
        Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => {
            out.push(path.to_string());
            return;
        }
    };
    entries.sort();
    for entry in entries {
        expand(&entry.to_string_lossy(), out);
    }
}

fn unreadable(file: &str, error: &std::io::Error) -> FileResult {
    FileResult {
        file: file.to_string(),
        status: FileStatus::Error,
        reports: Vec::new(),
        skipped_records: 0,
        error: Some(format!("{file}: cannot be read: {error}")),
        error_kind: Some("unreadable"),
        warnings: Vec::new(),
    }
}

/// Peak resident memory from Linux's /proc, for `--stats`.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
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
    let mut store = Store::new();
    let mut files = Vec::with_capacity(paths.len());
    for path in &paths {
        let result = match std::fs::read(path) {
            Ok(bytes) => load_file(&mut store, path, &bytes, &options.limits),
            Err(e) => unreadable(path, &e),
        };
        files.push(result);
    }
    let output = Output { schema: "dmarc-lens/analysis/v1", files: &files };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = if options.pretty {
        serde_json::to_writer_pretty(&mut out, &output)
    } else {
        serde_json::to_writer(&mut out, &output)
    };
    if let Err(e) = written.map_err(std::io::Error::from).and_then(|_| writeln!(out)).and_then(|_| out.flush()) {
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
