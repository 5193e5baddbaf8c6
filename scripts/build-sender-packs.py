#!/usr/bin/env python3
"""Builds the offline sender pack from two pinned PyPI wheels, reproducibly.

    scripts/build-sender-packs.py [--out components/public/packs] [--wheel FILE] [--psl-wheel FILE] [--zlib]

Downloads parsedmarc 11.1.0 and publicsuffixlist 1.1.2.20261023 (the list parsedmarc itself
uses) with `pip download --no-deps` (or reads --wheel, --psl-wheel), checks each wheel's sha256,
and reads four files:

  parsedmarc/resources/ipinfo/ipinfo_lite.mmdb       IPinfo Lite (MaxMind DB format): every
                                                     network -> ASN, AS name, AS domain, country
  parsedmarc/resources/maps/base_reverse_dns_map.csv domain -> sender name and type
  parsedmarc/resources/maps/psl_overrides.txt        suffixes folded to one base domain
  publicsuffixlist/public_suffix_list.dat            the Public Suffix List

and writes `senders.pack.gz` (one pack: the AS table and the map share one string table, since
34,000 of the map's 38,600 domains are also AS domains) and `packs.json` (what came from where,
licences, hashes, counts). Same wheels in, same bytes out: nothing depends on the clock, the
machine or dict order.

Python 3.11 standard library only (the MaxMind DB reader is the few dozen lines below), plus
zopfli 0.4.3 from PyPI in a temporary venv to compress.

Pack format, version 1 (all integers little-endian; "varint" is unsigned LEB128; a "str" is a
varint byte length and that many bytes of UTF-8). The file on disk is gzip of:

  magic "DLSENDER", u16 version = 1, u16 section count, u32 length of what follows up to the CRC
  sections, each: 4-byte tag, u32 length, bytes (a reader skips tags it does not know)
  u32 CRC-32 (IEEE, as gzip's) of every byte before it

  INFO  varint n, n x (str key, str value): where the data came from, licences, attribution
  STRS  varint n, n x str: every AS name, AS domain, map domain and sender name, each once
  CTRY  varint n, n x 2 ASCII letters: country codes; a country reference is index + 1, 0 = none
  TYPS  varint n, n x str: the map's sender types
  ASNS  varint n; n varints: the ASN, the first as is and each next one as the increase (the
        table is in ASN order); n name refs; n domain refs; n bytes: the AS's home country
        reference (where most of its addresses are).
  NET4  u8 unit bits (24: keys are /24 networks), varint n; n varints: the first key each entry
        covers, the first as is (always 0) and each next one as the increase; n varints: the AS,
        0 = the AS of the entry two before (entries next to each other never share one),
        1 = none (no data), k >= 2 = AS k - 2; n bytes: the country, 0 = the AS's home country,
        else a country reference (this build writes 0 throughout: see below). An entry covers
        its key up to the next entry's key, the last one to the end of the address space.
  NET6  the same over IPv6 with unit bits 48 (keys are /48 networks)
  DOMS  varint n; n domain refs, n name refs (never none), n bytes: type index; rows in byte
        order of the domain
  PSLO  varint n, n x str: the suffix overrides as parsedmarc ships them
  PSLS  the Public Suffix List's rules, one a line, after "// ===BEGIN ICANN DOMAINS===" and
        "// ===BEGIN PRIVATE DOMAINS===" lines, comments left out, rules beyond ASCII also in
        punycode

A string ref is a varint: 0 = none, 1 = the next string not used yet, k >= 2 = string k - 2.
"The next string" counts over the ref columns in the order written: ASNS names, ASNS domains,
DOMS domains, DOMS names.

Why /24 and /48: BGP carries nothing longer, and IPinfo's longer networks are almost all country
changes inside one AS (at /24 the IPv4 table loses about 40 AS boundaries it has at /32). Where
a /24 (or /48) holds several networks, the AS covering most of what IPinfo says of it wins.
The country per network is left out for size (an AS's home country stands for it), and so is
space with a country but no AS: the pack is "no data" there.
"""

