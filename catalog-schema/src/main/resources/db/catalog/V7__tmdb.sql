-- TMDB metadata (the `tmdb` ingestion source: Kaggle's "The Movies Dataset" or "TMDB 5000"), keyed by TMDB id.
-- A catalog movie links to its TMDB movie through movies.tmdb_id; TMDB movies no MovieLens movie links to are
-- kept too: they answer the catalog questions and feed the public-rating model, and have no ratings, so they
-- never reach a recommendation list. ingestion-service writes these tables; the other services read them.
CREATE TABLE tmdb_movies (
    tmdb_id           integer PRIMARY KEY,
    imdb_id           integer,                              -- numeric part of "tt0114709"
    title             text        NOT NULL,
    original_title    text,
    original_language text,                                 -- ISO 639-1
    overview          text,
    tagline           text,
    release_date      date,                                 -- null when the file's date is empty or partial
    release_year      smallint,                             -- also from a partial date ("1995", "1995-10")
    release_month     smallint CHECK (release_month BETWEEN 1 AND 12),
    budget            bigint      CHECK (budget > 0),       -- US dollars; null = unknown (the files write 0)
    revenue           bigint      CHECK (revenue > 0),
    runtime_minutes   smallint    CHECK (runtime_minutes > 0),
    vote_average      real,
    vote_count        integer,
    popularity        real,
    status            text,
    collection_id     integer,
    collection        text,
    collection_key    text,                                 -- the name in lower case without accents
    genres            text[]      NOT NULL DEFAULT '{}',
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tmdb_movies_imdb_id ON tmdb_movies (imdb_id);
CREATE INDEX tmdb_movies_collection_key ON tmdb_movies (collection_key);
CREATE INDEX movies_tmdb_id ON movies (tmdb_id);

-- A movie's named lists, in file order: production companies and countries, spoken languages, keywords.
CREATE TABLE tmdb_movie_names (
    tmdb_id  integer  NOT NULL REFERENCES tmdb_movies ON DELETE CASCADE,
    kind     text     NOT NULL CHECK (kind IN ('company', 'country', 'language', 'keyword')),
    position smallint NOT NULL,
    code     text,                                          -- TMDB id (company, keyword), ISO 3166-1, ISO 639-1
    name     text     NOT NULL,
    name_key text     NOT NULL,                             -- lower case without accents: what ?name= matches
    PRIMARY KEY (tmdb_id, kind, position)
);
CREATE INDEX tmdb_movie_names_kind_key ON tmdb_movie_names (kind, name_key);

-- Cast (billing order, character) and the crew that writes, directs and produces.
CREATE TABLE tmdb_credits (
    tmdb_id       integer  NOT NULL REFERENCES tmdb_movies ON DELETE CASCADE,
    kind          text     NOT NULL CHECK (kind IN ('cast', 'crew')),
    position      smallint NOT NULL,                        -- index in the file's list
    person_id     integer  NOT NULL,                        -- TMDB person id
    name          text     NOT NULL,
    name_key      text     NOT NULL,                        -- matches IMDb's people on the same movie
    billing_order smallint,                                 -- cast only
    character     text,                                     -- cast only
    department    text,                                     -- crew only: Directing, Writing, Production
    job           text,                                     -- crew only: Director, Screenplay, Producer, ...
    PRIMARY KEY (tmdb_id, kind, position)
);
CREATE INDEX tmdb_credits_person ON tmdb_credits (person_id);
