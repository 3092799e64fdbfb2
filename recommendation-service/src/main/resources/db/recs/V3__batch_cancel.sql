-- POST /batch-runs/{id}/cancel sets this; the workers see it within a second (on any replica or
-- shard worker), stop, and remove the run's partial lists.
ALTER TABLE batch_runs ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false;

-- The process (host:port) that accepted the job and runs it: when that process starts again, the
-- job it left RUNNING is failed at once instead of after the heartbeat timeout.
ALTER TABLE batch_runs ADD COLUMN worker text;
