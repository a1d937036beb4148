-- check: reconcile.other_development_projects_sum
-- severity: error
-- tables: documents, units, budget_lines, projects
-- rule: 项目类型 其他事业发展性支出 的项目 当年度金额合计 = 单位 其他事业发展性支出
-- explanation: the unit's 其他事业发展性支出 line is the sum of those projects; a difference means a project amount or its type is wrong, or a project table is missing
-- sides: the unit prints 其他事业发展性支出, every project its 项目类型, those of type 其他事业发展性支出 their 当年度金额, as numbers
-- Applies to unit tables whose submission has project tables (a unit table sent alone is not reconciled).
SELECT
    b.submission_key,
    b.document_key,
    coalesce(b.other_development_line, b.budget_line) AS source_line,
    b.other_development = coalesce(t.current_year_total, 0) AS passed,
    format('{} project(s) of type 其他事业发展性支出, 当年度金额 total {}',
           coalesce(t.projects, 0), yuan(coalesce(t.current_year_total, 0))) AS found,
    format('单位 其他事业发展性支出 {} = {}', wan(b.other_development), yuan(b.other_development)) AS expected,
    yuan(coalesce(t.current_year_total, 0) - b.other_development) AS difference,
    projects_unreconciled(b.other_development_line IS NOT NULL, '其他事业发展性支出', list_contains(b.not_a_number, '其他事业发展性支出'), u.projects,
                          t.amount_not_printed_by, t.amount_not_a_number_in) AS unreconciled
FROM unit_budget b
LEFT JOIN unit_project_totals t
  ON t.document_key = b.document_key AND t.project_type = '其他事业发展性支出'
LEFT JOIN unit_projects_untyped u ON u.document_key = b.document_key
WHERE b.document_key IN (SELECT document_key FROM unit_project_totals)
