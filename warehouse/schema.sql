-- jixiao warehouse: the canonical tables. Every fact row carries submission_key (the sha256 of the
-- file it came from), document_key (the table inside that file) and source_line (the line or row
-- of the file), so any number can be traced back to where it was printed.
-- Keys are derived from content, never from load order: re-running a load yields the same keys.

CREATE TABLE IF NOT EXISTS submissions (
    submission_key VARCHAR PRIMARY KEY,
    file_path      VARCHAR NOT NULL,
    file_name      VARCHAR NOT NULL,
    file_size      BIGINT  NOT NULL,
    budget_year    INTEGER,
    year_source    VARCHAR,
    table_count    INTEGER NOT NULL,
    warning_count  INTEGER NOT NULL,
    status         VARCHAR NOT NULL,
    error          VARCHAR,
    loaded_at      TIMESTAMP NOT NULL
);
COMMENT ON TABLE submissions IS '报送文件: one row per file ingested (by content hash), loaded or rejected';
COMMENT ON COLUMN submissions.submission_key IS '文件哈希: sha256 of the file bytes; the same content is one submission whatever its name';
COMMENT ON COLUMN submissions.file_path IS '文件路径: the path the file was read from';
COMMENT ON COLUMN submissions.file_name IS '文件名: the file name';
COMMENT ON COLUMN submissions.file_size IS '文件大小: bytes';
COMMENT ON COLUMN submissions.budget_year IS '预算年度: the budget year the submission covers';
COMMENT ON COLUMN submissions.year_source IS '年度来源: where the budget year came from (explicit, title, file_name, project_period)';
COMMENT ON COLUMN submissions.table_count IS '表数: number of tables (documents) found in the file';
COMMENT ON COLUMN submissions.warning_count IS '警告数: number of parse warnings';
COMMENT ON COLUMN submissions.status IS '状态: loaded, or rejected (nothing of the file was loaded; see error)';
COMMENT ON COLUMN submissions.error IS '错误: why the file was rejected, naming the file, table and line';
COMMENT ON COLUMN submissions.loaded_at IS '入库时间: when the submission was first processed (UTC)';

CREATE TABLE IF NOT EXISTS documents (
    document_key   VARCHAR NOT NULL,
    submission_key VARCHAR NOT NULL,
    table_index    INTEGER NOT NULL,
    kind           VARCHAR NOT NULL,
    title          VARCHAR,
    subject_name   VARCHAR,
    department_key VARCHAR,
    budget_year    INTEGER,
    year_source    VARCHAR,
    file_path      VARCHAR NOT NULL,
    container      VARCHAR,
    first_line     INTEGER NOT NULL,
    last_line      INTEGER NOT NULL,
    warning_count  INTEGER NOT NULL
);
COMMENT ON TABLE documents IS '绩效目标表: one row per table found in a submission (unit-level or project)';
COMMENT ON COLUMN documents.document_key IS '表键: first 16 hex digits of the file hash, a colon, and the table position in the file';
COMMENT ON COLUMN documents.submission_key IS '文件哈希: the submission the table came from';
COMMENT ON COLUMN documents.table_index IS '表序号: 0-based position of the table in its file';
COMMENT ON COLUMN documents.kind IS '表类型: unit (部门/单位整体绩效目标表) or project (项目支出绩效目标表)';
COMMENT ON COLUMN documents.title IS '表名: the title printed above the table';
COMMENT ON COLUMN documents.subject_name IS '对象名称: the project name (项目名称) or the unit name (下属单位名称)';
COMMENT ON COLUMN documents.department_key IS '部门键: the department (主管部门 / 部门名称) the table belongs to';
COMMENT ON COLUMN documents.budget_year IS '预算年度: the budget year of the submission';
COMMENT ON COLUMN documents.year_source IS '年度来源: where the budget year came from';
COMMENT ON COLUMN documents.file_path IS '文件路径: the file the table was read from';
COMMENT ON COLUMN documents.container IS '工作表/表格: sheet or table name inside the file (empty for text)';
COMMENT ON COLUMN documents.first_line IS '起始行: first line of the table in the file';
COMMENT ON COLUMN documents.last_line IS '结束行: last line of the table in the file';
COMMENT ON COLUMN documents.warning_count IS '警告数: parse warnings raised for this table';
-- completeness, added after the first warehouses: at the end of the table in old and new ones alike
ALTER TABLE documents ADD COLUMN IF NOT EXISTS missing_fields VARCHAR[];
ALTER TABLE documents ADD COLUMN IF NOT EXISTS complete BOOLEAN;
COMMENT ON COLUMN documents.missing_fields IS '未填写字段: the canonical fields the table does not print (or prints blank): 项目名称, 主管部门, 总金额, 当年度金额, 项目类型, 起始年度, 到期年度 for projects; 下属单位名称 (nor 部门名称), 财政供养人员数, 单位预算支出, 收入来源 for unit tables; loaded with a warning, see docs/validation.md';
-- lineage of tables recovered from raw text, added after the first warehouses
ALTER TABLE documents ADD COLUMN IF NOT EXISTS layout VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS layout_confidence DOUBLE;
COMMENT ON COLUMN documents.layout IS '版式: how the table was recovered from raw text (tabs, pipe_rows, pipe_cells, spaces, lines, run_together; docs/formats.md); NULL for workbooks, documents, web pages and PDFs, which state their cells';
COMMENT ON COLUMN documents.layout_confidence IS '版式置信度: the share (0-1) of the table''s rows the parser read as the form means them under that layout (rows not understood, cells that fit no column and unknown levels count against it); NULL where layout is NULL';
COMMENT ON COLUMN documents.complete IS '信息完整: true when the table prints every canonical field (missing_fields is empty); NULL for tables loaded before it was recorded';

