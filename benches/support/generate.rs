//! Deterministic generator of realistic RFC 7489 aggregate reports for the benchmarks.
//!
//! The benches need inputs that look like what receivers send, at sizes no test corpus holds (a
//! 70 MB report, two thousand small ones), without committing generated files. So reports are
//! written here from a fixed seed: Google's layout (two-space indentation, `<?xml ... ?>` header,
//! metadata, published policy, records), source IPs drawn with a skew from a pool of a few
//! thousand IPv4 and IPv6 addresses, counts from 1 to 5000 with most of them small, a handful of
//! `header_from` domains, and the mix of outcomes a domain with a quarantine policy sees: its own
//! mail passing, an email service provider signing with its own domain, forwarded mail failing
//! SPF, and spoofing failing both. The totals the engine must find are returned beside the XML so
//! every bench can assert them.
//!
//! This lives under `benches/support/` (no `main.rs`), so Cargo does not take it for a bench target.

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// SplitMix64: tiny, fast and the same on every machine, which is all a generator needs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn choose<T: Copy>(&mut self, items: &[T]) -> T {
        *self.pick(items)
    }
}

/// The distinct source addresses records are drawn from: senders come back again and again.
pub struct IpPool {
    addrs: Vec<IpAddr>,
}

impl IpPool {
    /// `n` distinct addresses, about one in five IPv6, in ranges real senders use (Google,
    /// Microsoft, Amazon SES, SendGrid, Mailchimp) plus scattered ones.
    pub fn new(rng: &mut Rng, n: usize) -> Self {
        let v4_prefixes: [[u8; 2]; 8] =
            [[209, 85], [40, 107], [52, 101], [54, 240], [149, 72], [167, 89], [198, 2], [185, 12]];
        let v6_prefixes: [[u16; 3]; 4] =
            [[0x2607, 0xf8b0, 0x4864], [0x2a01, 0x0111, 0xf400], [0x2a00, 0x1450, 0x4864], [0x2001, 0x0db8, 0x0042]];
        let mut seen = std::collections::HashSet::new();
        let mut addrs = Vec::with_capacity(n);
        while addrs.len() < n {
            let addr = if rng.chance(0.2) {
                let p = rng.pick(&v6_prefixes);
                let host = if rng.chance(0.5) { rng.below(0x1000) as u16 } else { rng.next_u64() as u16 };
                IpAddr::V6(Ipv6Addr::new(p[0], p[1], p[2], rng.below(0x100) as u16, 0, 0, 0, host))
            } else if rng.chance(0.75) {
                let p = rng.pick(&v4_prefixes);
                IpAddr::V4(Ipv4Addr::new(p[0], p[1], rng.below(256) as u8, 1 + rng.below(254) as u8))
            } else {
                let a =
                    [1 + rng.below(222) as u8, rng.below(256) as u8, rng.below(256) as u8, 1 + rng.below(254) as u8];
                IpAddr::V4(Ipv4Addr::from(a))
            };
            if seen.insert(addr) {
                addrs.push(addr);
            }
        }
        IpPool { addrs }
    }

    pub fn len(&self) -> usize {
        self.addrs.len()
    }

    /// Skewed towards the front of the pool: a few big senders, a long tail.
    fn pick(&self, rng: &mut Rng) -> IpAddr {
        let u = rng.unit();
        self.addrs[((u * u) * self.addrs.len() as f64) as usize]
    }
}

/// Who sent the report: the metadata that differs between receivers.
pub struct Reporter {
    pub org_name: &'static str,
    pub email: &'static str,
    pub extra_contact_info: Option<&'static str>,
    /// Outlook.com writes `<version>` and schema namespaces on `<feedback>`.
    pub microsoft_style: bool,
}

pub const GOOGLE: Reporter = Reporter {
    org_name: "google.com",
    email: "noreply-dmarc-support@google.com",
    extra_contact_info: Some("https://support.google.com/a/answer/2466580"),
    microsoft_style: false,
};

pub const REPORTERS: [Reporter; 5] = [
    GOOGLE,
    Reporter { org_name: "Yahoo", email: "dmarchelp@yahooinc.com", extra_contact_info: None, microsoft_style: false },
    Reporter {
        org_name: "Outlook.com",
        email: "dmarcreport@microsoft.com",
        extra_contact_info: None,
        microsoft_style: true,
    },
    Reporter {
        org_name: "Enterprise Outlook",
        email: "dmarcreport@microsoft.com",
        extra_contact_info: None,
        microsoft_style: true,
    },
    Reporter {
        org_name: "Mail.Ru",
        email: "dmarc_support@corp.mail.ru",
        extra_contact_info: Some("http://help.mail.ru/mail-help"),
        microsoft_style: false,
    },
];

/// One report to write.
pub struct ReportSpec<'a> {
    pub reporter: &'a Reporter,
    pub report_id: String,
    /// The published policy's domain; `header_from` is it or one of its subdomains.
    pub policy_domain: &'a str,
    pub begin: i64,
    pub n_records: usize,
}

