-- The rows of v_project_budget_yoy (warehouse/yoy.sql) of the departments listed in $departments
-- (NULL: every department), which warehouse/identity.py stores in project_budget_yoy after it
-- matched their projects again: each current project against the same project (project_identity)
-- in the department's previous budget year, and the projects new or dropped between the two. A
-- department's rows depend on its own tables only, so a load recomputes what it touched; the view
-- only adds the department's name (a sum over the whole view computed per query cost 0.9 s at 1M).
SELECT
    coalesce(t.budget_year, l.next_year)                         AS budget_year,
    coalesce(t.previous_year, l.budget_year)                     AS previous_year,
    coalesce(t.project_name, l.project_name)                     AS project_name,
    l.project_name                                               AS previous_project_name,
    coalesce(t.project_type, l.project_type)                     AS project_type,
    unnest(amount_yoy(t.project_key IS NOT NULL, l.project_key IS NOT NULL, t.amount_yuan, l.amount_yuan)),
    t.project_key IS NOT NULL AND l.project_key IS NOT NULL
        AND t.project_name <> l.project_name                     AS renamed,
    CASE WHEN l.project_key IS NOT NULL THEN t.match_score END   AS match_score,
    CASE WHEN t.project_key IS NOT NULL THEN t.match_method END  AS match_method,
    CASE WHEN t.project_key IS NOT NULL THEN t.match_reason END  AS match_reason,
    coalesce(t.lineage_key, l.lineage_key)                       AS lineage_key,
    t.project_key,
    l.project_key                                                AS previous_project_key,
    t.document_key,
    l.document_key                                               AS previous_document_key,
    coalesce(t.department_key, l.department_key)                 AS department_key
FROM projects_this_year($departments) t
FULL JOIN projects_last_year($departments) l
  ON l.department_key = t.department_key AND l.next_year = t.budget_year AND l.lineage_key = t.lineage_key
-- a department's rows stored together: a query of one department reads those and skips the rest
ORDER BY department_key, budget_year;
