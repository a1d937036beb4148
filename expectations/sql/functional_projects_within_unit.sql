-- check: reconcile.functional_projects_within_unit
-- severity: error
-- tables: documents, units, budget_lines, projects
-- rule: 项目类型 部门职能类 的项目 当年度金额合计 ≤ 单位 项目支出
-- explanation: the unit's 项目支出 covers its 部门职能类 projects; more than that means a project amount or type is wrong
-- sides: the unit prints 项目支出, every project its 项目类型, those of type 部门职能类 their 当年度金额, as numbers
-- Applies to unit tables whose submission has project tables.
-- The comparison is the prelude's unit_lines_against_projects, shared with the other sum by type.
SELECT * EXCLUDE (project_type) FROM unit_lines_against_projects WHERE project_type = '部门职能类'
