-- Precomputed recommendations: owned by recommendation-service.

CREATE TABLE batch_runs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    status          text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    items_per_user  integer     NOT NULL,
    model_version   bigint,
    users           integer,
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    heartbeat_at    timestamptz NOT NULL DEFAULT now(),
    progress        jsonb,
    error           text
);
CREATE UNIQUE INDEX batch_runs_one_active ON batch_runs ((true)) WHERE status IN ('QUEUED', 'RUNNING');

-- One row per user and run; a run's rows are read only once it is the serving run.
CREATE TABLE user_recommendations (
    batch_run_id bigint    NOT NULL REFERENCES batch_runs ON DELETE CASCADE,
    user_id      integer   NOT NULL,
    movie_ids    integer[] NOT NULL,
    scores       real[]    NOT NULL,
    PRIMARY KEY (batch_run_id, user_id)
);

-- The run readers use. Switching it is the atomic swap of a whole generation.
CREATE TABLE serving_batch (
    singleton    boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    batch_run_id bigint      NOT NULL REFERENCES batch_runs,
    switched_at  timestamptz NOT NULL DEFAULT now()
);
