-- The catalog: what ingestion-service loads and every other service reads.

CREATE TABLE movies (
    movie_id        integer PRIMARY KEY,                -- MovieLens movieId
    title           text        NOT NULL,               -- without the "(year)" suffix
    year            smallint,
    genres          text[]      NOT NULL DEFAULT '{}',
    imdb_id         integer,                            -- numeric part of IMDb "tt0114709"
    tmdb_id         integer,
    runtime_minutes smallint,
    imdb_rating     real,
    imdb_votes      integer,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX movies_imdb_id ON movies (imdb_id);
CREATE INDEX movies_genres ON movies USING gin (genres);

CREATE TABLE people (
    person_id  integer PRIMARY KEY,                     -- numeric part of IMDb "nm0000158"
    name       text NOT NULL,
    birth_year smallint,
    death_year smallint
);
CREATE INDEX people_name ON people (lower(name));

CREATE TABLE credits (
    movie_id      integer  NOT NULL REFERENCES movies ON DELETE CASCADE,
    person_id     integer  NOT NULL REFERENCES people,
    role          text     NOT NULL CHECK (role IN ('director', 'writer', 'actor')),
    billing_order smallint NOT NULL,
    PRIMARY KEY (movie_id, role, person_id)
);
CREATE INDEX credits_person ON credits (person_id);

CREATE TABLE users (
    user_id    integer PRIMARY KEY,
    gender     char(1),
    age        smallint,                                -- ml-1m gives the lower bound of an age band
    occupation text,
    zip_code   text,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- No foreign keys on ratings: the loaders validate user and movie ids before writing, and
-- per-row foreign-key triggers would halve the speed of bulk COPY on tens of millions of rows.
CREATE TABLE ratings (
    user_id  integer     NOT NULL,
    movie_id integer     NOT NULL,
    rating   real        NOT NULL CHECK (rating BETWEEN 0.5 AND 5.0 AND rating * 2 = trunc(rating * 2)),
    rated_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, movie_id)
);

CREATE TABLE tags (
    user_id   integer     NOT NULL,
    movie_id  integer     NOT NULL REFERENCES movies ON DELETE CASCADE,
    tag       text        NOT NULL,
    tagged_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, movie_id, tag)
);

CREATE TABLE ingestion_runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source        text        NOT NULL,
    location      text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    release       text,                                 -- what was recognised, e.g. "MovieLens CSV release"
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    heartbeat_at  timestamptz NOT NULL DEFAULT now(),   -- a RUNNING job whose heartbeat stops is marked FAILED
    progress      jsonb,
    counts        jsonb       NOT NULL DEFAULT '{}',
    rejects       jsonb       NOT NULL DEFAULT '[]',
    error         text
);
-- At most one ingestion queued or running, across all replicas: a second one fails on this index (409).
CREATE UNIQUE INDEX ingestion_runs_one_active ON ingestion_runs ((true)) WHERE status IN ('QUEUED', 'RUNNING');