import argparse
import collections
import csv
import gzip
import hashlib
import io
import json
import os
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

PACKAGE = "parsedmarc"
VERSION = "11.1.0"
WHEEL = "parsedmarc-11.1.0-py3-none-any.whl"
WHEEL_SHA256 = "d30acc6778e8241b33c6fc098eabc0a060f6058f456804fadb1d54041d8f4548"
MMDB_PATH = "parsedmarc/resources/ipinfo/ipinfo_lite.mmdb"
MAP_PATH = "parsedmarc/resources/maps/base_reverse_dns_map.csv"
OVERRIDES_PATH = "parsedmarc/resources/maps/psl_overrides.txt"
PSL_PACKAGE = "publicsuffixlist"
PSL_VERSION = "1.1.2.20261023"
PSL_WHEEL = "publicsuffixlist-1.1.2.20261023-py3-none-any.whl"
PSL_WHEEL_SHA256 = "c792aa3fd37076c15f1c9d9897e59e9d58e8bacdf4315eb9cc10141a26d8995c"
PSL_PATH = "publicsuffixlist/public_suffix_list.dat"
PSL_LICENCE = "MPL-2.0"
PSL_LICENCE_URL = "https://mozilla.org/MPL/2.0/"
PACK_NAME = "senders.pack.gz"
FORMAT_VERSION = 1
V4_UNIT_BITS = 24
V6_UNIT_BITS = 48
BUDGET_GZIP_BYTES = 3 * 1000 * 1000

IPINFO_ATTRIBUTION = "IP address data powered by IPinfo (https://ipinfo.io)"
IPINFO_LICENCE = "CC BY-SA 4.0"
MAP_LICENCE = "CC BY-SA 4.0"
MAP_ATTRIBUTION = "Sender map from parsedmarc by Sean Whalen (https://github.com/domainaware/parsedmarc), built on IPinfo data"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"


def fail(message):
    sys.exit(f"build-sender-packs: {message}")


def sha256(data):
    return hashlib.sha256(data).hexdigest()


# ---- MaxMind DB reading (https://maxmind.github.io/MaxMind-DB/) ----

METADATA_MARKER = b"\xab\xcd\xefMaxMind.com"


