-- An assessor parlamentar writes and sends proposições eletrônicas for the parlamentar they
-- work for: a role of its own (ASSESSOR), whose account points at that parlamentar through the
-- same column a councilor's does. A parlamentar has one account of their own and any number
-- of assessores, so the link is unique among PARLAMENTAR accounts only. What a link allows is
-- decided by the role's permissions: an assessor never votes nor takes part in a comissão.
ALTER TABLE app.usuario DROP CONSTRAINT usuario_papel_check;
ALTER TABLE app.usuario ADD CONSTRAINT usuario_papel_check
    CHECK (papel IN ('ADMIN', 'SECRETARIA', 'OPERADOR', 'EDITOR', 'PARLAMENTAR', 'ASSESSOR', 'AUXILIAR'));
ALTER TABLE app.usuario DROP CONSTRAINT usuario_parlamentar_unico;
CREATE UNIQUE INDEX usuario_parlamentar_unico ON app.usuario (tenant_id, parlamentar_id)
    WHERE papel = 'PARLAMENTAR';
