-- Client errors (4xx) per câmara and minute beside the server errors (`errors`, 5xx), for the
-- master panel's monitoring page and its alerts (issue #14, item 1).
ALTER TABLE control.request_stats ADD COLUMN client_errors bigint NOT NULL DEFAULT 0;
