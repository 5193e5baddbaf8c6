//! The one table of words the product speaks, in English and Japanese.
//!
//! Each [`Key`] has both languages, checked by a test, and its placeholders `{0}`, `{1}`, ...
//! appear in both. The engine fills the sentences the CLI's JSON carries (alerts, readiness
//! reasons, pattern advice) from here with plain numbers; the app fills the same keys with
//! numbers as its cards write them ("1,234"). Nothing else in the engine holds prose.

/// A language the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 code: `en`, `ja`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language of a code such as `ja-JP` or `en-US`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.to_ascii_lowercase();
        if code.starts_with("ja") {
            Some(Lang::Ja)
        } else if code.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ja,
            Lang::Ja => Lang::En,
        }
    }
}

macro_rules! keys {
    ($($key:ident => $en:literal, $ja:literal;)+) => {
        /// A text of the table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key { $($key,)+ }

        impl Key {
            /// Every key, in table order.
            pub const ALL: &'static [Key] = &[$(Key::$key,)+];

            /// The key's name, as written in the table.
            pub fn name(self) -> &'static str {
                match self { $(Key::$key => stringify!($key),)+ }
            }
        }

        /// The text of `key` in `lang`, placeholders unfilled.
        pub fn tr(lang: Lang, key: Key) -> &'static str {
            match (key, lang) {
                $((Key::$key, Lang::En) => $en, (Key::$key, Lang::Ja) => $ja,)+
            }
        }
    };
}