class Mmdb:
    def __init__(self, buf):
        self.buf = buf
        at = buf.rfind(METADATA_MARKER)
        if at < 0:
            fail("the IPinfo file is not a MaxMind DB (no metadata marker)")
        self.meta, _ = self.decode(at + len(METADATA_MARKER), None)
        if self.meta.get("binary_format_major_version") != 2:
            fail(f"MaxMind DB format {self.meta.get('binary_format_major_version')} is not 2")
        if self.meta.get("record_size") not in (24, 28, 32):
            fail(f"unexpected record size {self.meta.get('record_size')}")
        self.node_count = self.meta["node_count"]
        self.record_size = self.meta["record_size"]
        self.data_base = self.node_count * self.record_size // 4 + 16
        self.cache = {}

    def record(self, node, bit):
        size = self.record_size
        buf = self.buf
        if size == 32:
            return struct.unpack_from(">I", buf, node * 8 + bit * 4)[0]
        if size == 24:
            at = node * 6 + bit * 3
            return int.from_bytes(buf[at : at + 3], "big")
        at = node * 7
        if bit == 0:
            return ((buf[at + 3] & 0xF0) << 20) | int.from_bytes(buf[at : at + 3], "big")
        return ((buf[at + 3] & 0x0F) << 24) | int.from_bytes(buf[at + 4 : at + 7], "big")

    def decode(self, at, base):
        buf = self.buf
        ctrl = buf[at]
        at += 1
        kind = ctrl >> 5
        if kind == 1:  # pointer into the data section
            size = (ctrl >> 3) & 3
            low = ctrl & 7
            if size == 0:
                pointer = (low << 8) | buf[at]
            elif size == 1:
                pointer = ((low << 16) | int.from_bytes(buf[at : at + 2], "big")) + 2048
            elif size == 2:
                pointer = ((low << 24) | int.from_bytes(buf[at : at + 3], "big")) + 526336
            else:
                pointer = int.from_bytes(buf[at : at + 4], "big")
            value, _ = self.decode(base + pointer, base)
            return value, at + size + 1
        if kind == 0:
            kind = 7 + buf[at]
            at += 1
        size = ctrl & 31
        if size >= 29:
            extra = size - 28
            tail = int.from_bytes(buf[at : at + extra], "big")
            size = (29, 285, 65821)[extra - 1] + tail
            at += extra
        if kind == 2:
            return buf[at : at + size].decode("utf-8"), at + size
        if kind == 3:
            return struct.unpack(">d", buf[at : at + 8])[0], at + 8
        if kind == 4:
            return bytes(buf[at : at + size]), at + size
        if kind in (5, 6, 9, 10):
            return int.from_bytes(buf[at : at + size], "big"), at + size
        if kind == 8:
            return int.from_bytes(buf[at : at + size], "big", signed=True), at + size
        if kind == 7:
            value = {}
            for _ in range(size):
                key, at = self.decode(at, base)
                value[key], at = self.decode(at, base)
            return value, at
        if kind == 11:
            value = []
            for _ in range(size):
                item, at = self.decode(at, base)
                value.append(item)
            return value, at
        if kind == 14:
            return bool(size), at
        if kind == 15:
            return struct.unpack(">f", buf[at : at + 4])[0], at + 4
        fail(f"unknown MaxMind DB data type {kind}")

    def data(self, record):
        value = self.cache.get(record)
        if value is None:
            at = self.data_base + record - self.node_count - 16
            value, _ = self.decode(at, self.data_base)
            self.cache[record] = value
        return value

    def networks(self, start_node, bits, skip_node=None):
        """Every network under start_node as (first address, prefix length, data record),
        in address order. skip_node (the IPv4 subtree) is not entered again below the root:
        IPv4-mapped and 6to4 space point at it."""
        out = []
        stack = [(start_node, 0, 0)]
        while stack:
            node, depth, prefix = stack.pop()
            if node >= self.node_count:
                if node > self.node_count:  # node_count itself means "no data"
                    out.append((prefix << (bits - depth), depth, node))
                continue
            if depth >= bits:
                fail("the MaxMind DB tree is deeper than the address")
            if skip_node is not None and depth > 0 and node == skip_node:
                continue
            for bit in (1, 0):
                stack.append((self.record(node, bit), depth + 1, (prefix << 1) | bit))
        out.sort()
        return out


# ---- the pack ----


def varint(value):
    if value < 0:
        fail(f"negative varint {value}")
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def text(value):
    data = value.encode("utf-8")
    return varint(len(data)) + data


class Strings:
    """The shared string table: each string once, numbered in order of first use."""

    def __init__(self):
        self.index = {}

    def ref(self, value):
        """A reference as the pack stores it: 0 none, 1 the next new string, k + 2 string k."""
        if value is None or value == "":
            return 0
        known = self.index.get(value)
        if known is not None:
            return known + 2
        self.index[value] = len(self.index)
        return 1

    def section(self):
        ordered = sorted(self.index, key=self.index.__getitem__)
        return varint(len(ordered)) + b"".join(text(s) for s in ordered)


def value_key(value):
    """A total order on (asn or None, country or None), for ties."""
    asn, country = value
    return (-1 if asn is None else asn, country or "")


