-- 中文视图: the main tables in the form's own terms, for analysts who think in them.
-- The English tables stay canonical; these views only rename, join and pivot them, and show the
-- current version of every table (history.sql's current_* views; v_document_history has them all).
-- 地区 is the department's place (省市县) from warehouse/regions.py, when its name says it; 地区代码 its
-- 6-digit division code (what parquet exports partition by: ASCII folder names read alike everywhere).
-- Column names with brackets need double quotes in SQL: SELECT "总金额(元)" FROM 项目预算.
-- Money is exact yuan (DECIMAL); columns ending in 比例 are fractions (0.25 = 25%).
-- Recreated on every writer connection, after views.sql, yoy.sql and review.sql.

CREATE OR REPLACE MACRO kind_zh(kind) AS CASE kind WHEN 'project' THEN '项目' WHEN 'unit' THEN '单位' ELSE kind END;

CREATE OR REPLACE VIEW 项目预算 AS
SELECT
    p.budget_year                 AS 年度,
    p.department_name             AS 主管部门,
    nullif(concat_ws('', dep.province, dep.prefecture, dep.county), '') AS 地区,
    dep.region_code               AS 地区代码,
    p.project_name                AS 项目名称,
    p.project_type                AS 项目类型,
    p.project_level               AS 项目等级,
    p.implementing_unit           AS 用款单位,
    p.start_year                  AS 起始年度,
    p.end_year                    AS 到期年度,
    p.total_amount_yuan           AS "总金额(元)",
    p.current_year_amount_yuan    AS "当年度金额(元)",
    (p.current_year_amount_yuan
        / nullif(sum(p.current_year_amount_yuan) OVER (PARTITION BY p.department_key, p.budget_year), 0)
    )::DOUBLE                     AS 占部门项目金额比例,
    (SELECT count(*) FROM current_indicators i WHERE i.document_key = p.document_key) AS 指标数,
    p.overview                    AS 项目概述,
    d.file_path                   AS 来源文件,
    p.source_line                 AS 来源行,
    p.document_key                AS 表键
FROM current_projects p
JOIN current_documents d USING (document_key)
LEFT JOIN departments dep ON dep.department_key = p.department_key;
COMMENT ON VIEW 项目预算 IS '项目预算: one row per project table: 项目名称, 主管部门, 年度, 项目类型, 总金额(元), 当年度金额(元), its share of the department''s project money, source file and line';

CREATE OR REPLACE VIEW 单位预算 AS
SELECT
    u.budget_year                 AS 年度,
    u.department_name             AS 部门名称,
    nullif(concat_ws('', dep.province, dep.prefecture, dep.county), '') AS 地区,
    dep.region_code               AS 地区代码,
    u.unit_name                   AS 单位名称,
    u.staff_count                 AS 财政供养人员数,
    max(b.amount_yuan) FILTER (WHERE b.category = '基本支出')           AS "基本支出(元)",
    max(b.amount_yuan) FILTER (WHERE b.category = '项目支出')           AS "项目支出(元)",
    max(b.amount_yuan) FILTER (WHERE b.category = '其他事业发展性支出') AS "其他事业发展性支出(元)",
    max(b.amount_yuan) FILTER (WHERE b.category = '财政专项资金')       AS "财政专项资金(元)",
    max(b.amount_yuan) FILTER (WHERE b.category = '财政拨款')           AS "财政拨款(元)",
    max(b.amount_yuan) FILTER (WHERE b.category = '其他资金')           AS "其他资金(元)",
    d.file_path                   AS 来源文件,
    u.source_line                 AS 来源行,
    u.document_key                AS 表键
FROM current_units u
JOIN current_documents d USING (document_key)
LEFT JOIN departments dep ON dep.department_key = u.department_key
LEFT JOIN current_budget_lines b ON b.document_key = u.document_key AND b.owner_kind = 'unit'
GROUP BY ALL;
COMMENT ON VIEW 单位预算 IS '单位预算: one row per unit-level table: 财政供养人员数 and the budget block (基本支出, 项目支出, 其他事业发展性支出, 财政拨款 ...) in yuan';

CREATE OR REPLACE VIEW 重点任务 AS
SELECT
    u.budget_year                 AS 年度,
    u.department_name             AS 部门名称,
    u.unit_name                   AS 单位名称,
    k.task_kind                   AS 任务类别,
    k.task_no                     AS 任务序号,
    k.task_name                   AS 名称,
    k.content                     AS 主要实施内容,
    k.amount_yuan                 AS "拟投入的资金(元)",
    k.expected_result             AS 期望达到的目标,
    (SELECT max(p.total_amount_yuan) FROM current_projects p
      WHERE p.department_key IS NOT DISTINCT FROM u.department_key
        AND p.budget_year IS NOT DISTINCT FROM u.budget_year
        AND p.project_name = k.task_name) AS "同名项目总金额(元)",
    d.file_path                   AS 来源文件,
    k.source_line                 AS 来源行,
    k.document_key                AS 表键
FROM current_key_tasks k
JOIN current_units u USING (document_key)
JOIN current_documents d USING (document_key);
COMMENT ON VIEW 重点任务 IS '年度重点工作任务: the key tasks of the unit tables, beside the amount of the project of the same name (they should match)';

CREATE OR REPLACE VIEW 绩效目标 AS
SELECT
    d.budget_year                 AS 年度,
    dep.department_name           AS 主管部门,
    kind_zh(d.kind)               AS 表类型,
    d.subject_name                AS 项目或单位名称,
    g.scope                       AS 目标范围,
    g.goal_no                     AS 目标序号,
    g.goal_text                   AS 目标内容,
    d.file_path                   AS 来源文件,
    g.source_line                 AS 来源行,
    g.document_key                AS 表键
FROM current_goals g
JOIN current_documents d USING (document_key)
LEFT JOIN departments dep ON dep.department_key = d.department_key;
COMMENT ON VIEW 绩效目标 IS '总体绩效目标: 实施周期总目标 and 当年度目标 of the projects, 总体绩效目标 of the units';

CREATE OR REPLACE VIEW 政策依据 AS
SELECT
    d.budget_year                 AS 年度,
    dep.department_name           AS 主管部门,
    nullif(concat_ws('', dep.province, dep.prefecture, dep.county), '') AS 地区,
    kind_zh(c.owner_kind)         AS 表类型,
    d.subject_name                AS 项目或单位名称,
    c.reference                   AS 文件号,
    c.issuer                      AS 发文字号前缀,
    c.issue_year                  AS 发文年份,
    c.title                       AS 文件标题,
    c.cited_in                    AS 引用位置,
    p.current_year_amount_yuan    AS "当年度金额(元)",
    d.file_path                   AS 来源文件,
    c.source_line                 AS 来源行,
    c.document_key                AS 表键
FROM current_policy_citations c
JOIN current_documents d USING (document_key)
LEFT JOIN current_projects p ON p.document_key = c.document_key
LEFT JOIN departments dep ON dep.department_key = d.department_key;
COMMENT ON VIEW 政策依据 IS '政策依据: one row per policy document a project or unit table cites (文件号 such as 湛人社函〔2019〕613号, or a title in 《》), with the project''s 当年度金额, source file and line';

CREATE OR REPLACE VIEW 政策资金 AS
SELECT
    coalesce(文件号, '《' || 文件标题 || '》') AS 政策文件,
    any_value(文件标题 ORDER BY 文件标题 NULLS LAST) AS 文件标题,
    any_value(发文字号前缀) AS 发文字号前缀,
    any_value(发文年份) AS 发文年份,
    count(DISTINCT 表键) FILTER (WHERE 表类型 = '项目') AS 项目数,
    count(DISTINCT 主管部门) AS 部门数,
    min(年度) AS 最早年度,
    max(年度) AS 最近年度,
    sum("当年度金额(元)") AS "当年度金额合计(元)",
    string_agg(DISTINCT 项目或单位名称, '、' ORDER BY 项目或单位名称) AS 项目或单位
FROM 政策依据
GROUP BY 1;
COMMENT ON VIEW 政策资金 IS '政策资金: per cited policy document, how many projects and departments cite it, in which budget years, and the 当年度金额 of the projects that cite it (a project citing two documents counts in both)';

CREATE OR REPLACE VIEW 绩效指标 AS
SELECT
    d.budget_year                 AS 年度,
    dep.department_name           AS 主管部门,
    nullif(concat_ws('', dep.province, dep.prefecture, dep.county), '') AS 地区,
    dep.region_code               AS 地区代码,
    kind_zh(d.kind)               AS 表类型,
    d.subject_name                AS 项目或单位名称,
    i.indicator_order             AS 顺序,
    i.level1                      AS 一级指标,
    i.level2                      AS 二级指标,
    i.indicator_no                AS 指标序号,
    i.indicator_name              AS 三级指标,
    period.value_raw              AS 实施周期指标值,
    i.value_raw                   AS 指标值,
    i.operator                    AS 比较符,
    i.number                      AS 目标数值,
    i.number_upper                AS 目标上限,
    i.unit                        AS 计量单位,
    CASE WHEN i.is_qualitative THEN '定性' WHEN i.number IS NOT NULL THEN '定量' END AS 定性定量,
    d.file_path                   AS 来源文件,
    i.source_line                 AS 来源行,
    i.indicator_key               AS 指标键
FROM current_indicators i
JOIN current_documents d USING (document_key)
LEFT JOIN departments dep ON dep.department_key = d.department_key
LEFT JOIN current_indicator_values period
       ON period.indicator_key = i.indicator_key AND period.value_column LIKE '%实施周期%';
COMMENT ON VIEW 绩效指标 IS '绩效指标: every 三级指标 with its classes, 实施周期指标值 (projects) and 指标值 (当年度 for projects), normalized target, source file and line';

CREATE OR REPLACE VIEW 审核问题 AS
SELECT
    budget_year                   AS 年度,
    department_name               AS 主管部门,
    kind_zh(owner_kind)           AS 表类型,
    owner_name                    AS 项目或单位名称,
    rule_name                     AS 问题,
    evidence                      AS 证据,
    indicator_name                AS 三级指标,
    value_raw                     AS 指标值,
    explanation                   AS 说明,
    penalty                       AS 扣分,
    rule_code                     AS 规则代码,
    file_path                     AS 来源文件,
    source_line                   AS 来源行,
    document_key                  AS 表键
FROM v_indicator_review;
COMMENT ON VIEW 审核问题 IS '绩效目标审核问题: one row per flag of the target-quality review (see v_review_rules and docs/review.md)';

CREATE OR REPLACE VIEW 审核得分 AS
SELECT
    budget_year                   AS 年度,
    department_name               AS 主管部门,
    kind_zh(owner_kind)           AS 表类型,
    owner_name                    AS 项目或单位名称,
    indicators                    AS 指标数,
    flags                         AS 问题数,
    score                         AS 得分,
    grade                         AS 等级,
    findings                      AS 问题类型,
    file_path                     AS 来源文件,
    first_line                    AS 来源行,
    document_key                  AS 表键
FROM v_project_review_score;
COMMENT ON VIEW 审核得分 IS '绩效目标审核得分: per project or unit table, 100 minus the penalties of its flags; 优 >= 90, 良 >= 75, 中 >= 60, else 差';

CREATE OR REPLACE MACRO yoy_status_zh(status) AS
    CASE status WHEN 'new' THEN '新增' WHEN 'dropped' THEN '取消' WHEN 'increased' THEN '增加'
                WHEN 'decreased' THEN '减少' WHEN 'unchanged' THEN '持平' WHEN 'amount_missing' THEN '金额缺失'
                ELSE status END;

CREATE OR REPLACE VIEW 项目预算同比 AS
SELECT
    department_name               AS 主管部门,
    budget_year                   AS 年度,
    previous_year                 AS 上年度,
    project_name                  AS 项目名称,
    previous_project_name         AS 上年项目名称,
    project_type                  AS 项目类型,
    amount_yuan                   AS "当年度金额(元)",
    previous_amount_yuan          AS "上年当年度金额(元)",
    change_yuan                   AS "变化(元)",
    change_pct / 100              AS 变化比例,
    yoy_status_zh(status)         AS 变化情况,
    renamed                       AS 已改名,
    document_key                  AS 表键,
    previous_document_key         AS 上年表键
FROM v_project_budget_yoy;
COMMENT ON VIEW 项目预算同比 IS '项目预算同比: each project against the same project (across renames) in the department''s previous budget year: 当年度金额, change, 新增/取消/增加/减少/持平';

CREATE OR REPLACE VIEW 单位预算同比 AS
SELECT
    department_name               AS 主管部门,
    unit_name                     AS 单位名称,
    budget_year                   AS 年度,
    previous_year                 AS 上年度,
    category_group                AS 类别组,
    category                      AS 类别,
    amount_yuan                   AS "金额(元)",
    previous_amount_yuan          AS "上年金额(元)",
    change_yuan                   AS "变化(元)",
    change_pct / 100              AS 变化比例,
    yoy_status_zh(status)         AS 变化情况,
    document_key                  AS 表键,
    previous_document_key         AS 上年表键
FROM v_unit_budget_yoy;
COMMENT ON VIEW 单位预算同比 IS '单位预算同比: each budget category of a unit table (基本支出, 项目支出, 财政拨款 ...) against the previous budget year, in yuan';

CREATE OR REPLACE VIEW 指标目标同比 AS
SELECT
    department_name               AS 主管部门,
    budget_year                   AS 年度,
    previous_year                 AS 上年度,
    project_name                  AS 项目名称,
    level1                        AS 一级指标,
    level2                        AS 二级指标,
    indicator_name                AS 三级指标,
    value_raw                     AS 指标值,
    previous_value_raw            AS 上年指标值,
    direction                     AS 指标方向,
    CASE value_change
        WHEN 'new' THEN '新增' WHEN 'dropped' THEN '删除' WHEN 'unchanged' THEN '不变'
        WHEN 'raised' THEN '数值提高' WHEN 'lowered' THEN '数值降低'
        WHEN 'number_to_qualitative' THEN '定量改为定性' WHEN 'qualitative_to_number' THEN '定性改为定量'
        WHEN 'qualitative_changed' THEN '定性表述变化' WHEN 'unit_changed' THEN '单位变化'
        WHEN 'operator_changed' THEN '比较符变化' WHEN 'not_comparable' THEN '无法比较'
        ELSE value_change END     AS 变化,
    CASE strength_change WHEN 'stronger' THEN '加强' WHEN 'weaker' THEN '减弱' WHEN 'same' THEN '不变' END AS 目标强弱,
    source_line                   AS 来源行,
    previous_source_line          AS 上年来源行,
    indicator_key                 AS 指标键
FROM v_indicator_target_yoy;
COMMENT ON VIEW 指标目标同比 IS '指标目标同比: each indicator of a project against the same indicator the previous budget year: both targets, the change, and whether the target got stronger (加强) or weaker (减弱)';
