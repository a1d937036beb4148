-- Recompute the versions of the tables a load touched (run by warehouse/history.py inside the
-- load's transaction). Input: the relations batch_submissions(submission_key, file_mtime) and
-- history_unversioned(document_key): tables with no version yet (warehouse/history.py).
-- Only the tables the batch covers are renumbered, so the cost follows the batch, not the
-- warehouse; tables never numbered (warehouses from before this file) are numbered too.

INSERT INTO submission_arrivals BY NAME
SELECT s.submission_key, s.loaded_at AS first_loaded_at, b.file_mtime
FROM submissions s
JOIN batch_submissions b USING (submission_key)
WHERE s.submission_key NOT IN (SELECT submission_key FROM submission_arrivals);

-- what each table covers: its project_key or unit_key
CREATE OR REPLACE TEMP VIEW history_covered AS
SELECT document_key, project_key AS owner_key, submission_key FROM projects
UNION ALL
SELECT document_key, unit_key AS owner_key, submission_key FROM units;

-- submissions loaded before this file existed: their load time is all that is known of their arrival
INSERT INTO submission_arrivals BY NAME
SELECT s.submission_key, s.loaded_at AS first_loaded_at, NULL AS file_mtime
FROM submissions s
WHERE s.submission_key IN (SELECT submission_key FROM history_covered
                           WHERE document_key IN (SELECT document_key FROM history_unversioned))
  AND s.submission_key NOT IN (SELECT submission_key FROM submission_arrivals);

CREATE OR REPLACE TEMP TABLE history_owners AS
SELECT owner_key FROM history_covered
WHERE submission_key IN (SELECT submission_key FROM batch_submissions)
   OR document_key IN (SELECT document_key FROM history_unversioned)
UNION  -- a reload whose tables changed: the owners its old tables covered
SELECT owner_key FROM document_versions
WHERE submission_key IN (SELECT submission_key FROM batch_submissions);

DELETE FROM document_versions WHERE owner_key IN (SELECT owner_key FROM history_owners);

INSERT INTO document_versions BY NAME
SELECT
    c.document_key,
    c.owner_key,
    c.submission_key,
    row_number() OVER arrival               AS version_no,
    a.first_loaded_at                       AS valid_from,
    lead(a.first_loaded_at) OVER arrival    AS valid_to,
    lead(c.document_key) OVER arrival       AS superseded_by
FROM history_covered c
JOIN documents d ON d.document_key = c.document_key
JOIN submission_arrivals a ON a.submission_key = c.submission_key
JOIN submissions s ON s.submission_key = c.submission_key
WHERE c.owner_key IN (SELECT owner_key FROM history_owners)
WINDOW arrival AS (PARTITION BY c.owner_key
                   ORDER BY a.first_loaded_at, a.file_mtime NULLS FIRST, s.file_name, d.table_index);

DROP VIEW history_covered;
-- history_owners is left for warehouse/history.py: the owners renumbered are what a publish copies
