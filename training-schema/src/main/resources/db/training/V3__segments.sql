-- Taste segments of a version (k-means on its users' preference vectors, with profiles and
-- centroids), computed after training; null for versions trained before segments existed.
ALTER TABLE model_versions ADD COLUMN segments jsonb;
