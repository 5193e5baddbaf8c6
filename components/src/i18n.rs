//! Every visible text of the app, in English and Japanese, from one key table.
//!
//! Views never hold text literals: they call [`tr`] with a [`Key`]. The table is checked by a test
//! so a key cannot lack a language.

use dmarc_lens::ledger::ErrorKind;
use leptos::prelude::*;

/// The languages and their codes are the engine's text table's (`dmarc_lens::text`).
pub use dmarc_lens::text::Lang;

/// The language in force, shared through context.
#[derive(Clone, Copy)]
pub struct LangCtx(pub RwSignal<Lang>);

macro_rules! keys {
    ($($key:ident => $en:literal, $ja:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key,)+ }

        pub const ALL_KEYS: &[Key] = &[$(Key::$key,)+];

        /// The text of `key` in `lang`.
        pub fn tr(lang: Lang, key: Key) -> &'static str {
            match (key, lang) {
                $((Key::$key, Lang::En) => $en, (Key::$key, Lang::Ja) => $ja,)+
            }
        }
    };
}

keys! {
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
    ReportsWord => "reports", "件のレポート";
    RecordsWord => "records", "レコード";
    RecordWord => "record", "レコード";
    MessagesWord => "messages", "通";
    MessageWord => "message", "通";
    SkippedRecords => "records skipped", "件のレコードをスキップ";
    DuplicateReport => "already loaded", "重複";
    Progress => "files processed", "ファイル処理済み";
    Warnings => "notes", "注意";
    WorkerFailed => "The background parser failed to start; reload the page.",
                    "バックグラウンド処理を開始できませんでした。ページを再読み込みしてください。";
    WorkerGaveUp => "The background parser stopped again and again, so it is not started again; reload the page.",
                    "バックグラウンド処理が繰り返し停止したため、再開を中止しました。ページを再読み込みしてください。";
    ParserStopped => "{file}: loading this file stopped the parser; it was set aside. The files loaded before it are still loaded, and the others go on loading.",
                     "「{file}」の読み込み中に解析処理が停止したため、このファイルを除外しました。読み込み済みのファイルはそのままで、残りのファイルの読み込みを続けます。";
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
    FilterFrom => "From", "開始日";
    FilterTo => "To", "終了日";
    FilterDomain => "Domain", "ドメイン";
    FilterPolicy => "Policy", "ポリシー";
    FilterAll => "All", "すべて";
    FilterClear => "Clear filters", "絞り込みを解除";
    ExportJson => "Export analysis (JSON)", "分析結果をエクスポート(JSON)";
    ExportCsv => "CSV", "CSV";
    CancelLoading => "Cancel", "キャンセル";
    Cancelled => "cancelled", "キャンセル済み";
    NothingLoaded => "Load DMARC aggregate reports to see the analysis.", "DMARC集計レポートを読み込むと分析結果が表示されます。";
    NoMailInFilter => "No mail matches these filters.", "この条件に一致するメールはありません。";
    NoMatchHint => "Widen the period, or choose another domain or policy.", "期間を広げるか、別のドメインやポリシーを選んでください。";
    NoReportsYet => "No reports yet: the files loaded so far hold no DMARC aggregate report.", "まだレポートがありません。読み込んだファイルにDMARC集計レポートが含まれていません。";
    NoMailInReports => "The reports loaded count no messages.", "読み込んだレポートにはメールが1通も記録されていません。";
    BlankPeriodReversed => "Nothing to analyse: the period ends before it begins.", "期間の終了日が開始日より前のため、分析する対象がありません。";
    FilterPeriodReversed => "From is after To, so no report can match. Change one of the dates.", "開始日が終了日より後になっているため、一致するレポートはありません。どちらかの日付を変更してください。";
    Reports => "Reports", "レポート数";
    DuplicateReports => "duplicates ignored", "件の重複を除外";
    DuplicateReportOne => "duplicate ignored", "件の重複を除外";
    Messages => "Messages", "メール数";
    PassRate => "DMARC pass rate", "DMARC合格率";
    DmarcPass => "DMARC pass", "DMARC合格";
    DmarcFail => "DMARC fail", "DMARC不合格";
    Tagged => "Known senders", "登録済み送信元";
    Untagged => "Possible spoofing", "なりすまし可能性";
    Dispositions => "Dispositions applied by receivers", "受信側の処理";
    DailyChart => "Messages per day", "日別メール数";
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
    AlertGroupRules => "Change this threshold", "このアラートの条件を変更";
    AlertSeeIn => "See in {tab}", "「{tab}」で確認";
    ShowMoreAlert => "Show {n} more alert", "残り{n}件のアラートを表示";
    ShowMoreAlerts => "Show {n} more alerts", "残り{n}件のアラートを表示";
    ShowMoreDomain => "Show {n} more domain", "残り{n}件のドメインを表示";
    ShowMoreDomains => "Show {n} more domains", "残り{n}件のドメインを表示";
    ReporterUnnamed => "(a reporter without a name)", "(名前のないレポート送信元)";
    Readiness => "Ready for a stricter policy?", "ポリシー強化の準備状況";
    VerdictReady => "Ready to move to", "移行可能:";
    VerdictNotYet => "Not yet ready for", "まだ移行できません:";
    VerdictStrictest => "Already at the strictest policy (reject).", "すでに最も厳しいポリシー(reject)です。";
    DaysCovered => "days of reports", "日分のレポート";
    DayCovered => "day of reports", "日分のレポート";
    TaggedPassRate => "pass rate of known senders", "登録済み送信元の合格率";
    AtRisk => "Mail of your own senders a stricter policy would hit", "ポリシー強化で影響を受ける自社メール";
    Pattern => "Pattern", "パターン";
    SpfAuth => "SPF auth", "SPF認証";
    DmarcSpf => "DMARC SPF", "DMARC SPF";
    DkimAuth => "DKIM auth", "DKIM認証";
    DmarcDkim => "DMARC DKIM", "DMARC DKIM";
    Total => "Total", "合計";
    Share => "share", "割合";
    Cause => "Cause", "原因";
    Fix => "Fix", "対策";
    MostFailures => "Most failures:", "最も多い失敗:";
    Tag => "Tag", "タグ";
    SourceIp => "Source IP", "送信元IP";
    Failures => "Failures by pattern", "パターン別の失敗";
    NoTags => "No mail comes from registered senders. Add your sending networks as tags to tell your own mail from spoofing.", "登録済みの送信元からのメールはありません。自社の送信元ネットワークをタグとして登録すると、なりすましと区別できます。";
    HeaderFrom => "From domain", "Fromドメイン";
    FirstSeen => "First seen", "初回";
    LastSeen => "Last seen", "最終";
    SenderHint => "Probably sent by", "推定送信者";
    TableSearch => "Search", "検索";
    TableSearchHint => "IP, domain, reporter…", "IP・ドメイン・レポーター…";
    PagePrev => "Previous", "前へ";
    PageNext => "Next", "次へ";
    NoRowMatches => "No row matches the search.", "検索に一致する行はありません。";
    TopPattern => "Most failures", "最も多い失敗";
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
    RuleHits => "records matched", "件のレコードに一致";
    RuleHit => "record matched", "件のレコードに一致";
    RuleEdit => "Edit", "編集";
    AlertNew => "new", "新規";
    AlertsNewSince => "new since your previous visit", "件が前回の訪問以降の新しいアラートです";
    AlertRulesHeading => "Alert thresholds", "アラートの条件";
    AlertRulesIntro => "When an alert fires. Kept in this browser; the JSON export and the CLI's --rules use the same names.",
                       "アラートを出す条件です。このブラウザに保存されます。JSONエクスポートやCLIの--rulesと同じ項目名です。";
    AlertRulesDefaults => "Back to defaults", "初期値に戻す";
    AlertRulesLink => "Thresholds", "条件を変更";
    RuleUntaggedSource => "An unregistered source sends more than (messages)", "未登録の送信元からのメールがこの通数を超える";
    RuleSpoofingShare => "Possible spoofing is more than (% of all mail)", "なりすましの可能性のあるメールが全体のこの割合(%)を超える";
    RuleTagPassRate => "A sender tag passes DMARC for less than (%)", "タグのDMARC合格率がこの値(%)未満";
    RuleTagMinMessages => "…counting tags with at least (messages)", "…対象とするタグの最低通数";
    RulePatternMessages => "A failure pattern counts more than (messages)", "エラーパターンの通数がこの値を超える";
    RuleReporterSilent => "A reporter is silent for more than (days)", "レポート送信元からの報告がこの日数を超えて途絶える";
    RuleReadinessDays => "Policy readiness needs reports over (days)", "ポリシー強化の判定に必要なレポート日数";
    RuleReadinessPass => "Policy readiness needs known senders to pass (%)", "ポリシー強化の判定に必要な登録済み送信元の合格率(%)";
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
    SharedMade => "Made on", "作成日";
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
}

