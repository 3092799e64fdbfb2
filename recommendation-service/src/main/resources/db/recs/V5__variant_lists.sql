-- Inside an experiment, a batch run scores the users of a variant that pins another model version
-- with that version; their lists record it. Null: the run's own model version.
ALTER TABLE user_recommendations ADD COLUMN model_version bigint;