CREATE TABLE IF NOT EXISTS departments (
    department_key  VARCHAR PRIMARY KEY,
    department_name VARCHAR NOT NULL
);
COMMENT ON TABLE departments IS '部门: departments named by the tables (主管部门 / 部门名称)';
COMMENT ON COLUMN departments.department_key IS '部门键: hash of the normalized department name';
COMMENT ON COLUMN departments.department_name IS '部门名称: the department name as printed';

CREATE TABLE IF NOT EXISTS units (
    document_key     VARCHAR NOT NULL,
    unit_key         VARCHAR NOT NULL,
    submission_key   VARCHAR NOT NULL,
    department_key   VARCHAR,
    department_name  VARCHAR,
    unit_name        VARCHAR,
    budget_year      INTEGER,
    staff_count      INTEGER,
    staff_count_raw  VARCHAR,
    source_line      INTEGER NOT NULL
);
COMMENT ON TABLE units IS '单位整体绩效目标: one row per unit-level table (部门下属单位整体预算绩效目标表)';
COMMENT ON COLUMN units.document_key IS '表键: the table this unit row was read from';
COMMENT ON COLUMN units.unit_key IS '单位键: hash of department, unit name and budget year';
COMMENT ON COLUMN units.submission_key IS '文件哈希: the submission';
COMMENT ON COLUMN units.department_key IS '部门键';
COMMENT ON COLUMN units.department_name IS '部门名称';
COMMENT ON COLUMN units.unit_name IS '下属单位名称';
COMMENT ON COLUMN units.budget_year IS '预算年度';
COMMENT ON COLUMN units.staff_count IS '财政供养人员数: staff paid from the budget';
COMMENT ON COLUMN units.staff_count_raw IS '财政供养人员数 as printed';
COMMENT ON COLUMN units.source_line IS '来源行: line of the unit name in the file';

