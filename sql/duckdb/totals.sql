-- Totals: analyze's `totals` (reports with records, records, messages, DMARC pass and fail,
-- tagged and untagged messages).
SELECT
    count(DISTINCT report_key) AS reports,
    count(*) AS records,
    coalesce(sum(count), 0) AS messages,
    coalesce(sum(count) FILTER (WHERE dmarc_pass), 0) AS dmarc_pass,
    coalesce(sum(count) FILTER (WHERE NOT dmarc_pass), 0) AS dmarc_fail,
    coalesce(sum(count) FILTER (WHERE tag IS NOT NULL), 0) AS tagged,
    coalesce(sum(count) FILTER (WHERE tag IS NULL), 0) AS untagged
FROM {rows};
