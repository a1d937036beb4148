-- 绩效目标审核: the target-quality review, as views over the current version of every table
-- (the current_* views of history.sql) and the year-over-year views of yoy.sql.
-- v_review_rules holds every rule (code, Chinese name and explanation, severity, penalty);
-- v_indicator_review has one row per flag raised, with its evidence (value, file, line);
-- v_project_review_score sums the flags of each table (project or unit) into a score out of 100.
-- The rules are documented in docs/review.md; tests/test_review.py checks them on the sample.
-- Recreated on every writer connection, after views.sql and yoy.sql.

-- the tables (of every version) that do not print every field of their form: documents.missing_fields
CREATE OR REPLACE VIEW v_incomplete_tables AS
SELECT d.submission_key, d.document_key, d.table_index, d.kind, d.subject_name, d.budget_year,
       d.department_key, d.missing_fields, d.file_path, d.first_line
FROM documents d
WHERE len(d.missing_fields) > 0;
COMMENT ON VIEW v_incomplete_tables IS '信息不完整的表: every loaded table that does not print (or prints blank) a field of its form: 项目名称, 主管部门, 总金额, 当年度金额, 项目类型, 起始年度, 到期年度; 下属单位名称, 财政供养人员数, 单位预算支出, 收入来源 (missing_fields); docs/validation.md';

CREATE OR REPLACE VIEW v_review_rules AS
SELECT * FROM (VALUES
    ('missing_class', '缺少指标类别',
     '绩效指标应覆盖产出、效益、满意度三类一级指标，表中缺少其中一类', 'high', 20),
    ('qualitative_rate', '应量化而未量化',
     '指标名称或类别要求数值（率、比例、%、数量、满意度等），指标值却是文字描述，无法考核', 'high', 5),
    ('cost_without_amount', '成本指标无金额',
     '成本指标应写明金额（元、万元），指标值没有金额', 'medium', 5),
    ('target_missing', '指标值未填写',
     '指标值为空或为未填写的模板占位（如≥**%）', 'high', 5),
    ('target_weakened', '目标值较上年降低',
     '同一项目同一指标的当年度目标值比上一年度宽松（或由定量改为定性）', 'medium', 5),
    ('period_year_conflict', '实施周期与当年度矛盾',
     '实施周期指标值、预算金额与当年度的不一致：单年度项目两者应相同，当年度数量不应超过实施周期，当年度金额不应超过总金额', 'medium', 5),
    ('satisfaction_100', '满意度目标100%',
     '满意度目标设为100%，通常是照抄模板而非测算的目标，难以实现也难以考核', 'low', 3),
    ('boilerplate', '指标模板化',
     '同一部门同一年度多个项目使用完全相同的指标和指标值，指标未体现项目特点', 'low', 2),
    ('indicator_numbering', '指标编号重复或跳号',
     '三级指标编号（指标N）重复或跳号，表格可能漏填或错填', 'low', 2),
    ('form_defect', '表格填报缺陷',
     '指标行缺少指标名称、类别或指标值列，或有类别标签行而无指标', 'low', 2),
    ('fields_missing', '基本信息未填写',
     '表中缺少应填写的基本信息（项目名称、主管部门、总金额、当年度金额、项目类型、实施期限；单位名称、财政供养人员数、单位预算支出、收入来源），无法归属、汇总或核对', 'medium', 5)
) AS r(rule_code, rule_name, explanation, severity, penalty);
COMMENT ON VIEW v_review_rules IS '审核规则: the target-quality review rules: code, 名称, 说明, severity, penalty (points off 100); see docs/review.md';