CREATE TABLE IF NOT EXISTS projects (
    document_key             VARCHAR NOT NULL,
    project_key              VARCHAR NOT NULL,
    submission_key           VARCHAR NOT NULL,
    department_key           VARCHAR,
    department_name          VARCHAR,
    project_name             VARCHAR,
    project_type             VARCHAR,
    project_level            VARCHAR,
    implementing_unit        VARCHAR,
    start_year               INTEGER,
    end_year                 INTEGER,
    budget_year              INTEGER,
    total_amount_yuan        DECIMAL(18, 2),
    current_year_amount_yuan DECIMAL(18, 2),
    overview                 VARCHAR,
    source_line              INTEGER NOT NULL
);
COMMENT ON TABLE projects IS '项目: one row per project table (项目支出绩效目标表)';
COMMENT ON COLUMN projects.document_key IS '表键: the table the project was read from';
COMMENT ON COLUMN projects.project_key IS '项目键: hash of department, budget year and project name (what a resubmission replaces)';
COMMENT ON COLUMN projects.submission_key IS '文件哈希: the submission';
COMMENT ON COLUMN projects.department_key IS '部门键';
COMMENT ON COLUMN projects.department_name IS '主管部门';
COMMENT ON COLUMN projects.project_name IS '项目名称';
COMMENT ON COLUMN projects.project_type IS '项目类型 (部门职能类, 其他事业发展性支出 ...)';
COMMENT ON COLUMN projects.project_level IS '项目等级 (一级项目, 二级项目, or both)';
COMMENT ON COLUMN projects.implementing_unit IS '用款单位';
COMMENT ON COLUMN projects.start_year IS '实施期限 起始年度';
COMMENT ON COLUMN projects.end_year IS '实施期限 到期年度';
COMMENT ON COLUMN projects.budget_year IS '预算年度: the budget year of the submission';
COMMENT ON COLUMN projects.total_amount_yuan IS '预算金额 总金额, in yuan (元)';
COMMENT ON COLUMN projects.current_year_amount_yuan IS '预算金额 当年度金额, in yuan (元)';
COMMENT ON COLUMN projects.overview IS '项目概述';
COMMENT ON COLUMN projects.source_line IS '来源行: line of 项目名称 in the file';

CREATE TABLE IF NOT EXISTS budget_lines (
    budget_line_key VARCHAR NOT NULL,
    document_key    VARCHAR NOT NULL,
    submission_key  VARCHAR NOT NULL,
    owner_kind      VARCHAR NOT NULL,
    owner_key       VARCHAR NOT NULL,
    category_group  VARCHAR,
    category        VARCHAR NOT NULL,
    amount_yuan     DECIMAL(18, 2),
    amount_raw      VARCHAR NOT NULL,
    unit_printed    VARCHAR NOT NULL,
    source_line     INTEGER NOT NULL
);
COMMENT ON TABLE budget_lines IS '预算金额: every amount printed in a table, in yuan (unit budget categories; project 总金额 / 当年度金额)';
COMMENT ON COLUMN budget_lines.budget_line_key IS '金额键: table key, b, position';
COMMENT ON COLUMN budget_lines.document_key IS '表键';
COMMENT ON COLUMN budget_lines.submission_key IS '文件哈希';
COMMENT ON COLUMN budget_lines.owner_kind IS '归属: unit or project';
COMMENT ON COLUMN budget_lines.owner_key IS '归属键: unit_key or project_key';
COMMENT ON COLUMN budget_lines.category_group IS '类别组: 单位预算支出, 收入来源, 事业发展性支出, 预算金额 (projects)';
COMMENT ON COLUMN budget_lines.category IS '类别: the form''s term (基本支出, 项目支出, 财政拨款, 其他资金, 财政专项资金, 其他事业发展性支出, 总金额, 当年度金额)';
COMMENT ON COLUMN budget_lines.amount_yuan IS '金额(元): exact yuan; NULL when the printed amount is not a number';
COMMENT ON COLUMN budget_lines.amount_raw IS '金额原文: the amount as printed';
COMMENT ON COLUMN budget_lines.unit_printed IS '单位: 元 or 万元, as the form states it';
COMMENT ON COLUMN budget_lines.source_line IS '来源行';

CREATE TABLE IF NOT EXISTS goals (
    goal_key       VARCHAR NOT NULL,
    document_key   VARCHAR NOT NULL,
    submission_key VARCHAR NOT NULL,
    scope          VARCHAR NOT NULL,
    goal_no        INTEGER,
    goal_text      VARCHAR NOT NULL,
    source_line    INTEGER NOT NULL
);
COMMENT ON TABLE goals IS '绩效目标: the goals (总体绩效目标; 实施周期总目标 and 当年度目标 for projects)';
COMMENT ON COLUMN goals.goal_key IS '目标键: table key, g, position';
COMMENT ON COLUMN goals.document_key IS '表键';
COMMENT ON COLUMN goals.submission_key IS '文件哈希';
COMMENT ON COLUMN goals.scope IS '范围: 总体 (unit), 实施周期 or 当年度 (project)';
COMMENT ON COLUMN goals.goal_no IS '目标序号: the printed 目标N';
COMMENT ON COLUMN goals.goal_text IS '目标内容';
COMMENT ON COLUMN goals.source_line IS '来源行';

