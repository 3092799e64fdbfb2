-- Each movie's release text (title and plot, no tags) and the key of its vector in text_embeddings: what
-- the public-rating model reads. Tags are given after release, and a tag such as "masterpiece" would tell
-- that model the rating it is asked to predict. ingestion-service writes it beside movie_texts.
CREATE TABLE movie_release_texts (
    movie_id   integer     PRIMARY KEY REFERENCES movies ON DELETE CASCADE,
    text       text        NOT NULL,
    text_hash  char(64)    NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX movie_release_texts_hash ON movie_release_texts (text_hash);
