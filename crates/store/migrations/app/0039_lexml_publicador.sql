-- The câmara's LexML publisher id (idPublicador), as Prodasen assigns it when the câmara is
-- registered as a provider: the OAI-PMH records' Items carry it. None until registered.
ALTER TABLE app.camara_config ADD COLUMN lexml_id_publicador integer
    CONSTRAINT camara_config_lexml_id_publicador_check CHECK (lexml_id_publicador > 0);