CREATE TABLE IF NOT EXISTS key_tasks (
    key_task_key    VARCHAR NOT NULL,
    document_key    VARCHAR NOT NULL,
    submission_key  VARCHAR NOT NULL,
    unit_key        VARCHAR NOT NULL,
    task_kind       VARCHAR NOT NULL,
    task_no         INTEGER,
    task_name       VARCHAR NOT NULL,
    content         VARCHAR,
    amount_yuan     DECIMAL(18, 2),
    amount_raw      VARCHAR,
    unit_printed    VARCHAR,
    expected_result VARCHAR,
    source_line     INTEGER NOT NULL
);
COMMENT ON TABLE key_tasks IS '年度重点工作任务: the key tasks of a unit-level table';
COMMENT ON COLUMN key_tasks.key_task_key IS '任务键: table key, t, position';
COMMENT ON COLUMN key_tasks.document_key IS '表键';
COMMENT ON COLUMN key_tasks.submission_key IS '文件哈希';
COMMENT ON COLUMN key_tasks.unit_key IS '单位键';
COMMENT ON COLUMN key_tasks.task_kind IS '任务类别: 年度重点工作任务, 其他需完成的任务 or 年度履职目标 (部门职能 rows of a 部门整体支出绩效目标表)';
COMMENT ON COLUMN key_tasks.task_no IS '任务序号: the printed 任务N';
COMMENT ON COLUMN key_tasks.task_name IS '名称: the task (usually a project name)';
COMMENT ON COLUMN key_tasks.content IS '主要实施内容';
COMMENT ON COLUMN key_tasks.amount_yuan IS '拟投入的资金, in yuan';
COMMENT ON COLUMN key_tasks.amount_raw IS '拟投入的资金 as printed';
COMMENT ON COLUMN key_tasks.unit_printed IS '单位: 元 or 万元 as the header states';
COMMENT ON COLUMN key_tasks.expected_result IS '期望达到的目标';
COMMENT ON COLUMN key_tasks.source_line IS '来源行';

