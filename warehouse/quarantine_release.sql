-- Release the holds a batch's passing submissions cover (run by warehouse/quarantine.py inside the
-- load's transaction, after the passing submissions are in the main tables and before this batch's
-- own holds are written; batch_passed holds their submission keys; the parameter is the time).
-- A hold is covered when every one of its tables is: a named table by a passing table of the same
-- unit_key / project_key (department, budget year, name), a table without a name by any passing
-- table of its department and budget year.
WITH held_tables AS (
    SELECT
        h.submission_key,
        d.document_key,
        d.department_key,
        d.budget_year,
        trim(coalesce(d.subject_name, '')) <> ''    AS named,
        coalesce(u.unit_key, p.project_key)         AS owner_key
    FROM quarantine.holds h
    JOIN quarantine.documents d USING (submission_key)
    LEFT JOIN quarantine.units u ON u.document_key = d.document_key
    LEFT JOIN quarantine.projects p ON p.document_key = d.document_key
    WHERE h.status = 'held'
),
fresh_tables AS (
    SELECT d.submission_key, d.department_key, d.budget_year, coalesce(u.unit_key, p.project_key) AS owner_key
    FROM main.documents d
    JOIN batch_passed b USING (submission_key)
    LEFT JOIN main.units u ON u.document_key = d.document_key
    LEFT JOIN main.projects p ON p.document_key = d.document_key
),
covering AS (
    SELECT h.submission_key, h.document_key, f.submission_key AS by_key
    FROM held_tables h
    JOIN fresh_tables f
      ON (h.named AND f.owner_key = h.owner_key)
      OR (NOT h.named AND f.department_key IS NOT DISTINCT FROM h.department_key
                      AND f.budget_year IS NOT DISTINCT FROM h.budget_year)
),
released AS (
    SELECT h.submission_key, list_sort(list_distinct(list(c.by_key))) AS by_keys
    FROM held_tables h
    LEFT JOIN covering c USING (submission_key, document_key)
    GROUP BY h.submission_key
    HAVING count(DISTINCT h.document_key) = count(DISTINCT c.document_key)
)
UPDATE quarantine.holds AS q
SET status = 'released', released_at = ?, released_by = r.by_keys
FROM released r
WHERE q.submission_key = r.submission_key
RETURNING q.submission_key
