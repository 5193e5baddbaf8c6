#!/usr/bin/env python3
"""The analysis as SQL, proved by running it.

Exports reports with `dmarc-lens export` (NDJSON and Parquet, the `date=` layout), runs every
file of `sql/duckdb/` in DuckDB and of `sql/clickhouse/` in chDB (ClickHouse's engine, in
process) over the rows of each format (`read_json`/`read_parquet`, `file(..., JSONEachRow)`/
`file(..., Parquet)`), and compares each result with `dmarc-lens analyze`'s JSON for the same inputs, tags and
filters: the same rows with the same figures. Inputs: a generated month (several reporters and
domains, every pattern, tagged and untagged sources, IPv6, senders the built-in pack names,
forwarding reasons, a duplicate report in a second file, a broken file), the same with filters,
without tags, without the sender pack, and `../shared/corpus` when it is there.

DuckDB and chDB are installed with pip into `target/sql-venv` (pinned below) the first time.

    scripts/test-sql.py [--cli target/release/dmarc-lens]
"""

import argparse
import datetime
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "target" / "sql-venv"
PINNED = ["duckdb==2.0.1", "chdb==4.4.0"]


def in_venv():
    """Re-runs this script in the virtual environment, creating it first when missing."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    python = VENV / "bin" / "python"
    try:
        subprocess.run([str(python), "-c", "import duckdb, chdb"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        print(f"== installing {' '.join(PINNED)} into {VENV}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PINNED], check=True)
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


# ---------------------------------------------------------------------------------------------
# A generated month of reports.

DAY = 86400
START = 1761955200  # 2025-11-01 00:00:00 UTC

REPORTERS = [("google.com", "noreply-dmarc-support@google.com"),
             ("Outlook.com", "dmarcreport@microsoft.com"),
             ("Yahoo", "dmarchelp@yahooinc.com"),
             ("", "dmarc@mail.example.net")]
DOMAINS = ["example.com", "example.co.jp", "Shop.Example.com"]
TAGS_CSV = """cidr,tag,comment,domain
192.0.2.0/28,Head office relay,,
198.51.100.0/24,Newsletter service,,example.com
2001:db8:10::/48,IPv6 relay,,
"""
# 167.89.0.1 is Twilio SendGrid's and 209.85.220.41 Google's in the built-in sender pack, so
# some failing mail is a service not set up or forwarded by a mailbox provider.
SOURCES = ["192.0.2.1", "192.0.2.9", "192.0.2.77", "198.51.100.20", "198.51.100.21",
           "203.0.113.5", "203.0.113.66", "2001:db8:10::25", "2001:db8:99::1", "::ffff:192.0.2.3",
           "::ffff:203.0.113.8", "167.89.0.1", "209.85.220.41", "::ffff:167.89.0.1"]


def auth(rng):
    """One record's policy verdicts and authentication results, covering every pattern."""
    dkim_auth = rng.choice(["pass", "fail", "none"])
    spf_auth = rng.choice(["pass", "fail", "softfail", "neutral"])
    dkim_aligned = "pass" if dkim_auth == "pass" and rng.random() < 0.5 else "fail"
    spf_aligned = "pass" if spf_auth == "pass" and rng.random() < 0.5 else "fail"
    return dkim_auth, spf_auth, dkim_aligned, spf_aligned


def record_xml(rng, domain):
    ip = rng.choice(SOURCES)
    count = rng.choice([1, 1, 2, 3, 7, 40, 1200])
    dkim_auth, spf_auth, dkim_aligned, spf_aligned = auth(rng)
    disposition = rng.choice(["none", "none", "quarantine", "reject"])
    dkim = ""
    if dkim_auth != "none":
        dkim = (f"<dkim><domain>{rng.choice([domain, 'esp.example', 'sendgrid.net'])}</domain>"
                f"<selector>s1</selector><result>{dkim_auth}</result></dkim>")
    reason = rng.choice(["", "", "", "", "<reason><type>forwarded</type></reason>",
                         "<reason><type>sampled_out</type></reason>"])
    return (f"<record><row><source_ip>{ip}</source_ip><count>{count}</count>"
            f"<policy_evaluated><disposition>{disposition}</disposition>"
            f"<dkim>{dkim_aligned}</dkim><spf>{spf_aligned}</spf>{reason}</policy_evaluated></row>"
            f"<identifiers><header_from>{domain.lower()}</header_from></identifiers>"
            f"<auth_results>{dkim}<spf><domain>bounce.{domain.lower()}</domain>"
            f"<result>{spf_auth}</result></spf></auth_results></record>")