/// The plain-words explanation of a share link failure (`ShareError` kinds and the worker's own).
pub fn share_error_key(kind: &str) -> Key {
    match kind {
        "wrong_passphrase" => Key::ShareErrWrongPassphrase,
        "unknown_version" => Key::ShareErrNewer,
        "too_big" => Key::ShareErrTooBig,
        "does_not_fit" => Key::ShareErrDoesNotFit,
        "crypto" => Key::ShareErrCrypto,
        _ => Key::ShareErrDamaged,
    }
}

/// The plain-words explanation of an engine error category; the engine's own sentence, with the
/// file, entry and position, is shown beside it.
pub fn error_key(kind: Option<ErrorKind>) -> Key {
    let Some(kind) = kind else { return Key::ErrOther };
    match kind {
        ErrorKind::Empty => Key::ErrEmpty,
        ErrorKind::NotAReport => Key::ErrNotAReport,
        ErrorKind::MalformedXml => Key::ErrMalformed,
        ErrorKind::Truncated => Key::ErrTruncated,
        ErrorKind::BadGzip | ErrorKind::BadZip | ErrorKind::BadZlib => Key::ErrBadArchive,
        ErrorKind::TooLarge => Key::ErrTooLarge,
        ErrorKind::TooDeep => Key::ErrTooDeep,
        ErrorKind::TooManyEntries => Key::ErrTooManyEntries,
        ErrorKind::EntitiesRefused => Key::ErrEntities,
        ErrorKind::IncompleteReport => Key::ErrIncomplete,
        ErrorKind::ParserStopped => Key::ErrParserStopped,
        ErrorKind::Unreadable | ErrorKind::NotSent => Key::ErrOther,
    }
}

