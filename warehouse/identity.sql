-- Project identity across budget years (warehouse/identity.py), and the analysts' overrides it
-- applied (warehouse/project_aliases.csv). Run after schema.sql on every writer connection.

CREATE TABLE IF NOT EXISTS project_identity (
    project_key           VARCHAR NOT NULL,
    department_key        VARCHAR NOT NULL,
    budget_year           INTEGER,
    project_name          VARCHAR NOT NULL,
    normalized_name       VARCHAR NOT NULL,
    lineage_key           VARCHAR NOT NULL,
    previous_project_key  VARCHAR,
    previous_year         INTEGER,
    previous_project_name VARCHAR,
    match_score           DOUBLE,
    match_method          VARCHAR NOT NULL,
    match_reason          VARCHAR NOT NULL
);
COMMENT ON TABLE project_identity IS '项目跨年对应: which project of an earlier year each current project continues (matched within its department by name), with score and reason';
COMMENT ON COLUMN project_identity.project_key IS '项目键: the project in this budget year';
COMMENT ON COLUMN project_identity.department_key IS '部门键';
COMMENT ON COLUMN project_identity.budget_year IS '预算年度';
COMMENT ON COLUMN project_identity.project_name IS '项目名称 as printed this year';
COMMENT ON COLUMN project_identity.normalized_name IS '规范化名称: the name without quotes, years, punctuation and 经费-type suffixes';
COMMENT ON COLUMN project_identity.lineage_key IS '项目链键: project_key of the first year of this project; equal across the years of one project';
COMMENT ON COLUMN project_identity.previous_project_key IS '上期项目键: the earlier project it continues; NULL for a new project';
COMMENT ON COLUMN project_identity.previous_year IS '上期年度: budget year of that earlier project';
COMMENT ON COLUMN project_identity.previous_project_name IS '上期项目名称 as printed then';
COMMENT ON COLUMN project_identity.match_score IS '匹配得分: 1 same name or alias, 0.95 same normalized name, 0.9 x similarity for similar names; NULL for new projects';
COMMENT ON COLUMN project_identity.match_method IS '匹配方式: same_name, normalized_name, similar_name, alias, alias_new or new';
COMMENT ON COLUMN project_identity.match_reason IS '匹配理由: why, in words (what was set aside, the similarity, the aliases line, or the closest non-match)';

CREATE TABLE IF NOT EXISTS project_aliases (
    line                  INTEGER NOT NULL,
    department_key        VARCHAR NOT NULL,
    department_name       VARCHAR NOT NULL,
    budget_year           INTEGER NOT NULL,
    project_name          VARCHAR NOT NULL,
    previous_year         INTEGER,
    previous_project_name VARCHAR,
    note                  VARCHAR
);
COMMENT ON TABLE project_aliases IS '项目对应人工修正: the rows of project_aliases.csv as last applied; a change re-matches the departments it names';
COMMENT ON COLUMN project_aliases.line IS '行号: line in project_aliases.csv';
COMMENT ON COLUMN project_aliases.department_key IS '部门键';
COMMENT ON COLUMN project_aliases.department_name IS '部门名称 as written in the file';
COMMENT ON COLUMN project_aliases.budget_year IS '预算年度 of the project named';
COMMENT ON COLUMN project_aliases.project_name IS '项目名称 in that year';
COMMENT ON COLUMN project_aliases.previous_year IS '上期年度: the year of the project it continues; empty for a new project';
COMMENT ON COLUMN project_aliases.previous_project_name IS '上期项目名称: the project it continues; empty for a new project';
COMMENT ON COLUMN project_aliases.note IS '说明: why (for the next analyst)';