def to_units(networks, bits, unit_bits, value_of):
    """Networks at most unit_bits long keep their span in units; a unit holding longer ones
    takes the value covering most of what the source says of it (the rest of the unit, of which
    it says nothing, goes with it: a /64 of a mail host stands for its /48); ties go to the
    smaller value, so the result never depends on order. A value of None is no data.
    Gives (first unit, units, value)."""
    shift = bits - unit_bits
    out = []
    i = 0
    n = len(networks)
    while i < n:
        first, length, record = networks[i]
        if length <= unit_bits:
            value = value_of(record)
            if value is not None:
                out.append((first >> shift, 1 << (unit_bits - length), value))
            i += 1
            continue
        unit = first >> shift
        cover = collections.Counter()
        while i < n and networks[i][0] >> shift == unit and networks[i][1] > unit_bits:
            value = value_of(networks[i][2])
            if value is not None:
                cover[value] += 1 << (bits - networks[i][1])
            i += 1
        if cover:
            best = sorted(cover.items(), key=lambda kv: (-kv[1], value_key(kv[0])))[0][0]
            out.append((unit, 1, best))
    return out


def ranges(units, unit_bits):
    """Adjacent units with the same value merged; gaps become entries of value None. The first
    entry starts at 0."""
    merged = []
    for first, count, value in units:
        if merged and merged[-1][0] + merged[-1][1] == first and merged[-1][2] == value:
            merged[-1][1] += count
        else:
            merged.append([first, count, value])
    entries = []
    at = 0
    for first, count, value in merged:
        if first > at:
            entries.append((at, None))
        elif first < at:
            fail("overlapping networks")
        entries.append((first, value))
        at = first + count
    if at < 1 << unit_bits:
        entries.append((at, None))
    if not entries or entries[0][0] != 0:
        entries.insert(0, (0, None))
    # An entry of no data followed by one of no data (the closing one after a gap) is one.
    out = []
    for first, value in entries:
        if out and out[-1][1] == value:
            continue
        out.append((first, value))
    return out, len(merged)


def net_section(unit_bits, entries, as_index, home, country_ref):
    keys = bytearray()
    ases = bytearray()
    countries = bytearray()
    previous_key = 0
    # Entries next to each other never hold the same AS, but one two before often does: an AS
    # around a gap or around a customer's network inside its own.
    before = [None, None]
    for key, value in entries:
        keys += varint(key - previous_key)
        previous_key = key
        asn, country = value if value is not None else (None, None)
        if asn is None:
            code = 1
        elif asn == before[0]:
            code = 0
        else:
            code = as_index[asn] + 2
        before = [before[1], asn]
        ases += varint(code)
        if country is None or country == home.get(asn):
            countries.append(0)
        else:
            countries.append(country_ref[country])
    return bytes([unit_bits]) + varint(len(entries)) + bytes(keys) + bytes(ases) + bytes(countries)


def section(tag, body):
    return tag + struct.pack("<I", len(body)) + body


def punycode_rule(rule):
    """A rule's labels in the ASCII form DNS names carry: `xn--` and the label's punycode."""
    labels = []
    for label in rule.split("."):
        if label.isascii():
            labels.append(label)
        else:
            labels.append("xn--" + label.encode("punycode").decode("ascii"))
    return ".".join(labels)


def compact_psl(text):
    """The list's rules without comments, in the two parts the engine's parser (the
    `publicsuffix` crate) tells apart by their markers; each rule with labels beyond ASCII
    also in its punycode form, as the crate's own `punycode` feature would add it."""
    parts = {"ICANN": [], "PRIVATE": []}
    part = None
    for line in text.splitlines():
        line = line.strip()
        if "===BEGIN ICANN DOMAINS===" in line:
            part = "ICANN"
        elif "===BEGIN PRIVATE DOMAINS===" in line:
            part = "PRIVATE"
        elif "===END" in line:
            part = None
        elif line and not line.startswith("//") and part is not None:
            rule = line.split()[0]
            parts[part].append(rule)
            prefix = "!" if rule.startswith("!") else ""
            ascii_rule = prefix + punycode_rule(rule[len(prefix):])
            if ascii_rule != rule:
                parts[part].append(ascii_rule)
    if len(parts["ICANN"]) < 1000 or len(parts["PRIVATE"]) < 1000:
        fail("the Public Suffix List looks cut short")
    out = ["// ===BEGIN ICANN DOMAINS==="] + parts["ICANN"] + ["// ===BEGIN PRIVATE DOMAINS==="] + parts["PRIVATE"]
    return ("\n".join(out) + "\n").encode("utf-8"), len(parts["ICANN"]), len(parts["PRIVATE"])