/// A generated report and the totals the engine must find in it.
pub struct GeneratedReport {
    pub xml: Vec<u8>,
    pub records: u64,
    pub messages: u64,
    /// Messages in records whose aligned DKIM and SPF verdicts both fail.
    pub dmarc_fail_messages: u64,
}

const SELECTORS: [&str; 5] = ["google", "s1", "s2", "selector1", "selector2"];
const ESPS: [(&str, &str, &str); 3] = [
    ("sendgrid.net", "smtpapi", "em8123"),
    ("amazonses.com", "224i4yxa5dv7c2xz3womw6peuasteono", "bounces"),
    ("mcsv.net", "k2", "mail155"),
];
const FORWARDERS: [&str; 4] =
    ["lists.debian.org", "forwarding.example.edu", "alumni.example.ac.uk", "groups.example.net"];
const SPOOFERS: [&str; 4] = ["mailer.ru-promo.xyz", "vps-1187.hosting.example", "", "bulk-sender.example.info"];

/// Writes one report with the given metadata and `spec.n_records` records.
pub fn report(rng: &mut Rng, pool: &IpPool, spec: &ReportSpec<'_>) -> GeneratedReport {
    let mut xml = String::with_capacity(spec.n_records * 720 + 1024);
    let r = spec.reporter;
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n");
    if r.microsoft_style {
        xml.push_str(
            "<feedback xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n  <version>1.0</version>\n",
        );
    } else {
        xml.push_str("<feedback>\n");
    }
    xml.push_str("  <report_metadata>\n");
    let _ = writeln!(xml, "    <org_name>{}</org_name>", r.org_name);
    let _ = writeln!(xml, "    <email>{}</email>", r.email);
    if let Some(extra) = r.extra_contact_info {
        let _ = writeln!(xml, "    <extra_contact_info>{extra}</extra_contact_info>");
    }
    let _ = writeln!(xml, "    <report_id>{}</report_id>", spec.report_id);
    let _ = writeln!(
        xml,
        "    <date_range>\n      <begin>{}</begin>\n      <end>{}</end>\n    </date_range>",
        spec.begin,
        spec.begin + 86_399
    );
    xml.push_str("  </report_metadata>\n  <policy_published>\n");
    let _ = writeln!(xml, "    <domain>{}</domain>", spec.policy_domain);
    xml.push_str("    <adkim>r</adkim>\n    <aspf>r</aspf>\n    <p>quarantine</p>\n    <sp>quarantine</sp>\n    <pct>100</pct>\n    <np>quarantine</np>\n  </policy_published>\n");

    let header_froms = [
        spec.policy_domain.to_string(),
        spec.policy_domain.to_string(),
        spec.policy_domain.to_string(),
        format!("news.{}", spec.policy_domain),
        format!("billing.{}", spec.policy_domain),
        format!("mail.{}", spec.policy_domain),
    ];
    // Google Workspace adds its own signature beside the domain's.
    let workspace = format!("{}.20230601.gappssmtp.com", spec.policy_domain.replace('.', "-"));

    let mut messages = 0u64;
    let mut dmarc_fail_messages = 0u64;
    for _ in 0..spec.n_records {
        let header_from = rng.pick(&header_froms).as_str();
        let record = record(rng, header_from, &workspace);
        let count = 1 + (rng.unit().powi(4) * 5000.0) as u64;
        let count = count.min(5000);
        messages += count;
        if !(record.dkim_aligned || record.spf_aligned) {
            dmarc_fail_messages += count;
        }
        write_record(&mut xml, pool.pick(rng), count, header_from, &record);
    }
    xml.push_str("</feedback>\n");
    GeneratedReport { xml: xml.into_bytes(), records: spec.n_records as u64, messages, dmarc_fail_messages }
}

struct Auth {
    domain: String,
    selector: &'static str,
    result: &'static str,
}

struct PlannedRecord {
    dkim: Vec<Auth>,
    spf: Auth,
    envelope_from: Option<String>,
    dkim_aligned: bool,
    spf_aligned: bool,
    disposition: &'static str,
    reason: Option<(&'static str, Option<&'static str>)>,
}

