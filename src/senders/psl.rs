//! The Public Suffix List the pack carries, read into a trie whose edges are one flat hash table,
//! so an organisational domain costs one probe per label and no allocation.
//!
//! It answers exactly as the `publicsuffix` crate (2.3, no default features) does over the same
//! text, quirks included, since the sender map was matched against what that gives: rules are
//! walked label by label from the right, an exact label before the `*` child, the walk ends at
//! the first label with neither; the last rule passed gives the suffix, an exception (`!`) the
//! suffix above it; a first label no rule names is a suffix of its own (the implicit `*`). The
//! crate's own trie keeps each node's children in a `BTreeMap` of owned labels, which was most of
//! the time of a name lookup. A test compares both over the pack's list.

use super::domain::{hash, Table};

/// How a node ends a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Leaf {
    None,
    Rule,
    Exception,
}

#[derive(Clone, Copy, Debug)]
struct Node {
    parent: u32,
    /// Where the node's label is in `SuffixList::labels`.
    start: u32,
    len: u32,
    leaf: Leaf,
}

/// Why a text is not a suffix list, as the crate would refuse it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NotASuffixList;

/// The trie: node 0 is the root; every other node is an edge (parent, label) in `table`.
#[derive(Clone, Debug)]
pub(crate) struct SuffixList {
    nodes: Vec<Node>,
    labels: Vec<u8>,
    table: Table,
}

const ROOT: u32 = 0;

/// The hash of the edge from `parent` by a label whose [`hash`] is `label_hash`.
#[inline]
fn edge_hash(parent: u32, label_hash: u64) -> u64 {
    // A 64-bit finaliser (SplitMix64's) over the label's hash and the parent, so both the slot
    // (low bits) and the tag the table compares first (high bits) depend on every input bit.
    let mut z = label_hash ^ u64::from(parent).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The hash of the label `*`.
const WILDCARD: &[u8] = b"*";

impl SuffixList {
    /// Reads the list's text as the crate does: the ICANN and private sections (lines before the
    /// first `BEGIN ICANN DOMAINS` are skipped), `//` comments, the first word of each other line
    /// a rule. A rule with an empty label, or an exception of one label, refuses the list, and so
    /// does a list without rules.
    pub(crate) fn new(text: &[u8]) -> Result<SuffixList, NotASuffixList> {
        let text = std::str::from_utf8(text).map_err(|_| NotASuffixList)?;
        let mut builder = Builder::default();
        let mut in_sections = false;
        for line in text.lines() {
            if line.contains("BEGIN ICANN DOMAINS") || line.contains("BEGIN PRIVATE DOMAINS") {
                in_sections = true;
            } else if line.starts_with("//") || !in_sections {
                continue;
            } else if let Some(rule) = line.split_whitespace().next() {
                builder.append(rule)?;
            }
        }
        if !builder.nodes.iter().skip(1).any(|n| n.parent == ROOT) {
            return Err(NotASuffixList);
        }
        let Builder { nodes, labels, .. } = builder;
        let table = Table::new(nodes.len() - 1, |i| {
            let node = nodes[i + 1];
            edge_hash(node.parent, hash(&labels[node.start as usize..(node.start + node.len) as usize]))
        });
        Ok(SuffixList { nodes, labels, table })
    }

    #[inline]
    fn label(&self, node: &Node) -> &[u8] {
        self.labels.get(node.start as usize..(node.start as usize).saturating_add(node.len as usize)).unwrap_or(&[])
    }

    /// The child of `parent` by `label`, whose [`hash`] is `label_hash`.
    #[inline]
    fn child(&self, parent: u32, label: &[u8], label_hash: u64) -> Option<u32> {
        let found = self.table.find(edge_hash(parent, label_hash), |entry| {
            self.nodes.get(entry + 1).is_some_and(|n| n.parent == parent && self.label(n) == label)
        })?;
        u32::try_from(found + 1).ok()
    }

    #[inline]
    fn leaf(&self, node: u32) -> Leaf {
        self.nodes.get(node as usize).map_or(Leaf::None, |n| n.leaf)
    }

    /// The length of the public suffix `name` ends with (a name without a final dot).
    fn suffix_len(&self, name: &[u8]) -> usize {
        let wildcard = hash(WILDCARD);
        // The labels right to left, as `rsplit('.')` gives them, each hashed as it is passed.
        let mut end = name.len();
        let mut next_label = || -> Option<(&[u8], u64)> {
            if end == usize::MAX {
                return None;
            }
            let mut h = super::domain::FNV_OFFSET;
            let mut start = end;
            while let Some(&b) = start.checked_sub(1).and_then(|i| name.get(i)) {
                if b == b'.' {
                    break;
                }
                h = super::domain::fnv_step(h, b);
                start -= 1;
            }
            let label = name.get(start..end).unwrap_or_default();
            // Past the first label there is none (`usize::MAX`), else the byte before the dot.
            end = start.checked_sub(1).unwrap_or(usize::MAX);
            Some((label, h))
        };
        let Some((first, first_hash)) = next_label() else { return 0 };
        let mut len = first.len();
        let Some(mut node) = self.child(ROOT, first, first_hash) else { return len };
        let mut len_so_far = len;
        while let Some((label, h)) = next_label() {
            match self.child(node, label, h).or_else(|| self.child(node, WILDCARD, wildcard)) {
                Some(next) => node = next,
                None => break,
            }
            let label_plus_dot = label.len() + 1;
            match self.leaf(node) {
                Leaf::None => {}
                Leaf::Rule => len = len_so_far + label_plus_dot,
                Leaf::Exception => {
                    len = len_so_far;
                    break;
                }
            }
            len_so_far += label_plus_dot;
        }
        len
    }

    /// The registrable domain of `name`: its public suffix and the label before it; `None` when
    /// the name is a suffix itself (or empty). As `publicsuffix::Psl::domain`.
    pub(crate) fn domain<'n>(&self, name: &'n [u8]) -> Option<&'n [u8]> {
        // A final dot is left out of the labels and counted in the suffix.
        let fqdn = name.ends_with(b".");
        let labels = if fqdn { name.get(..name.len() - 1).unwrap_or_default() } else { name };
        let suffix_len = self.suffix_len(labels) + usize::from(fqdn);
        if suffix_len == 0 || name.len() < suffix_len + 2 {
            return None;
        }
        let subdomain = name.get(..name.len() - (1 + suffix_len))?;
        let root_label = subdomain.rsplit(|&b| b == b'.').next()?;
        name.get(name.len() - (root_label.len() + 1 + suffix_len)..)
    }
}

