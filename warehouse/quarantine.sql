-- Quarantine: submissions that fail an ERROR check are kept whole here, never in the main tables.
-- The schema `quarantine` has a copy of every table of the model (same columns and comments; the
-- rows of held submissions; created and kept in step by warehouse/quarantine_schema.py) and
-- `holds` (declared in warehouse/tables.toml), one row per submission held back, with its reasons
-- and whether a corrected resubmission has released it. Every check result, of loaded and held submissions alike, is in
-- main.validation_results.

CREATE OR REPLACE VIEW v_validation_findings AS
SELECT
    r.checked_at,
    coalesce(s.file_name, h.file_name)                      AS file_name,
    CASE WHEN s.submission_key IS NOT NULL THEN 'loaded'
         WHEN h.status = 'held' THEN 'quarantined'
         ELSE coalesce(h.status, 'not loaded') END          AS outcome,
    r.severity,
    r.check_name,
    d.subject,
    d.line,
    r.rule,
    d.expected,
    d.found,
    d.difference,
    d.file,
    r.submission_key
FROM validation_results r
CROSS JOIN UNNEST(r.details) AS u(d)
LEFT JOIN submissions s USING (submission_key)
LEFT JOIN quarantine.holds h USING (submission_key)
WHERE NOT r.passed;
COMMENT ON VIEW v_validation_findings IS '校验问题: every failing row of every check (file, 项目名称 or unit, line, rule, expected vs found), with whether its submission was loaded or quarantined';
COMMENT ON COLUMN "v_validation_findings"."checked_at" IS '检查时间：该批次校验的时间（UTC）；--force 重新入库会新增一次';
COMMENT ON COLUMN "v_validation_findings"."file_name" IS '文件名：报送文件的文件名';
COMMENT ON COLUMN "v_validation_findings"."outcome" IS '结果：loaded 已入库、quarantined 已隔离，或 not loaded 未入库';
COMMENT ON COLUMN "v_validation_findings"."severity" IS '级别：warn（警告）或 error（错误）';
COMMENT ON COLUMN "v_validation_findings"."check_name" IS '检查：Great Expectations 期望为 <表>.<规则>，跨表核对为 reconcile.<规则>';
COMMENT ON COLUMN "v_validation_findings"."subject" IS '对象：未通过的行所属的项目名称或单位名称';
COMMENT ON COLUMN "v_validation_findings"."line" IS '行号：未通过的值在来源文件中的行号';
COMMENT ON COLUMN "v_validation_findings"."rule" IS '规则：用表上的术语表述的规则，如 当年度金额 ≤ 总金额';
COMMENT ON COLUMN "v_validation_findings"."expected" IS '应为：规则期望的值（核对的另一方，或规则本身）';
COMMENT ON COLUMN "v_validation_findings"."found" IS '实际：表上实际的值';
COMMENT ON COLUMN "v_validation_findings"."difference" IS '差额：核对两方之差';
COMMENT ON COLUMN "v_validation_findings"."file" IS '文件：未通过的值所在文件的文件名';
COMMENT ON COLUMN "v_validation_findings"."submission_key" IS '文件哈希：报送文件内容的 sha256（submissions 的键）';
