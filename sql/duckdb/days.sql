-- Mail per day: analyze's `days`, by the UTC day each report begins on.
SELECT
    strftime(make_timestamp(begin * 1000000), '%Y-%m-%d') AS date,
    sum(count) AS messages,
    coalesce(sum(count) FILTER (WHERE dmarc_pass), 0) AS dmarc_pass,
    coalesce(sum(count) FILTER (WHERE NOT dmarc_pass), 0) AS dmarc_fail
FROM {rows}
WHERE begin IS NOT NULL
GROUP BY 1
ORDER BY 1;
