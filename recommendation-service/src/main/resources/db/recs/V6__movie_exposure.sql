-- How much each movie is recommended in a batch run's lists once the novelty knob discounts it
-- (RecommendationExposure): the popularity the knob discounts at read time. Written by the run
-- before its lists are served.
CREATE TABLE movie_exposure (
    batch_run_id bigint  NOT NULL REFERENCES batch_runs ON DELETE CASCADE,
    movie_id     integer NOT NULL,
    exposure     real    NOT NULL,
    PRIMARY KEY (batch_run_id, movie_id)
);