#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    labels: Vec<u8>,
    edges: std::collections::HashMap<(u32, Box<[u8]>), u32>,
}

impl Builder {
    fn append(&mut self, rule: &str) -> Result<(), NotASuffixList> {
        if self.nodes.is_empty() {
            self.nodes.push(Node { parent: ROOT, start: 0, len: 0, leaf: Leaf::None });
        }
        let (rule, leaf) = match rule.strip_prefix('!') {
            Some(_) if !rule.contains('.') => return Err(NotASuffixList),
            Some(rest) => (rest, Leaf::Exception),
            None => (rule, Leaf::Rule),
        };
        let mut node = ROOT;
        for label in rule.rsplit('.') {
            if label.is_empty() {
                return Err(NotASuffixList);
            }
            let key = (node, Box::<[u8]>::from(label.as_bytes()));
            node = match self.edges.get(&key) {
                Some(&child) => child,
                None => {
                    let child = u32::try_from(self.nodes.len()).map_err(|_| NotASuffixList)?;
                    let start = u32::try_from(self.labels.len()).map_err(|_| NotASuffixList)?;
                    self.labels.extend_from_slice(label.as_bytes());
                    self.nodes.push(Node { parent: node, start, len: label.len() as u32, leaf: Leaf::None });
                    self.edges.insert(key, child);
                    child
                }
            };
        }
        if let Some(n) = self.nodes.get_mut(node as usize) {
            n.leaf = leaf;
        }
        Ok(())
    }
}