/// Formats an integer with thousands separators (both languages use commas).
pub fn number(n: u64) -> String {
    dmarc_lens::tags::group_digits(n)
}

/// `n` with the word for it, singular or plural (Japanese has one form).
pub fn count(lang: Lang, n: u64, one: Key, many: Key) -> String {
    format!("{} {}", number(n), tr(lang, if n == 1 { one } else { many }))
}

/// A value with its label, in the order each language puts them: "98.2% pass rate" /
/// "合格率 98.2%".
pub fn labelled(lang: Lang, value: &str, label: Key) -> String {
    match lang {
        Lang::En => format!("{value} {}", tr(lang, label)),
        Lang::Ja => format!("{} {value}", tr(lang, label)),
    }
}

/// How many things of a kind: "3 not loaded" / "読み込み失敗 3件".
pub fn kind_count(lang: Lang, n: u64, kind: Key) -> String {
    let n = match lang {
        Lang::En => number(n),
        Lang::Ja => format!("{}件", number(n)),
    };
    labelled(lang, &n, kind)
}

/// "Showing the first 500 of 2,346", in the order each language says it.
pub fn showing(lang: Lang, shown: u64, total: u64) -> String {
    match lang {
        Lang::En => format!("Showing the first {} of {}.", number(shown), number(total)),
        Lang::Ja => format!("全{}件のうち上位{}件を表示しています。", number(total), number(shown)),
    }
}

/// "Showing 1–100 of 2,347 (matching)": the rows on a page of a long table, counted from 1, and
/// how many rows paging reaches.
pub fn rows_range(lang: Lang, offset: usize, shown: usize, matching: usize, searched: bool) -> String {
    let (first, last, all) = (number(offset as u64 + 1), number((offset + shown) as u64), number(matching as u64));
    match (lang, searched) {
        (Lang::En, false) => format!("Showing {first}–{last} of {all}"),
        (Lang::En, true) => format!("Showing {first}–{last} of {all} matching"),
        (Lang::Ja, false) => format!("全{all}件中 {first}–{last}件を表示"),
        (Lang::Ja, true) => format!("一致する{all}件中 {first}–{last}件を表示"),
    }
}

