-- Reserved for the metrics work of this wave (helper "metricas"); a no-op so that the
-- control versions stay gapless when that work needs no migration. If it does, its
-- 0006 replaces this file.
SELECT 1;
