//! Sender lookups over the committed pack: before the benches, `main` prints the pack's sizes
//! (gzip on disk, inflated, rows) and how long reading it takes; the benches time looking up
//! 100,000 addresses (IPv4 drawn from everything the pack covers, IPv6 from the space it names)
//! and 100,000 host names, and print lookups per second. Every bench asserts what it found.
//!
//! Run with `cargo bench --bench senders`.

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;
use std::time::Instant;

use divan::Bencher;
use dmarc_lens::senders::Senders;

const PACK: &[u8] = include_bytes!("../components/public/packs/senders.pack.gz");
const N: usize = 100_000;

static SENDERS: LazyLock<Senders> = LazyLock::new(|| Senders::from_pack(PACK).expect("the committed pack reads"));

/// SplitMix64: the same addresses every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

static V4: LazyLock<Vec<IpAddr>> = LazyLock::new(|| {
    let mut rng = Rng(4);
    (0..N).map(|_| IpAddr::V4(Ipv4Addr::from(rng.next() as u32))).collect()
});

/// IPv6 in 2000::/3, where all the routed space is.
static V6: LazyLock<Vec<IpAddr>> = LazyLock::new(|| {
    let mut rng = Rng(6);
    (0..N)
        .map(|_| {
            let high = (0x2000u128 | (rng.next() as u128 & 0x1FFF)) << 112;
            IpAddr::V6(Ipv6Addr::from(high | (u128::from(rng.next()) << 48)))
        })
        .collect()
});

/// Host names as PTRs and DKIM domains look: a random label under a map domain, or under a
/// domain the map does not know, half and half.
static NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let known: Vec<&str> = SENDERS.known_domains().map(|(d, _)| d).collect();
    let mut rng = Rng(7);
    (0..N)
        .map(|i| {
            let label = format!("mail-{:x}", rng.next() & 0xFFFF);
            if i % 2 == 0 {
                format!("{label}.{}", known[rng.next() as usize % known.len()])
            } else {
                format!("{label}.unknown-{}.invalid", rng.next() & 0xFFF)
            }
        })
        .collect()
});

fn main() {
    if !std::env::args().any(|a| a == "--list") {
        let started = Instant::now();
        let senders = Senders::from_pack(PACK).expect("reads");
        let read = started.elapsed();
        let c = senders.counts();
        let raw = flate2_len(PACK);
        println!(
            "sender pack: {} bytes gzip, {} inflated, read in {:.0} ms; {} ASes, {} IPv4 and {} IPv6 entries, \
             {} domains, {} strings",
            PACK.len(),
            raw,
            read.as_secs_f64() * 1e3,
            c.ases,
            c.ipv4_entries,
            c.ipv6_entries,
            c.domains,
            c.strings
        );
        for (what, per_second) in [
            ("IPv4 lookups", rate(|| count_ips(&V4))),
            ("IPv6 lookups", rate(|| count_ips(&V6))),
            ("domain lookups", rate(|| count_names(&NAMES))),
        ] {
            println!("{what}: {:.1} million per second", per_second / 1e6);
        }
    }
    divan::main();
}

/// The pack's inflated size, from the gzip trailer (ISIZE).
fn flate2_len(gz: &[u8]) -> u32 {
    let tail = &gz[gz.len() - 4..];
    u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]])
}

/// Lookups per second of `f`, which does N, taking the best of five rounds.
fn rate(f: impl Fn() -> usize) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let started = Instant::now();
        black_box(f());
        best = best.min(started.elapsed().as_secs_f64());
    }
    N as f64 / best
}

fn count_ips(ips: &[IpAddr]) -> usize {
    let senders = &*SENDERS;
    ips.iter().filter(|&&ip| senders.lookup_ip(black_box(ip)).is_some()).count()
}

fn count_names(names: &[String]) -> usize {
    let senders = &*SENDERS;
    names.iter().filter(|n| senders.lookup_domain(black_box(n)).is_some()).count()
}

#[divan::bench(sample_count = 20)]
fn read_pack(bencher: Bencher) {
    bencher.bench(|| {
        let senders = Senders::from_pack(black_box(PACK)).expect("reads");
        assert!(senders.counts().ases > 80_000);
    });
}

#[divan::bench]
fn lookup_ipv4(bencher: Bencher) {
    let ips = &*V4;
    bencher.counter(divan::counter::ItemsCount::new(ips.len())).bench(|| {
        let found = count_ips(ips);
        // Most of the IPv4 space has an AS (73 %); private, multicast and reserved space not.
        assert!(found > N * 6 / 10 && found < N, "{found}");
    });
}

#[divan::bench]
fn lookup_ipv6(bencher: Bencher) {
    let ips = &*V6;
    bencher.counter(divan::counter::ItemsCount::new(ips.len())).bench(|| {
        let found = count_ips(ips);
        assert!(found > 0 && found < N, "{found}");
    });
}

#[divan::bench]
fn lookup_domain(bencher: Bencher) {
    let names = &*NAMES;
    bencher.counter(divan::counter::ItemsCount::new(names.len())).bench(|| {
        // Every name under a map domain is found (its override or suffix folds to it, or a
        // longer key is hit), and no unknown one is.
        let found = count_names(names);
        assert!(found > N * 45 / 100 && found <= N / 2, "{found}");
    });
}
