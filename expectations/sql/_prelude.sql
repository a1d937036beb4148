-- Shared by the reconciliation checks (run first, on the connection the checks run on): how amounts
-- are printed in findings, the unit budget of every unit table and the projects it covers, with
-- what they do not print. Only TEMP objects: it works on the batch's in-memory frames and on a
-- read-only warehouse alike. What a table does not print comes from documents.missing_fields (the
-- completeness flag; NULL for tables loaded before it was recorded, read as "nothing missing").

CREATE OR REPLACE TEMP MACRO yuan(x) AS
    CASE WHEN x IS NULL THEN '(not a number)' ELSE format('{:,.2f}元', x) END;

CREATE OR REPLACE TEMP MACRO wan(x) AS
    CASE WHEN x IS NULL THEN '(not a number)'
         ELSE rtrim(rtrim(format('{:.6f}', x::DECIMAL(24, 6) / 10000), '0'), '.') || '万元' END;

-- `A, B not printed` for the names in a list; NULL when it is empty
CREATE OR REPLACE TEMP MACRO not_printed(names) AS
    CASE WHEN len(names) > 0 THEN array_to_string(names, ', ') || ' not printed' END;

-- one row per unit table; a category not printed within a printed group counts as 0; the groups
-- 单位预算支出 and 收入来源 the table does not print at all are listed (groups_not_printed), and the
-- categories printed as no number (not_a_number; an error of budget_lines.amount_is_number)
CREATE OR REPLACE TEMP VIEW unit_budget AS
SELECT
    u.submission_key,
    u.document_key,
    u.department_key,
    coalesce(min(b.source_line), any_value(u.source_line))                           AS budget_line,
    coalesce(list(b.category ORDER BY b.source_line)
        FILTER (WHERE b.amount_yuan IS NULL AND b.category IS NOT NULL), [])         AS not_a_number,
    coalesce(sum(b.amount_yuan) FILTER (WHERE b.category = '基本支出'), 0)            AS basic,
    coalesce(sum(b.amount_yuan) FILTER (WHERE b.category = '项目支出'), 0)            AS project_spending,
    coalesce(sum(b.amount_yuan) FILTER (WHERE b.category = '财政专项资金'), 0)        AS special_funds,
    coalesce(sum(b.amount_yuan) FILTER (WHERE b.category = '其他事业发展性支出'), 0)  AS other_development,
    coalesce(sum(b.amount_yuan) FILTER (WHERE b.category = '财政拨款'), 0)            AS fiscal_grant,
    coalesce(sum(b.amount_yuan) FILTER (WHERE b.category = '其他资金'), 0)            AS other_income,
    min(b.source_line) FILTER (WHERE b.category = '项目支出')                         AS project_spending_line,
    min(b.source_line) FILTER (WHERE b.category = '其他事业发展性支出')               AS other_development_line,
    list_filter(coalesce(any_value(d.missing_fields), []::VARCHAR[]),
                lambda f: f IN ('单位预算支出', '收入来源'))                            AS groups_not_printed
FROM units u
LEFT JOIN documents d ON d.document_key = u.document_key
LEFT JOIN budget_lines b ON b.document_key = u.document_key
GROUP BY u.submission_key, u.document_key, u.department_key;

-- the projects each unit table covers: those of its submission (of its department, when the
-- submission holds several unit tables), with what they do not print
CREATE OR REPLACE TEMP VIEW unit_projects AS
WITH units_per_submission AS (
    SELECT submission_key, count(*) AS units FROM units GROUP BY ALL
)
SELECT
    u.document_key                                                  AS unit_document_key,
    p.project_type,
    p.current_year_amount_yuan,
    coalesce(nullif(trim(p.project_name), ''), '(no 项目名称)')     AS project_name,
    p.source_line,
    coalesce(list_contains(d.missing_fields, '当年度金额'), false)  AS amount_not_printed,
    -- a project of no known 项目类型 (not printed, or another type) could belong to either sum
    p.project_type IS NULL OR p.project_type NOT IN ('部门职能类', '其他事业发展性支出') AS type_unknown
FROM units u
JOIN units_per_submission n USING (submission_key)
JOIN projects p
  ON p.submission_key = u.submission_key
 AND (n.units = 1 OR p.department_key IS NOT DISTINCT FROM u.department_key)
LEFT JOIN documents d ON d.document_key = p.document_key;

