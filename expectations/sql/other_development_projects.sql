-- check: reconcile.other_development_projects_sum
-- severity: error
-- tables: documents, units, budget_lines, projects
-- rule: 项目类型 其他事业发展性支出 的项目 当年度金额合计 = 单位 其他事业发展性支出
-- explanation: the unit's 其他事业发展性支出 line is the sum of those projects; a difference means a project amount or its type is wrong, or a project table is missing
-- sides: the unit prints 其他事业发展性支出, every project its 项目类型, those of type 其他事业发展性支出 their 当年度金额, as numbers
-- Applies to unit tables whose submission has project tables (a unit table sent alone is not reconciled).
-- The comparison is the prelude's unit_lines_against_projects, shared with the other sum by type.
SELECT * EXCLUDE (project_type) FROM unit_lines_against_projects WHERE project_type = '其他事业发展性支出'
