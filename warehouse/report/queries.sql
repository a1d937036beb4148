-- The queries behind the HTML report (warehouse/report/data.py runs this preamble, then each
-- `-- name:` block). Parameters, bound by DuckDB: $department (part of a department name, or NULL
-- for all), $first_year and $last_year (the budget years shown; NULL for no bound).
-- Every query reads the current version of each table and the year-over-year views.

-- is a row of this department and year in the report?
CREATE OR REPLACE TEMP MACRO in_report(department_name, budget_year, department, first_year, last_year) AS
    (department IS NULL OR contains(department_name, department))
    AND budget_year BETWEEN coalesce(first_year, budget_year) AND coalesce(last_year, budget_year);

-- name: departments
SELECT DISTINCT dep.department_name,
       nullif(concat_ws('', dep.province, dep.prefecture, dep.county), '') AS region
FROM current_documents d
JOIN departments dep USING (department_key)
WHERE in_report(dep.department_name, d.budget_year, $department, $first_year, $last_year)
ORDER BY 1;

-- name: years
SELECT DISTINCT d.budget_year
FROM current_documents d
JOIN departments dep USING (department_key)
WHERE in_report(dep.department_name, d.budget_year, $department, $first_year, $last_year)
ORDER BY 1;

-- name: sources
SELECT s.file_name, s.file_path, s.budget_year, count(*) AS tables, min(s.loaded_at) AS loaded_at
FROM current_documents d
JOIN submissions s USING (submission_key)
JOIN departments dep ON dep.department_key = d.department_key
WHERE in_report(dep.department_name, d.budget_year, $department, $first_year, $last_year)
GROUP BY ALL
ORDER BY s.budget_year, s.file_name;

-- name: unit_budget
SELECT u.budget_year, b.category, sum(b.amount_yuan) AS amount_yuan
FROM current_units u
JOIN current_budget_lines b ON b.document_key = u.document_key AND b.owner_kind = 'unit'
WHERE in_report(u.department_name, u.budget_year, $department, $first_year, $last_year)
  AND b.category_group IS DISTINCT FROM '收入来源' AND b.amount_yuan IS NOT NULL
GROUP BY ALL
ORDER BY 1, 2;

-- name: project_budget
SELECT p.budget_year, coalesce(p.project_type, '未填类型') AS project_type,
       count(*) AS projects,
       sum(p.current_year_amount_yuan) AS current_year_amount_yuan,
       sum(p.total_amount_yuan) AS total_amount_yuan
FROM current_projects p
WHERE in_report(p.department_name, p.budget_year, $department, $first_year, $last_year)
GROUP BY ALL
ORDER BY 1, 2;

-- name: project_changes
SELECT budget_year, previous_year, project_name, previous_project_name, project_type,
       amount_yuan, previous_amount_yuan, change_yuan, change_pct, status, renamed
FROM v_project_budget_yoy
WHERE in_report(department_name, budget_year, $department, $first_year, $last_year)
  AND previous_year >= coalesce($first_year, previous_year)
ORDER BY budget_year DESC, abs(coalesce(change_yuan, amount_yuan, -previous_amount_yuan)) DESC, project_name;

-- name: indicator_classes
SELECT d.budget_year, coalesce(i.level1, '未分类') AS level1, coalesce(i.level2, '未分类') AS level2,
       count(*) AS indicators,
       count(*) FILTER (WHERE i.is_qualitative = false) AS quantitative
FROM current_indicators i
JOIN current_documents d USING (document_key)
JOIN departments dep ON dep.department_key = d.department_key
WHERE in_report(dep.department_name, d.budget_year, $department, $first_year, $last_year)
GROUP BY ALL
ORDER BY 1, 2, 3;

-- name: target_changes
SELECT budget_year,
       CASE WHEN strength_change = 'stronger' THEN '加强'
            WHEN strength_change = 'weaker' THEN '减弱'
            WHEN strength_change = 'same' THEN '不变'
            WHEN value_change = 'new' THEN '新增指标'
            WHEN value_change = 'dropped' THEN '删除指标'
            ELSE '其他变化' END AS change,
       count(*) AS indicators
FROM v_indicator_target_yoy
WHERE in_report(department_name, budget_year, $department, $first_year, $last_year)
  AND previous_year >= coalesce($first_year, previous_year)