def report_xml(rng, reporter, domain, report_id, begin, records):
    org, email = reporter
    body = "".join(record_xml(rng, domain) for _ in range(records))
    return (f'<?xml version="1.0" encoding="UTF-8"?><feedback><report_metadata>'
            f"<org_name>{org}</org_name><email>{email}</email><report_id>{report_id}</report_id>"
            f"<date_range><begin>{begin}</begin><end>{begin + DAY - 1}</end></date_range>"
            f"</report_metadata><policy_published><domain>{domain}</domain><adkim>r</adkim>"
            f"<aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>"
            f"{body}</feedback>")


def generate(folder):
    rng = random.Random(9989)
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for day in range(30):
        for r, reporter in enumerate(REPORTERS):
            for domain in DOMAINS:
                if rng.random() < 0.3:
                    continue
                n += 1
                xml = report_xml(rng, reporter, domain, f"r{n}", START + day * DAY, rng.randint(0, 6))
                name = folder / f"{r}-{domain}-{day:02}.xml.gz"
                name.write_bytes(gzip.compress(xml.encode(), mtime=0))
                if n == 7:
                    # The same report again in a second file, with one record more: the better
                    # copy wins in both the export and the analysis.
                    again = report_xml(random.Random(1), reporter, domain, f"r{n}",
                                       START + day * DAY, 8)
                    (folder / f"zz-again-{n}.xml").write_text(again)
    (folder / "broken.xml").write_text("<feedback><report_metadata><org_name>x</org")
    tags = folder.parent / "tags.csv"
    tags.write_text(TAGS_CSV)
    return tags


# ---------------------------------------------------------------------------------------------
# What `analyze` says, as the rows each SQL file returns.

def empty_reports(analysis, filters):
    """Reports the analysis counts that have no record, so no row: those the filters admit
    (`Filters::admits`: the UTC day the report begins on within --from..--to, the policy domain
    equal but for case and a final dot), of files loaded and copies not set aside as duplicates."""
    n = 0
    for file in analysis["files"]:
        for report in file.get("reports", []):
            if report["records"] != 0 or report.get("duplicate"):
                continue
            begin = report.get("begin")
            day = None if begin is None else datetime.datetime.fromtimestamp(
                begin, datetime.timezone.utc).strftime("%Y-%m-%d")
            if (filters.get("from") or filters.get("to")) and day is None:
                continue
            if filters.get("from") and day < filters["from"] or filters.get("to") and day > filters["to"]:
                continue
            wanted = filters.get("domain")
            if wanted and report["policy_domain"].strip().rstrip(".").lower() != wanted.lower():
                continue
            n += 1
    return n


def expected(analysis, name, filters):
    if name == "totals":
        t = analysis["totals"]
        return [(t["reports"] - empty_reports(analysis, filters), t["records"], t["messages"], t["dmarc_pass"], t["dmarc_fail"],
                 t["tagged"], t["untagged"])]
    if name == "patterns":
        return [(p["pattern"], p["messages"], p["tagged"], p["untagged"]) for p in analysis["patterns"]]
    if name == "tags":
        rows = [(t["tag"], t["messages"], t["dmarc_pass"], t["dmarc_fail"], *t["patterns"])
                for t in analysis["tags"] if t["messages"] > 0]
        return sorted(rows)
    if name == "spoof_suspects":
        return [(s["source_ip"], s["messages"], s["dmarc_pass"], s["dmarc_fail"], *s["patterns"])
                for s in analysis["spoof_suspects"]]
    if name == "fail_classes":
        c = analysis["totals"]["fail_classes"]
        return [(c["yours"], c["forwarded"], c["service_not_set_up"], c["unknown"])]
    if name == "days":
        # A day with reports but no mail has no row to group.
        return [(d["date"], d["messages"], d["dmarc_pass"], d["dmarc_fail"])
                for d in analysis["days"] if d["messages"] > 0]
    raise ValueError(name)


