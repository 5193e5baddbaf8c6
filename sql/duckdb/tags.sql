-- Failures per tag: analyze's `tags` (each tag with mail, in order of name here; the JSON
-- lists them in rule order, so compare by tag).
SELECT
    tag,
    sum(count) AS messages,
    coalesce(sum(count) FILTER (WHERE dmarc_pass), 0) AS dmarc_pass,
    coalesce(sum(count) FILTER (WHERE NOT dmarc_pass), 0) AS dmarc_fail,
    coalesce(sum(count) FILTER (WHERE pattern = 1), 0) AS pattern_1,
    coalesce(sum(count) FILTER (WHERE pattern = 2), 0) AS pattern_2,
    coalesce(sum(count) FILTER (WHERE pattern = 3), 0) AS pattern_3,
    coalesce(sum(count) FILTER (WHERE pattern = 4), 0) AS pattern_4
FROM {rows}
WHERE tag IS NOT NULL
GROUP BY tag
ORDER BY tag;
