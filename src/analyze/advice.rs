//! Cause and fix of each failure pattern, in English and Japanese, kept here as data so the CLI
//! and the app show the same words.

use serde::{Deserialize, Serialize};

/// A text in both languages the product speaks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub en: String,
    pub ja: String,
}

impl Text {
    pub fn new(en: String, ja: String) -> Text {
        Text { en, ja }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatternAdvice {
    pub pattern: u8,
    pub title: Text,
    pub cause: Text,
    pub fix: Text,
}

const ADVICE: [(&str, &str, &str, &str, &str, &str); 4] = [
    (
        "SPF and DKIM authenticate, but neither aligns with your domain",
        "SPF・DKIMともに認証成功、ただしどちらもドメインが不一致",
        "A service (an email marketing platform, a CRM, a help desk) sends as your domain but uses its own domain both for the envelope sender (Return-Path) and for its DKIM signature (d=). Both checks pass, for the service's domain, not yours.",
        "メール配信サービスやCRMなどの外部サービスが、あなたのドメインを差出人にしつつ、エンベロープ送信者(Return-Path)とDKIM署名(d=)には自社のドメインを使っています。認証は成功していますが、あなたのドメインとは一致していません。",
        "In the service's settings, set up custom DKIM signing with your domain (publish the CNAME or TXT records it gives you), or a custom Return-Path (bounce) domain under your domain. Either one aligns and makes DMARC pass.",
        "サービスの管理画面で、独自ドメインでのDKIM署名(指定されたCNAME/TXTレコードを公開)か、あなたのドメイン配下のカスタムReturn-Path(バウンス)ドメインを設定してください。どちらか一方が一致すればDMARCは合格します。",
    ),
    (
        "DKIM authenticates but does not align; SPF fails",
        "DKIM認証は成功(ドメイン不一致)、SPFは失敗",
        "The message is signed with a domain other than yours (typically the sending service's), and the sending IP is not authorized by SPF for the envelope domain. Forwarding and mailing lists also produce this: they keep the service's signature but send from their own servers.",
        "あなた以外のドメイン(多くは送信サービスのドメイン)でDKIM署名されており、送信IPはエンベロープドメインのSPFで許可されていません。転送やメーリングリストでも同じ結果になります(署名は残るが、転送元サーバーから送られるため)。",
        "If the sender is yours, enable DKIM signing with your own domain at that service. If it is forwarding or a mailing list, nothing needs fixing on your side; aligned DKIM from the original sender survives most forwarding.",
        "自社の送信元であれば、そのサービスで独自ドメインのDKIM署名を有効にしてください。転送やメーリングリストが原因であれば対応は不要です。元の送信者で一致したDKIM署名があれば、多くの転送でも合格します。",
    ),
    (
        "SPF authenticates but does not align; DKIM fails or is missing",
        "SPF認証は成功(ドメイン不一致)、DKIMは失敗または署名なし",
        "The service sends with its own envelope domain, which its SPF authorizes, but the message carries no valid DKIM signature of your domain.",
        "サービスが自社のエンベロープドメインで送信しており、そのSPFでは認証されますが、あなたのドメインの有効なDKIM署名がありません。",
        "Turn on DKIM signing with your domain at that service (the most robust fix), or configure a custom Return-Path domain under your domain so SPF aligns.",
        "そのサービスで独自ドメインのDKIM署名を有効にする(最も確実な対策)か、あなたのドメイン配下のカスタムReturn-Pathドメインを設定してSPFを一致させてください。",
    ),
    (
        "Neither SPF nor DKIM authenticates",
        "SPF・DKIMともに認証失敗",
        "The sending server is not authorized at all. If the source is not yours, this is spoofing. If it is yours, the server is missing from your SPF record and does not sign with DKIM (or a forwarder broke the signature).",
        "送信サーバーがまったく認証されていません。自社の送信元でなければ、なりすましです。自社の送信元であれば、SPFレコードにサーバーが含まれておらず、DKIM署名もしていません(または転送で署名が壊れています)。",
        "For your own servers: add their IPs (or the provider's include:) to your SPF record and enable DKIM signing. For sources you do not know: they are what DMARC enforcement stops; move towards p=quarantine and then p=reject once your own mail passes.",
        "自社の送信元であれば、SPFレコードにIPアドレス(またはサービスのinclude:)を追加し、DKIM署名を有効にしてください。心当たりのない送信元は、DMARCポリシーで止めるべき相手です。自社のメールが合格するようになったら、p=quarantine、さらにp=rejectへ移行しましょう。",
    ),
];

/// The advice for patterns 1 to 4.
pub fn pattern_advice() -> Vec<PatternAdvice> {
    ADVICE
        .iter()
        .enumerate()
        .map(|(i, (title_en, title_ja, cause_en, cause_ja, fix_en, fix_ja))| PatternAdvice {
            pattern: i as u8 + 1,
            title: Text::new(title_en.to_string(), title_ja.to_string()),
            cause: Text::new(cause_en.to_string(), cause_ja.to_string()),
            fix: Text::new(fix_en.to_string(), fix_ja.to_string()),
        })
        .collect()
}
