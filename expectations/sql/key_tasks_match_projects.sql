-- check: reconcile.key_tasks_match_projects
-- severity: error
-- tables: documents, key_tasks, projects
-- rule: 每项 年度重点工作任务 names a project of the submission and 拟投入的资金 = its 当年度金额
-- explanation: a key task is one of the unit's projects; another amount means a name or an amount was mistyped
-- sides: the task prints 拟投入的资金, and the submission a project table of that name that prints 当年度金额, as numbers
-- Names are compared without spaces. Applies to submissions that have project tables. A task that
-- names no project of the submission is not reconciled (it may be no project at all, or misspelt).
WITH tasks AS (
    SELECT k.*, regexp_replace(k.task_name, '\s+', '', 'g') AS name_key
    FROM key_tasks k
    WHERE k.task_kind = '年度重点工作任务' AND trim(coalesce(k.task_name, '')) <> ''
      AND k.submission_key IN (SELECT submission_key FROM projects)
),
matches AS (
    SELECT
        t.key_task_key,
        count(p.document_key)                                   AS same_name,
        bool_or(p.current_year_amount_yuan = t.amount_yuan)     AS amount_matches,
        bool_and(coalesce(list_contains(d.missing_fields, '当年度金额'), false))
            FILTER (WHERE p.document_key IS NOT NULL)           AS amounts_not_printed,
        bool_and(p.current_year_amount_yuan IS NULL)
            FILTER (WHERE p.document_key IS NOT NULL)           AS amounts_unknown,
        string_agg(DISTINCT yuan(p.current_year_amount_yuan), ' / ') AS project_amounts,
        min(p.current_year_amount_yuan)                         AS project_amount
    FROM tasks t
    LEFT JOIN projects p
      ON p.submission_key = t.submission_key
     AND regexp_replace(p.project_name, '\s+', '', 'g') = t.name_key
    LEFT JOIN documents d ON d.document_key = p.document_key
    GROUP BY ALL
)
SELECT
    t.submission_key,
    t.document_key,
    t.source_line,
    coalesce(m.amount_matches, false) AS passed,
    format('任务{} {}: 拟投入的资金 {} = {}', coalesce(t.task_no::VARCHAR, ''), t.task_name,
           wan(t.amount_yuan), yuan(t.amount_yuan)) AS found,
    format('项目 {} 当年度金额 {}', t.task_name, m.project_amounts) AS expected,
    CASE WHEN m.same_name = 1 THEN yuan(t.amount_yuan - m.project_amount) END AS difference,
    CASE WHEN m.same_name = 0 THEN format('no project table named {} in this submission', t.task_name)
         WHEN trim(coalesce(t.amount_raw, '')) = '' THEN format('任务{} 拟投入的资金 not printed', coalesce(t.task_no::VARCHAR, ''))
         WHEN t.amount_yuan IS NULL THEN format('任务{} 拟投入的资金 not a number', coalesce(t.task_no::VARCHAR, ''))
         WHEN m.amounts_not_printed THEN format('当年度金额 not printed by 项目 {}', t.task_name)
         WHEN m.amounts_unknown THEN format('当年度金额 not a number in 项目 {}', t.task_name) END AS unreconciled
FROM tasks t
JOIN matches m USING (key_task_key)