/// A sentence about one file, its name where the language puts it (`{file}` in the text).
pub fn about_file(lang: Lang, key: Key, file: &str) -> String {
    tr(lang, key).replace("{file}", file)
}

/// `part / whole` as a percentage with one decimal, or a dash when `whole` is zero.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "—".to_string()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// `key` with its `{n}` written as the cards write numbers, in the singular key when `n` is 1:
/// "Show 22 more alerts".
pub fn count_in(lang: Lang, n: u64, one: Key, many: Key) -> String {
    tr(lang, if n == 1 { one } else { many }).replace("{n}", &number(n))
}

/// A UTC date of an epoch second, written the way the language writes dates.
pub fn date(lang: Lang, epoch: Option<i64>) -> String {
    match epoch {
        None => "—".to_string(),
        Some(e) => {
            let iso = dmarc_lens::dates::utc_date(e);
            match lang {
                Lang::En => iso,
                Lang::Ja => iso.replace('-', "/"),
            }
        }
    }
}

/// Picks the language's half of an engine text.
pub fn text(lang: Lang, t: &dmarc_lens::analyze::Text) -> String {
    match lang {
        Lang::En => t.en.clone(),
        Lang::Ja => t.ja.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages() {
        for &key in ALL_KEYS {
            assert!(!tr(Lang::En, key).trim().is_empty(), "{key:?} lacks English");
            assert!(!tr(Lang::Ja, key).trim().is_empty(), "{key:?} lacks Japanese");
        }
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(Lang::En, 1, Key::RecordWord, Key::RecordsWord), "1 record");
        assert_eq!(count(Lang::En, 2_000, Key::RecordWord, Key::RecordsWord), "2,000 records");
        assert_eq!(count(Lang::Ja, 1, Key::MessageWord, Key::MessagesWord), "1 通");
    }

    #[test]
    fn expanders_say_what_they_expand() {
        assert_eq!(count_in(Lang::En, 22, Key::ShowMoreAlert, Key::ShowMoreAlerts), "Show 22 more alerts");
        assert_eq!(count_in(Lang::En, 1, Key::ShowMoreAlert, Key::ShowMoreAlerts), "Show 1 more alert");
        assert_eq!(count_in(Lang::En, 1_500, Key::ShowMoreDomain, Key::ShowMoreDomains), "Show 1,500 more domains");
        assert_eq!(count_in(Lang::Ja, 22, Key::ShowMoreAlert, Key::ShowMoreAlerts), "残り22件のアラートを表示");
    }

    #[test]
    fn showing_reads_in_each_language() {
        assert_eq!(showing(Lang::En, 500, 2_346), "Showing the first 500 of 2,346.");
        assert_eq!(showing(Lang::Ja, 500, 2_346), "全2,346件のうち上位500件を表示しています。");
    }

    #[test]
    fn ranges_count_from_one_in_each_language() {
        assert_eq!(rows_range(Lang::En, 0, 100, 2_347, false), "Showing 1–100 of 2,347");
        assert_eq!(rows_range(Lang::En, 2_300, 47, 2_347, true), "Showing 2,301–2,347 of 2,347 matching");
        assert_eq!(rows_range(Lang::Ja, 100, 100, 2_347, false), "全2,347件中 101–200件を表示");
        assert_eq!(rows_range(Lang::Ja, 0, 3, 3, true), "一致する3件中 1–3件を表示");
    }

    #[test]
    fn file_sentences_name_the_file_in_each_language() {
        assert!(about_file(Lang::En, Key::ParserStopped, "a.xml").starts_with("a.xml: loading this file stopped"));
        assert!(about_file(Lang::Ja, Key::ParserStopped, "a.xml").starts_with("「a.xml」の読み込み中に"));
    }

    #[test]
    fn numbers_get_separators() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1000), "1,000");
        assert_eq!(number(1234567), "1,234,567");
    }
}
