-- check: reconcile.functional_projects_within_unit
-- severity: error
-- tables: documents, units, budget_lines, projects
-- rule: 项目类型 部门职能类 的项目 当年度金额合计 ≤ 单位 项目支出
-- explanation: the unit's 项目支出 covers its 部门职能类 projects; more than that means a project amount or type is wrong
-- sides: the unit prints 项目支出, every project its 项目类型, those of type 部门职能类 their 当年度金额, as numbers
-- Applies to unit tables whose submission has project tables.
SELECT
    b.submission_key,
    b.document_key,
    coalesce(b.project_spending_line, b.budget_line) AS source_line,
    coalesce(t.current_year_total, 0) <= b.project_spending AS passed,
    format('{} project(s) of type 部门职能类, 当年度金额 total {}',
           coalesce(t.projects, 0), yuan(coalesce(t.current_year_total, 0))) AS found,
    format('at most 单位 项目支出 {} = {}', wan(b.project_spending), yuan(b.project_spending)) AS expected,
    yuan(coalesce(t.current_year_total, 0) - b.project_spending) AS difference,
    projects_unreconciled(b.project_spending_line IS NOT NULL, '项目支出', list_contains(b.not_a_number, '项目支出'), u.projects,
                          t.amount_not_printed_by, t.amount_not_a_number_in) AS unreconciled
FROM unit_budget b
LEFT JOIN unit_project_totals t
  ON t.document_key = b.document_key AND t.project_type = '部门职能类'
LEFT JOIN unit_projects_untyped u ON u.document_key = b.document_key
WHERE b.document_key IN (SELECT document_key FROM unit_project_totals)