def build(wheel_bytes, psl_wheel_bytes):
    wheel = zipfile.ZipFile(io.BytesIO(wheel_bytes))
    files = {path: wheel.read(path) for path in (MMDB_PATH, MAP_PATH, OVERRIDES_PATH)}
    files[PSL_PATH] = zipfile.ZipFile(io.BytesIO(psl_wheel_bytes)).read(PSL_PATH)

    mmdb = Mmdb(files[MMDB_PATH])
    meta = mmdb.meta
    if meta.get("ip_version") != 6:
        fail("expected an IPv6 tree holding IPv4 at ::/96")
    node = 0
    for _ in range(96):
        node = mmdb.record(node, 0)
    v4_root = node
    v4_networks = mmdb.networks(v4_root, 32)
    v6_networks = mmdb.networks(0, 128, skip_node=v4_root)

    # One AS record per ASN; IPinfo gives each ASN one name and one domain.
    as_names = {}
    as_domains = {}
    countries = set()

    def value_of(record):
        data = mmdb.data(record)
        country = data.get("country_code") or None
        if country is not None:
            if len(country) != 2 or not country.isascii():
                fail(f"country code {country!r}")
            country = country.upper()
            countries.add(country)
        raw = data.get("asn")
        asn = None
        if raw:
            if not (raw.startswith("AS") and raw[2:].isdigit()):
                fail(f"ASN {raw!r}")
            asn = int(raw[2:])
            name = data.get("as_name") or None
            domain = (data.get("as_domain") or "").lower() or None
            if as_names.setdefault(asn, name) != name or as_domains.setdefault(asn, domain) != domain:
                fail(f"AS{asn} has two names or domains")
        return (asn, country)

    # Home country: where most of the AS's IPv4 addresses are, else most of its IPv6 ones.
    footprint4 = collections.defaultdict(collections.Counter)
    footprint6 = collections.defaultdict(collections.Counter)
    for footprint, networks, bits in ((footprint4, v4_networks, 32), (footprint6, v6_networks, 128)):
        for _, length, record in networks:
            asn, country = value_of(record)
            footprint[asn][country] += 1 << (bits - length)

    def home_of(asn):
        counts = footprint4.get(asn) or footprint6.get(asn)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] or ""))[0][0]

    # The ranges carry the AS and leave the country to the AS's home country: a country per
    # /24 and /48 as well would take the pack over the budget (see the README), and so would
    # the space IPinfo knows a country but no AS for (163,000 IPv4 and 673,000 IPv6 networks
    # split by country, unannounced space): it is "no data" here. The country column stays
    # in the format.
    def as_value(record):
        asn, _ = value_of(record)
        return None if asn is None else (asn, None)

    v4_units = to_units(v4_networks, 32, V4_UNIT_BITS, as_value)
    v6_units = to_units(v6_networks, 128, V6_UNIT_BITS, as_value)

    asns = sorted(as_names)
    if len(asns) >= 1 << 24:
        fail("too many ASes for the engine's 24-bit AS numbers")
    as_index = {asn: i for i, asn in enumerate(asns)}
    home = {asn: home_of(asn) for asn in asns}
    home[None] = None
    country_list = sorted(countries)
    if len(country_list) > 254:
        fail("too many countries for one byte")
    country_ref = {c: i + 1 for i, c in enumerate(country_list)}

    strings = Strings()
    previous = 0
    asn_column = bytearray()
    name_column = bytearray()
    domain_column = bytearray()
    home_column = bytearray()
    # Column by column, as the engine reads them: "the next new string" counts in this order.
    for asn in asns:
        asn_column += varint(asn - previous)
        previous = asn
    for asn in asns:
        name_column += varint(strings.ref(as_names[asn]))
    for asn in asns:
        domain_column += varint(strings.ref(as_domains[asn]))
    for asn in asns:
        home_column.append(country_ref.get(home[asn], 0))
    asns_section = varint(len(asns)) + bytes(asn_column + name_column + domain_column + home_column)

    v4_entries, v4_ranges = ranges(v4_units, V4_UNIT_BITS)
    v6_entries, v6_ranges = ranges(v6_units, V6_UNIT_BITS)
    net4 = net_section(V4_UNIT_BITS, v4_entries, as_index, home, country_ref)
    net6 = net_section(V6_UNIT_BITS, v6_entries, as_index, home, country_ref)

    # The sender map, keyed as parsedmarc keys it (lower case, trimmed), and without a trailing
    # dot (one key, "communicate.technology.", has one: no name looked up ever would).
    rows = {}
    for row in csv.DictReader(io.StringIO(files[MAP_PATH].decode("utf-8"))):
        domain = row["base_reverse_dns"].lower().strip().rstrip(".")
        name = row["name"].strip()
        kind = row["type"].strip()
        if not domain or not name or not kind:
            fail(f"map row without domain, name or type: {row}")
        if domain in rows:
            fail(f"map lists {domain} twice")
        rows[domain] = (name, kind)
    types = sorted({kind for _, kind in rows.values()})
    if len(types) > 255:
        fail("too many sender types for one byte")
    type_index = {kind: i for i, kind in enumerate(types)}
    ordered = sorted(rows, key=lambda d: d.encode("utf-8"))
    dom_column = b"".join(varint(strings.ref(d)) for d in ordered)
    map_name_column = b"".join(varint(strings.ref(rows[d][0])) for d in ordered)
    type_column = bytes(type_index[rows[d][1]] for d in ordered)
    doms_section = varint(len(ordered)) + dom_column + map_name_column + type_column

    overrides = [line.strip() for line in files[OVERRIDES_PATH].decode("utf-8").splitlines() if line.strip()]
    pslo_section = varint(len(overrides)) + b"".join(text(o.lower()) for o in overrides)

    psl_section, n_icann, n_private = compact_psl(files[PSL_PATH].decode("utf-8"))

    build_day = meta.get("build_epoch")
    info = [
        ("source", f"{PACKAGE} {VERSION} ({WHEEL}, sha256 {WHEEL_SHA256})"),
        ("ipinfo", f"{MMDB_PATH}: {meta.get('database_type')}, built {build_day} (Unix time)"),
        ("ipinfo_licence", f"{IPINFO_LICENCE} {LICENCE_URL}"),
        ("ipinfo_attribution", IPINFO_ATTRIBUTION),
        ("map", MAP_PATH),
        ("map_licence", f"{MAP_LICENCE} {LICENCE_URL}"),
        ("map_attribution", MAP_ATTRIBUTION),
        ("overrides", OVERRIDES_PATH),
        ("psl", f"{PSL_PACKAGE} {PSL_VERSION}: {PSL_PATH}"),
        ("psl_licence", f"{PSL_LICENCE} {PSL_LICENCE_URL}"),
    ]
    info_section = varint(len(info)) + b"".join(text(k) + text(v) for k, v in info)
    ctry_section = varint(len(country_list)) + b"".join(c.encode("ascii") for c in country_list)
    typs_section = varint(len(types)) + b"".join(text(t) for t in types)

    sections = [
        (b"INFO", info_section),
        (b"STRS", strings.section()),
        (b"CTRY", ctry_section),
        (b"TYPS", typs_section),
        (b"ASNS", asns_section),
        (b"NET4", net4),
        (b"NET6", net6),
        (b"DOMS", doms_section),
        (b"PSLO", pslo_section),
        (b"PSLS", psl_section),
    ]
    body = b"".join(section(tag, data) for tag, data in sections)
    raw = b"DLSENDER" + struct.pack("<HHI", FORMAT_VERSION, len(sections), len(body)) + body
    raw += struct.pack("<I", zlib.crc32(raw) & 0xFFFFFFFF)

    counts = {
        "ases": len(asns),
        "strings": len(strings.index),
        "countries": len(country_list),
        "ipv4_networks_in_source": len(v4_networks),
        "ipv4_ranges": v4_ranges,
        "ipv4_entries": len(v4_entries),
        "ipv6_networks_in_source": len(v6_networks),
        "ipv6_ranges": v6_ranges,
        "ipv6_entries": len(v6_entries),
        "domains": len(ordered),
        "sender_types": len(types),
        "psl_overrides": len(overrides),
        "psl_icann_rules": n_icann,
        "psl_private_rules": n_private,
        "source_records": len(mmdb.cache),
        "source_records_without_asn": sum(1 for d in mmdb.cache.values() if not d.get("asn")),
    }
    section_sizes = {tag.decode(): {"raw": len(data), "deflated": len(zlib.compress(data, 9))} for tag, data in sections}
    return raw, files, meta, counts, section_sizes


