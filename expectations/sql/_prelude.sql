-- Shared by the reconciliation checks (run first, on the connection the checks run on): how amounts
-- are printed in findings, and the unit budget of every unit table beside the projects it covers.
-- Only TEMP objects: it works on the batch's in-memory frames and on a read-only warehouse alike.

CREATE OR REPLACE TEMP MACRO yuan(x) AS
    CASE WHEN x IS NULL THEN '(not a number)' ELSE format('{:,.2f}元', x) END;

CREATE OR REPLACE TEMP MACRO wan(x) AS
    CASE WHEN x IS NULL THEN '(not a number)'
         ELSE rtrim(rtrim(format('{:.6f}', x::DECIMAL(24, 6) / 10000), '0'), '.') || '万元' END;

-- one row per unit table with a printed budget block; a category not printed counts as 0
CREATE OR REPLACE TEMP VIEW unit_budget AS
SELECT
    u.submission_key,
    u.document_key,
    u.department_key,
    min(b.source_line)                                                               AS budget_line,
    bool_or(b.amount_yuan IS NULL)                                                   AS any_not_a_number,
    coalesce(sum(b.amount_yuan) FILTER (WHERE b.category = '基本支出'), 0)            AS basic,
    coalesce(sum(b.amount_yuan) FILTER (WHERE b.category = '项目支出'), 0)            AS project_spending,
    coalesce(sum(b.amount_yuan) FILTER (WHERE b.category = '财政专项资金'), 0)        AS special_funds,
    coalesce(sum(b.amount_yuan) FILTER (WHERE b.category = '其他事业发展性支出'), 0)  AS other_development,
    coalesce(sum(b.amount_yuan) FILTER (WHERE b.category = '财政拨款'), 0)            AS fiscal_grant,
    coalesce(sum(b.amount_yuan) FILTER (WHERE b.category = '其他资金'), 0)            AS other_income,
    min(b.source_line) FILTER (WHERE b.category = '项目支出')                         AS project_spending_line,
    min(b.source_line) FILTER (WHERE b.category = '其他事业发展性支出')               AS other_development_line
FROM units u
JOIN budget_lines b ON b.document_key = u.document_key
GROUP BY ALL;

-- the projects each unit table covers: those of its submission (of its department, when the
-- submission holds several unit tables), with their 当年度金额 summed by 项目类型
CREATE OR REPLACE TEMP VIEW unit_project_totals AS
WITH units_per_submission AS (
    SELECT submission_key, count(*) AS units FROM units GROUP BY ALL
)
SELECT
    u.document_key,
    p.project_type,
    count(*)                                         AS projects,
    sum(p.current_year_amount_yuan)                  AS current_year_total,
    bool_or(p.current_year_amount_yuan IS NULL)      AS any_not_a_number
FROM units u
JOIN units_per_submission n USING (submission_key)
JOIN projects p
  ON p.submission_key = u.submission_key
 AND (n.units = 1 OR p.department_key IS NOT DISTINCT FROM u.department_key)
GROUP BY ALL;
