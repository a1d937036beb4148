-- Targets that changed against the previous budget year, weaker ones first (反向 indicators:
-- a lower number is stronger; a number turned into words is weaker).
SELECT
    budget_year         AS 年度,
    project_name        AS 项目名称,
    indicator_name      AS 三级指标,
    direction           AS 方向,
    previous_value_raw  AS 上年指标值,
    value_raw           AS 指标值,
    value_change        AS 变化,
    strength_change     AS 强弱
FROM v_indicator_target_yoy
WHERE value_change <> 'unchanged'
ORDER BY strength_change = 'weaker' DESC, department_name, budget_year, project_name, indicator_name;
