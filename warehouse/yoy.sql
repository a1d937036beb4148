-- Year over year: each budget year of a department against the department's previous budget year
-- with tables of the same kind. Built on the current_* views (a resubmission counts once, in its
-- latest version) and on project_identity (a renamed project is the same project). Every view has
-- both years, both values and the change. Run after history.sql (project_identity: warehouse/tables.toml).

-- 反向 (smaller is stronger) or 正向: a cap (不高于, 小于, ≤), a cost, or a count/rate of bad
-- things (投诉率, 差错率, 事故 ...) but not the handling of them (投诉案件结案率 is 正向)
CREATE OR REPLACE MACRO indicator_direction(level1, level2, indicator_name, operator) AS
    CASE
        WHEN operator IN ('<=', '<') THEN '反向'
        WHEN level1 = '成本指标' OR coalesce(level2, '') LIKE '%成本%' THEN '反向'
        WHEN regexp_matches(indicator_name, '结案率|办结率|处理率|处置率|回复率|答复率|解决率|化解率|调解成功率') THEN '正向'
        WHEN regexp_matches(indicator_name, '投诉|差错|错误率|失误|事故|违规|违纪|逾期|超支|流失率|失业率|发生率|上访') THEN '反向'
        ELSE '正向'
    END;

-- an indicator name as compared across years: no bracketed unit ((%), （个）), no spaces or punctuation
CREATE OR REPLACE MACRO indicator_match_name(indicator_name) AS
    regexp_replace(regexp_replace(indicator_name, '[（(][^（()）]*[)）]', '', 'g'), '[\s\p{P}]', '', 'g');

-- whether a target got stronger or weaker: for 反向 indicators a lower number is stronger; a number
-- turned into words is weaker (stored in indicator_target_yoy: per row at query time it was 0.4 s of
-- a count over 9M rows at 1M)
CREATE OR REPLACE MACRO strength_change(value_change, direction) AS
    CASE value_change
        WHEN 'unchanged' THEN 'same'
        WHEN 'raised' THEN CASE direction WHEN '反向' THEN 'weaker' ELSE 'stronger' END
        WHEN 'lowered' THEN CASE direction WHEN '反向' THEN 'stronger' ELSE 'weaker' END
        WHEN 'number_to_qualitative' THEN 'weaker'
        WHEN 'qualitative_to_number' THEN 'stronger'
    END;

-- a percentage change, NULL when there was nothing before to compare with
CREATE OR REPLACE MACRO change_pct(amount, previous_amount) AS
    CASE WHEN previous_amount <> 0 THEN round(100 * (amount - previous_amount) / previous_amount, 2) END;

-- what happened to an amount between two years; in_this_year / in_previous_year: is the item there
CREATE OR REPLACE MACRO amount_status(in_this_year, in_previous_year, amount, previous_amount) AS
    CASE
        WHEN NOT in_previous_year THEN 'new'
        WHEN NOT in_this_year THEN 'dropped'
        WHEN amount IS NULL OR previous_amount IS NULL THEN 'amount_missing'
        WHEN amount > previous_amount THEN 'increased'
        WHEN amount < previous_amount THEN 'decreased'
        ELSE 'unchanged'
    END;

-- an amount against the previous year's, as the columns every amount comparison has: both amounts,
-- the change, the percent change and what happened (expanded into its columns with unnest)
CREATE OR REPLACE MACRO amount_yoy(in_this_year, in_previous_year, amount, previous_amount) AS
    struct_pack(amount_yuan := amount, previous_amount_yuan := previous_amount,
                change_yuan := amount - previous_amount, change_pct := change_pct(amount, previous_amount),
                status := amount_status(in_this_year, in_previous_year, amount, previous_amount));

-- The department years and the projects of a year are table macros of a list of department keys
-- (NULL: every department), so that warehouse/identity_yoy.sql computes the rows of the departments
-- a load touched, and only those (the list reaches every scan as a filter).
CREATE OR REPLACE MACRO department_years(departments) AS TABLE
SELECT
    department_key,
    kind,
    budget_year,
    lag(budget_year) OVER (PARTITION BY department_key, kind ORDER BY budget_year) AS previous_year
FROM (SELECT DISTINCT department_key, kind, budget_year FROM current_documents
      WHERE department_key IS NOT NULL AND budget_year IS NOT NULL
        AND (departments IS NULL OR list_contains(departments, department_key)));

