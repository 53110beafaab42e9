-- The presidente's bell (campainha) on every screen of the plenário (issue #12, item 4):
-- the operator rings it from the console, and the painel's screens play it. A count (each
-- screen rings when it grows) and the instant (a screen that connects later does not ring
-- an old bell). The row's update notifies the painel as any other change of the sessão.
ALTER TABLE app.sessao_plenaria
    ADD COLUMN campainha integer NOT NULL DEFAULT 0
        CONSTRAINT sessao_plenaria_campainha CHECK (campainha >= 0),
    ADD COLUMN campainha_em timestamptz;
