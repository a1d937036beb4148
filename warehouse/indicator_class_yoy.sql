-- The rows of v_indicator_class_yoy (warehouse/yoy.sql) of the departments listed in $departments
-- (NULL: every department), which warehouse/identity.py stores in indicator_class_yoy for the
-- departments a load touched: the indicators per 一级/二级指标 of a department's current tables
-- (projects and units apart) counted per budget year, each year against the department's previous
-- year with tables of the kind. A department's rows depend on its own tables only; the view only
-- adds the department's name (counting every indicator per query cost 0.8-0.95 s at 1M).
WITH
counts AS (
    SELECT d.department_key, d.kind, d.budget_year, i.level1, i.level2,
           count(*)                                              AS indicators,
           count(*) FILTER (WHERE i.is_qualitative = false)      AS quantitative,
           count(*) FILTER (WHERE i.is_qualitative)              AS qualitative
    FROM current_indicators i
    JOIN current_documents d USING (document_key)
    WHERE d.department_key IS NOT NULL AND d.budget_year IS NOT NULL
      AND ($departments IS NULL OR list_contains($departments, d.department_key))
      AND i.submission_key IN (SELECT submission_key FROM department_submissions($departments))
    GROUP BY ALL
),
years AS (SELECT * FROM department_years($departments) WHERE previous_year IS NOT NULL),
this_year AS (SELECT c.*, y.previous_year FROM counts c JOIN years y USING (department_key, kind, budget_year)),
last_year AS (
    SELECT c.*, y.budget_year AS next_year
    FROM counts c JOIN years y ON y.department_key = c.department_key AND y.kind = c.kind
                              AND y.previous_year = c.budget_year
)
SELECT
    coalesce(t.kind, l.kind)                                     AS owner_kind,
    coalesce(t.budget_year, l.next_year)                         AS budget_year,
    coalesce(t.previous_year, l.budget_year)                     AS previous_year,
    coalesce(t.level1, l.level1)                                 AS level1,
    coalesce(t.level2, l.level2)                                 AS level2,
    coalesce(t.indicators, 0)                                    AS indicators,
    coalesce(l.indicators, 0)                                    AS previous_indicators,
    coalesce(t.indicators, 0) - coalesce(l.indicators, 0)        AS change,
    coalesce(t.quantitative, 0)                                  AS quantitative,
    coalesce(l.quantitative, 0)                                  AS previous_quantitative,
    coalesce(t.qualitative, 0)                                   AS qualitative,
    coalesce(l.qualitative, 0)                                   AS previous_qualitative,
    coalesce(t.department_key, l.department_key)                 AS department_key
FROM this_year t
FULL JOIN last_year l
  ON l.department_key = t.department_key AND l.kind = t.kind AND l.next_year = t.budget_year
 AND l.level1 IS NOT DISTINCT FROM t.level1 AND l.level2 IS NOT DISTINCT FROM t.level2
-- a department's rows stored together: a query of one department reads those and skips the rest
ORDER BY department_key, budget_year;