CREATE TABLE IF NOT EXISTS indicators (
    indicator_key       VARCHAR NOT NULL,
    document_key        VARCHAR NOT NULL,
    submission_key      VARCHAR NOT NULL,
    owner_kind          VARCHAR NOT NULL,
    owner_key           VARCHAR NOT NULL,
    indicator_order     INTEGER NOT NULL,
    level1              VARCHAR,
    level2              VARCHAR,
    level1_label        VARCHAR,
    level2_label        VARCHAR,
    indicator_no        INTEGER,
    indicator_name      VARCHAR NOT NULL,
    indicator_label_raw VARCHAR NOT NULL,
    value_column        VARCHAR,
    value_raw           VARCHAR,
    operator            VARCHAR,
    number              DOUBLE,
    unit                VARCHAR,
    unit_from_name      BOOLEAN,
    is_qualitative      BOOLEAN,
    is_placeholder      BOOLEAN,
    source_line         INTEGER NOT NULL
);
COMMENT ON TABLE indicators IS '绩效指标: one row per indicator (三级指标), with its primary target value normalized; all value columns are in indicator_values';
COMMENT ON COLUMN indicators.indicator_key IS '指标键: table key, i, order';
COMMENT ON COLUMN indicators.document_key IS '表键';
COMMENT ON COLUMN indicators.submission_key IS '文件哈希';
COMMENT ON COLUMN indicators.owner_kind IS '归属: unit or project';
COMMENT ON COLUMN indicators.owner_key IS '归属键: unit_key or project_key';
COMMENT ON COLUMN indicators.indicator_order IS '顺序: 1-based position in the table as printed';
COMMENT ON COLUMN indicators.level1 IS '一级指标 (canonical: 产出指标, 效益指标, 满意度指标, 成本指标), inferred from level 2';
COMMENT ON COLUMN indicators.level2 IS '二级指标 (canonical, e.g. 数量指标, 社会效益指标, 服务对象满意度指标)';
COMMENT ON COLUMN indicators.level1_label IS '一级指标原文: as printed, or carried down from the rows above';
COMMENT ON COLUMN indicators.level2_label IS '二级指标原文: as printed, or carried down';
COMMENT ON COLUMN indicators.indicator_no IS '指标序号: the printed 指标N (may repeat or skip)';
COMMENT ON COLUMN indicators.indicator_name IS '三级指标: the indicator without its 指标N: prefix';
COMMENT ON COLUMN indicators.indicator_label_raw IS '三级指标原文: the cell as printed';
COMMENT ON COLUMN indicators.value_column IS '指标值列: the value column normalized here (当年度指标值 for projects, 指标值 for units)';
COMMENT ON COLUMN indicators.value_raw IS '指标值原文: the target value as printed';
COMMENT ON COLUMN indicators.operator IS '比较符: >=, <=, >, <, = or NULL for qualitative values';
COMMENT ON COLUMN indicators.number IS '数值: the number of the target (the lower bound of a range), NULL for qualitative and unfilled values';
COMMENT ON COLUMN indicators.unit IS '计量单位: %, 个, 人, 场 ... from the value or the indicator name';
COMMENT ON COLUMN indicators.unit_from_name IS '单位取自指标名: true when the unit came from the name, e.g. （个）';
COMMENT ON COLUMN indicators.is_qualitative IS '定性: true for text targets such as 较满意, 是, 在预算范围内';
COMMENT ON COLUMN indicators.is_placeholder IS '未填占位: true for unfilled template values: ≥**%, masked digits (≤****000元), a unit or operator alone (公里, ≧ %); number is NULL';
COMMENT ON COLUMN indicators.source_line IS '来源行';
-- added after the first warehouses (ranges and changes): at the end of the table in old and new ones alike
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS number_upper DOUBLE;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS is_change BOOLEAN;
COMMENT ON COLUMN indicators.number_upper IS '上限: the upper bound of a range target (95%-100%, ≥95%且≤100%: number 95, number_upper 100, operator >=); NULL when the target is not a range';
COMMENT ON COLUMN indicators.is_change IS '变化量: true when the number is a signed change from a baseline, not a level (下降5% → -5, 增长10% → 10)';

CREATE TABLE IF NOT EXISTS indicator_values (
    indicator_key  VARCHAR NOT NULL,
    value_column   VARCHAR NOT NULL,
    column_order   INTEGER NOT NULL,
    document_key   VARCHAR NOT NULL,
    submission_key VARCHAR NOT NULL,
    value_raw      VARCHAR,
    operator       VARCHAR,
    number         DOUBLE,
    unit           VARCHAR,
    unit_from_name BOOLEAN,
    is_qualitative BOOLEAN,
    is_placeholder BOOLEAN,
    source_line    INTEGER NOT NULL
);
COMMENT ON TABLE indicator_values IS '指标值: every value column of every indicator (实施周期指标值, 当年度指标值, 指标值 ...), normalized';
COMMENT ON COLUMN indicator_values.indicator_key IS '指标键';
COMMENT ON COLUMN indicator_values.value_column IS '指标值列: the column header as printed';
COMMENT ON COLUMN indicator_values.column_order IS '列序: 1-based position among the value columns';
COMMENT ON COLUMN indicator_values.document_key IS '表键';
COMMENT ON COLUMN indicator_values.submission_key IS '文件哈希';
COMMENT ON COLUMN indicator_values.value_raw IS '指标值原文';
COMMENT ON COLUMN indicator_values.operator IS '比较符';
COMMENT ON COLUMN indicator_values.number IS '数值';
COMMENT ON COLUMN indicator_values.unit IS '计量单位';
COMMENT ON COLUMN indicator_values.unit_from_name IS '单位取自指标名';
COMMENT ON COLUMN indicator_values.is_qualitative IS '定性';
COMMENT ON COLUMN indicator_values.is_placeholder IS '未填占位';
COMMENT ON COLUMN indicator_values.source_line IS '来源行';
ALTER TABLE indicator_values ADD COLUMN IF NOT EXISTS number_upper DOUBLE;
ALTER TABLE indicator_values ADD COLUMN IF NOT EXISTS is_change BOOLEAN;
COMMENT ON COLUMN indicator_values.number_upper IS '上限: upper bound of a range target; number is the lower bound';
COMMENT ON COLUMN indicator_values.is_change IS '变化量: the number is a signed change (下降5% → -5)';

