-- Training runs and the model registry: owned by training-service, read by model-service.

CREATE TABLE training_runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    status        text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    params        jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    heartbeat_at  timestamptz NOT NULL DEFAULT now(),
    progress      jsonb,
    epochs        jsonb       NOT NULL DEFAULT '[]',
    metrics       jsonb,
    model_version bigint,
    activated     boolean,
    error         text
);
-- One run queued or running at a time, across replicas.
CREATE UNIQUE INDEX training_runs_one_active ON training_runs ((true)) WHERE status IN ('QUEUED', 'RUNNING');

CREATE TABLE model_versions (
    version          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    training_run_id  bigint      NOT NULL REFERENCES training_runs,
    status           text        NOT NULL CHECK (status IN ('CANDIDATE', 'ACTIVE', 'RETIRED')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    activated_at     timestamptz,
    params           jsonb       NOT NULL,
    metrics          jsonb       NOT NULL,   -- {model, baselines: {globalMean, bias, popularity}}
    data_snapshot    jsonb       NOT NULL,   -- users, movies, ratings, train/test sizes
    training_curve   jsonb       NOT NULL,   -- [{epoch, trainLoss, validationRmse, seconds}]
    artifact_format  integer     NOT NULL,
    artifact_sha256  text        NOT NULL,
    artifact         bytea       NOT NULL    -- weights, vocabularies and id maps: any replica can load it
);
CREATE UNIQUE INDEX model_versions_one_active ON model_versions ((true)) WHERE status = 'ACTIVE';