CREATE TABLE IF NOT EXISTS indicator_target_yoy (
    department_key          VARCHAR NOT NULL,
    budget_year             INTEGER NOT NULL,
    previous_year           INTEGER NOT NULL,
    project_name            VARCHAR,
    previous_project_name   VARCHAR,
    level1                  VARCHAR,
    level2                  VARCHAR,
    indicator_name          VARCHAR,
    previous_indicator_name VARCHAR,
    direction               VARCHAR NOT NULL,
    value_raw               VARCHAR,
    previous_value_raw      VARCHAR,
    operator                VARCHAR,
    previous_operator       VARCHAR,
    number                  DOUBLE,
    previous_number         DOUBLE,
    unit                    VARCHAR,
    previous_unit           VARCHAR,
    value_change            VARCHAR NOT NULL,
    number_change           DOUBLE,
    indicator_key           VARCHAR,
    previous_indicator_key  VARCHAR,
    source_line             INTEGER,
    previous_source_line    INTEGER,
    document_key            VARCHAR NOT NULL,
    previous_document_key   VARCHAR NOT NULL,
    lineage_key             VARCHAR NOT NULL
);
COMMENT ON TABLE indicator_target_yoy IS '指标目标同比 (precomputed): the rows of v_indicator_target_yoy without department name and strength, computed again by warehouse/identity_yoy.sql for the departments a load or a re-match touched; read it through the view';
COMMENT ON COLUMN indicator_target_yoy.department_key IS '部门键';
COMMENT ON COLUMN indicator_target_yoy.budget_year IS '预算年度';
COMMENT ON COLUMN indicator_target_yoy.previous_year IS '上年: the department''s previous budget year with project tables';
COMMENT ON COLUMN indicator_target_yoy.project_name IS '项目名称 this year';
COMMENT ON COLUMN indicator_target_yoy.previous_project_name IS '上年项目名称';
COMMENT ON COLUMN indicator_target_yoy.level1 IS '一级指标';
COMMENT ON COLUMN indicator_target_yoy.level2 IS '二级指标';
COMMENT ON COLUMN indicator_target_yoy.indicator_name IS '三级指标 this year (last year''s when dropped)';
COMMENT ON COLUMN indicator_target_yoy.previous_indicator_name IS '上年三级指标';
COMMENT ON COLUMN indicator_target_yoy.direction IS '方向: 正向, or 反向 (smaller is stronger)';
COMMENT ON COLUMN indicator_target_yoy.value_raw IS '指标值 as printed this year';
COMMENT ON COLUMN indicator_target_yoy.previous_value_raw IS '上年指标值 as printed';
COMMENT ON COLUMN indicator_target_yoy.operator IS '比较符 this year';
COMMENT ON COLUMN indicator_target_yoy.previous_operator IS '上年比较符';
COMMENT ON COLUMN indicator_target_yoy.number IS '数值 this year';
COMMENT ON COLUMN indicator_target_yoy.previous_number IS '上年数值';
COMMENT ON COLUMN indicator_target_yoy.unit IS '单位 this year';
COMMENT ON COLUMN indicator_target_yoy.previous_unit IS '上年单位';
COMMENT ON COLUMN indicator_target_yoy.value_change IS '变化: new, dropped, unchanged, not_comparable, raised, lowered, unit_changed, operator_changed, number_to_qualitative, qualitative_to_number, qualitative_changed';
COMMENT ON COLUMN indicator_target_yoy.number_change IS '数值变化: this year''s number less last year''s, same unit only';
COMMENT ON COLUMN indicator_target_yoy.indicator_key IS '指标键 this year; NULL when dropped';
COMMENT ON COLUMN indicator_target_yoy.previous_indicator_key IS '上年指标键; NULL when new';
COMMENT ON COLUMN indicator_target_yoy.source_line IS '行号 this year';
COMMENT ON COLUMN indicator_target_yoy.previous_source_line IS '上年行号';
COMMENT ON COLUMN indicator_target_yoy.document_key IS '表键 of the project table this year';
COMMENT ON COLUMN indicator_target_yoy.previous_document_key IS '上年表键';
COMMENT ON COLUMN indicator_target_yoy.lineage_key IS '项目链键 (project_identity)';

CREATE TABLE IF NOT EXISTS derived_fingerprints (
    name        VARCHAR PRIMARY KEY,
    fingerprint VARCHAR NOT NULL
);
COMMENT ON TABLE derived_fingerprints IS '派生表版本: for each precomputed table (indicator_target_yoy), a hash of the SQL it was computed by; when that SQL changes, the next load or re-match computes the table again for every department';
COMMENT ON COLUMN derived_fingerprints.name IS '表名: the precomputed table';
COMMENT ON COLUMN derived_fingerprints.fingerprint IS 'SQL 指纹: sha256 of the SQL files its rows follow from (warehouse.identity.TARGET_YOY_SQL)';

CREATE TABLE IF NOT EXISTS derived_pending (
    name           VARCHAR NOT NULL,
    department_key VARCHAR NOT NULL
);
COMMENT ON TABLE derived_pending IS '待更新派生: departments whose precomputed rows (indicator_target_yoy) a batch of a large load left to the end of that load, written in the batch''s own transaction; the end of the load (or, after a crash, the next load or re-match) computes them and empties this table';
COMMENT ON COLUMN derived_pending.name IS '表名: the precomputed table';
COMMENT ON COLUMN derived_pending.department_key IS '部门键: a department whose rows must be computed again';
