-- Budget of the loaded projects by 项目类型, in yuan, with their indicator counts (current versions:
-- a resubmitted table counts once, as resubmitted).
SELECT
    p.budget_year                AS 年度,
    p.project_type               AS 项目类型,
    count(DISTINCT p.project_key) AS 项目数,
    sum(p.total_amount_yuan)     AS 总金额_元,
    (SELECT count(*) FROM current_indicators i
      WHERE i.owner_kind = 'project'
        AND i.owner_key IN (SELECT project_key FROM current_projects q WHERE q.project_type = p.project_type
                                                             AND q.budget_year = p.budget_year)) AS 指标数
FROM current_projects p
GROUP BY ALL
ORDER BY 年度, 项目类型;
