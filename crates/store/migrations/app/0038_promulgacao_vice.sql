-- After a sanção tácita or a veto's derrubada, the promulgação passes from the Prefeito
-- (48 horas) to the Presidente da Câmara and then to the Vice-Presidente (CF art. 66 §§ 5º
-- and 7º, by symmetry in the Leis Orgânicas).
ALTER TABLE app.autografo_passo DROP CONSTRAINT autografo_passo_promulgador_check;
ALTER TABLE app.autografo_passo ADD CONSTRAINT autografo_passo_promulgador_check
    CHECK (promulgador IN ('prefeito', 'presidente', 'vice_presidente', 'mesa'));
