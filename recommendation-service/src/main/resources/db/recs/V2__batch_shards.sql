-- Sharded batch runs: N workers (a Kubernetes Indexed Job) each score the users whose index
-- modulo N is theirs; the run succeeds, and its lists are served, when all N shards are in.
ALTER TABLE batch_runs ADD COLUMN shards integer NOT NULL DEFAULT 1 CHECK (shards >= 1);

CREATE TABLE batch_shards (
    batch_run_id bigint      NOT NULL REFERENCES batch_runs ON DELETE CASCADE,
    shard        integer     NOT NULL,
    users        integer     NOT NULL,
    finished_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (batch_run_id, shard)
);
