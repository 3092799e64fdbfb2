-- What users did with what they were shown, posted by applications (POST /api/v1/events): the
-- feedback that online experiments are judged by. No foreign keys, like ratings: the service checks
-- movie ids before writing, and events of users the catalog does not know yet are kept.
CREATE TABLE events (
    user_id           integer     NOT NULL,
    movie_id          integer     NOT NULL,
    type              text        NOT NULL CHECK (type IN ('impression', 'click', 'watch', 'not-interested')),
    occurred_at       timestamptz NOT NULL,
    recommendation_id uuid,                               -- the list that showed the movie, when known
    received_at       timestamptz NOT NULL DEFAULT now(),
    -- The same event posted twice (a client retry) is stored once.
    UNIQUE (user_id, movie_id, type, occurred_at)
);

CREATE INDEX events_not_interested ON events (user_id, movie_id) WHERE type = 'not-interested';

-- What a user's lists must never show: what they rated and what they said they are not interested in.
CREATE VIEW excluded_movies AS
    SELECT user_id, movie_id FROM ratings
    UNION ALL
    SELECT user_id, movie_id FROM events WHERE type = 'not-interested';

-- A not-interested event changes the user's exclusions like a rating does: the same notice.
CREATE TRIGGER events_not_interested
    AFTER INSERT ON events
    FOR EACH ROW
    WHEN (NEW.type = 'not-interested')
    EXECUTE FUNCTION notify_rating_change();
