-- The parlamentar's gênero (issue #13, item 6): the cargos of the Mesa and of the comissões
-- agree with their holder ("1ª Secretária"; domain::composicao::cargo_para). Optional: a
-- parlamentar without it is shown the cargo as the câmara names it.
ALTER TABLE app.parlamentar
    ADD COLUMN genero text CONSTRAINT parlamentar_genero_check
        CHECK (genero IN ('feminino', 'masculino'));
