-- POST /training-runs/{id}/cancel sets this; the worker sees it within a second (on any replica),
-- stops, and registers nothing.
ALTER TABLE training_runs ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false;

-- The process (host:port) that accepted the job and runs it: when that process starts again, the
-- job it left RUNNING is failed at once instead of after the heartbeat timeout.
ALTER TABLE training_runs ADD COLUMN worker text;
