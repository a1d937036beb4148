-- History: every version of every table is kept; a newer submission of the same table supersedes
-- the older one. A table (document) is identified by what it covers, its owner_key: the project_key
-- (department, budget year, 项目名称) or unit_key (department, budget year, 单位名称). The version
-- that arrived last is current; the current_* views show only those. The canonical tables stay
-- exactly what the files say (the same content always loads the same rows); when each version
-- arrived and what superseded it is kept beside them, in document_versions, filled in by
-- warehouse/history.py in the same transaction as each load (the tables: warehouse/tables.toml).
-- Run after the tables are created.

CREATE OR REPLACE VIEW superseded_documents AS
SELECT document_key, superseded_by FROM document_versions WHERE superseded_by IS NOT NULL;
COMMENT ON VIEW superseded_documents IS '已被替代的表: tables a newer version has replaced; every current_* view leaves them out';

CREATE OR REPLACE VIEW current_documents AS
SELECT * FROM documents WHERE document_key NOT IN (SELECT document_key FROM superseded_documents);
COMMENT ON VIEW current_documents IS '当前版本的表: the latest version of every table (what no resubmission has superseded)';

CREATE OR REPLACE VIEW current_units AS
SELECT * FROM units WHERE document_key NOT IN (SELECT document_key FROM superseded_documents);
COMMENT ON VIEW current_units IS '当前单位整体绩效目标: units rows of current tables only';

CREATE OR REPLACE VIEW current_projects AS
SELECT * FROM projects WHERE document_key NOT IN (SELECT document_key FROM superseded_documents);
COMMENT ON VIEW current_projects IS '当前项目: projects rows of current tables only';

CREATE OR REPLACE VIEW current_budget_lines AS
SELECT * FROM budget_lines WHERE document_key NOT IN (SELECT document_key FROM superseded_documents);
COMMENT ON VIEW current_budget_lines IS '当前预算金额: budget_lines of current tables only';

CREATE OR REPLACE VIEW current_goals AS
SELECT * FROM goals WHERE document_key NOT IN (SELECT document_key FROM superseded_documents);
COMMENT ON VIEW current_goals IS '当前绩效目标: goals of current tables only';

CREATE OR REPLACE VIEW current_key_tasks AS
SELECT * FROM key_tasks WHERE document_key NOT IN (SELECT document_key FROM superseded_documents);
COMMENT ON VIEW current_key_tasks IS '当前年度重点工作任务: key_tasks of current tables only';

CREATE OR REPLACE VIEW current_indicators AS
SELECT * FROM indicators WHERE document_key NOT IN (SELECT document_key FROM superseded_documents);
COMMENT ON VIEW current_indicators IS '当前绩效指标: indicators of current tables only';

CREATE OR REPLACE VIEW current_indicator_values AS
SELECT * FROM indicator_values WHERE document_key NOT IN (SELECT document_key FROM superseded_documents);
COMMENT ON VIEW current_indicator_values IS '当前指标值: indicator_values of current tables only';

CREATE OR REPLACE VIEW current_indicator_attributes AS
SELECT * FROM indicator_attributes WHERE document_key NOT IN (SELECT document_key FROM superseded_documents);
COMMENT ON VIEW current_indicator_attributes IS '当前指标属性: indicator_attributes of current tables only';

CREATE OR REPLACE VIEW current_policy_citations AS
SELECT * FROM policy_citations WHERE document_key NOT IN (SELECT document_key FROM superseded_documents);
COMMENT ON VIEW current_policy_citations IS '当前政策依据: policy_citations of current tables only';

CREATE OR REPLACE VIEW current_parse_warnings AS
SELECT * FROM parse_warnings
WHERE document_key IS NULL OR document_key NOT IN (SELECT document_key FROM superseded_documents);
COMMENT ON VIEW current_parse_warnings IS '当前解析警告: parse_warnings of current tables (and of whole files)';

CREATE OR REPLACE VIEW v_document_history AS
SELECT
    v.owner_key,
    d.kind,
    d.subject_name,
    dep.department_name,
    d.budget_year,
    v.version_no,
    count(*) OVER (PARTITION BY v.owner_key)   AS version_count,
    v.superseded_by IS NULL                    AS is_current,
    v.valid_from,
    v.valid_to,
    v.superseded_by,
    s.file_name,
    d.file_path,
    d.first_line,
    d.last_line,
    d.document_key,
    d.submission_key
FROM document_versions v
JOIN documents d USING (document_key)
JOIN submissions s ON s.submission_key = d.submission_key
LEFT JOIN departments dep ON dep.department_key = d.department_key;
COMMENT ON VIEW v_document_history IS '版本历史: every version of every table, numbered in arrival order (1 = as first submitted), with its file, validity and whether it is current';