CREATE OR REPLACE VIEW v_indicator_review AS
WITH
ind AS (
    SELECT
        i.indicator_key, i.document_key, i.owner_kind, i.owner_key, i.indicator_order,
        i.level1, i.level2, i.indicator_name, i.value_raw, i.operator, i.number, i.unit,
        i.is_qualitative, i.is_placeholder, i.source_line,
        d.budget_year, d.subject_name AS owner_name, d.department_key,
        -- one spelling per indicator: no whitespace, ASCII brackets, % and colon
        translate(regexp_replace(i.indicator_name, '\s+', '', 'g'), '（）％：', '()%:') AS name_norm,
        regexp_replace(coalesce(i.value_raw, ''), '\s+', '', 'g')                 AS value_norm
    FROM current_indicators i
    JOIN current_documents d USING (document_key)
),
-- what each indicator is: does its name or class ask for a number, is it a cost, a satisfaction ...
classified AS (
    SELECT *,
        regexp_matches(replace(name_norm, '效率', ''), '率|比例|占比|比重|%|满意度|数量|人数|次数|个数|\([^()]{1,6}\)$')
            OR level1 = '满意度指标' AS expects_number,
        level1 = '成本指标' OR coalesce(level2, '') LIKE '%成本%' AS is_cost,
        level1 = '满意度指标' OR name_norm LIKE '%满意%' AS is_satisfaction
    FROM ind
),
qualitative_rate(rule_code, indicator_key, document_key, source_line, evidence) AS (
    SELECT 'qualitative_rate', indicator_key, document_key, source_line,
           '「' || indicator_name || '」要求数值，指标值为「' || value_raw || '」' AS evidence
    FROM classified
    WHERE is_qualitative AND NOT coalesce(is_placeholder, false) AND expects_number AND NOT is_cost
),
cost_without_amount(rule_code, indicator_key, document_key, source_line, evidence) AS (
    SELECT 'cost_without_amount', indicator_key, document_key, source_line,
           '成本指标「' || indicator_name || '」的指标值「' || coalesce(value_raw, '') || '」没有金额'
    FROM classified
    WHERE is_cost AND NOT coalesce(is_placeholder, false) AND coalesce(value_norm, '') <> ''
      AND (number IS NULL OR coalesce(unit, '') NOT LIKE '%元%')
),
target_missing(rule_code, indicator_key, document_key, source_line, evidence) AS (
    SELECT 'target_missing', indicator_key, document_key, source_line,
           '「' || indicator_name || '」的指标值' ||
           CASE WHEN value_norm = '' THEN '为空' ELSE '为未填写的占位「' || value_raw || '」' END
    FROM classified
    WHERE value_norm = '' OR coalesce(is_placeholder, false)
),
satisfaction_100(rule_code, indicator_key, document_key, source_line, evidence) AS (
    SELECT 'satisfaction_100', indicator_key, document_key, source_line,
           '满意度指标「' || indicator_name || '」的目标为「' || value_raw || '」'
    FROM classified
    WHERE is_satisfaction AND coalesce(operator, '=') IN ('=', '>=', '>')
      AND ((unit = '%' AND number >= 100) OR (unit IS NULL AND number = 1))
),
-- the same indicator text and value in two or more projects of one department and year
shared AS (
    SELECT department_key, budget_year, name_norm, value_norm,
           count(DISTINCT owner_key) AS projects,
           string_agg(DISTINCT owner_name, '、' ORDER BY owner_name) AS project_names
    FROM ind
    WHERE owner_kind = 'project' AND value_norm <> ''
    GROUP BY ALL
    HAVING count(DISTINCT owner_key) >= 2
),
boilerplate(rule_code, indicator_key, document_key, source_line, evidence) AS (
    SELECT 'boilerplate', i.indicator_key, i.document_key, i.source_line,
           '「' || i.indicator_name || '」=「' || i.value_raw || '」同时出现在' || s.projects || '个项目中：' || s.project_names
    FROM ind i
    JOIN shared s USING (department_key, budget_year, name_norm, value_norm)
    WHERE i.owner_kind = 'project'
),
-- the same indicator of the same project one budget year earlier (v_indicator_target_yoy follows
-- projects across renames and knows which indicators are better smaller)
target_weakened(rule_code, indicator_key, document_key, source_line, evidence) AS (
    SELECT 'target_weakened', indicator_key, document_key, source_line,
           '「' || indicator_name || '」' || previous_year || '年为「' || previous_value_raw || '」，' ||
           budget_year || '年为「' || value_raw || '」' ||
           CASE WHEN direction = '反向' THEN '（越小越好）' ELSE '' END
    FROM v_indicator_target_yoy
    WHERE strength_change = 'weaker' AND indicator_key IS NOT NULL
),
-- projects: the 实施周期 value beside the 当年度 (primary) value of each indicator
period_values AS (
    SELECT n.indicator_key, n.document_key, n.source_line, n.indicator_name, n.level2,
           n.value_raw, n.value_norm, n.operator, n.number, n.unit,
           v.value_raw AS period_raw, regexp_replace(coalesce(v.value_raw, ''), '\s+', '', 'g') AS period_norm,
           v.operator AS period_operator, v.number AS period_number, v.unit AS period_unit,
           p.start_year, p.end_year
    FROM classified n
    JOIN current_indicator_values v
      ON v.indicator_key = n.indicator_key AND regexp_matches(v.value_column, '实施周期|中期|长期')
    JOIN current_projects p ON p.document_key = n.document_key
    WHERE n.owner_kind = 'project'
),
period_year_conflict(rule_code, indicator_key, document_key, source_line, evidence) AS (
    SELECT 'period_year_conflict', indicator_key, document_key, source_line,
           '「' || indicator_name || '」实施周期指标值「' || period_raw || '」，当年度指标值「' || value_raw || '」' ||
           CASE WHEN start_year = end_year THEN '（单年度项目 ' || start_year || '）' ELSE '' END
    FROM period_values
    WHERE (start_year = end_year
           AND CASE WHEN number IS NOT NULL AND period_number IS NOT NULL
                    THEN (number, coalesce(operator, ''), coalesce(unit, ''))
                         <> (period_number, coalesce(period_operator, ''), coalesce(period_unit, ''))
                    ELSE value_norm <> period_norm END)
       OR (coalesce(start_year, 0) < coalesce(end_year, 0) AND level2 = '数量指标'
           AND coalesce(unit, '') = coalesce(period_unit, '') AND number > period_number)
    UNION ALL
    SELECT 'period_year_conflict', NULL, document_key, source_line,
           '当年度金额 ' || current_year_amount_yuan || ' 元，总金额 ' || total_amount_yuan || ' 元' ||
           CASE WHEN start_year = end_year THEN '（单年度项目 ' || start_year || '）' ELSE '' END
    FROM current_projects
    WHERE current_year_amount_yuan > total_amount_yuan
       OR (start_year = end_year AND current_year_amount_yuan <> total_amount_yuan)
),
-- a flag: (rule_code, indicator_key or NULL for the table, document_key, source_line, evidence)
-- every table (project or unit) lacks none of the three classes of the standard tree
missing_class(rule_code, indicator_key, document_key, source_line, evidence) AS (
    SELECT 'missing_class', NULL, d.document_key,
           coalesce(w.source_line, d.first_line),
           '未见' || c.level1 || '；表中已有：' ||
           coalesce((SELECT string_agg(DISTINCT i.level1, '、' ORDER BY i.level1) FROM current_indicators i
                     WHERE i.document_key = d.document_key), '无指标') ||
           coalesce('；第' || w.source_line || '行有「' || split_part(w.message, ':', 1) || '」类别标签但没有指标', '')
    FROM current_documents d
    CROSS JOIN (VALUES ('产出指标'), ('效益指标'), ('满意度指标')) AS c(level1)
    LEFT JOIN parse_warnings w
      ON w.document_key = d.document_key AND w.code = 'label_row_without_indicator'
     AND w.message LIKE c.level1 || '%'
    WHERE NOT EXISTS (SELECT 1 FROM current_indicators i WHERE i.document_key = d.document_key AND i.level1 = c.level1)
),
parse_findings(rule_code, indicator_key, document_key, source_line, evidence) AS (
    SELECT CASE WHEN code IN ('indicator_number_repeated', 'indicator_number_gap')
                THEN 'indicator_numbering' ELSE 'form_defect' END,
           NULL, document_key, source_line,
           -- the parser's message, in Chinese where its wording is known
           CASE code
               WHEN 'indicator_number_repeated' THEN replace(regexp_replace(
                   message, '^(指标\d+) is printed (\d+) times \(lines ([\d, ]+)\)$', '\1 出现\2次（第\3行）'), ', ', '、')
               WHEN 'indicator_number_gap' THEN regexp_replace(message, '^numbering skips (.+)$', '编号跳过\1')
               WHEN 'label_row_without_indicator' THEN regexp_replace(
                   message, '^(.+): a label row with no indicator$', '「\1」类别标签行下没有指标')
               ELSE message
           END
    FROM parse_warnings w
    WHERE document_key IN (SELECT document_key FROM current_documents)
      -- a label row already cited as the evidence of a missing class is not counted twice
      AND NOT EXISTS (SELECT 1 FROM missing_class m WHERE m.document_key = w.document_key
                                                     AND m.source_line = w.source_line)
      AND code IN ('indicator_number_repeated', 'indicator_number_gap', 'label_row_without_indicator',
                   'indicator_without_name', 'indicator_without_class', 'values_fewer_than_columns')
),
-- one flag per table that does not print every field of its form (the completeness flag)
fields_missing(rule_code, indicator_key, document_key, source_line, evidence) AS (
    SELECT 'fields_missing', NULL, i.document_key, i.first_line,
           '表中未填写：' || array_to_string(i.missing_fields, '、')
    FROM v_incomplete_tables i
    WHERE i.document_key IN (SELECT document_key FROM current_documents)
),
flags AS (
    SELECT * FROM qualitative_rate
    UNION ALL SELECT * FROM cost_without_amount
    UNION ALL SELECT * FROM target_missing
    UNION ALL SELECT * FROM satisfaction_100
    UNION ALL SELECT * FROM boilerplate
    UNION ALL SELECT * FROM target_weakened
    UNION ALL SELECT * FROM period_year_conflict
    UNION ALL SELECT * FROM missing_class
    UNION ALL SELECT * FROM parse_findings
    UNION ALL SELECT * FROM fields_missing
)
SELECT
    f.rule_code,
    r.rule_name,
    r.explanation,
    r.severity,
    r.penalty,
    d.budget_year,
    dep.department_name,
    d.kind          AS owner_kind,
    d.subject_name  AS owner_name,
    i.indicator_name,
    i.value_raw,
    f.evidence,
    d.file_path,
    f.source_line,
    f.document_key,
    f.indicator_key
