-- What a worker needs to run the job (input path, plugin artifact, expected outputs, limits), as JSON written by the
-- Sentinel's scanner; the queue itself never looks inside it.
ALTER TABLE jobs ADD COLUMN payload text;