CREATE TABLE IF NOT EXISTS indicator_attributes (
    indicator_key  VARCHAR NOT NULL,
    attribute      VARCHAR NOT NULL,
    document_key   VARCHAR NOT NULL,
    submission_key VARCHAR NOT NULL,
    value_raw      VARCHAR NOT NULL,
    source_line    INTEGER NOT NULL
);
COMMENT ON TABLE indicator_attributes IS '指标属性: the extra columns some forms print beside an indicator (度量单位, 指标方向, 指标性质/指标值类型, 权重, 分值, 评(扣)分标准, 指标解释, 绩效标准 …), exactly as printed. When 指标性质 holds an operator or 度量单位 a unit for a bare number, the value columns carry the completed target (≥95%) and the printed pieces stay here';
COMMENT ON COLUMN indicator_attributes.indicator_key IS '指标键';
COMMENT ON COLUMN indicator_attributes.attribute IS '属性列: the canonical column name (度量单位, 指标方向, 权重 …)';
COMMENT ON COLUMN indicator_attributes.document_key IS '表键';
COMMENT ON COLUMN indicator_attributes.submission_key IS '文件哈希';
COMMENT ON COLUMN indicator_attributes.value_raw IS '属性值原文: the cell as printed';
COMMENT ON COLUMN indicator_attributes.source_line IS '来源行';

CREATE TABLE IF NOT EXISTS policy_citations (
    citation_key    VARCHAR NOT NULL,
    document_key    VARCHAR NOT NULL,
    submission_key  VARCHAR NOT NULL,
    owner_kind      VARCHAR NOT NULL,
    owner_key       VARCHAR NOT NULL,
    cited_in        VARCHAR NOT NULL,
    reference       VARCHAR,
    issuer          VARCHAR,
    issue_year      INTEGER,
    document_number INTEGER,
    title           VARCHAR,
    source_line     INTEGER NOT NULL
);
COMMENT ON TABLE policy_citations IS '政策依据: the policy documents a table cites in its 项目概述, goals or key tasks: a 文件号 (湛人社函〔2019〕613号), a title in 《》, or both; each document once per table, where it is first cited (sources/policy_refs.py)';
COMMENT ON COLUMN policy_citations.citation_key IS '引用键: table key, c, position';
COMMENT ON COLUMN policy_citations.document_key IS '表键';
COMMENT ON COLUMN policy_citations.submission_key IS '文件哈希';
COMMENT ON COLUMN policy_citations.owner_kind IS '表类型: project or unit';
COMMENT ON COLUMN policy_citations.owner_key IS '项目键 or 单位键';
COMMENT ON COLUMN policy_citations.cited_in IS '引用位置: 项目概述, 绩效目标 or 重点工作任务';
COMMENT ON COLUMN policy_citations.reference IS '文件号: issuer, 〔year〕, number, 号 (NULL when only a title is cited)';
COMMENT ON COLUMN policy_citations.issuer IS '发文字号前缀: the issuer''s prefix, e.g. 湛人社函, 财预, 粤府令';
COMMENT ON COLUMN policy_citations.issue_year IS '发文年份: the year in the brackets (NULL for an order such as 粤府令第301号)';
COMMENT ON COLUMN policy_citations.document_number IS '文号: the number before 号';
COMMENT ON COLUMN policy_citations.title IS '文件标题: the title in 《》 (NFKC), when the table prints one';
COMMENT ON COLUMN policy_citations.source_line IS '来源行: the line of the text that cites it';