/// Decides one record's story: who sent it and what passed.
fn record(rng: &mut Rng, header_from: &str, workspace: &str) -> PlannedRecord {
    let own_dkim =
        |rng: &mut Rng, result| Auth { domain: header_from.to_string(), selector: rng.choose(&SELECTORS), result };
    let story = rng.unit();
    let mut planned = if story < 0.55 {
        // The domain's own mail: everything passes and aligns.
        let mut dkim = vec![own_dkim(rng, "pass")];
        if rng.chance(0.3) {
            dkim.push(Auth { domain: workspace.to_string(), selector: "20230601", result: "pass" });
        }
        let bounce = if rng.chance(0.5) { header_from.to_string() } else { format!("bounce.{header_from}") };
        PlannedRecord {
            dkim,
            spf: Auth { domain: bounce.clone(), selector: "", result: "pass" },
            envelope_from: Some(bounce),
            dkim_aligned: true,
            spf_aligned: true,
            disposition: "none",
            reason: None,
        }
    } else if story < 0.70 {
        // An email service provider: its own DKIM signature and bounce domain, sometimes with the
        // domain's signature beside it.
        let (esp, selector, bounce_host) = rng.choose(&ESPS);
        let mut dkim = vec![Auth { domain: esp.to_string(), selector, result: "pass" }];
        let aligned = rng.chance(0.6);
        if aligned {
            dkim.push(Auth { domain: header_from.to_string(), selector: "s1", result: "pass" });
        }
        let bounce = format!("{bounce_host}.{esp}");
        PlannedRecord {
            dkim,
            spf: Auth { domain: bounce.clone(), selector: "", result: "pass" },
            envelope_from: Some(bounce),
            dkim_aligned: aligned,
            spf_aligned: false,
            disposition: if aligned { "none" } else { "quarantine" },
            reason: None,
        }
    } else if story < 0.85 {
        // Forwarded: SPF is the forwarder's, DKIM usually survives.
        let survives = rng.chance(0.8);
        let forwarder = rng.choose(&FORWARDERS);
        let reason = if rng.chance(0.25) {
            Some(if survives { ("forwarded", None) } else { ("local_policy", Some("arc=pass")) })
        } else {
            None
        };
        PlannedRecord {
            dkim: vec![own_dkim(rng, if survives { "pass" } else { "fail" })],
            spf: Auth {
                domain: forwarder.to_string(),
                selector: "",
                result: if rng.chance(0.7) { "pass" } else { "softfail" },
            },
            envelope_from: Some(forwarder.to_string()),
            dkim_aligned: survives,
            spf_aligned: false,
            disposition: if survives || reason.is_some() { "none" } else { "quarantine" },
            reason,
        }
    } else {
        // Spoofing: nothing passes that aligns.
        let dkim = if rng.chance(0.5) { vec![own_dkim(rng, "fail")] } else { Vec::new() };
        let spoofer = rng.choose(&SPOOFERS);
        let spf_domain = if spoofer.is_empty() { header_from.to_string() } else { spoofer.to_string() };
        let roll = rng.unit();
        let (disposition, reason) = if roll < 0.8 {
            ("quarantine", None)
        } else if roll < 0.9 {
            ("reject", None)
        } else {
            ("none", Some(("sampled_out", None)))
        };
        PlannedRecord {
            dkim,
            spf: Auth {
                domain: spf_domain.clone(),
                selector: "",
                result: rng.choose(&["fail", "softfail", "neutral", "none"]),
            },
            envelope_from: Some(spf_domain),
            dkim_aligned: false,
            spf_aligned: false,
            disposition,
            reason,
        }
    };
    // Google writes no envelope_from; other receivers mostly do.
    if rng.chance(0.4) {
        planned.envelope_from = None;
    }
    planned
}

fn verdict(pass: bool) -> &'static str {
    if pass {
        "pass"
    } else {
        "fail"
    }
}

fn write_record(xml: &mut String, ip: IpAddr, count: u64, header_from: &str, r: &PlannedRecord) {
    let _ = write!(
        xml,
        "  <record>\n    <row>\n      <source_ip>{ip}</source_ip>\n      <count>{count}</count>\n      <policy_evaluated>\n        <disposition>{}</disposition>\n        <dkim>{}</dkim>\n        <spf>{}</spf>\n",
        r.disposition,
        verdict(r.dkim_aligned),
        verdict(r.spf_aligned),
    );
    if let Some((kind, comment)) = r.reason {
        let _ = write!(xml, "        <reason>\n          <type>{kind}</type>\n");
        if let Some(comment) = comment {
            let _ = writeln!(xml, "          <comment>{comment}</comment>");
        }
        xml.push_str("        </reason>\n");
    }
    let _ = write!(
        xml,
        "      </policy_evaluated>\n    </row>\n    <identifiers>\n      <header_from>{header_from}</header_from>\n"
    );
    if let Some(envelope_from) = &r.envelope_from {
        let _ = writeln!(xml, "      <envelope_from>{envelope_from}</envelope_from>");
    }
    xml.push_str("    </identifiers>\n    <auth_results>\n");
    for dkim in &r.dkim {
        let _ = write!(
            xml,
            "      <dkim>\n        <domain>{}</domain>\n        <result>{}</result>\n        <selector>{}</selector>\n      </dkim>\n",
            dkim.domain, dkim.result, dkim.selector
        );
    }
    let _ = write!(
        xml,
        "      <spf>\n        <domain>{}</domain>\n        <scope>mfrom</scope>\n        <result>{}</result>\n      </spf>\n    </auth_results>\n  </record>\n",
        r.spf.domain, r.spf.result
    );
}
