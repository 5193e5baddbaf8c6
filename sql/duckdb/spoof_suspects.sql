-- Possible spoofing: analyze's `spoof_suspects`, untagged source addresses, most messages
-- first, then by address as text.
SELECT
    source_ip,
    sum(count) AS messages,
    coalesce(sum(count) FILTER (WHERE dmarc_pass), 0) AS dmarc_pass,
    coalesce(sum(count) FILTER (WHERE NOT dmarc_pass), 0) AS dmarc_fail,
    coalesce(sum(count) FILTER (WHERE pattern = 1), 0) AS pattern_1,
    coalesce(sum(count) FILTER (WHERE pattern = 2), 0) AS pattern_2,
    coalesce(sum(count) FILTER (WHERE pattern = 3), 0) AS pattern_3,
    coalesce(sum(count) FILTER (WHERE pattern = 4), 0) AS pattern_4
FROM {rows}
WHERE tag IS NULL
GROUP BY source_ip
ORDER BY messages DESC, source_ip;