FROM flags f
JOIN v_review_rules r USING (rule_code)
JOIN current_documents d ON d.document_key = f.document_key
LEFT JOIN departments dep ON dep.department_key = d.department_key
LEFT JOIN indicators i ON i.indicator_key = f.indicator_key;
COMMENT ON VIEW v_indicator_review IS '绩效目标审核: one row per flag a reviewer would raise (rule, Chinese explanation, evidence, file and line); rules in v_review_rules';

CREATE OR REPLACE VIEW v_project_review_score AS
SELECT
    d.budget_year,
    dep.department_name,
    d.kind                                                  AS owner_kind,
    d.subject_name                                          AS owner_name,
    (SELECT count(*) FROM current_indicators i WHERE i.document_key = d.document_key) AS indicators,
    count(f.rule_code)                                      AS flags,
    greatest(0, 100 - coalesce(sum(f.penalty), 0))::INTEGER AS score,
    CASE WHEN greatest(0, 100 - coalesce(sum(f.penalty), 0)) >= 90 THEN '优'
         WHEN greatest(0, 100 - coalesce(sum(f.penalty), 0)) >= 75 THEN '良'
         WHEN greatest(0, 100 - coalesce(sum(f.penalty), 0)) >= 60 THEN '中'
         ELSE '差' END                                       AS grade,
    coalesce(string_agg(DISTINCT f.rule_name, '、' ORDER BY f.rule_name), '') AS findings,
    d.file_path,
    d.first_line,
    d.document_key
FROM current_documents d
LEFT JOIN departments dep ON dep.department_key = d.department_key
LEFT JOIN v_indicator_review f ON f.document_key = d.document_key
GROUP BY ALL;
COMMENT ON VIEW v_project_review_score IS '审核得分: per table (project or unit), 100 minus the penalties of its flags (floor 0), graded 优 >= 90, 良 >= 75, 中 >= 60, else 差';
