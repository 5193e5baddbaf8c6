//! Every word the product shows, in English and Japanese: one table, so a key cannot lack a
//! language and both faces (the CLI's JSON, the app) say the same thing. It is long because the
//! product says many things; the keys are grouped by where they appear. Placeholders are `{0}`,
//! `{1}`, ... (see `fill`).

use super::Lang;

keys! {
    // ===== The engine's sentences (also in the CLI's JSON) =====
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

    AlertNewSender => "{0} started sending as you on {1}: {2} messages failed DMARC in the recent window, and it is not a registered sender.",
        "{0} が{1}からあなたのドメインとして送信を始めました。直近の期間に{2}通がDMARCに失敗しており、登録済みの送信元ではありません。";
    AlertOwnMailFailing => "Your sender \"{0}\" started failing DMARC on {1}: {2} % of its mail fails in the recent window ({3} % before it).",
        "登録済みの送信元「{0}」が{1}からDMARCに失敗し始めました。直近の期間の失敗率は{2}%です(それ以前は{3}%)。";

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

    // ===== A file's error and warning sentences (ledger, decode, parse). {0}.. as each gives them.
    NoteAt => "{0}: {1}", "{0}: {1}";
    NoteSkipped => "{0} (skipped)", "{0}(スキップ)";
    NoteMore => "… and {0} more", "…ほか{0}件";
    NoteShorterCopy => "report {0} has {1} of the {2} records of the copy loaded before from {3}; that copy is kept",
        "レポート{0}のレコードは{1}件で、先に{3}から読み込んだコピーの{2}件より少ないため、先のコピーを使います";
    NoteReplacesCopy => "report {0} replaces the copy loaded before from {1}, which had {2} of its {3} records",
        "レポート{0}は、先に{1}から読み込んだコピー({3}件中{2}件のレコード)を置き換えます";
    NoteReplacedBy => "report {0} was replaced by the more complete copy in {1}",
        "レポート{0}は、{1}にあるより完全なコピーに置き換えられました";
    NoteSetAside => "{0}: loading this file stopped the parser; it was set aside",
        "{0}: このファイルの読み込み中に解析処理が停止したため、除外しました";
    NoteBrowserUnreadable => "{0}: cannot be read: the browser refused to read the file (was it moved or changed?)",
        "{0}: 読み込めません。ブラウザがファイルの読み込みを拒否しました(移動または変更されていませんか?)";
    NoteNotSent => "{0}: its result could not be passed to the page", "{0}: 結果をページに渡せませんでした";
    NoteUnreadable => "{0}: cannot be read: {1}", "{0}: 読み込めません: {1}";
    DecodeEmpty => "the file is empty", "ファイルが空です";
    DecodeNotAReport => "not a DMARC aggregate report: it is {0}", "DMARC集計レポートではありません(中身: {0})";
    DecodeBadGzip => "damaged gzip data", "gzipデータが壊れています";
    DecodeBadZip => "damaged zip archive", "zipアーカイブが壊れています";
    DecodeBadZlib => "damaged zlib data", "zlibデータが壊れています";
    DecodeTruncated => "truncated {0}: the data ends before the archive does", "{0}が途中で切れています(アーカイブの終わりより前にデータが終わっています)";
    DecodeZipArchive => "zip archive", "zipアーカイブ";
    DecodeTooLarge => "too large: it unpacks to more than {0} MiB, the limit for one file (a zip or gzip bomb?)",
        "大きすぎます: 展開すると1ファイルの上限{0} MiBを超えます(zip/gzip爆弾の可能性)";
    DecodeTooDeep => "archives nested more than {0} deep", "アーカイブの入れ子が{0}段を超えています";
    DecodeTooManyEntries => "more than {0} entries in one archive", "1つのアーカイブに{0}件を超えるファイルがあります";
    WhatHtml => "an HTML page", "HTMLページ";
    WhatPdf => "a PDF document", "PDF文書";
    WhatPng => "a PNG image", "PNG画像";
    WhatJpeg => "a JPEG image", "JPEG画像";
    WhatGif => "a GIF image", "GIF画像";
    WhatRar => "a RAR archive, which DMARC Lens does not open", "RARアーカイブ(DMARC Lensでは開けません)";
    What7z => "a 7-Zip archive, which DMARC Lens does not open", "7-Zipアーカイブ(DMARC Lensでは開けません)";
    WhatBzip2 => "a bzip2 file, which DMARC Lens does not open", "bzip2ファイル(DMARC Lensでは開けません)";
    WhatXz => "an xz file, which DMARC Lens does not open", "xzファイル(DMARC Lensでは開けません)";
    WhatZstd => "a zstd file, which DMARC Lens does not open", "zstdファイル(DMARC Lensでは開けません)";
    WhatOffice => "a Microsoft Office document", "Microsoft Office文書";
    WhatProgram => "a program", "プログラム";
    WhatWindowsProgram => "a Windows program", "Windowsプログラム";
    WhatTlsReport => "an SMTP TLS report (JSON)", "SMTP TLSレポート(JSON)";
    WhatJson => "JSON data", "JSONデータ";
    WhatText => "plain text", "テキスト";
    WhatBinary => "binary data of an unknown kind", "種類不明のバイナリデータ";
    WhatEmptyZip => "a zip archive with no files in it", "ファイルが1つもないzipアーカイブ";
    WhatBadMail => "text that looks like an e-mail but cannot be read as one", "メールのようで、メールとしては読めないテキスト";
    WhatXmlRoot => "an XML document whose root element is <{0}>, not <feedback>", "ルート要素が<feedback>ではなく<{0}>のXML文書";
    WhatXmlEmpty => "an XML document with no elements", "要素のないXML文書";
    WhatForensic => "a DMARC failure (forensic) report", "DMARC失敗(フォレンジック)レポート";
    WhatAbuse => "an abuse report (ARF, feedback type \"{0}\")", "不正利用の報告(ARF、フィードバック種別「{0}」)";
    WhatTlsMail => "an SMTP TLS report", "SMTP TLSレポート";
    WhatMailAttachment => "an e-mail whose attachment is {0}", "添付ファイルが{0}のメール";
    WhatMailWithoutReport => "an e-mail with no DMARC aggregate report attached", "DMARC集計レポートが添付されていないメール";
    ParseMalformed => "malformed XML at line {0}, column {1}", "{0}行目{1}列目のXMLが壊れています";
    ParseTruncated => "truncated report: the XML ends at line {0} before </feedback>, so records may be missing",
        "レポートが途中で切れています: XMLが{0}行目で</feedback>より前に終わっているため、レコードが欠けている可能性があります";
    ParseDoctype => "a DOCTYPE with possible entity declarations at line {0} is refused (reports never need one, and entity expansion is a known attack)",
        "{0}行目にエンティティ宣言を含みうるDOCTYPEがあるため拒否しました(レポートには不要で、エンティティ展開は既知の攻撃手法です)";
    ParseMismatchedEnd => "malformed XML at line {0}, column {1}: the end tag </{2}> does not close <{3}> (opened at line {4}); part of the report is missing or damaged",
        "{0}行目{1}列目のXMLが壊れています: 終了タグ</{2}>が<{3}>({4}行目で開始)を閉じていません。レポートの一部が欠けているか壊れています";
    ParseStrayEnd => "malformed XML at line {0}, column {1}: the end tag </{2}> closes no open element; part of the report is missing or damaged",
        "{0}行目{1}列目のXMLが壊れています: 終了タグ</{2}>に対応する開始タグがありません。レポートの一部が欠けているか壊れています";
    ParseMissingElement => "not a complete report: <{0}> is missing or empty", "レポートが不完全です: <{0}>がないか空です";
    WarnUnclosedWrapper => "the report sits inside an element <{0}> that is never closed; read anyway",
        "レポートが閉じられていない要素<{0}>の中にあります。そのまま読み込みました";
    WarnUnescapedMarkup => "unescaped < or > inside <{0}> at line {1}; kept as text",
        "{1}行目の<{0}>内にエスケープされていない<または>があります。テキストとして扱いました";
    WarnInvalidByte => "byte 0x{0} at line {1} is not valid in the declared encoding; read as windows-1252",
        "{1}行目のバイト0x{0}は宣言された文字コードでは無効です。windows-1252として読みました";
    WarnInvalidUtf16 => "invalid UTF-16 replaced with \u{FFFD}", "無効なUTF-16を\u{FFFD}に置き換えました";
    WarnUnsupportedEncoding => "declared encoding {0} is not supported; non-ASCII text read as UTF-8 and may be garbled",
        "宣言された文字コード{0}には対応していません。ASCII以外の文字はUTF-8として読んだため、文字化けしている可能性があります";
    WarnMisspelledDateRange => "<data_range> read as <date_range>", "<data_range>を<date_range>として読みました";
    WarnBadNumber => "<{0}> is not a number: {1}; ignored", "<{0}>が数値ではありません: {1}。無視しました";
    WarnUnknownEntity => "unknown entity &{0}; at line {1} kept as text", "{1}行目の不明なエンティティ&{0};はテキストとして扱いました";
    WarnTextCut => "<{0}> is longer than {1} bytes; only the first {1} are kept", "<{0}>が{1}バイトを超えているため、先頭の{1}バイトのみ保持しました";
    WarnDateOutOfRange => "<{0}> {1} is not a time between 1970-01-01 and 9999-12-31; the report's period is unknown",
        "<{0}>の{1}は1970-01-01から9999-12-31までの時刻ではありません。レポートの期間は不明です";
    WarnRecordsNotLoaded => "{0} of {1} records were not loaded; see the skipped records",
        "{1}件のレコードのうち{0}件を読み込めませんでした。スキップしたレコードを確認してください";
    WarnSecondReport => "a second <feedback> at line {0} follows the first report; only the first report of a document is read",
        "{0}行目に2つ目の<feedback>があります。1つの文書からは最初のレポートのみ読み込みます";
    SkipNoSourceIp => "record {0}: no source IP", "レコード{0}: 送信元IPがありません";
    SkipBadSourceIp => "record {0}: source IP {1} is not an IP address", "レコード{0}: 送信元IP{1}はIPアドレスではありません";
    SkipBadCount => "record {0}: count {1} is not a whole number", "レコード{0}: 件数{1}が整数ではありません";
    SkipCountTooLarge => "record {0}: count {1} is more than {2} messages, which no receiver reports",
        "レコード{0}: 件数{1}が{2}通を超えています(このような値を報告する受信者はありません)";

    // ===== Known senders: the tags CSV and the network a person types =====
    TagCsvLine => "line {0}: {1}", "{0}行目: {1}";
    TagCsvHeader => "cannot read the header", "見出し行を読めません";
    TagCsvColumns => "the header must name the columns cidr,tag,comment,domain", "見出し行にはcidr,tag,comment,domainの列名が必要です";
    TagCsvUnreadable => "unreadable CSV", "CSVとして読めません";
    TagCsvTooManyRules => "more than {0} rules; the rest are not read", "ルールが{0}件を超えたため、以降は読み込みません";
    TagCsvOpenQuote => "a quote opened here is never closed, so the rest of the file reads as one field",
        "この行で開いた引用符が閉じられていないため、残りがすべて1つの項目として読まれます";
    TagCsvNotANetwork => "{0} is not an IP address or CIDR network", "{0}はIPアドレスでもCIDRネットワークでもありません";
    TagCsvEmptyTag => "the tag is empty", "タグが空です";
    TagCsvTooLong => "the {0} is longer than {1} bytes", "{0}が{1}バイトを超えています";
    CsvFieldTag => "tag", "タグ";
    CsvFieldDomain => "domain", "ドメイン";
    CsvFieldComment => "comment", "コメント";
    RuleInputEmpty => "empty", "空です";
    RuleInputBackwards => "{0} - {1}: the range must run from the lower address to the higher, in one family",
        "{0} - {1}: 範囲は小さいアドレスから大きいアドレスへ、同じ種類(IPv4同士またはIPv6同士)で指定してください";
    RuleInputNotARange => "{0} is not a range of two IP addresses", "{0}は2つのIPアドレスによる範囲ではありません";
    RuleInputNotANetwork => "{0} is not an IP address, a CIDR network or a range a.b.c.d - e.f.g.h",
        "{0}はIPアドレス・CIDRネットワーク・範囲(a.b.c.d - e.f.g.h)のいずれでもありません";
    RuleInputTooMany => "{0} networks in one entry; at most {1} (import a CSV for more)",
        "1回の入力に{0}件のネットワークがあります。上限は{1}件です(それ以上はCSVで読み込んでください)";

    // ===== Share links =====
    ShareNotALink => "this is not a DMARC Lens share link", "DMARC Lensの共有リンクではありません";
    ShareNewerFormat => "the link was made by a newer DMARC Lens (format {0}); open it with that version",
        "このリンクは新しいDMARC Lens(形式{0})で作成されています。そのバージョンで開いてください";
    ShareDamaged => "the link is damaged, cut off or not made by DMARC Lens{0}; ask for it again",
        "リンクが壊れているか、途中で切れているか、DMARC Lensで作成されたものではありません{0}。もう一度送ってもらってください";
    ShareTooBig => "the link unpacks to more than {0} MiB; it was not made by DMARC Lens",
        "リンクを展開すると{0} MiBを超えます。DMARC Lensで作成されたものではありません";
    ShareDoesNotFit => "the analysis needs {0} characters even with long tables cut, more than a link may carry ({1}); narrow the filters (one domain, a shorter period)",
        "長い表を省略しても分析結果に{0}文字が必要で、リンクに入る上限({1}文字)を超えます。絞り込んでください(ドメインを1つに、期間を短く)";

    // ===== The app's screens =====
    AppTitle => "DMARC Lens", "DMARC Lens";
    Tagline => "DMARC aggregate reports, analysed in your browser. Nothing leaves this page.",
               "DMARC集計レポートをブラウザ内で分析します。データは外部に送信されません。";
    LangToggle => "日本語", "English";
    DropPrompt => "Drop report files or a folder of them here (xml, gz, zip, eml, mbox), or",
                  "レポートファイル(xml・gz・zip・eml・mbox)またはそのフォルダをここにドロップするか、";
    ChooseFiles => "choose files", "ファイルを選択";
    ChooseFolder => "choose a folder", "フォルダを選択";
    FilesHeading => "Files", "ファイル";
    NoFilesYet => "No files loaded yet.", "まだファイルが読み込まれていません。";
    StatusPending => "waiting", "処理待ち";
    StatusOk => "loaded", "読み込み完了";
    StatusDuplicate => "already loaded", "読み込み済み(重複)";
    StatusError => "not loaded", "読み込み失敗";
    FilesAll => "all", "すべて";
    ManyFilesTip => "Many files? The same reports in one .zip load several times faster: the browser spends time on every file it hands over.", "ファイルが多い場合は、1つの.zipにまとめると数倍速く読み込めます(ブラウザはファイル1つごとに受け渡しの時間がかかります)。";
    FilesShow => "Show files", "表示するファイル";
    FilesNoneHere => "No file of this kind.", "該当するファイルはありません。";
    RecordsWord => "{0} records", "{0}件のレコード";
    RecordWord => "{0} record", "{0}件のレコード";
    MessagesWord => "{0} messages", "{0}通";
    MessageWord => "{0} message", "{0}通";
    SkippedRecords => "{0} records skipped", "{0}件のレコードをスキップ";
    DuplicateReport => "already loaded", "重複";
    Progress => "files processed", "ファイル処理済み";
    ProgressCount => "{0} / {1} files processed", "{1}件中{0}件のファイルを処理済み";
    Warnings => "notes ({0})", "注意({0}件)";
    WorkerFailed => "The background parser failed to start; reload the page.",
                    "バックグラウンド処理を開始できませんでした。ページを再読み込みしてください。";
    WorkerGaveUp => "The background parser stopped again and again, so it is not started again; reload the page.",
                    "バックグラウンド処理が繰り返し停止したため、再開を中止しました。ページを再読み込みしてください。";
    ParserStopped => "{0}: loading this file stopped the parser; it was set aside. The files loaded before it are still loaded, and the others go on loading.",
                     "「{0}」の読み込み中に解析処理が停止したため、このファイルを除外しました。読み込み済みのファイルはそのままで、残りのファイルの読み込みを続けます。";
    ErrParserStopped => "Loading this file stopped the parser, so it was set aside and is not loaded again.",
                        "このファイルの読み込み中に解析処理が停止したため、除外しました。今後は読み込みません。";
    ErrEmpty => "The file is empty.", "ファイルが空です。";
    ErrNotAReport => "This is not a DMARC aggregate report.", "DMARC集計レポートではありません。";
    ErrMalformed => "The XML is damaged.", "XMLが壊れています。";
    ErrTruncated => "The file is cut off before its end.", "ファイルが途中で切れています。";
    ErrBadArchive => "The compressed data is damaged.", "圧縮データが壊れています。";
    ErrTooLarge => "The file unpacks to more than the size limit (a zip or gzip bomb?).",
                   "展開後のサイズが上限を超えています(zip/gzip爆弾の可能性)。";
    ErrEntities => "The XML declares entities, which is refused for safety.",
                   "XMLにエンティティ宣言があるため、安全のため拒否しました。";
    ErrTooDeep => "Archives are nested inside each other too deeply to open safely.",
                  "アーカイブの入れ子が深すぎるため、安全のため開きませんでした。";
    ErrTooManyEntries => "The archive or mailbox holds more files than can be opened safely.",
                         "アーカイブまたはメールボックスのファイル数が多すぎるため、安全のため開きませんでした。";
    ErrIncomplete => "The report does not say which report it is, who sent it, or for which domain.",
                     "レポートID、送信元、対象ドメインのいずれかが記載されていないレポートです。";
    ErrOther => "The file could not be loaded.", "ファイルを読み込めませんでした。";
    TabOverview => "Overview", "概要";
    TabPatterns => "Failure patterns", "エラーパターン分析";
    TabTags => "By sender tag", "タグ別エラー分析";
    TabSpoofing => "Possible spoofing", "なりすまし可能性分析";
    TabFiles => "Files", "ファイル";
    TabsLabel => "Screens", "画面";
    FilterFrom => "From (UTC)", "開始日(UTC)";
    FilterTo => "To (UTC)", "終了日(UTC)";
    FilterDomain => "Domain", "ドメイン";
    FilterPolicy => "Policy", "ポリシー";
    FilterAll => "All", "すべて";
    FilterClear => "Clear filters", "絞り込みを解除";
    ExportJson => "Export analysis (JSON)", "分析結果をエクスポート(JSON)";
    ExportCsv => "CSV", "CSV";
    CancelLoading => "Cancel", "キャンセル";
    NothingLoaded => "Load DMARC aggregate reports to see the analysis.", "DMARC集計レポートを読み込むと分析結果が表示されます。";
    NoMailInFilter => "No mail matches these filters.", "この条件に一致するメールはありません。";
    NoMatchHint => "Widen the period, or choose another domain or policy.", "期間を広げるか、別のドメインやポリシーを選んでください。";
    NoReportsYet => "No reports yet: the files loaded so far hold no DMARC aggregate report.", "まだレポートがありません。読み込んだファイルにDMARC集計レポートが含まれていません。";
    NoMailInReports => "The reports loaded count no messages.", "読み込んだレポートにはメールが1通も記録されていません。";
    BlankPeriodReversed => "Nothing to analyse: the period ends before it begins.", "期間の終了日が開始日より前のため、分析する対象がありません。";
    FilterPeriodReversed => "From is after To, so no report can match. Change one of the dates.", "開始日が終了日より後になっているため、一致するレポートはありません。どちらかの日付を変更してください。";
    Reports => "Reports", "レポート数";
    DuplicateReports => "{0} duplicates ignored", "{0}件の重複を除外";
    DuplicateReportOne => "{0} duplicate ignored", "{0}件の重複を除外";
    Messages => "Messages", "メール数";
    PassRate => "DMARC pass rate", "DMARC合格率";
    DmarcPass => "DMARC pass", "DMARC合格";
    DmarcFail => "DMARC fail", "DMARC不合格";
    Tagged => "Known senders", "登録済み送信元";
    Untagged => "Possible spoofing", "なりすまし可能性";
    SpoofingOfUnregistered => "of {0} from unregistered senders", "未登録の送信元からの{0}通のうち";
    Dispositions => "Dispositions applied by receivers", "受信側の処理";
    DailyChart => "Messages per day (UTC)", "日別メール数(UTC)";
    Reporters => "Reporters", "レポート送信元";
    Domains => "Domains", "ドメイン";
    Alerts => "Alerts", "アラート";
    NoAlerts => "No alerts.", "アラートはありません。";
    AlertGroupUntaggedSource => "Unregistered sources sending as you", "未登録の送信元からの送信";
    AlertGroupSpoofingShare => "Share of possible spoofing", "なりすまし可能性の割合";
    AlertGroupTagPassRate => "Known senders failing DMARC", "DMARC合格率の低い登録済み送信元";
    AlertGroupPatternVolume => "Failure patterns over the threshold", "しきい値を超えたエラーパターン";
    AlertGroupReporterSilent => "Reporters gone silent", "レポートが途絶えた送信元";
    AlertGroupPolicyNone => "Domains still at p=none", "p=noneのままのドメイン";
    AlertGroupNewSender => "New senders sending as you", "新たになりすまし送信を始めた送信元";
    AlertGroupOwnMailFailing => "Your own mail started failing", "自社メールのDMARC失敗の発生";
    AlertGroupRules => "Change this threshold", "このアラートの条件を変更";
    AlertSeeIn => "See in {0}", "「{0}」で確認";
    ShowMoreAlert => "Show {0} more alert", "残り{0}件のアラートを表示";
    ShowMoreAlerts => "Show {0} more alerts", "残り{0}件のアラートを表示";
    ShowMoreDomain => "Show {0} more domain", "残り{0}件のドメインを表示";
    ShowMoreDomains => "Show {0} more domains", "残り{0}件のドメインを表示";
    ReporterUnnamed => "(a reporter without a name)", "(名前のないレポート送信元)";
    Readiness => "Ready for a stricter policy?", "ポリシー強化の準備状況";
    VerdictReady => "Ready to move to", "移行可能:";
    VerdictNotYet => "Not yet ready for", "まだ移行できません:";
    VerdictStrictest => "Already at the strictest policy (reject).", "すでに最も厳しいポリシー(reject)です。";
    DaysCovered => "{0} days of reports", "{0}日分のレポート";
    DayCovered => "{0} day of reports", "{0}日分のレポート";
    TaggedPassRate => "pass rate of known senders", "登録済み送信元の合格率";
    AtRisk => "Mail of your own senders a stricter policy would hit", "ポリシー強化で影響を受ける自社メール";
    Pattern => "Pattern", "パターン";

    // ===== Policy and history tab =====
    TabPolicy => "Policy & history", "ポリシーと推移";
    WindowHeading => "Is it safe to tighten the policy now?", "今ポリシーを強化しても大丈夫か";
    WindowIntro => "Judged on the recent window only: mail that failed before a fix no longer counts against you. The window's length is set with the thresholds, under Known senders.",
        "直近の期間だけで判定します。修正前に失敗していたメールは判定に含めません。期間の長さは「送信元IP管理」のしきい値で設定できます。";
    WindowJudged => "Judged on the last {0} days ({1} – {2} UTC): reports on {3} days from {4} reporters, {5} messages.",
        "直近{0}日間({1}〜{2}、UTC)で判定:{3}日分のレポート、レポート送信元{4}件、{5}通。";
    WindowStepReady => "Ready for {0}", "{0} に移行できます";
    WindowStepNotYet => "Not yet ready for {0}", "{0} にはまだ移行できません";
    WindowStepStrictest => "At the strictest policy: p=reject, not testing.", "最も厳しいポリシー(p=reject、テストモードなし)です。";
    OwnPassSince => "Your own mail has passed DMARC 100 % since {0}.", "自社メールは{0}以降、DMARCに100%合格しています。";
    OwnFailedBefore => "Before that, on {0}, it failed:", "それ以前、{0}には次の失敗がありました:";
    OwnStillFails => "Your own mail still fails DMARC on the latest day of reports.", "最新のレポート日にも自社メールのDMARC失敗があります。";
    AtRiskLine => "{0}: pattern {1} ({2}), {3} messages", "{0}:パターン{1}({2})、{3}通";
    WindowAtRisk => "What {0} would quarantine or reject of your registered senders in the window:", "{0}にすると、期間内の登録済み送信元のメールのうち次が隔離・拒否されます:";
    WindowNothingAtRisk => "None of your registered senders' mail in the window would be hit.", "期間内の登録済み送信元のメールで影響を受けるものはありません。";
    WindowUntagged => "{0} messages that fail DMARC in the window come from senders you have not registered: spoofing, or your own services not registered yet. Those would be hit too.",
        "期間内にDMARCに失敗した{0}通は未登録の送信元からです。なりすまし、または未登録の自社サービスの可能性があり、これらも影響を受けます。";
    WindowUntaggedSplit => "Of these: {0} possible spoofing, {1} from services not set up, {2} forwarded.", "内訳:なりすましの可能性{0}通、設定未完了のサービス{1}通、転送{2}通。";
    WindowNamedSenders => "Named senders among them (register your own, or set up their alignment, before tightening):", "このうち特定できた送信元(自社のものは、強化の前に登録するか、ドメインの一致を設定してください):";
    PatternTags => "Your tags in it:", "このパターンのタグ:";
    PatternSenders => "Unregistered senders in it:", "このパターンの未登録の送信元:";
    PatternClasses => "Not registered: {0} possible spoofing, {1} from services not set up, {2} forwarded.", "未登録:なりすましの可能性{0}通、設定未完了のサービス{1}通、転送{2}通。";
    OverTimeHeading => "Senders and sources over time", "送信者・送信元ごとの推移";
    OverTimeIntro => "Each line is one day from {0} to {1}: passing mail in green, failing in red.", "{0}〜{1}の1日ごとの推移です。緑はDMARC合格、赤は不合格のメールです。";
    OverTimeSenders => "Named senders you have not registered", "特定できた未登録の送信者";
    OverTimeSources => "Sources with most mail", "メール数の多い送信元";
    OverTimeDays => "Day by day", "日ごとの推移";
    SparkLabel => "{0} – {1}: {2} messages, {3} failing DMARC", "{0}〜{1}:{2}通、うちDMARC不合格{3}通";
    WindowSeeWho => "See who sends them", "送信元を確認";
    WindowSubdomains => "Counted in: {0} messages of subdomains ({1}); they get {2}.", "サブドメインのメール{0}通を含みます({1})。適用されるポリシー: {2}";
    WinReasonShortCoverage => "Reports cover {0} days of the window; at least {1} are needed.", "期間内のレポートは{0}日分です。{1}日分以上が必要です。";
    WinReasonShortCoverageOneDay => "Reports cover {0} day of the window; at least {1} are needed.", "期間内のレポートは{0}日分です。{1}日分以上が必要です。";
    WinReasonOneReporter => "{0} reporter in the window; at least {1} are needed, so that one receiver's view is not taken for all.", "期間内のレポート送信元は{0}件です。1社の受信結果だけで判断しないよう、{1}件以上が必要です。";
    WinReasonFewReporters => "{0} reporters in the window; at least {1} are needed, so that one receiver's view is not taken for all.", "期間内のレポート送信元は{0}件です。1社の受信結果だけで判断しないよう、{1}件以上が必要です。";
    WinReasonLittleMail => "{0} messages in the window; at least {1} are needed.", "期間内のメールは{0}通です。{1}通以上が必要です。";
    WinReasonTaggedFails => "Your registered senders pass DMARC {0} % in the window; {1} % is needed.", "期間内の登録済み送信元のDMARC合格率は{0}%です。{1}%以上が必要です。";
    WholePeriod => "Over the whole period: {0}", "全期間では:{0}";
    PolicyDetails => "Details and history", "詳細と推移";
    PublishedHeading => "Published policy, as receivers saw it", "受信側が確認した公開ポリシー";
    PublishedTesting => "testing: t=y (or pct below 100), receivers apply the policy mildly", "テストモード:t=y(または pct 100未満)。受信側はポリシーを緩やかに適用します";
    DiscoveryMethod => "Organisational domain found by", "組織ドメインの判定方法";
    PolicyChangesHeading => "Changes of the published record", "公開レコードの変更";
    PolicyChangeLine => "{0}: {1} → {2}", "{0}:{1} → {2}";
    PolicyNoChanges => "No change over the period.", "期間中の変更はありません。";
    NotInShared => "Not carried in shared links.", "共有リンクには含まれません。";

    // What changed.
    CompareHeading => "What changed", "変化";
    ComparePeriods => "The last {0} days ({1} – {2}) against the {0} before ({3} – {4}), UTC.", "直近{0}日間({1}〜{2})とその前の{0}日間({3}〜{4})の比較(UTC)。";
    CompareLength => "Compare periods of", "比較する期間";
    CompareDays => "{0} days", "{0}日間";
    CompareNone => "No report falls before the window yet: nothing to compare.", "期間より前のレポートがないため、比較できません。";
    CompareBefore => "Before", "前の期間";
    CompareNow => "Recent", "直近";
    CompareChange => "Change", "増減";
    CompareMeasure => "Figure", "項目";
    CompareAll => "All mail", "全体";
    CompareTags => "Per sender tag", "タグ別";
    CompareRanked => "Largest changes", "大きな変化";
    ChangeLine => "{0}, {1}: {2} → {3}", "{0}・{1}:{2} → {3}";
    MeasureMessages => "messages", "メール数";
    MeasureFail => "DMARC fail", "DMARC不合格";
    PatternNamed => "Pattern {0}", "パターン{0}";
    NewSourcesHeading => "New sources in the window ({0})", "期間内の新しい送信元({0}件)";
    NewSourcesIntro => "First seen in the last {0} days, by a reporter that reported before them.", "以前からレポートを送っている送信元が、直近{0}日間に初めて報告したIPアドレスです。";
    GoneSourcesHeading => "Sources gone silent ({0})", "送信が途絶えた送信元({0}件)";
    GoneReportersHeading => "Reporters gone silent ({0})", "レポートが途絶えた送信元({0}件)";
    NoneListed => "None.", "ありません。";
    WindowMessages => "Messages in the window", "期間内のメール数";
    WindowFail => "DMARC fail in the window", "期間内のDMARC不合格";
    NotRegistered => "not registered", "未登録";
    ChartShow => "Show", "表示";
    ChartAll => "All mail", "全メール";
    ChartTag => "Tag: {0}", "タグ:{0}";
    ChartPattern => "Pattern {0}: {1}", "パターン{0}:{1}";

    // What receivers said.
    ReceiversHeading => "What receivers said", "受信側からのコメント";
    ReceiversIntro => "Receivers give a reason when they applied something other than your policy (forwarding, a mailing list, their local policy), and Gmail and Microsoft now write why they refused mail.",
        "受信側は、あなたのポリシーと異なる扱いをしたとき(転送、メーリングリスト、独自ポリシー)に理由を記載します。GmailとMicrosoftは拒否した理由も記載するようになりました。";
    ReceiversNone => "No receiver gave a reason or a comment.", "受信側からの理由やコメントはありません。";
    ReceiverReason => "Reason", "理由";
    ReceiverComment => "Comment", "コメント";
    ReceiverMeaning => "What it means", "意味";
    ReasonForwarded => "forwarded", "転送";
    ReasonSampledOut => "sampled out (pct below 100)", "適用対象外(pct 100未満)";
    ReasonTrustedForwarder => "trusted forwarder", "信頼済みの転送元";
    ReasonMailingList => "mailing list", "メーリングリスト";
    ReasonLocalPolicy => "the receiver's local policy", "受信側の独自ポリシー";
    ReasonOther => "other", "その他";
    ReasonUnknown => "not given", "記載なし";
    MeaningUnauthenticated => "Neither SPF nor DKIM authenticated the message: the receiver requires one.", "SPF・DKIMのどちらでも認証されていません。受信側は少なくとも一方を必須としています。";
    MeaningSpfFailed => "SPF failed: the sending server is not authorised for the envelope domain.", "SPF失敗:送信サーバーがエンベロープドメインで許可されていません。";
    MeaningDkimFailed => "DKIM failed: the signature did not verify.", "DKIM失敗:署名を検証できませんでした。";
    MeaningFromNotAligned => "DMARC failed: neither SPF nor DKIM aligns with the From domain.", "DMARC失敗:SPF・DKIMのどちらもFromドメインと一致していません。";
    MeaningNoPtr => "The sending server has no reverse DNS (PTR) matching its name.", "送信サーバーの逆引き(PTR)が正しく設定されていません。";
    MeaningNoTls => "The message was not sent over TLS.", "TLSで送信されていません。";
    MeaningUnsolicitedRate => "Too much mail judged unsolicited: the receiver limits the rate.", "迷惑メールと判断される割合が高いため、受信側が受信を制限しています。";
    MeaningAuthenticationLevel => "Not authenticated enough for the receiver's bulk-sender rules.", "受信側の一括送信者向け要件に対して認証が不十分です。";
    MeaningArcPass => "ARC passed: an intermediary (forwarder, list) vouched for the original authentication.", "ARC合格:転送サーバーやメーリングリストが元の認証結果を保証しています。";
    MeaningArcFail => "ARC failed: the chain of intermediaries did not verify.", "ARC失敗:中継サーバーの署名の連鎖を検証できませんでした。";
    MeaningOther => "A code this version does not explain.", "このバージョンでは説明できないコードです。";
    SpfAuth => "SPF auth", "SPF認証";
    DmarcSpf => "DMARC SPF", "DMARC SPF";
    DkimAuth => "DKIM auth", "DKIM認証";
    DmarcDkim => "DMARC DKIM", "DMARC DKIM";
    Total => "Total", "合計";
    Cause => "Cause", "原因";
    Fix => "Fix", "対策";
    MostFailures => "Most failures:", "最も多い失敗:";
    Tag => "Tag", "タグ";
    SourceIp => "Source IP", "送信元IP";
    NoTags => "No mail comes from registered senders. Add your sending networks as tags to tell your own mail from spoofing.", "登録済みの送信元からのメールはありません。自社の送信元ネットワークをタグとして登録すると、なりすましと区別できます。";
    HeaderFrom => "From domain", "Fromドメイン";
    FirstSeen => "First seen (UTC)", "初回(UTC)";
    LastSeen => "Last seen (UTC)", "最終(UTC)";
    // Who is sending (the sender pack) and what to do about failing mail (`analyze/class.rs`).
    BySender => "Who sends as you, by sender", "送信者別の送信状況";
    BySenderIntro => "Every unregistered source is named offline, from its passing DKIM or SPF checks or its network. Failing mail is sorted by what to do about it:",
        "未登録の送信元を、成功したDKIM・SPFの認証やネットワークから(通信せずに)特定します。DMARCに失敗したメールは、対応の要否で次のように分類します:";
    Sender => "Sender", "送信者";
    SenderSeen => "Seen (UTC)", "確認期間(UTC)";
    SenderSources => "Sources", "送信元数";
    SenderUnnamed => "Not named", "特定できない送信元";
    // Sender types: the sender pack's (parsedmarc's map), each as `text::sender_type_key` finds it.
    SenderTypeAgriculture => "Agriculture", "農業";
    SenderTypeAutomotive => "Automotive", "自動車";
    SenderTypeBeauty => "Beauty", "美容";
    SenderTypeConglomerate => "Conglomerate", "複合企業";
    SenderTypeConstruction => "Construction", "建設";
    SenderTypeConsulting => "Consulting", "コンサルティング";
    SenderTypeDefense => "Defense", "防衛";
    SenderTypeEducation => "Education", "教育";
    SenderTypeEmailProvider => "Email Provider", "メールサービス";
    SenderTypeEmailSecurity => "Email Security", "メールセキュリティ";
    SenderTypeEntertainment => "Entertainment", "エンターテインメント";
    SenderTypeEventPlanning => "Event Planning", "イベント企画";
    SenderTypeFinance => "Finance", "金融";
    SenderTypeFood => "Food", "食品";
    SenderTypeGovernment => "Government", "政府・自治体";
    SenderTypeGovernmentMedia => "Government Media", "政府系メディア";
    SenderTypeHealthcare => "Healthcare", "医療";
    SenderTypeIsp => "ISP", "インターネット接続事業者";
    SenderTypeIaas => "IaaS", "クラウド基盤";
    SenderTypeIndustrial => "Industrial", "工業";
    SenderTypeLegal => "Legal", "法務";
    SenderTypeLogistics => "Logistics", "物流";
    SenderTypeMsp => "MSP", "IT運用代行";
    SenderTypeMssp => "MSSP", "セキュリティ運用代行";
    SenderTypeManufacturing => "Manufacturing", "製造";
    SenderTypeMarketing => "Marketing", "マーケティング";
    SenderTypeNews => "News", "ニュース";
    SenderTypeNonprofit => "Nonprofit", "非営利団体";
    SenderTypePaas => "PaaS", "アプリ実行基盤";
    SenderTypePhotography => "Photography", "写真";
    SenderTypePhysicalSecurity => "Physical Security", "警備";
    SenderTypePrint => "Print", "印刷";
    SenderTypePublishing => "Publishing", "出版";
    SenderTypeRealEstate => "Real Estate", "不動産";
    SenderTypeReligion => "Religion", "宗教";
    SenderTypeRetail => "Retail", "小売";
    SenderTypeSaas => "SaaS", "クラウドサービス";
    SenderTypeScience => "Science", "科学";
    SenderTypeSearchEngine => "Search Engine", "検索エンジン";
    SenderTypeSocialMedia => "Social Media", "ソーシャルメディア";
    SenderTypeSports => "Sports", "スポーツ";
    SenderTypeStaffing => "Staffing", "人材";
    SenderTypeTechnology => "Technology", "テクノロジー";
    SenderTypeTravel => "Travel", "旅行";
    SenderTypeUtilities => "Utilities", "公益事業";
    SenderTypeWebHost => "Web Host", "ウェブホスティング";
    MailClassHead => "What it is", "分類";
    ClassYours => "Yours", "自社";
    ClassForwarded => "Forwarded", "転送";
    ClassServiceNotSetUp => "Service not set up", "設定未完了のサービス";
    ClassUnknown => "Possible spoofing", "なりすましの可能性";
    ClassYoursDefinition => "Yours: from a network you registered.", "自社: 登録済みのネットワークから送信されたメール。";
    ClassForwardedDefinition => "Forwarded: the receiver says it was forwarded or came through a mailing list, or your own DKIM signature arrived through a mailbox provider or a mail gateway. Nothing to fix on your side.",
        "転送: 受信側が転送・メーリングリスト経由と報告したメール、または自社のDKIM署名付きでメールボックス事業者やメールゲートウェイを経由したメール。自社側での対応は不要です。";
    ClassServiceNotSetUpDefinition => "Service not set up: a named service proved it sent the mail (its own DKIM or SPF passed) but not for your domain. If it is yours, set up its DKIM or return path with your domain (patterns 1-3) and register it.",
        "設定未完了のサービス: 特定のサービスが自社ドメイン以外でDKIMまたはSPFに成功しているメール。自社で利用しているサービスなら、独自ドメインのDKIMかReturn-Pathを設定し(パターン1〜3)、送信元として登録してください。";
    ClassUnknownDefinition => "Possible spoofing: none of the below; nothing tells who sent it. This is what a stricter policy stops.",
        "なりすましの可能性: 以下のいずれにも当たらず、送信者を示すものがないメール。ポリシーを強化すると止められるのはこのメールです。";
    EvidenceDkim => "its DKIM signature ({0}) verified", "DKIM署名({0})が検証済み";
    EvidenceSpf => "SPF passed for {0}", "{0} のSPFが成功";
    EvidenceNetwork => "its network belongs to {0}", "{0} のネットワーク";
    EvidenceNetworkOwner => "network owner only", "ネットワークの所有者のみ判明";
    RegisterAs => "Register as {0}", "「{0}」として登録";
    Register => "Register", "登録する";
    LikelyYoursHeading => "Register your own senders first", "まず自社の送信元を登録しましょう";
    LikelyYoursIntro => "These named senders pass DMARC for your domains, so they are probably yours or services you use. Register them, and their mail counts as yours; what is left is what to look at.",
        "次の送信者は、あなたのドメインでDMARCに合格しているため、自社または利用中のサービスである可能性が高い送信元です。登録すると自社のメールとして扱われ、残ったものが確認すべき送信元になります。";
    LikelyYoursItem => "{0} messages, {1} pass DMARC", "{0}通、DMARC合格率{1}";
    LikelyYoursComment => "{0} of its mail passed DMARC", "DMARC合格率{0}";
    RegisterWiden => "Register whole networks: /24 (IPv4) and /48 (IPv6) around the addresses seen", "確認されたアドレスを含む/24(IPv4)・/48(IPv6)単位で登録する";
    RegisterComment => "{0}: {1}; {2} addresses seen", "{0}: {1}、確認されたアドレス{2}件";
    ShowSources => "Its sources", "送信元を表示";
    SelectSender => "Select {0}", "「{0}」を選択";
    RegisterSelected => "Register the {0} selected", "選択した{0}件を登録";
    RegisterConfirmHeading => "Register these senders as yours?", "次の送信者を自社の送信元として登録しますか?";
    RegisterConfirmIntro => "Each becomes a tag of its own, with the networks that cover the addresses seen. You can edit or remove them under Known senders.",
        "それぞれが独自のタグになり、確認されたアドレスを含むネットワークが登録されます。登録後は「送信元IP管理」で編集・削除できます。";
    RegisterConfirmAdd => "Add the rules", "ルールを追加";
    RegisterCancel => "Cancel", "キャンセル";
    RegisteredNote => "Registered {0}: {1} rules added.", "{0}を登録しました({1}件のルールを追加)。";
    RegisteredNothingNew => "{0} was already registered: no rule added.", "{0}は登録済みです(追加したルールはありません)。";
    RegisteredWaiting => "Analysing with the new rules…", "新しいルールで分析しています…";
    RegisteredChange => "Your registered mail: {0} → {1} messages. Possible spoofing: {2} → {3} failing messages. Services not set up: {4} → {5}.",
        "登録済み送信元のメール: {0}→{1}通。なりすましの可能性: {2}→{3}通(DMARC失敗)。設定未完了のサービス: {4}→{5}通。";
    RegisteredBack => "Back to who sends as you", "送信者別の一覧に戻る";
    RegisteredDismiss => "Dismiss", "閉じる";
    SpoofingClasses => "not counted here: {0} forwarded, {1} from services not set up", "このほか転送{0}通、設定未完了のサービス{1}通";
    PackUnavailable => "Sender names are not available (the sender data could not be loaded): {0}", "送信者名を表示できません(送信者データを読み込めませんでした): {0}";
    AboutData => "About the data", "データについて";
    AboutDataText => "Sender names come from data shipped with this page and looked up in it; no address is sent anywhere. IP address data powered by IPinfo (ipinfo.io), CC BY-SA 4.0. Sender map from parsedmarc by Sean Whalen, CC BY-SA 4.0. Public Suffix List, Mozilla Foundation, MPL 2.0.",
        "送信者名は、このページに同梱したデータから調べています。アドレスをどこかへ送信することはありません。IPアドレスデータ: IPinfo(ipinfo.io)、CC BY-SA 4.0。送信者マップ: parsedmarc(Sean Whalen)、CC BY-SA 4.0。Public Suffix List: Mozilla Foundation、MPL 2.0。";
    TableSearch => "Search", "検索";
    TableSearchHint => "IP, domain, reporter…", "IP・ドメイン・レポーター…";
    PagePrev => "Previous", "前へ";
    PageNext => "Next", "次へ";
    NoRowMatches => "No row matches the search.", "検索に一致する行はありません。";
    TopPattern => "Most failures", "最も多い失敗";
    Pattern1Short => "SPF and DKIM pass, not aligned", "SPF・DKIM成功、ドメイン不一致";
    Pattern2Short => "DKIM only, not aligned", "DKIMのみ成功、不一致";
    Pattern3Short => "SPF only, not aligned", "SPFのみ成功、不一致";
    Pattern4Short => "neither passes", "SPF・DKIMとも失敗";
    NoSuspects => "Every source is a registered sender.", "すべての送信元が登録済みです。";
    OkWord => "OK", "OK";
    TabSenders => "Known senders", "送信元IP管理";
    SendersIntro => "Register the networks you send from. Mail from them counts as yours (tagged); everything else is possible spoofing. Rules are kept in this browser only.",
                    "自社の送信元ネットワークを登録します。登録した送信元からのメールは自社のもの(タグ付き)として扱い、それ以外はなりすましの可能性として扱います。ルールはこのブラウザ内にのみ保存されます。";
    RuleNetwork => "IP address, CIDR or range", "IPアドレス・CIDR・範囲";
    RuleNetworkHint => "e.g. 192.0.2.10, 192.0.2.0/24 or 192.0.2.0 - 192.0.2.255", "例: 192.0.2.10、192.0.2.0/24、192.0.2.0 - 192.0.2.255";
    RuleTag => "Group tag", "グループタグ";
    RuleComment => "Comment", "コメント";
    RuleDomain => "Domain (empty: all)", "対象ドメイン(空欄はすべて)";
    RuleAdd => "Add", "追加";
    RuleDelete => "Delete", "削除";
    RuleHits => "{0} records matched", "{0}件のレコードに一致";
    RuleHit => "{0} record matched", "{0}件のレコードに一致";
    RuleEdit => "Edit", "編集";
    RuleMatches => "Records matched", "一致したレコード";
    Actions => "Actions", "操作";
    AlertNew => "new", "新規";
    AlertsNewSince => "new since your previous visit", "件が前回の訪問以降の新しいアラートです";
    AlertRulesHeading => "Alert thresholds", "アラートの条件";
    AlertRulesIntro => "When an alert fires. Kept in this browser; the JSON export and the CLI's --rules use the same names.",
                       "アラートを出す条件です。このブラウザに保存されます。JSONエクスポートやCLIの--rulesと同じ項目名です。";
    AlertRulesDefaults => "Back to defaults", "初期値に戻す";
    AlertRulesApply => "Apply", "適用";
    AlertRulesLink => "Thresholds", "条件を変更";
    RuleUntaggedSource => "An unregistered source sends more than (messages)", "未登録の送信元からのメールがこの通数を超える";
    RuleSpoofingShare => "Possible spoofing is more than (% of all mail)", "なりすましの可能性のあるメールが全体のこの割合(%)を超える";
    RuleTagPassRate => "A sender tag passes DMARC for less than (%)", "タグのDMARC合格率がこの値(%)未満";
    RuleTagMinMessages => "…counting tags with at least (messages)", "…対象とするタグの最低通数";
    RulePatternMessages => "A failure pattern counts more than (messages)", "エラーパターンの通数がこの値を超える";
    RuleReporterSilent => "A reporter is silent for more than (days)", "レポート送信元からの報告がこの日数を超えて途絶える";
    RuleReadinessDays => "Policy readiness needs reports over (days)", "ポリシー強化の判定に必要なレポート日数";
    RuleReadinessPass => "Policy readiness needs known senders to pass (%)", "ポリシー強化の判定に必要な登録済み送信元の合格率(%)";
    RuleWindowDays => "Recent window for readiness, new and gone sources (days)", "ポリシー判定・新規/消失送信元の判定期間(直近の日数)";
    RuleMinReporters => "Readiness needs reporters in the window", "ポリシー判定に必要な期間内のレポート送信元数";
    RuleMinMessages => "Readiness needs messages in the window", "ポリシー判定に必要な期間内のメール数";
    RuleNewSender => "A new unregistered source fails DMARC in the window for at least (messages)", "新しい未登録送信元の期間内DMARC失敗がこの通数以上";
    RuleOwnFailing => "Your sender's mail starts failing DMARC at (% in the window)", "登録済み送信元の期間内DMARC失敗率がこの値(%)に達する";
    RuleSave => "Save", "保存";
    RuleNoHits => "matches nothing loaded", "読み込んだデータに一致なし";
    RuleOverlap => "overlaps another rule", "他のルールと重複";
    Addresses => "addresses", "アドレス";
    HostBits => "host bits set: this means", "ホスト部が0ではありません。次の意味になります:";
    NeedTag => "Give the rule a group tag.", "グループタグを入力してください。";
    TagsImport => "Import CSV", "CSVを読み込む";
    TagsExport => "Export CSV", "CSVに書き出す";
    TagsImportErrors => "Lines not imported", "読み込めなかった行";
    SpfPaste => "Paste your SPF record", "SPFレコードを貼り付け";
    SpfAdd => "Add its networks", "ネットワークを追加";
    SpfLookups => "Look these up in DNS elsewhere and add their addresses:", "次の名前は別途DNSで調べ、アドレスを追加してください:";
    TagThis => "Tag this", "登録する";
    StorageFailed => "Could not save in this browser; what was kept before is untouched:", "ブラウザに保存できませんでした(以前に保存した内容はそのままです):";
    OtherTabFiles => "Reports were added in another tab of DMARC Lens.", "DMARC Lensの別のタブでレポートが追加されました。";
    ReloadToInclude => "Reload to include them", "再読み込みして反映";
    StorageFull => "This browser's storage for the page is full. What you load now is analysed, but will not be kept for your next visit; what was kept before is untouched. Free some space, or use \"Forget everything\" to start over.",
                   "ブラウザの保存領域がいっぱいです。今読み込んだ内容は分析されますが、次回の訪問までは保存されません。以前に保存した内容はそのままです。空き容量を増やすか、「すべて消去」でやり直してください。";
    NoRules => "No rules yet.", "ルールはまだありません。";
    Forget => "Forget everything", "すべて消去";
    ForgetConfirm => "Remove the loaded reports, your known senders and settings from this browser?",
                     "読み込んだレポート、登録した送信元、設定をこのブラウザから削除しますか?";
    Privacy => "Reports are read in this page only; nothing is uploaded.", "レポートはこのページ内でのみ処理され、どこにも送信されません。";
    NgWord => "NG", "NG";
    ShareHeading => "Share as a link", "リンクで共有";
    ShareIntro => "The link carries this analysis with the filters above, not the reports. It sits after the # of the address, which browsers never send to any server. A link holds up to 262,144 characters: long tables are cut to fit, and the shared view says what was cut.",
                  "リンクには上の絞り込み条件での分析結果が入ります(レポートそのものは入りません)。アドレスの#以降に入るため、ブラウザがサーバーへ送ることはありません。リンクは最大262,144文字で、長い表は収まるように省略され、共有先の画面に省略した内容が表示されます。";
    ShareMask => "Mask source addresses (IPv4 to /24, IPv6 to /48)", "送信元IPを伏せる(IPv4は/24、IPv6は/48単位)";
    SharePassphrase => "Passphrase (optional)", "パスフレーズ(任意)";
    ShareMake => "Make link", "リンクを作成";
    ShareMaking => "Making the link…", "リンクを作成中…";
    ShareCopy => "Copy", "コピー";
    ShareUrl => "Share link", "共有リンク";
    ShareChars => "characters", "文字";
    ShareSealedNote => "Give the passphrase by another way than the link.", "パスフレーズはリンクとは別の方法で伝えてください。";
    ShareFailed => "No link made:", "リンクを作成できませんでした:";
    ShareCut => "Cut to fit in the link:", "リンクに収めるため省略:";
    CutShown => "shown", "件を表示";
    SharedHeading => "Shared analysis, read-only", "共有された分析結果(閲覧のみ)";
    SharedMade => "Made on {0} UTC", "作成日: {0}(UTC)";
    SharedMasked => "Source addresses are masked to their /24 (IPv4) or /48 (IPv6) network.", "送信元IPは/24(IPv4)・/48(IPv6)単位で伏せられています。";
    SharedFilters => "Filters", "絞り込み";
    SharedNoFilters => "none", "なし";
    SharedOwn => "Open your own workspace", "自分の作業画面を開く";
    SharedOpening => "Opening the shared analysis…", "共有された分析結果を開いています…";
    SharedNeedsPassphrase => "This link is protected by a passphrase. Enter it to see the analysis.", "このリンクはパスフレーズで保護されています。入力すると分析結果が表示されます。";
    SharedOpen => "Open", "開く";
    SharedPassphrase => "Passphrase", "パスフレーズ";
    ShareErrWrongPassphrase => "Wrong passphrase: the link does not open with it.", "パスフレーズが違います。このパスフレーズでは開けません。";
    ShareErrDamaged => "The link is damaged or cut off. Ask for it again, and copy all of it.", "リンクが壊れているか途中で切れています。もう一度送ってもらい、全体をコピーしてください。";
    ShareErrNewer => "The link was made by a newer version of DMARC Lens.", "このリンクは新しいバージョンのDMARC Lensで作成されています。";
    ShareErrTooBig => "The link unpacks to far more data than DMARC Lens puts in one; it was refused.", "リンクの展開後のデータが大きすぎるため、開きませんでした。";
    ShareErrDoesNotFit => "The analysis is too big for a link even with long tables cut. Narrow the filters (one domain, a shorter period).", "長い表を省略しても分析結果がリンクに収まりません。絞り込んでください(ドメインを1つに、期間を短く)。";
    ShareErrCrypto => "This browser refused to encrypt or decrypt (WebCrypto needs https or localhost).", "このブラウザで暗号化・復号ができませんでした(WebCryptoにはhttpsまたはlocalhostが必要です)。";
    // A value and its label, a count and its kind, in the order each language says them.
    Labelled => "{0} {1}", "{1} {0}";
    KindCount => "{0} {1}", "{1} {0}件";
    ChartDay => "{0} UTC: {1} pass, {2} fail", "{0}(UTC): 合格{1}通、不合格{2}通";
    ReportDates => "{0} – {1} UTC", "{0}〜{1}(UTC)";
    ShowingFirst => "Showing the first {0} of {1}.", "全{1}件のうち上位{0}件を表示しています。";
    RowsRange => "Showing {0}–{1} of {2}", "全{2}件中 {0}–{1}件を表示";
    RowsRangeMatching => "Showing {0}–{1} of {2} matching", "一致する{2}件中 {0}–{1}件を表示";

    // One source's records (`screens/source_records.rs`).
    SourceRecordsOpen => "Records", "内訳";
    SourceRecordsOpenLabel => "Records of {0}", "{0} の内訳";
    SourceRecordsTitle => "What {0} sent", "{0} の送信内容";
    SourceRecordsTitleNamed => "What {0} ({1}) sent", "{0}({1})の送信内容";
    SourceRecordsIntro => "Its records under the filters above, grouped by what the reports say about them, most messages first.",
        "上の絞り込み条件でのレコードを、レポートの記載内容が同じものごとにまとめ、メール数の多い順に表示します。";
    SourceRecordsSummary => "{0} messages in {1} records: {2} combinations", "メール{0}通(レコード{1}件)、組み合わせ{2}通り";
    SourceRecordsCut => "Showing the first {0} of {1} combinations; those not shown hold {2} messages.",
        "全{1}通りのうち上位{0}通りを表示しています。表示していない組み合わせのメールは{2}通です。";
    SourceRecordsLoading => "Reading its records…", "レコードを読み込んでいます…";
    SourceRecordsNone => "No record of this source under these filters.", "この絞り込み条件では、この送信元のレコードはありません。";
    SourceRecordsClose => "Close", "閉じる";
    SourceRecordsMore => "and {0} more", "ほか{0}件";
    ColFromEnvelope => "From domain, envelope From", "Fromドメイン・エンベロープFrom";
    ColDkimResults => "DKIM (domain, selector, result)", "DKIM(ドメイン・セレクタ・結果)";
    ColSpfResults => "SPF (domain, scope, result)", "SPF(ドメイン・スコープ・結果)";
    ColDmarcResult => "DMARC result", "DMARC結果";
    ColDisposition => "What the receiver did, and why", "受信側の処理と理由";
    ColDays => "Days (UTC)", "日付(UTC)";
    DaysSeenOne => "{0} day", "{0}日";
    DaysSeenMany => "{0} days", "{0}日";
    NoneGiven => "none", "なし";
    AuthPass => "pass", "成功";
    AuthFail => "fail", "失敗";
    AuthSoftFail => "soft fail", "ソフトフェイル";
    AuthNeutral => "neutral", "中立";
    AuthNone => "no result", "結果なし";
    AuthPolicy => "policy", "ポリシー";
    AuthTempError => "temporary error", "一時エラー";
    AuthPermError => "permanent error", "恒久エラー";
    AuthUnknown => "unknown", "不明";
}