ZOPFLI = "zopfli==0.4.3"
ZOPFLI_ITERATIONS = 15
COMPRESS = "import sys, zopfli.gzip; sys.stdout.buffer.write(zopfli.gzip.compress(sys.stdin.buffer.read(), numiterations=%d))"


def gzip_bytes(raw, fast):
    """Zopfli's gzip (from PyPI, into a temporary venv) is ordinary gzip 4 % smaller than zlib's
    best, which keeps the pack inside its budget; --zlib is for trying things out. Both write
    mtime 0 and no file name, so the same input gives the same bytes."""
    if fast:
        out = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=out, mtime=0) as stream:
            stream.write(raw)
        return out.getvalue(), "zlib level 9 (Python standard library)"
    with tempfile.TemporaryDirectory() as directory:
        venv = os.path.join(directory, "venv")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        python = os.path.join(venv, "bin", "python")
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--only-binary=:all:", ZOPFLI],
                       check=True)
        packed = subprocess.run([python, "-c", COMPRESS % ZOPFLI_ITERATIONS], input=raw, stdout=subprocess.PIPE,
                                check=True).stdout
    if gzip.decompress(packed) != raw:
        fail("zopfli's output does not inflate to the pack")
    return packed, f"{ZOPFLI} (PyPI), {ZOPFLI_ITERATIONS} iterations"


