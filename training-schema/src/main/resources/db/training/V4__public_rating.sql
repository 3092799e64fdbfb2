-- The public-rating (IMDb) model of a version, in its own small format (public_rating_format; the main
-- artifact's format is unchanged), or null with the reason when the training catalog had too few IMDb ratings.
ALTER TABLE model_versions
    ADD COLUMN public_rating        bytea,
    ADD COLUMN public_rating_format integer,
    ADD COLUMN public_rating_absent text;

-- Each version's predicted IMDb rating (with its 80 % interval) of the catalog movies that had none when it
-- was trained; ingestion-service's GET /movies/{id} reads the active version's.
CREATE TABLE public_rating_predictions (
    version   bigint  NOT NULL REFERENCES model_versions ON DELETE CASCADE,
    movie_id  integer NOT NULL,
    predicted real    NOT NULL,
    low       real    NOT NULL,
    high      real    NOT NULL,
    PRIMARY KEY (version, movie_id)
);
