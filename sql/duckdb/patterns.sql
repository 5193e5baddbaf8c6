-- The four failure patterns: analyze's `patterns`. Pattern 1: SPF and DKIM authenticated,
-- neither aligned; 2: DKIM only; 3: SPF only; 4: neither. Every pattern is listed, with 0.
SELECT
    p.pattern,
    coalesce(sum(r.count), 0) AS messages,
    coalesce(sum(r.count) FILTER (WHERE r.tag IS NOT NULL), 0) AS tagged,
    coalesce(sum(r.count) FILTER (WHERE r.tag IS NULL), 0) AS untagged
FROM (SELECT unnest([1, 2, 3, 4]) AS pattern) AS p
LEFT JOIN {rows} AS r ON r.pattern = p.pattern
GROUP BY p.pattern
ORDER BY p.pattern;
