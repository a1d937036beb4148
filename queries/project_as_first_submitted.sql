-- What did a project's targets look like as first submitted? Every version of the project's table
-- (1 = as first submitted), its file, when it was current, its amount and each target as printed.
--   jixiao sql --file queries/project_as_first_submitted.sql --param project=劳动保障监察 --param year=2024
-- Add `AND h.version_no = 1` for the first submission only, or `AND h.is_current` for the latest.
SELECT
    h.version_no                  AS 版本,
    h.is_current                  AS 当前,
    h.file_name                   AS 文件,
    h.valid_from                  AS 生效,
    h.valid_to                    AS 失效,
    p.current_year_amount_yuan    AS 当年度金额_元,
    i.indicator_order             AS 序号,
    i.level2                      AS 二级指标,
    i.indicator_name              AS 三级指标,
    i.value_raw                   AS 指标值,
    i.source_line                 AS 来源行
FROM v_document_history h
JOIN projects p USING (document_key)
JOIN indicators i USING (document_key)
WHERE h.kind = 'project'
  AND h.subject_name = $project
  AND h.budget_year = CAST($year AS INTEGER)
ORDER BY h.version_no, i.indicator_order;
