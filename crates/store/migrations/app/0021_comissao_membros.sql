-- Comissão members at work from their own accounts: the electronic vote of a comissão on a
-- parecer. The secretaria opens it (one open at a time per parecer) and closes it; closing
-- counts the votes with domain::comissoes::apurar through the same store function as the
-- paper form (store::comissoes::pareceres::votar), whose votacao_parecer it then names.
-- Each current member votes once, from an account linked to their parlamentar; the
-- database refuses a second vote, a vote of a non-member or ex-member, a vote from someone
-- else's account and a vote after the closing.

CREATE TABLE app.votacao_eletronica_parecer (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    parecer_id      uuid NOT NULL,
    -- The day of the vote: the members serving on it are those who vote.
    data            date NOT NULL,
    aberta_em       timestamptz NOT NULL DEFAULT now(),
    aberta_por      uuid,
    encerrada_em    timestamptz,
    -- The count recorded at the closing.
    votacao_id      uuid,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, parecer_id) REFERENCES app.parecer (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, votacao_id) REFERENCES app.votacao_parecer (tenant_id, id),
    FOREIGN KEY (tenant_id, aberta_por) REFERENCES app.usuario (tenant_id, id) ON DELETE SET NULL (aberta_por),
    CONSTRAINT votacao_eletronica_encerrada CHECK ((encerrada_em IS NULL) = (votacao_id IS NULL))
);
CREATE UNIQUE INDEX votacao_eletronica_uma_aberta ON app.votacao_eletronica_parecer (tenant_id, parecer_id)
    WHERE encerrada_em IS NULL;

-- One member's own vote (domain::comissoes::Voto without "ausente": who does not vote is
-- absent). Never changed nor deleted.
CREATE TABLE app.voto_membro_parecer (
    tenant_id       integer NOT NULL REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    votacao_id      uuid NOT NULL,
    membro_id       uuid NOT NULL,
    usuario_id      uuid NOT NULL,
    voto            text NOT NULL CHECK (voto IN ('sim', 'nao', 'abstencao')),
    registrado_em   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT voto_membro_parecer_unico UNIQUE (tenant_id, votacao_id, membro_id),
    FOREIGN KEY (tenant_id, votacao_id) REFERENCES app.votacao_eletronica_parecer (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, membro_id) REFERENCES app.membro_comissao (tenant_id, id),
    FOREIGN KEY (tenant_id, usuario_id) REFERENCES app.usuario (tenant_id, id)
);
REVOKE UPDATE, DELETE ON app.voto_membro_parecer FROM plenario_app, plenario_platform;

-- The vote is open (at the vote's registrado_em); the voter is a member of the parecer's comissão serving on the day of
-- the vote; the account is the member's own. Rows this câmara cannot see are left to the
-- foreign keys and row security.
CREATE FUNCTION app.voto_membro_parecer_valido() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE v record; m record; conta uuid;
BEGIN
    SELECT e.data, e.aberta_em, e.encerrada_em, d.comissao_id INTO v
      FROM app.votacao_eletronica_parecer e
      JOIN app.parecer x ON x.tenant_id = e.tenant_id AND x.id = e.parecer_id
      JOIN app.distribuicao d ON d.tenant_id = x.tenant_id AND d.id = x.distribuicao_id
     WHERE e.tenant_id = NEW.tenant_id AND e.id = NEW.votacao_id;
    IF NOT FOUND THEN
        RETURN NEW; -- the foreign key refuses it
    END IF;
    SELECT comissao_id, parlamentar_id, designacao, desligamento INTO m FROM app.membro_comissao
     WHERE tenant_id = NEW.tenant_id AND id = NEW.membro_id;
    IF NOT FOUND THEN
        RETURN NEW; -- the foreign key refuses it
    END IF;
    -- Judged by the vote's own time, so that a câmara's move (which copies the closed
    -- votação before its votes) keeps them; the application never sets registrado_em.
    IF NEW.registrado_em < v.aberta_em
       OR (v.encerrada_em IS NOT NULL AND NEW.registrado_em >= v.encerrada_em) THEN
        RAISE EXCEPTION 'a votação do parecer está encerrada'
            USING ERRCODE = '23514', CONSTRAINT = 'voto_membro_votacao_aberta';
    END IF;
    IF m.comissao_id <> v.comissao_id OR m.designacao > v.data
       OR (m.desligamento IS NOT NULL AND m.desligamento < v.data) THEN
        RAISE EXCEPTION 'só votam os membros da comissão em exercício'
            USING ERRCODE = '23514', CONSTRAINT = 'voto_membro_atual';
    END IF;
    -- The parlamentar's own account: an assessor's, linked to the same parlamentar (0024),
    -- never votes.
    SELECT parlamentar_id INTO conta FROM app.usuario
     WHERE tenant_id = NEW.tenant_id AND id = NEW.usuario_id AND papel <> 'ASSESSOR';
    IF conta IS DISTINCT FROM m.parlamentar_id THEN
        RAISE EXCEPTION 'o voto é do próprio membro, na sua conta'
            USING ERRCODE = '23514', CONSTRAINT = 'voto_membro_proprio';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER voto_membro_parecer_valido BEFORE INSERT ON app.voto_membro_parecer
    FOR EACH ROW EXECUTE FUNCTION app.voto_membro_parecer_valido();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['votacao_eletronica_parecer', 'voto_membro_parecer'] LOOP
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON app.%I USING '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer) WITH CHECK '
            '(tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::integer)', t);
    END LOOP;
END $$;