def normal(rows):
    return [tuple(int(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)
                  for v in row) for row in rows]


def ordered(name, rows):
    """Rows in a comparable order: the SQL files and the JSON agree on order except for ties
    among possible-spoofing sources with equal messages, which the JSON breaks by address value
    and the SQL by address text."""
    if name == "spoof_suspects":
        return sorted(rows, key=lambda r: (-r[1], r[0]))
    return rows


def run_duckdb(sql, files, form):
    import duckdb
    if form == "ndjson":
        rows = f"read_json('{files}', format = 'newline_delimited')"
    else:
        rows = f"read_parquet('{files}')"
    return duckdb.connect().execute(sql.replace("{rows}", rows)).fetchall()


def run_chdb(sql, files, form):
    import chdb
    rows = f"file('{files}', {'JSONEachRow' if form == 'ndjson' else 'Parquet'})"
    query = sql.replace("{rows}", rows).rstrip().rstrip(";")
    if form == "ndjson":
        # ClickHouse infers a JSON column's type from the first part it reads: a part whose
        # rows all pass DMARC has only nulls for `pattern`, which it would read as text
        # (sql/README.md). Every file here ends with a SETTINGS clause.
        query += ", schema_inference_hints = 'pattern Nullable(UInt8)'"
    out = chdb.query(query, "JSONCompact")
    return [tuple(r) for r in json.loads(out.bytes())["data"]]


def case(cli, label, inputs, options, work, filters=None):
    filters = filters or {}
    analysis = json.loads(subprocess.run([cli, "analyze", *options, *inputs], check=True,
                                         capture_output=True).stdout)
    failures = 0
    for form in ("ndjson", "parquet"):
        out = work / label / form
        subprocess.run([cli, "export", "--format", form, "--out", str(out), *options, *inputs],
                       check=True, capture_output=True)
        if not list(out.glob(f"date=*/*.{form}")):
            raise SystemExit(f"{label}: the {form} export wrote no rows")
        failures += compare(analysis, f"{label} {form}", str(out / "date=*" / f"*.{form}"), form, filters)
    return failures


def compare(analysis, label, files, form, filters):
    failures = 0
    for engine, run in (("duckdb", run_duckdb), ("clickhouse", run_chdb)):
        for sql_file in sorted((ROOT / "sql" / engine).glob("*.sql")):
            name = sql_file.stem
            want = ordered(name, normal(expected(analysis, name, filters)))
            try:
                got = ordered(name, normal(run(sql_file.read_text(), files, form)))
            except Exception as error:  # an engine's error is this file's failure, not the run's
                failures += 1
                print(f"FAIL {label} {engine}/{sql_file.name}: {error}")
                continue
            if got != want:
                failures += 1
                print(f"FAIL {label} {engine}/{sql_file.name}: {len(got)} rows, analyze has {len(want)}")
                for g, w in zip(got, want):
                    if g != w:
                        print(f"  first difference: sql {g} analyze {w}")
                        break
            else:
                print(f"ok   {label} {engine}/{sql_file.name}: {len(got)} rows")
    return failures


def main():
    in_venv()
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", default=str(ROOT / "target" / "release" / "dmarc-lens"))
    args = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="dmarc-lens-sql-") as tmp:
        work = Path(tmp)
        month = work / "month"
        tags = generate(month)
        failures += case(args.cli, "month", [str(month)], ["--tags", str(tags)], work)
        failures += case(args.cli, "month-filtered", [str(month)],
                         ["--tags", str(tags), "--from", "2025-11-05", "--to", "2025-11-20",
                          "--domain", "example.com"], work,
                         {"from": "2025-11-05", "to": "2025-11-20", "domain": "example.com"})
        failures += case(args.cli, "month-untagged", [str(month)], [], work)
        failures += case(args.cli, "month-no-senders", [str(month)], ["--tags", str(tags), "--no-senders"], work)
        corpus = ROOT.parent / "shared" / "corpus" / "files"
        if corpus.is_dir():
            failures += case(args.cli, "corpus", [str(corpus)], ["--tags", str(tags)], work)
        else:
            print(f"skipped the corpus: {corpus} is not there")
    if failures:
        raise SystemExit(f"{failures} SQL results differ from analyze")
    print("every SQL result equals analyze's")


if __name__ == "__main__":
    main()
