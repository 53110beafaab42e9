-- The mandato's tipo read from the index alone (issue #9 item 7).
--
-- Every parlamentar list (the home page, /parlamentares, the open data) reads, for each
-- parlamentar, the tipo of their mandato in the legislatura. With 0035's btree the planner
-- still preferred the GiST exclusion index (tenant, parlamentar, range), one probe of about
-- 0.05 ms per parlamentar, 0.8 ms of a 1.6 ms query for 16 parlamentares. Carrying the tipo in
-- the btree makes the lookup an index-only scan of one entry (0.002 ms): the query runs in
-- 0.67 ms, and pgbench running the page's statements went from about 2,000 to 2,600 per second.
DROP INDEX app.mandato_parlamentar;
CREATE INDEX mandato_parlamentar ON app.mandato
    (tenant_id, parlamentar_id, legislatura_id, inicio DESC) INCLUDE (tipo);
