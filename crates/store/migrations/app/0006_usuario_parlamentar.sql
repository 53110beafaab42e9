-- A councilor's account is linked to their parlamentar record (one account each).
ALTER TABLE app.usuario
    ADD COLUMN parlamentar_id uuid,
    ADD CONSTRAINT usuario_parlamentar_fkey FOREIGN KEY (tenant_id, parlamentar_id)
        REFERENCES app.parlamentar (tenant_id, id) ON DELETE SET NULL (parlamentar_id),
    ADD CONSTRAINT usuario_parlamentar_unico UNIQUE (tenant_id, parlamentar_id);
