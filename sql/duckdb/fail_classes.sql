-- DMARC-failing mail by class: analyze's `totals.fail_classes`. Yours is the tagged failing
-- mail; forwarded, a service not set up and unknown (possible spoofing) sort the rest, as the
-- export's `fail_class` says (null when DMARC passes).
SELECT
    coalesce(sum(count) FILTER (WHERE fail_class = 'yours'), 0) AS yours,
    coalesce(sum(count) FILTER (WHERE fail_class = 'forwarded'), 0) AS forwarded,
    coalesce(sum(count) FILTER (WHERE fail_class = 'service_not_set_up'), 0) AS service_not_set_up,
    coalesce(sum(count) FILTER (WHERE fail_class = 'unknown'), 0) AS unknown
FROM {rows};
