-- Mail per day: analyze's `days`, by the UTC day each report begins on.
SELECT
    formatDateTime(toDateTime(begin, 'UTC'), '%Y-%m-%d', 'UTC') AS date,
    coalesce(sum(count), 0) AS messages,
    coalesce(sumIf(count, dmarc_pass), 0) AS dmarc_pass,
    coalesce(sumIf(count, NOT dmarc_pass), 0) AS dmarc_fail
FROM {rows}
WHERE begin IS NOT NULL
GROUP BY 1
ORDER BY 1
-- Sums are NULL over no rows of a Nullable column (JSON's inferred types): coalesce to 0.
-- The result columns are named like the columns they sum: read those names as columns.
SETTINGS prefer_column_name_to_alias = 1;
