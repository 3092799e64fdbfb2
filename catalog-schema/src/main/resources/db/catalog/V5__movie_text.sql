-- What a movie is about, as text and as a sentence embedding (ingestion-service writes all three;
-- training-service and recommendation-service read them).

-- Genome tags of the releases that have a tag genome (ml-20m, ml-25m, ml-latest): only each movie's
-- most relevant ones are kept, the text needs no more.
CREATE TABLE genome_tags (
    movie_id  integer NOT NULL REFERENCES movies ON DELETE CASCADE,
    tag       text    NOT NULL,
    relevance real    NOT NULL CHECK (relevance BETWEEN 0 AND 1),
    PRIMARY KEY (movie_id, tag)
);

-- Plots an operator brings (the `plots` ingestion source: TMDB overviews, their own synopses).
CREATE TABLE movie_plots (
    movie_id   integer     PRIMARY KEY REFERENCES movies ON DELETE CASCADE,
    plot       text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One vector per distinct text, keyed by the SHA-256 of model name + text: a movie whose text did
-- not change is never embedded again, and two movies with the same text share one vector.
CREATE TABLE text_embeddings (
    text_hash  char(64)    PRIMARY KEY,
    model      text        NOT NULL,
    vector     bytea       NOT NULL,                   -- float32 little-endian, unit length
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Each movie's current text (title, most frequent tags, genome tags, plot) and the key of its vector.
CREATE TABLE movie_texts (
    movie_id   integer     PRIMARY KEY REFERENCES movies ON DELETE CASCADE,
    text       text        NOT NULL,
    text_hash  char(64)    NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX movie_texts_hash ON movie_texts (text_hash);
