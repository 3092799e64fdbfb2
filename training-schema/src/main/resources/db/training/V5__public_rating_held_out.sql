-- The held-out movies of each version's public-rating evaluation: what the model predicted before it saw their
-- rating, with its 80 % interval, and the rating they got (IMDb's, or TMDB's when the version learned that scale).
-- The dashboard draws predicted against actual from it. movie_id is the catalog movie, tmdb_id a TMDB movie that no
-- catalog movie links to.
CREATE TABLE public_rating_held_out (
    version   bigint  NOT NULL REFERENCES model_versions ON DELETE CASCADE,
    position  integer NOT NULL,
    movie_id  integer,
    tmdb_id   integer,
    title     text    NOT NULL,
    year      smallint,
    predicted real    NOT NULL,
    low       real    NOT NULL,
    high      real    NOT NULL,
    actual    real    NOT NULL,
    PRIMARY KEY (version, position),
    CHECK ((movie_id IS NULL) <> (tmdb_id IS NULL))
);
