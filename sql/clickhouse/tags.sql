-- Failures per tag: analyze's `tags` (each tag with mail, in order of name here; the JSON
-- lists them in rule order, so compare by tag).
SELECT
    tag,
    coalesce(sum(count), 0) AS messages,
    coalesce(sumIf(count, dmarc_pass), 0) AS dmarc_pass,
    coalesce(sumIf(count, NOT dmarc_pass), 0) AS dmarc_fail,
    coalesce(sumIf(count, ifNull(pattern, 0) = 1), 0) AS pattern_1,
    coalesce(sumIf(count, ifNull(pattern, 0) = 2), 0) AS pattern_2,
    coalesce(sumIf(count, ifNull(pattern, 0) = 3), 0) AS pattern_3,
    coalesce(sumIf(count, ifNull(pattern, 0) = 4), 0) AS pattern_4
FROM {rows}
WHERE tag IS NOT NULL
GROUP BY tag
ORDER BY tag
-- Sums are NULL over no rows of a Nullable column (JSON's inferred types): coalesce to 0.
-- The result columns are named like the columns they sum: read those names as columns.
SETTINGS prefer_column_name_to_alias = 1;
