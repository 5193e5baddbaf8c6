-- Totals: analyze's `totals` (reports with records, records, messages, DMARC pass and fail,
-- tagged and untagged messages).
SELECT
    uniqExact(report_key) AS reports,
    count() AS records,
    coalesce(sum(count), 0) AS messages,
    coalesce(sumIf(count, dmarc_pass), 0) AS dmarc_pass,
    coalesce(sumIf(count, NOT dmarc_pass), 0) AS dmarc_fail,
    coalesce(sumIf(count, isNotNull(tag)), 0) AS tagged,
    coalesce(sumIf(count, isNull(tag)), 0) AS untagged
FROM {rows}
-- Sums are NULL over no rows of a Nullable column (JSON's inferred types): coalesce to 0.
-- The result columns are named like the columns they sum: read those names as columns.
SETTINGS prefer_column_name_to_alias = 1;