-- per unit table and 项目类型: the projects' 当年度金额 total; those that do not print one, or print
-- it as no number, are named
CREATE OR REPLACE TEMP VIEW unit_project_totals AS
SELECT
    unit_document_key                                                  AS document_key,
    project_type,
    count(*)                                                           AS projects,
    sum(current_year_amount_yuan)                                      AS current_year_total,
    string_agg(project_name, '、' ORDER BY source_line)
        FILTER (WHERE current_year_amount_yuan IS NULL AND NOT amount_not_printed) AS amount_not_a_number_in,
    string_agg(project_name, '、' ORDER BY source_line) FILTER (WHERE amount_not_printed) AS amount_not_printed_by
FROM unit_projects
GROUP BY ALL;

-- per unit table: the projects of no known 项目类型, which a sum by type cannot place
CREATE OR REPLACE TEMP VIEW unit_projects_untyped AS
SELECT unit_document_key AS document_key, string_agg(project_name, '、' ORDER BY source_line) AS projects
FROM unit_projects
WHERE type_unknown
GROUP BY ALL;

-- why a unit table's budget cannot be reconciled: groups not printed, amounts printed as no number
CREATE OR REPLACE TEMP MACRO budget_unreconciled(groups_not_printed, not_a_number) AS
    nullif(concat_ws('; ', not_printed(groups_not_printed),
                     CASE WHEN len(not_a_number) > 0 THEN array_to_string(not_a_number, ', ') || ' not a number' END), '');

-- why the sum of a unit table's projects of one 项目类型 cannot be made: the unit's own line not
-- printed (or no number), projects of no known type, projects of that type whose 当年度金额 is not
-- printed or no number
CREATE OR REPLACE TEMP MACRO projects_unreconciled(line_printed, line_name, line_not_a_number, untyped,
                                                   amount_not_printed_by, amount_not_a_number_in) AS
    nullif(concat_ws('; ',
        CASE WHEN NOT line_printed THEN '单位 ' || line_name || ' not printed' END,
        CASE WHEN line_not_a_number THEN '单位 ' || line_name || ' not a number' END,
        CASE WHEN untyped IS NOT NULL THEN '项目类型 not printed (or not 部门职能类 / 其他事业发展性支出) by ' || untyped END,
        CASE WHEN amount_not_printed_by IS NOT NULL THEN '当年度金额 not printed by ' || amount_not_printed_by END,
        CASE WHEN amount_not_a_number_in IS NOT NULL THEN '当年度金额 not a number in ' || amount_not_a_number_in END), '');

-- a unit table's budget line against the projects of the 项目类型 it covers, one row per unit table
-- with projects and each of the two: its 项目支出 bounds the 当年度金额 of its 部门职能类 projects
-- (reconcile.functional_projects_within_unit), its 其他事业发展性支出 is the sum of those of its
-- 其他事业发展性支出 projects (reconcile.other_development_projects_sum)
CREATE OR REPLACE TEMP VIEW unit_lines_against_projects AS
SELECT
    b.submission_key,
    b.document_key,
    c.project_type,
    coalesce(c.line, b.budget_line)                                      AS source_line,
    CASE WHEN c.bound THEN coalesce(t.current_year_total, 0) <= c.amount
         ELSE c.amount = coalesce(t.current_year_total, 0) END          AS passed,
    format('{} project(s) of type {}, 当年度金额 total {}',
           coalesce(t.projects, 0), c.project_type, yuan(coalesce(t.current_year_total, 0))) AS found,
    format('{}单位 {} {} = {}', CASE WHEN c.bound THEN 'at most ' ELSE '' END,
           c.line_name, wan(c.amount), yuan(c.amount))                   AS expected,
    yuan(coalesce(t.current_year_total, 0) - c.amount)                  AS difference,
    projects_unreconciled(c.line IS NOT NULL, c.line_name, list_contains(b.not_a_number, c.line_name), u.projects,
                          t.amount_not_printed_by, t.amount_not_a_number_in) AS unreconciled
FROM unit_budget b
CROSS JOIN LATERAL (VALUES
    ('部门职能类', '项目支出', true, b.project_spending, b.project_spending_line),
    ('其他事业发展性支出', '其他事业发展性支出', false, b.other_development, b.other_development_line)
) AS c(project_type, line_name, bound, amount, line)
LEFT JOIN unit_project_totals t
  ON t.document_key = b.document_key AND t.project_type = c.project_type
LEFT JOIN unit_projects_untyped u ON u.document_key = b.document_key
WHERE b.document_key IN (SELECT document_key FROM unit_project_totals);
