-- Online experiments between model versions (POST /api/v1/experiments). variants: a JSON array of
-- {"name", "model" (a version number or "active"), "share" (percent)}, the first the control.
CREATE TABLE experiments (
    id               bigserial   PRIMARY KEY,
    name             text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('RUNNING', 'STOPPED')),
    variants         jsonb       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    ends_at          timestamptz,
    stopped_at       timestamptz,
    promoted_variant text
);

-- One running experiment at a time: users are split between its variants only.
CREATE UNIQUE INDEX experiments_one_running ON experiments ((true)) WHERE status = 'RUNNING';
