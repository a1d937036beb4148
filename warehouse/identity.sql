-- Project identity across budget years (warehouse/identity.py), and the analysts' overrides it
-- applied (warehouse/project_aliases.csv). Run after schema.sql on every writer connection.

CREATE TABLE IF NOT EXISTS project_identity (
    project_key           VARCHAR PRIMARY KEY,
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
