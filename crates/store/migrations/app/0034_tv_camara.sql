-- TV Câmara (issue #13, item 8): the address of the câmara's channel or video, as typed by
-- its staff. The players the portal frames are decided by domain::tv::player (an allow-list:
-- YouTube, Vimeo); the column keeps the typed address, empty for no channel. Its table
-- already has tenant_id, row level security enabled and forced, and its policies.
ALTER TABLE app.camara_config
    ADD COLUMN tv_url text NOT NULL DEFAULT ''
        CONSTRAINT camara_config_tv_url_check CHECK (length(tv_url) <= 500);
