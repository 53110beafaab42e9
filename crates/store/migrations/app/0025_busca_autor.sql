-- The search by autor, newest first (issue #10's benchmark): a parlamentar's proposições in
-- date order straight from one index. The proposição's apresentada_em is copied onto its
-- autores' rows (kept equal by the triggers below), so `autor` + `período` + the page's order
-- are one range of `proposicao_autor_recentes` instead of a walk of every proposição in the
-- period probing for the autor (the only plan a prepared statement could pick without knowing
-- how many proposições the parlamentar has).

ALTER TABLE app.proposicao_autor ADD COLUMN apresentada_em date;

-- Every câmara's rows at once: the migration's role (the tables' owner) lifts the forced
-- policy for this one statement, inside the migration's transaction.
ALTER TABLE app.proposicao NO FORCE ROW LEVEL SECURITY;
ALTER TABLE app.proposicao_autor NO FORCE ROW LEVEL SECURITY;
UPDATE app.proposicao_autor a SET apresentada_em = p.apresentada_em
  FROM app.proposicao p WHERE p.tenant_id = a.tenant_id AND p.id = a.proposicao_id;
ALTER TABLE app.proposicao FORCE ROW LEVEL SECURITY;
ALTER TABLE app.proposicao_autor FORCE ROW LEVEL SECURITY;

ALTER TABLE app.proposicao_autor ALTER COLUMN apresentada_em SET NOT NULL;

CREATE INDEX proposicao_autor_recentes ON app.proposicao_autor
    (tenant_id, parlamentar_id, apresentada_em DESC, proposicao_id DESC)
    WHERE parlamentar_id IS NOT NULL;

-- A new autor takes its proposição's date, whatever the insert says. A proposição this
-- câmara cannot see is left to the foreign key (23503, checked after the row): the
-- placeholder date never outlives the statement.
CREATE FUNCTION app.proposicao_autor_data() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE d date;
BEGIN
    SELECT p.apresentada_em INTO d
      FROM app.proposicao p
     WHERE p.tenant_id = NEW.tenant_id AND p.id = NEW.proposicao_id;
    NEW.apresentada_em := coalesce(d, NEW.apresentada_em, date '-infinity');
    RETURN NEW;
END $$;

CREATE TRIGGER proposicao_autor_data BEFORE INSERT OR UPDATE OF proposicao_id, apresentada_em
    ON app.proposicao_autor FOR EACH ROW EXECUTE FUNCTION app.proposicao_autor_data();

-- A proposição whose date changes carries its autores along.
CREATE FUNCTION app.proposicao_data_autores() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    UPDATE app.proposicao_autor SET apresentada_em = NEW.apresentada_em
     WHERE tenant_id = NEW.tenant_id AND proposicao_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER proposicao_data_autores AFTER UPDATE OF apresentada_em ON app.proposicao
    FOR EACH ROW WHEN (OLD.apresentada_em IS DISTINCT FROM NEW.apresentada_em)
    EXECUTE FUNCTION app.proposicao_data_autores();