GROUP BY ALL
UNION ALL
-- the indicators of projects new this year, or cancelled since the previous one, which no target compares
SELECT y.budget_year, CASE y.status WHEN 'new' THEN '新项目的指标' ELSE '取消项目的指标' END,
       count(i.indicator_key)
FROM v_project_budget_yoy y
JOIN current_indicators i
  ON i.document_key = CASE y.status WHEN 'new' THEN y.document_key ELSE y.previous_document_key END
WHERE y.status IN ('new', 'dropped')
  AND in_report(y.department_name, y.budget_year, $department, $first_year, $last_year)
  AND y.previous_year >= coalesce($first_year, y.previous_year)
GROUP BY ALL
ORDER BY 1, 2;

-- name: weakened_targets
SELECT budget_year, previous_year, project_name, indicator_name, previous_value_raw, value_raw, direction
FROM v_indicator_target_yoy
WHERE in_report(department_name, budget_year, $department, $first_year, $last_year)
  AND previous_year >= coalesce($first_year, previous_year)
  AND strength_change = 'weaker'
ORDER BY budget_year DESC, project_name, indicator_name;

-- name: review_scores
SELECT budget_year, owner_kind, owner_name, indicators, flags, score, grade, findings, file_path, first_line,
       document_key
FROM v_project_review_score
WHERE in_report(department_name, budget_year, $department, $first_year, $last_year)
ORDER BY budget_year DESC, score, owner_name;

-- name: review_flags
SELECT budget_year, owner_name, rule_code, rule_name, severity, penalty, indicator_name, value_raw,
       evidence, file_path, source_line
FROM v_indicator_review
WHERE in_report(department_name, budget_year, $department, $first_year, $last_year)
ORDER BY budget_year DESC, penalty DESC, rule_name, owner_name, source_line;

-- name: incomplete_tables
-- the tables that do not print every field of their form (loaded, flagged; docs/validation.md)
SELECT d.budget_year, d.kind AS owner_kind, d.subject_name AS owner_name,
       array_to_string(i.missing_fields, '、') AS missing, d.file_path, d.first_line
FROM v_incomplete_tables i
JOIN current_documents d USING (document_key)
LEFT JOIN departments dep ON dep.department_key = d.department_key
WHERE in_report(dep.department_name, d.budget_year, $department, $first_year, $last_year)
ORDER BY d.budget_year DESC, d.file_path, d.first_line;

-- name: projects
-- (the review score of each project is taken from review_scores: the review is computed once)
SELECT p.budget_year, p.project_name, p.project_type, p.total_amount_yuan, p.current_year_amount_yuan,
       count(i.indicator_key) AS indicators,
       count(i.indicator_key) FILTER (WHERE i.is_qualitative = false) AS quantitative,
       any_value(d.file_path) AS file_path, p.source_line, p.document_key
FROM current_projects p
JOIN current_documents d USING (document_key)
LEFT JOIN current_indicators i ON i.document_key = p.document_key
WHERE in_report(p.department_name, p.budget_year, $department, $first_year, $last_year)
GROUP BY p.budget_year, p.project_name, p.project_type, p.total_amount_yuan, p.current_year_amount_yuan,
         p.source_line, p.document_key
ORDER BY p.budget_year DESC, p.current_year_amount_yuan DESC NULLS LAST, p.project_name;

-- name: policies
-- the policy documents the projects and units in scope cite, with the projects' money (views_zh.sql 政策依据)
SELECT coalesce(c.文件号, '《' || c.文件标题 || '》') AS policy,
       any_value(c.文件标题 ORDER BY c.文件标题 NULLS LAST) AS title,
       count(DISTINCT c.表键) AS tables,
       string_agg(DISTINCT c.年度::VARCHAR, '、' ORDER BY c.年度::VARCHAR) AS years,
       sum(c."当年度金额(元)") AS current_year_amount_yuan,
       string_agg(c.项目或单位名称 || '（' || parse_filename(c.来源文件) || ' 第' || c.来源行 || '行）', '；'
                  ORDER BY c.年度, c.项目或单位名称) AS cited_by
FROM 政策依据 c
WHERE in_report(c.主管部门, c.年度, $department, $first_year, $last_year)
GROUP BY 1
ORDER BY current_year_amount_yuan DESC NULLS LAST, tables DESC, policy;

-- name: rules
SELECT rule_code, rule_name, explanation, penalty FROM v_review_rules ORDER BY penalty DESC, rule_code;
