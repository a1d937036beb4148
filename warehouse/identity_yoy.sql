-- The rows of v_indicator_target_yoy (warehouse/yoy.sql) of the departments listed in $departments
-- (NULL: every department), which warehouse/identity.py stores in indicator_target_yoy after it
-- matched their projects again: every indicator of a project against the same indicator (same name
-- once brackets, spaces and punctuation are set aside; the n-th of that name with the n-th) of the
-- same project (project_identity) in the department's previous budget year. A department's rows
-- depend on its own tables only, so a load recomputes what it touched, not the warehouse.
WITH
pairs AS (  -- the projects in both years (v_project_budget_yoy without the new and the dropped)
    SELECT t.department_key, t.budget_year, t.previous_year, t.lineage_key, t.project_name,
           l.project_name AS previous_project_name, t.document_key, l.document_key AS previous_document_key
    FROM projects_this_year($departments) t
    JOIN projects_last_year($departments) l
      ON l.department_key = t.department_key AND l.next_year = t.budget_year AND l.lineage_key = t.lineage_key
),
named AS (
    SELECT i.document_key, i.indicator_key, i.indicator_order, i.level1, i.level2, i.indicator_name,
           nullif(trim(i.value_raw), '') AS value_raw, i.operator, i.number, i.unit, i.is_qualitative,
           i.is_placeholder, coalesce(i.is_change, false) AS is_change, i.source_line, indicator_match_name(i.indicator_name) AS match_name
    FROM indicators i  -- the tables of pairs are current ones: no need to leave superseded ones out
    WHERE i.owner_kind = 'project'
      AND i.document_key IN (SELECT document_key FROM pairs UNION ALL SELECT previous_document_key FROM pairs)
),
targets AS (
    SELECT *, row_number() OVER (PARTITION BY document_key, match_name ORDER BY indicator_order) AS match_no
    FROM named
),
this_year AS (SELECT p.*, x.* EXCLUDE (document_key) FROM pairs p JOIN targets x ON x.document_key = p.document_key),
last_year AS (SELECT p.*, x.* EXCLUDE (document_key) FROM pairs p JOIN targets x ON x.document_key = p.previous_document_key),
compared AS (
SELECT
    coalesce(t.budget_year, l.budget_year)               AS budget_year,
    coalesce(t.previous_year, l.previous_year)           AS previous_year,
    coalesce(t.project_name, l.project_name)             AS project_name,
    coalesce(t.previous_project_name, l.previous_project_name) AS previous_project_name,
    coalesce(t.level1, l.level1)                         AS level1,
    coalesce(t.level2, l.level2)                         AS level2,
    coalesce(t.indicator_name, l.indicator_name)         AS indicator_name,
    l.indicator_name                                     AS previous_indicator_name,
    indicator_direction(coalesce(t.level1, l.level1), coalesce(t.level2, l.level2),
                        coalesce(t.indicator_name, l.indicator_name),
                        CASE WHEN l.operator IN ('<=', '<') THEN l.operator ELSE t.operator END) AS direction,
    t.value_raw, l.value_raw AS previous_value_raw,
    t.operator, l.operator AS previous_operator,
    t.number, l.number AS previous_number,
    t.unit, l.unit AS previous_unit,
    CASE
        WHEN l.indicator_key IS NULL THEN 'new'
        WHEN t.indicator_key IS NULL THEN 'dropped'
        WHEN coalesce(t.value_raw, '') = coalesce(l.value_raw, '') THEN 'unchanged'
        WHEN t.value_raw IS NULL OR l.value_raw IS NULL OR t.is_placeholder OR l.is_placeholder THEN 'not_comparable'
        WHEN t.is_change <> l.is_change THEN 'not_comparable'  -- a change (提高5%) is no level (95%)
        WHEN NOT l.is_qualitative AND t.is_qualitative THEN 'number_to_qualitative'
        WHEN l.is_qualitative AND NOT t.is_qualitative THEN 'qualitative_to_number'
        WHEN t.is_qualitative AND l.is_qualitative THEN 'qualitative_changed'
        WHEN coalesce(t.unit, '') <> coalesce(l.unit, '') THEN 'unit_changed'
        WHEN t.number > l.number THEN 'raised'
        WHEN t.number < l.number THEN 'lowered'
        WHEN coalesce(t.operator, '') <> coalesce(l.operator, '') THEN 'operator_changed'
        ELSE 'unchanged'
    END                                                  AS value_change,
    CASE WHEN t.number IS NOT NULL AND l.number IS NOT NULL AND coalesce(t.unit, '') = coalesce(l.unit, '')
              AND t.is_change = l.is_change
         THEN t.number - l.number END                    AS number_change,
    t.indicator_key, l.indicator_key AS previous_indicator_key,
    t.source_line, l.source_line AS previous_source_line,
    coalesce(t.document_key, l.document_key)             AS document_key,
    coalesce(t.previous_document_key, l.previous_document_key) AS previous_document_key,
    coalesce(t.lineage_key, l.lineage_key)               AS lineage_key,
    coalesce(t.department_key, l.department_key)         AS department_key
FROM this_year t
FULL JOIN last_year l
  ON l.lineage_key = t.lineage_key AND l.budget_year = t.budget_year
 AND l.match_name = t.match_name AND l.match_no = t.match_no
)
SELECT *, strength_change(value_change, direction) AS strength_change
FROM compared
-- a department's rows stored together: a query of one department reads those and skips the rest
ORDER BY department_key, budget_year;
