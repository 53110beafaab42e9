-- Per-câmara request statistics, one row per câmara and minute, summed over every app
-- process (each flushes its counters every few seconds). Read by the master panel.
CREATE TABLE control.request_stats (
    tenant_id   integer NOT NULL,
    minute      timestamptz NOT NULL,
    requests    bigint NOT NULL DEFAULT 0,
    errors      bigint NOT NULL DEFAULT 0,
    sum_ms      double precision NOT NULL DEFAULT 0,
    -- Counts of requests at or under 5, 10, 25, 50, 100, 250, 500, 1000, 2500 ms, and above.
    buckets     bigint[] NOT NULL,
    PRIMARY KEY (tenant_id, minute)
);
CREATE INDEX request_stats_minute ON control.request_stats (minute);