-- the files holding tables of the departments listed: a fact table without department_key
-- (indicators, budget_lines) is scanned for those by submission_key, which is stored in load order,
-- rather than joined with every document (at 1M: 20-30 ms against 70-140 ms per department)
CREATE OR REPLACE MACRO department_submissions(departments) AS TABLE
SELECT DISTINCT submission_key FROM documents
WHERE department_key IS NOT NULL AND (departments IS NULL OR list_contains(departments, department_key));

CREATE OR REPLACE VIEW v_department_years AS SELECT * FROM department_years(NULL);
COMMENT ON VIEW v_department_years IS '部门年度: each budget year a department has current tables of a kind (unit/project), and its previous such year';

-- the current projects of the departments listed, with their lineage (project_identity)
CREATE OR REPLACE MACRO project_members(departments) AS TABLE
SELECT p.department_key, p.budget_year, p.project_key, p.project_name, p.project_type,
       p.current_year_amount_yuan AS amount_yuan, p.document_key, p.source_line,
       i.lineage_key, i.match_score, i.match_method, i.match_reason
FROM current_projects p
JOIN project_identity i USING (project_key)
WHERE departments IS NULL
   OR (list_contains(departments, p.department_key) AND list_contains(departments, i.department_key));

-- those of a year with a previous year (previous_year), and those of a year before a year (next_year)
CREATE OR REPLACE MACRO projects_this_year(departments) AS TABLE
SELECT m.*, y.previous_year
FROM project_members(departments) m
JOIN department_years(departments) y USING (department_key, budget_year)
WHERE y.kind = 'project' AND y.previous_year IS NOT NULL;

CREATE OR REPLACE MACRO projects_last_year(departments) AS TABLE
SELECT m.*, y.budget_year AS next_year
FROM project_members(departments) m
JOIN department_years(departments) y ON y.department_key = m.department_key AND y.previous_year = m.budget_year
WHERE y.kind = 'project';

-- its rows are computed by each load for the departments it touches (project_budget_yoy.sql)
CREATE OR REPLACE VIEW v_project_budget_yoy AS
SELECT dep.department_name, y.*
FROM project_budget_yoy y
LEFT JOIN departments dep ON dep.department_key = y.department_key;
COMMENT ON VIEW v_project_budget_yoy IS '项目预算同比: each project against the same project (matched across renames) in the department''s previous budget year: 当年度金额 both years, change, percent, new/dropped/increased/decreased/unchanged; its rows are computed by each load for the departments it touches (project_budget_yoy, warehouse/project_budget_yoy.sql)';

-- its rows are computed by each load for the departments it touches (unit_budget_yoy.sql)
CREATE OR REPLACE VIEW v_unit_budget_yoy AS
SELECT dep.department_name, y.*
FROM unit_budget_yoy y
LEFT JOIN departments dep ON dep.department_key = y.department_key;
COMMENT ON VIEW v_unit_budget_yoy IS '单位预算同比: each budget category of a unit table (基本支出, 项目支出, 财政拨款 ...) against the previous budget year: both amounts in yuan, change, percent; its rows are computed by each load for the departments it touches (unit_budget_yoy, warehouse/unit_budget_yoy.sql)';

CREATE OR REPLACE VIEW v_indicator_target_yoy AS
SELECT
    dep.department_name,
    y.* EXCLUDE (indicator_key, previous_indicator_key, source_line, previous_source_line,
                 document_key, previous_document_key, lineage_key, department_key, strength_change),
    y.strength_change,
    y.indicator_key, y.previous_indicator_key, y.source_line, y.previous_source_line,
    y.document_key, y.previous_document_key, y.lineage_key, y.department_key
FROM indicator_target_yoy y
LEFT JOIN departments dep ON dep.department_key = y.department_key;
COMMENT ON VIEW v_indicator_target_yoy IS '指标目标同比: the same indicator of the same project in the previous budget year: both targets, value_change (raised, lowered, unchanged, number_to_qualitative ...), direction (正向/反向) and strength_change (stronger/weaker: for 反向 indicators a lower number is stronger; a number turned into words is weaker); its rows are computed by each load for the departments it touches (indicator_target_yoy, warehouse/identity_yoy.sql)';

-- its rows are computed by each load for the departments it touches (indicator_class_yoy.sql)
CREATE OR REPLACE VIEW v_indicator_class_yoy AS
SELECT dep.department_name, y.*
FROM indicator_class_yoy y
LEFT JOIN departments dep ON dep.department_key = y.department_key;
COMMENT ON VIEW v_indicator_class_yoy IS '指标类别同比: indicators per 一级/二级指标 of a department''s current tables (projects and units apart), each budget year against the previous: counts, change, how many are quantitative; its rows are computed by each load for the departments it touches (indicator_class_yoy, warehouse/indicator_class_yoy.sql)';
