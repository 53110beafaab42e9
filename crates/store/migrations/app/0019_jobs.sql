-- Background work (crates/jobs): a queue per câmara, under row level security like every
-- other table, and the citizens who follow a proposição by e-mail (acompanhamento).

CREATE TABLE app.job (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    -- Which handler runs it ("email", "acompanhamento.notificacao", …).
    tipo            text NOT NULL CONSTRAINT job_tipo CHECK (tipo ~ '^[a-z][a-z0-9_.]{0,59}$'),
    dados           jsonb NOT NULL DEFAULT '{}',
    estado          text NOT NULL DEFAULT 'pendente'
                    CONSTRAINT job_estado CHECK (estado IN ('pendente', 'executando', 'concluido', 'falhou', 'descartado')),
    -- When it may run next: the scheduled time (run_at), then the time of the next retry.
    executar_em     timestamptz NOT NULL DEFAULT now(),
    -- While executando: the claim's token and until when it holds (renewed by the
    -- heartbeat). A claim whose lease ran out is taken again by any worker.
    lease           uuid,
    lease_ate       timestamptz,
    tentativas      integer NOT NULL DEFAULT 0 CONSTRAINT job_tentativas CHECK (tentativas >= 0),
    max_tentativas  integer NOT NULL DEFAULT 5 CONSTRAINT job_max_tentativas CHECK (max_tentativas BETWEEN 1 AND 50),
    ultimo_erro     text CONSTRAINT job_ultimo_erro CHECK (length(ultimo_erro) <= 2000),
    criado_em       timestamptz NOT NULL DEFAULT now(),
    atualizado_em   timestamptz NOT NULL DEFAULT now(),
    concluido_em    timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT job_lease CHECK ((estado = 'executando') = (lease IS NOT NULL AND lease_ate IS NOT NULL))
);
-- What a worker looks for: due pending jobs and expired leases.
CREATE INDEX job_pendente ON app.job (tenant_id, executar_em) WHERE estado = 'pendente';
CREATE INDEX job_executando ON app.job (tenant_id, lease_ate) WHERE estado = 'executando';
CREATE INDEX job_estado_tipo ON app.job (tenant_id, estado, tipo);
ALTER TABLE app.job ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.job FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.job
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer);

-- Which câmaras of this database have work, without any row of theirs leaving RLS: the
-- function runs with the caller's rights (no SECURITY DEFINER) and asks each resident câmara
-- in turn under its own app.tenant_id, exactly as a TenantTx would, answering only
-- (câmara, tipo, estado, how many, the earliest due time). Its setting is local to the
-- caller's transaction and cleared before it returns. The worker claims and runs the jobs
-- themselves in a TenantTx of each câmara; the master panel shows these counts.
CREATE FUNCTION plenario.jobs_por_camara(apenas_devidos boolean)
RETURNS TABLE (tenant_id integer, tipo text, estado text, quantidade bigint, proximo timestamptz)
LANGUAGE plpgsql SECURITY INVOKER SET search_path = ''
AS $$
DECLARE
    t integer;
BEGIN
    FOR t IN SELECT r.tenant_id FROM plenario.resident r ORDER BY r.tenant_id LOOP
        PERFORM pg_catalog.set_config('app.tenant_id', t::text, true);
        IF apenas_devidos THEN
            RETURN QUERY
                SELECT t, NULL::text, NULL::text, 1::bigint, NULL::timestamptz
                 WHERE EXISTS (SELECT 1 FROM app.job j
                                WHERE j.tenant_id = t AND j.estado = 'pendente' AND j.executar_em <= now())
                    OR EXISTS (SELECT 1 FROM app.job j
                                WHERE j.tenant_id = t AND j.estado = 'executando' AND j.lease_ate <= now());
        ELSE
            RETURN QUERY
                SELECT t, j.tipo, j.estado, count(*), min(CASE j.estado WHEN 'pendente' THEN j.executar_em
                                                              WHEN 'executando' THEN j.lease_ate END)
                  FROM app.job j
                 WHERE j.tenant_id = t AND j.estado IN ('pendente', 'executando', 'falhou')
                 GROUP BY j.tipo, j.estado;
        END IF;
    END LOOP;
    PERFORM pg_catalog.set_config('app.tenant_id', '', true);
END
$$;
REVOKE ALL ON FUNCTION plenario.jobs_por_camara(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plenario.jobs_por_camara(boolean) TO plenario_app, plenario_platform;

-- A citizen following a proposição by e-mail (docs/acompanhamento in architecture.md):
-- double opt-in (nothing but the confirmation is sent before confirmado_em), one-click
-- cancellation. The e-mail is kept for this purpose only and erased on cancellation.
CREATE TABLE app.acompanhamento (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    proposicao_id   uuid NOT NULL,
    email           text CONSTRAINT acompanhamento_email CHECK (length(email) BETWEEN 3 AND 254),
    -- The câmara's public address when the citizen subscribed (links in the messages).
    origem          text NOT NULL CONSTRAINT acompanhamento_origem CHECK (origem ~ '^https?://[^\s/]+$'),
    -- The confirmation token's SHA-256 (the token itself is made when the message is sent).
    confirmacao_hash bytea,
    -- The cancellation token: printed in every message (List-Unsubscribe), so it is kept.
    cancelar_token  text NOT NULL,
    criado_em       timestamptz NOT NULL DEFAULT now(),
    expira_em       timestamptz NOT NULL,
    confirmado_em   timestamptz,
    cancelado_em    timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT acompanhamento_cancelar UNIQUE (tenant_id, cancelar_token),
    CONSTRAINT acompanhamento_confirmacao UNIQUE (tenant_id, confirmacao_hash),
    FOREIGN KEY (tenant_id, proposicao_id) REFERENCES app.proposicao (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT acompanhamento_cancelado CHECK (cancelado_em IS NULL OR email IS NULL)
);
-- One live subscription per e-mail and proposição.
CREATE UNIQUE INDEX acompanhamento_unico ON app.acompanhamento (tenant_id, proposicao_id, lower(email))
    WHERE cancelado_em IS NULL;
CREATE INDEX acompanhamento_seguidores ON app.acompanhamento (tenant_id, proposicao_id)
    WHERE confirmado_em IS NOT NULL AND cancelado_em IS NULL;
ALTER TABLE app.acompanhamento ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.acompanhamento FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.acompanhamento
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer);

-- Requests of the last hour, for the limits per e-mail and per client address: the
-- e-mail's SHA-256 only, erased after an hour by the next request of the câmara.
CREATE TABLE app.acompanhamento_pedido (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    email_hash      bytea NOT NULL,
    ip              inet,
    em              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX acompanhamento_pedido_email ON app.acompanhamento_pedido (tenant_id, email_hash, em);
CREATE INDEX acompanhamento_pedido_ip ON app.acompanhamento_pedido (tenant_id, ip, em);
ALTER TABLE app.acompanhamento_pedido ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.acompanhamento_pedido FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.acompanhamento_pedido
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::integer);
