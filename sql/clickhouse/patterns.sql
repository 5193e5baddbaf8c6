-- The four failure patterns: analyze's `patterns`. Pattern 1: SPF and DKIM authenticated,
-- neither aligned; 2: DKIM only; 3: SPF only; 4: neither. Every pattern is listed, with 0.
SELECT
    p.pattern AS pattern,
    coalesce(sumIf(r.count, ifNull(r.pattern, 0) = p.pattern), 0) AS messages,
    coalesce(sumIf(r.count, ifNull(r.pattern, 0) = p.pattern AND isNotNull(r.tag)), 0) AS tagged,
    coalesce(sumIf(r.count, ifNull(r.pattern, 0) = p.pattern AND isNull(r.tag)), 0) AS untagged
FROM (SELECT arrayJoin([1, 2, 3, 4]) AS pattern) AS p
CROSS JOIN {rows} AS r
GROUP BY p.pattern
ORDER BY p.pattern
-- Sums are NULL over no rows of a Nullable column (JSON's inferred types): coalesce to 0.
-- The result columns are named like the columns they sum: read those names as columns.
SETTINGS prefer_column_name_to_alias = 1;