CREATE TABLE IF NOT EXISTS parse_warnings (
    warning_key    VARCHAR NOT NULL,
    submission_key VARCHAR NOT NULL,
    document_key   VARCHAR,
    file_path      VARCHAR NOT NULL,
    source_line    INTEGER,
    code           VARCHAR NOT NULL,
    severity       VARCHAR NOT NULL,
    message        VARCHAR NOT NULL
);
COMMENT ON TABLE parse_warnings IS '解析警告: what the parser noticed (numbering gaps, label rows without indicators, amounts that are not numbers ...)';
COMMENT ON COLUMN parse_warnings.warning_key IS '警告键: file hash prefix, w, position';
COMMENT ON COLUMN parse_warnings.submission_key IS '文件哈希';
COMMENT ON COLUMN parse_warnings.document_key IS '表键 (NULL for file-level warnings)';
COMMENT ON COLUMN parse_warnings.file_path IS '文件路径';
COMMENT ON COLUMN parse_warnings.source_line IS '来源行';
COMMENT ON COLUMN parse_warnings.code IS '代码: stable name of the warning, e.g. indicator_number_repeated';
COMMENT ON COLUMN parse_warnings.severity IS '级别: warn or error';
COMMENT ON COLUMN parse_warnings.message IS '说明: what was found, in the form''s terms';

CREATE TABLE IF NOT EXISTS validation_results (
    submission_key VARCHAR   NOT NULL,
    check_name     VARCHAR   NOT NULL,
    check_kind     VARCHAR   NOT NULL,
    table_name     VARCHAR   NOT NULL,
    severity       VARCHAR   NOT NULL,
    rule           VARCHAR   NOT NULL,
    passed         BOOLEAN   NOT NULL,
    rows_checked   BIGINT    NOT NULL,
    rows_failed    BIGINT    NOT NULL,
    observed       VARCHAR,
    expected       VARCHAR,
    details        STRUCT(file VARCHAR, subject VARCHAR, line INTEGER, rule VARCHAR, expected VARCHAR,
                          found VARCHAR, difference VARCHAR)[],
    checked_at     TIMESTAMP NOT NULL
);
COMMENT ON TABLE validation_results IS '校验结果: every check of every submission validated (loaded or quarantined), one row per submission and check and run; see docs/validation.md';
COMMENT ON COLUMN validation_results.submission_key IS '文件哈希: the submission checked (in submissions when loaded, in quarantine.holds when held back)';
COMMENT ON COLUMN validation_results.check_name IS '检查: <table>.<rule> for a Great Expectations expectation, reconcile.<rule> for a cross-table reconciliation';
COMMENT ON COLUMN validation_results.check_kind IS '检查类型: expectation (one table, Great Expectations) or reconciliation (across tables, SQL)';
COMMENT ON COLUMN validation_results.table_name IS '表: the table an expectation reads, or the tables a reconciliation joins';
COMMENT ON COLUMN validation_results.severity IS '级别: error (the submission is quarantined when it fails) or warn (annotated only)';
COMMENT ON COLUMN validation_results.rule IS '规则: the rule in the form''s terms, e.g. 当年度金额 ≤ 总金额';
COMMENT ON COLUMN validation_results.passed IS '通过: true when no row of the submission fails the check';
COMMENT ON COLUMN validation_results.rows_checked IS '检查行数: rows (or reconciled items) of the submission the check looked at; 0 when it did not apply';
COMMENT ON COLUMN validation_results.rows_failed IS '未通过行数: rows (or items) that fail';
COMMENT ON COLUMN validation_results.observed IS '实际: what was found (the figures of a reconciliation, the value of a single failing row, or a count)';
COMMENT ON COLUMN validation_results.expected IS '应为: what the rule expects (the other side of a reconciliation, or the rule)';
COMMENT ON COLUMN validation_results.details IS '明细: every failing row: file, subject (项目名称 or unit), line, rule, expected, found, difference';
COMMENT ON COLUMN validation_results.checked_at IS '检查时间 (UTC): when the batch was validated; a reload with --force adds a new run';

CREATE TABLE IF NOT EXISTS schema_fingerprint (
    fingerprint VARCHAR   NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);
COMMENT ON TABLE schema_fingerprint IS '结构版本: one row, the hash of the schema and view definitions (warehouse/*.sql) last applied; a writer that finds the same hash skips re-creating them';
COMMENT ON COLUMN schema_fingerprint.fingerprint IS '指纹: sha256 of every SQL file the schema and views are made of, the model''s table list and the DuckDB version';
COMMENT ON COLUMN schema_fingerprint.applied_at IS '应用时间 (UTC): when a writer last applied them';
