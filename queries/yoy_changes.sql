-- Year over year: the projects that changed (new, dropped, renamed, amount up or down), then the
-- targets that changed, weaker ones first. Built on the current versions only.
SELECT
    budget_year            AS 年度,
    previous_year          AS 上年,
    project_name           AS 项目名称,
    previous_project_name  AS 上年项目名称,
    previous_amount_yuan   AS 上年金额_元,
    amount_yuan            AS 金额_元,
    change_yuan            AS 变化_元,
    change_pct             AS 变化_百分比,
    status                 AS 状态,
    match_method           AS 匹配方式
FROM v_project_budget_yoy
WHERE status <> 'unchanged' OR renamed
ORDER BY department_name, budget_year, status, project_name;
