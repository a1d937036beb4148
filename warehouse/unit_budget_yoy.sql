-- The rows of v_unit_budget_yoy (warehouse/yoy.sql) of the departments listed in $departments
-- (NULL: every department), which warehouse/identity.py stores in unit_budget_yoy for the
-- departments a load touched: each budget category of a unit table against the same unit's in the
-- department's previous budget year with unit tables. A department's rows depend on its own tables
-- only; the view only adds the department's name (computed per query: 0.35-0.47 s at 1M).
WITH
years AS (SELECT * FROM department_years($departments) WHERE kind = 'unit' AND previous_year IS NOT NULL),
lines AS (
    SELECT u.department_key, u.budget_year, u.unit_name,
           regexp_replace(coalesce(u.unit_name, ''), '\s', '', 'g') AS unit_match,
           b.category_group, b.category, b.amount_yuan, b.amount_raw, b.unit_printed,
           b.document_key, b.source_line
    FROM current_units u
    JOIN current_budget_lines b ON b.document_key = u.document_key AND b.owner_kind = 'unit'
    WHERE ($departments IS NULL OR list_contains($departments, u.department_key))
      AND b.submission_key IN (SELECT submission_key FROM department_submissions($departments))
),
this_year AS (SELECT l.*, y.previous_year FROM lines l JOIN years y USING (department_key, budget_year)),
last_year AS (
    SELECT l.*, y.budget_year AS next_year
    FROM lines l JOIN years y ON y.department_key = l.department_key AND y.previous_year = l.budget_year
)
SELECT
    coalesce(t.unit_name, l.unit_name)                           AS unit_name,
    coalesce(t.budget_year, l.next_year)                         AS budget_year,
    coalesce(t.previous_year, l.budget_year)                     AS previous_year,
    coalesce(t.category_group, l.category_group)                 AS category_group,
    coalesce(t.category, l.category)                             AS category,
    unnest(amount_yoy(t.document_key IS NOT NULL, l.document_key IS NOT NULL, t.amount_yuan, l.amount_yuan)),
    t.amount_raw || ' ' || t.unit_printed                        AS amount_printed,
    l.amount_raw || ' ' || l.unit_printed                        AS previous_amount_printed,
    t.document_key,
    l.document_key                                               AS previous_document_key,
    coalesce(t.department_key, l.department_key)                 AS department_key
FROM this_year t
FULL JOIN last_year l
  ON l.department_key = t.department_key AND l.next_year = t.budget_year AND l.unit_match = t.unit_match
 AND l.category_group IS NOT DISTINCT FROM t.category_group AND l.category = t.category
-- a department's rows stored together: a query of one department reads those and skips the rest
ORDER BY department_key, budget_year;