/// `key` in `lang` with `{0}`, `{1}`, ... replaced by `args` in order of their numbers.
pub fn fill<S: AsRef<str>>(lang: Lang, key: Key, args: &[S]) -> String {
    let template = tr(lang, key);
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| Some((after[..close].parse::<usize>().ok()?, close))) {
            Some((index, close)) => {
                out.push_str(args.get(index).map_or("", AsRef::as_ref));
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Both languages of `key`, filled: for the texts the CLI's JSON carries.
pub fn both<S: AsRef<str>>(key: Key, args: &[S]) -> crate::analyze::Text {
    crate::analyze::Text::new(fill(Lang::En, key, args), fill(Lang::Ja, key, args))
}

keys! {
    // Alerts. {0}.. as each `Fired` gives them.
    AlertUntaggedSource => "{0} sent {1} messages as you and is not a registered sender.",
        "{0} から{1}通が送信されていますが、登録済みの送信元ではありません。";
    AlertUntaggedSourcesMore => "{0} more unregistered sources sent more than {2} messages each ({1} in all): see Possible spoofing.",
        "ほかに未登録の送信元{0}件がそれぞれ{2}通を超えて送信しています(合計{1}通)。なりすまし可能性分析を確認してください。";
    AlertSpoofingShare => "{0} % of all mail ({1} messages) fails DMARC from senders you have not registered: possible spoofing.",
        "全メールの{0}%({1}通)が、未登録の送信元からのDMARC失敗メールです(なりすましの可能性)。";
    AlertTagPassRate => "Your sender \"{0}\" passes DMARC for only {1} % of its {2} messages.",
        "登録済みの送信元「{0}」のDMARC合格率は{1}%です({2}通中)。";
    AlertPatternVolume => "Failure pattern {0} counts {1} messages.",
        "エラーパターン{0}が{1}通あります。";
    AlertReporterSilent => "{0} has sent no report for {1} days after its last one, while others still report.",
        "{0} からのレポートが最後の受信から{1}日間届いていません(他の送信元からは届いています)。";
    AlertReporterSilentUnnamed => "A reporter without a name has sent no report for {1} days after its last one, while others still report.",
        "名前のないレポート送信元からのレポートが最後の受信から{1}日間届いていません(他の送信元からは届いています)。";
    AlertPolicyNone => "{0} still publishes p=none: spoofed mail is delivered. See policy readiness.",
        "{0} はまだ p=none です。なりすましメールも配送されます。ポリシー強化の準備状況を確認してください。";

    // Readiness reasons.
    ReasonNoTaggedMail => "None of this domain's mail comes from a registered sender: register your own sending networks first, so your mail can be told from spoofing.",
        "このドメインのメールに登録済みの送信元がありません。まず自社の送信元ネットワークを登録して、なりすましと区別できるようにしてください。";
    ReasonShortCoverageOneDay => "Reports cover {0} day; at least {1} are needed to see every sender.",
        "レポートの期間は{0}日分です。すべての送信元を把握するには{1}日分以上が必要です。";
    ReasonShortCoverage => "Reports cover {0} days; at least {1} are needed to see every sender.",
        "レポートの期間は{0}日分です。すべての送信元を把握するには{1}日分以上が必要です。";
    ReasonTaggedMailFails => "{0} messages from your own senders fail DMARC ({1} % pass, {2} % needed); a stricter policy would quarantine or reject them.",
        "自社の送信元からの{0}通がDMARCに失敗しています(合格率{1}%、必要{2}%)。ポリシーを強化するとこれらが隔離・拒否されます。";

    // The four failure patterns: title, cause, fix.
    Pattern1Title => "SPF and DKIM authenticate, but neither aligns with your domain",
        "SPF・DKIMともに認証成功、ただしどちらもドメインが不一致";
    Pattern1Cause => "A service (an email marketing platform, a CRM, a help desk) sends as your domain but uses its own domain both for the envelope sender (Return-Path) and for its DKIM signature (d=). Both checks pass, for the service's domain, not yours.",
        "メール配信サービスやCRMなどの外部サービスが、あなたのドメインを差出人にしつつ、エンベロープ送信者(Return-Path)とDKIM署名(d=)には自社のドメインを使っています。認証は成功していますが、あなたのドメインとは一致していません。";
    Pattern1Fix => "In the service's settings, set up custom DKIM signing with your domain (publish the CNAME or TXT records it gives you), or a custom Return-Path (bounce) domain under your domain. Either one aligns and makes DMARC pass.",
        "サービスの管理画面で、独自ドメインでのDKIM署名(指定されたCNAME/TXTレコードを公開)か、あなたのドメイン配下のカスタムReturn-Path(バウンス)ドメインを設定してください。どちらか一方が一致すればDMARCは合格します。";
    Pattern2Title => "DKIM authenticates but does not align; SPF fails",
        "DKIM認証は成功(ドメイン不一致)、SPFは失敗";
    Pattern2Cause => "The message is signed with a domain other than yours (typically the sending service's), and the sending IP is not authorized by SPF for the envelope domain. Forwarding and mailing lists also produce this: they keep the service's signature but send from their own servers.",
        "あなた以外のドメイン(多くは送信サービスのドメイン)でDKIM署名されており、送信IPはエンベロープドメインのSPFで許可されていません。転送やメーリングリストでも同じ結果になります(署名は残るが、転送元サーバーから送られるため)。";
    Pattern2Fix => "If the sender is yours, enable DKIM signing with your own domain at that service. If it is forwarding or a mailing list, nothing needs fixing on your side; aligned DKIM from the original sender survives most forwarding.",
        "自社の送信元であれば、そのサービスで独自ドメインのDKIM署名を有効にしてください。転送やメーリングリストが原因であれば対応は不要です。元の送信者で一致したDKIM署名があれば、多くの転送でも合格します。";
    Pattern3Title => "SPF authenticates but does not align; DKIM fails or is missing",
        "SPF認証は成功(ドメイン不一致)、DKIMは失敗または署名なし";
    Pattern3Cause => "The service sends with its own envelope domain, which its SPF authorizes, but the message carries no valid DKIM signature of your domain.",
        "サービスが自社のエンベロープドメインで送信しており、そのSPFでは認証されますが、あなたのドメインの有効なDKIM署名がありません。";
    Pattern3Fix => "Turn on DKIM signing with your domain at that service (the most robust fix), or configure a custom Return-Path domain under your domain so SPF aligns.",
        "そのサービスで独自ドメインのDKIM署名を有効にする(最も確実な対策)か、あなたのドメイン配下のカスタムReturn-Pathドメインを設定してSPFを一致させてください。";
    Pattern4Title => "Neither SPF nor DKIM authenticates",
        "SPF・DKIMともに認証失敗";
    Pattern4Cause => "The sending server is not authorized at all. If the source is not yours, this is spoofing. If it is yours, the server is missing from your SPF record and does not sign with DKIM (or a forwarder broke the signature).",
        "送信サーバーがまったく認証されていません。自社の送信元でなければ、なりすましです。自社の送信元であれば、SPFレコードにサーバーが含まれておらず、DKIM署名もしていません(または転送で署名が壊れています)。";
    Pattern4Fix => "For your own servers: add their IPs (or the provider's include:) to your SPF record and enable DKIM signing. For sources you do not know: they are what DMARC enforcement stops; move towards p=quarantine and then p=reject once your own mail passes.",
        "自社の送信元であれば、SPFレコードにIPアドレス(またはサービスのinclude:)を追加し、DKIM署名を有効にしてください。心当たりのない送信元は、DMARCポリシーで止めるべき相手です。自社のメールが合格するようになったら、p=quarantine、さらにp=rejectへ移行しましょう。";
}

/// The title, cause and fix of failure pattern `pattern` (1 to 4).
pub fn pattern_keys(pattern: u8) -> Option<(Key, Key, Key)> {
    Some(match pattern {
        1 => (Key::Pattern1Title, Key::Pattern1Cause, Key::Pattern1Fix),
        2 => (Key::Pattern2Title, Key::Pattern2Cause, Key::Pattern2Fix),
        3 => (Key::Pattern3Title, Key::Pattern3Cause, Key::Pattern3Fix),
        4 => (Key::Pattern4Title, Key::Pattern4Cause, Key::Pattern4Fix),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The placeholders of a template, sorted: `{1} of {0}` has [0, 1].
    fn placeholders(template: &str) -> Vec<usize> {
        let mut found: Vec<usize> = template
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').and_then(|(n, _)| n.parse().ok()))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    #[test]
    fn every_key_has_both_languages_and_the_same_placeholders() {
        for &key in Key::ALL {
            let (en, ja) = (tr(Lang::En, key), tr(Lang::Ja, key));
            assert!(!en.trim().is_empty(), "{key:?} lacks English");
            assert!(!ja.trim().is_empty(), "{key:?} lacks Japanese");
            assert_eq!(placeholders(en), placeholders(ja), "{key:?}: the languages fill different places");
            // Japanese text is Japanese: at least one character outside ASCII.
            assert!(!ja.is_ascii(), "{key:?}: the Japanese text is English");
        }
    }

    #[test]
    fn fill_puts_each_argument_in_its_place() {
        assert_eq!(
            fill(Lang::En, Key::AlertPatternVolume, &["4", "1,234"]),
            "Failure pattern 4 counts 1,234 messages."
        );
        assert_eq!(fill(Lang::Ja, Key::AlertPatternVolume, &["4", "1,234"]), "エラーパターン4が1,234通あります。");
        // Arguments out of order, and one missing, stay in bounds.
        assert_eq!(
            fill(Lang::En, Key::AlertUntaggedSourcesMore, &["3", "900"]),
            "3 more unregistered sources sent more than  messages each (900 in all): see Possible spoofing."
        );
    }

    #[test]
    fn languages_read_their_codes() {
        assert_eq!(Lang::from_code("ja-JP"), Some(Lang::Ja));
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::Ja.other().code(), "en");
    }
}
