-- Views over the canonical tables, for analysts. Recreated on every load (CREATE OR REPLACE).

CREATE OR REPLACE VIEW v_indicators AS
SELECT
    d.budget_year,
    dep.department_name,
    d.kind                AS owner_kind,
    d.subject_name        AS owner_name,
    i.indicator_order,
    i.level1,
    i.level2,
    i.indicator_no,
    i.indicator_name,
    i.value_column,
    i.value_raw,
    i.operator,
    i.number,
    i.unit,
    i.number_upper,
    i.is_change,
    i.is_qualitative,
    i.is_placeholder,
    d.file_path,
    i.source_line,
    i.indicator_key,
    i.document_key,
    i.document_key NOT IN (SELECT document_key FROM superseded_documents) AS is_current
FROM indicators i
JOIN documents d USING (document_key)
LEFT JOIN departments dep ON dep.department_key = d.department_key;
COMMENT ON VIEW v_indicators IS '绩效指标明细: every indicator of every version of a table (project or unit), with department, year, source line and is_current (false once a resubmission superseded the table)';

CREATE OR REPLACE VIEW v_submission_summary AS
SELECT
    s.file_name,
    s.budget_year,
    s.year_source,
    s.status,
    s.table_count,
    count(DISTINCT d.document_key) FILTER (WHERE d.kind = 'unit')    AS unit_tables,
    count(DISTINCT d.document_key) FILTER (WHERE d.kind = 'project') AS project_tables,
    (SELECT count(*) FROM indicators i WHERE i.submission_key = s.submission_key) AS indicators,
    (SELECT sum(p.total_amount_yuan) FROM projects p WHERE p.submission_key = s.submission_key)
                                                                      AS project_total_yuan,
    s.warning_count,
    s.error,
    s.loaded_at,
    s.submission_key
FROM submissions s
LEFT JOIN documents d USING (submission_key)
GROUP BY ALL;
COMMENT ON VIEW v_submission_summary IS '报送概况: per file, what was loaded (tables, indicators, project budget total) and its warnings';