def download_wheel(directory, package, version, wheel, expected_sha256):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check",
         "-d", directory, f"{package}=={version}"],
        check=True,
    )
    path = os.path.join(directory, wheel)
    if not os.path.exists(path):
        fail(f"pip did not save {wheel}")
    with open(path, "rb") as f:
        data = f.read()
    if sha256(data) != expected_sha256:
        fail(f"{wheel} has sha256 {sha256(data)}, expected {expected_sha256}")
    return data


def read_wheel(path, wheel, expected_sha256):
    with open(path, "rb") as f:
        data = f.read()
    if sha256(data) != expected_sha256:
        fail(f"{path} has sha256 {sha256(data)}, expected {expected_sha256} ({wheel})")
    return data


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(root, "components", "public", "packs"))
    parser.add_argument("--wheel", help=f"a {WHEEL} already downloaded (its sha256 is checked)")
    parser.add_argument("--psl-wheel", help=f"a {PSL_WHEEL} already downloaded (its sha256 is checked)")
    parser.add_argument("--zlib", action="store_true", help="compress with zlib, not zopfli: quicker, larger, not what is committed")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        if args.wheel:
            wheel_bytes = read_wheel(args.wheel, WHEEL, WHEEL_SHA256)
        else:
            wheel_bytes = download_wheel(directory, PACKAGE, VERSION, WHEEL, WHEEL_SHA256)
        if args.psl_wheel:
            psl_wheel_bytes = read_wheel(args.psl_wheel, PSL_WHEEL, PSL_WHEEL_SHA256)
        else:
            psl_wheel_bytes = download_wheel(directory, PSL_PACKAGE, PSL_VERSION, PSL_WHEEL, PSL_WHEEL_SHA256)

    raw, files, meta, counts, section_sizes = build(wheel_bytes, psl_wheel_bytes)
    packed, compressor = gzip_bytes(raw, args.zlib)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, PACK_NAME), "wb") as f:
        f.write(packed)

    manifest = {
        "schema": "dmarc-lens/sender-packs/v1",
        "built_by": "scripts/build-sender-packs.py",
        "wheels": [
            {"package": PACKAGE, "version": VERSION, "registry": "PyPI", "file": WHEEL, "sha256": WHEEL_SHA256},
            {"package": PSL_PACKAGE, "version": PSL_VERSION, "registry": "PyPI", "file": PSL_WHEEL,
             "sha256": PSL_WHEEL_SHA256},
        ],
        "sources": [
            {
                "what": "IPinfo Lite: network -> ASN, AS name, AS domain, country",
                "package": PACKAGE,
                "version": VERSION,
                "path": MMDB_PATH,
                "sha256": sha256(files[MMDB_PATH]),
                "bytes": len(files[MMDB_PATH]),
                "format": f"MaxMind DB {meta.get('binary_format_major_version')}.{meta.get('binary_format_minor_version')}, "
                f"{meta.get('database_type')}, record size {meta.get('record_size')}, {meta.get('node_count')} nodes",
                "build_epoch": meta.get("build_epoch"),
                "licence": IPINFO_LICENCE,
                "licence_url": LICENCE_URL,
                "attribution": IPINFO_ATTRIBUTION,
            },
            {
                "what": "sender map: domain -> name, type",
                "package": PACKAGE,
                "version": VERSION,
                "path": MAP_PATH,
                "sha256": sha256(files[MAP_PATH]),
                "bytes": len(files[MAP_PATH]),
                "licence": MAP_LICENCE,
                "licence_url": LICENCE_URL,
                "attribution": MAP_ATTRIBUTION,
            },
            {
                "what": "suffixes folded to one base domain before the map is read",
                "package": PACKAGE,
                "version": VERSION,
                "path": OVERRIDES_PATH,
                "sha256": sha256(files[OVERRIDES_PATH]),
                "bytes": len(files[OVERRIDES_PATH]),
                "licence": "Apache-2.0 (the parsedmarc package)",
            },
            {
                "what": "the Public Suffix List: where organisational domains begin",
                "package": PSL_PACKAGE,
                "version": PSL_VERSION,
                "path": PSL_PATH,
                "sha256": sha256(files[PSL_PATH]),
                "bytes": len(files[PSL_PATH]),
                "licence": PSL_LICENCE,
                "licence_url": PSL_LICENCE_URL,
                "attribution": "Public Suffix List, Mozilla Foundation (https://publicsuffix.org)",
            },
        ],
        "packs": [
            {
                "file": PACK_NAME,
                "format_version": FORMAT_VERSION,
                "compressed_with": compressor,
                "sha256": sha256(packed),
                "bytes": len(packed),
                "raw_sha256": sha256(raw),
                "raw_bytes": len(raw),
                "ipv4_unit_bits": V4_UNIT_BITS,
                "ipv6_unit_bits": V6_UNIT_BITS,
                "counts": counts,
                "sections": section_sizes,
            }
        ],
        "budget_gzip_bytes": BUDGET_GZIP_BYTES,
    }
    with open(os.path.join(args.out, "packs.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(manifest, f, indent=2, sort_keys=False)
        f.write("\n")

    print(f"{PACK_NAME}: {len(raw):,} bytes raw, {len(packed):,} gzip (budget {BUDGET_GZIP_BYTES:,})")
    for tag, size in section_sizes.items():
        print(f"  {tag}: {size['raw']:>9,} raw {size['deflated']:>9,} deflated")
    for key, value in counts.items():
        print(f"  {key}: {value:,}")
    if len(packed) > BUDGET_GZIP_BYTES:
        fail(f"{PACK_NAME} is {len(packed):,} bytes gzip, over the budget of {BUDGET_GZIP_BYTES:,}")


if __name__ == "__main__":
    main()
