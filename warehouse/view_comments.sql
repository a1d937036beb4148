-- Column comments of the analysts' views (the 中文视图 of views_zh.sql and the v_* views), in Chinese.
-- Applied last by ensure_schema: CREATE OR REPLACE VIEW drops a view's column comments, so this file
-- runs after every file that (re)creates a view. tests/test_view_comments.py fails when an analyst view
-- has a column without one. v_validation_findings keeps its own in quarantine.sql, which every load re-runs.
-- A comment on a column that is no longer there fails ensure_schema: rename a column here with its view.

-- 单位预算
COMMENT ON COLUMN "单位预算"."年度" IS '预算年度';
COMMENT ON COLUMN "单位预算"."部门名称" IS '部门名称：表上印的部门名称';
COMMENT ON COLUMN "单位预算"."地区" IS '地区：部门名称所指的省、市、县（区），来自行政区划代码表；看不出时为空';
COMMENT ON COLUMN "单位预算"."地区代码" IS '地区代码：6位行政区划代码（parquet 导出按它分区）';
COMMENT ON COLUMN "单位预算"."单位名称" IS '单位名称：单位整体表上的下属单位名称';
COMMENT ON COLUMN "单位预算"."财政供养人员数" IS '财政供养人员数：单位整体表上印的人数';
COMMENT ON COLUMN "单位预算"."基本支出(元)" IS '基本支出(元)：单位预算支出中的基本支出';
COMMENT ON COLUMN "单位预算"."项目支出(元)" IS '项目支出(元)：单位预算支出中的项目支出';
COMMENT ON COLUMN "单位预算"."其他事业发展性支出(元)" IS '其他事业发展性支出(元)：单位的其他事业发展性支出';
COMMENT ON COLUMN "单位预算"."财政专项资金(元)" IS '财政专项资金(元)：单位的财政专项资金';
COMMENT ON COLUMN "单位预算"."财政拨款(元)" IS '财政拨款(元)：收入来源中的财政拨款';
COMMENT ON COLUMN "单位预算"."其他资金(元)" IS '其他资金(元)：收入来源中的其他资金';
COMMENT ON COLUMN "单位预算"."来源文件" IS '来源文件：读取该表的文件路径';
COMMENT ON COLUMN "单位预算"."来源行" IS '来源行：该单位表在来源文件中的行号';
COMMENT ON COLUMN "单位预算"."表键" IS '表键：该表的键（documents.document_key），可与英文表关联';

-- 单位预算同比
COMMENT ON COLUMN "单位预算同比"."主管部门" IS '主管部门：表上印的主管部门名称';
COMMENT ON COLUMN "单位预算同比"."单位名称" IS '单位名称：单位整体表上的下属单位名称';
COMMENT ON COLUMN "单位预算同比"."年度" IS '预算年度';
COMMENT ON COLUMN "单位预算同比"."上年度" IS '上年度：该部门有同类表的上一个预算年度；没有时为空';
COMMENT ON COLUMN "单位预算同比"."类别组" IS '类别组：单位预算支出、收入来源、事业发展性支出';
COMMENT ON COLUMN "单位预算同比"."类别" IS '类别：表上的名目（基本支出、项目支出、财政拨款、其他资金 ……）';
COMMENT ON COLUMN "单位预算同比"."金额(元)" IS '金额(元)：本年金额，精确到分的人民币元';
COMMENT ON COLUMN "单位预算同比"."上年金额(元)" IS '上年金额(元)：上年同一类别的金额';
COMMENT ON COLUMN "单位预算同比"."变化(元)" IS '变化(元)：本年金额减上年金额';
COMMENT ON COLUMN "单位预算同比"."变化比例" IS '变化比例：(本年 - 上年) / 上年（0.08 即 8%）；上年为0或没有时为空';
COMMENT ON COLUMN "单位预算同比"."变化情况" IS '变化情况：新增、取消、增加、减少、持平 或 金额缺失';
COMMENT ON COLUMN "单位预算同比"."表键" IS '表键：该表的键（documents.document_key），可与英文表关联';
COMMENT ON COLUMN "单位预算同比"."上年表键" IS '上年表键：上年对应表的表键；新增时为空';

-- 审核得分
COMMENT ON COLUMN "审核得分"."年度" IS '预算年度';
COMMENT ON COLUMN "审核得分"."主管部门" IS '主管部门：表上印的主管部门名称';
COMMENT ON COLUMN "审核得分"."表类型" IS '表类型：项目（项目支出绩效目标表）或 单位（部门/单位整体绩效目标表）';
COMMENT ON COLUMN "审核得分"."项目或单位名称" IS '项目或单位名称：项目表的项目名称，或单位表的单位名称';
COMMENT ON COLUMN "审核得分"."指标数" IS '指标数：该表的三级指标个数';
COMMENT ON COLUMN "审核得分"."问题数" IS '问题数：该表的审核问题个数';
COMMENT ON COLUMN "审核得分"."得分" IS '得分：100 减去各问题扣分（最低0）';
COMMENT ON COLUMN "审核得分"."等级" IS '等级：优（≥90）、良（≥75）、中（≥60）、差';
COMMENT ON COLUMN "审核得分"."问题类型" IS '问题类型：该表出现的审核问题名称，以、分隔';
COMMENT ON COLUMN "审核得分"."来源文件" IS '来源文件：读取该表的文件路径';
COMMENT ON COLUMN "审核得分"."来源行" IS '来源行：该表在来源文件中的第一行';
COMMENT ON COLUMN "审核得分"."表键" IS '表键：该表的键（documents.document_key），可与英文表关联';

-- 审核问题
COMMENT ON COLUMN "审核问题"."年度" IS '预算年度';
COMMENT ON COLUMN "审核问题"."主管部门" IS '主管部门：表上印的主管部门名称';
COMMENT ON COLUMN "审核问题"."表类型" IS '表类型：项目（项目支出绩效目标表）或 单位（部门/单位整体绩效目标表）';
COMMENT ON COLUMN "审核问题"."项目或单位名称" IS '项目或单位名称：项目表的项目名称，或单位表的单位名称';
COMMENT ON COLUMN "审核问题"."问题" IS '问题：审核规则的中文名称';
COMMENT ON COLUMN "审核问题"."证据" IS '证据：引发该问题的指标值、名称或行号';
COMMENT ON COLUMN "审核问题"."三级指标" IS '三级指标：去掉 指标N 前缀的指标名称';
COMMENT ON COLUMN "审核问题"."指标值" IS '指标值：表上印的指标值（项目为当年度指标值）';
COMMENT ON COLUMN "审核问题"."说明" IS '说明：该规则为何是问题、应如何改';
COMMENT ON COLUMN "审核问题"."扣分" IS '扣分：该问题从100分中扣除的分数';
COMMENT ON COLUMN "审核问题"."规则代码" IS '规则代码：审核规则的英文代码（v_review_rules）';
COMMENT ON COLUMN "审核问题"."来源文件" IS '来源文件：读取该表的文件路径';
COMMENT ON COLUMN "审核问题"."来源行" IS '来源行：该行内容在来源文件中的行号';
COMMENT ON COLUMN "审核问题"."表键" IS '表键：该表的键（documents.document_key），可与英文表关联';

-- 指标目标同比
COMMENT ON COLUMN "指标目标同比"."主管部门" IS '主管部门：表上印的主管部门名称';
COMMENT ON COLUMN "指标目标同比"."年度" IS '预算年度';
COMMENT ON COLUMN "指标目标同比"."上年度" IS '上年度：该部门有同类表的上一个预算年度；没有时为空';
COMMENT ON COLUMN "指标目标同比"."项目名称" IS '项目名称：本年度的项目名称';
COMMENT ON COLUMN "指标目标同比"."一级指标" IS '一级指标：规范化的一级指标（产出指标、效益指标、满意度指标、成本指标）';
COMMENT ON COLUMN "指标目标同比"."二级指标" IS '二级指标：规范化的二级指标（如 数量指标、社会效益指标）';
COMMENT ON COLUMN "指标目标同比"."三级指标" IS '三级指标：去掉 指标N 前缀的指标名称';
COMMENT ON COLUMN "指标目标同比"."指标值" IS '指标值：表上印的指标值（项目为当年度指标值）';
COMMENT ON COLUMN "指标目标同比"."上年指标值" IS '上年指标值：上年同一指标的指标值原文';
COMMENT ON COLUMN "指标目标同比"."指标方向" IS '指标方向：正向，或 反向（数值越小目标越强）';
COMMENT ON COLUMN "指标目标同比"."变化" IS '变化：新增、删除、不变、数值提高、数值降低、定量改为定性、定性改为定量、定性表述变化、单位变化、比较符变化、无法比较';
COMMENT ON COLUMN "指标目标同比"."目标强弱" IS '目标强弱：加强、减弱 或 不变；无法比较时为空';
COMMENT ON COLUMN "指标目标同比"."来源行" IS '来源行：该行内容在来源文件中的行号';
COMMENT ON COLUMN "指标目标同比"."上年来源行" IS '上年来源行：上年指标在其来源文件中的行号';
COMMENT ON COLUMN "指标目标同比"."指标键" IS '指标键：该指标的键（indicators.indicator_key），可与英文表关联';

-- 政策依据
COMMENT ON COLUMN "政策依据"."年度" IS '预算年度';
COMMENT ON COLUMN "政策依据"."主管部门" IS '主管部门：表上印的主管部门名称';
COMMENT ON COLUMN "政策依据"."地区" IS '地区：部门名称所指的省、市、县（区），来自行政区划代码表；看不出时为空';
COMMENT ON COLUMN "政策依据"."表类型" IS '表类型：项目（项目支出绩效目标表）或 单位（部门/单位整体绩效目标表）';
COMMENT ON COLUMN "政策依据"."项目或单位名称" IS '项目或单位名称：项目表的项目名称，或单位表的单位名称';
COMMENT ON COLUMN "政策依据"."文件号" IS '文件号：被引用政策文件的发文字号，如 湛人社函〔2019〕613号；只引标题时为空';
COMMENT ON COLUMN "政策依据"."发文字号前缀" IS '发文字号前缀：文件号中年份前的机关代字，如 湛人社函';
COMMENT ON COLUMN "政策依据"."发文年份" IS '发文年份：文件号中的年份';
COMMENT ON COLUMN "政策依据"."文件标题" IS '文件标题：《》中的政策文件标题；只引文件号时为空';
COMMENT ON COLUMN "政策依据"."引用位置" IS '引用位置：项目概述、绩效目标 或 重点工作任务';
COMMENT ON COLUMN "政策依据"."当年度金额(元)" IS '当年度金额(元)：项目本预算年度的资金，精确到分的人民币元';
COMMENT ON COLUMN "政策依据"."来源文件" IS '来源文件：读取该表的文件路径';
COMMENT ON COLUMN "政策依据"."来源行" IS '来源行：该行内容在来源文件中的行号';
COMMENT ON COLUMN "政策依据"."表键" IS '表键：该表的键（documents.document_key），可与英文表关联';

-- 政策资金
COMMENT ON COLUMN "政策资金"."政策文件" IS '政策文件：文件号，没有文件号时为《标题》';
COMMENT ON COLUMN "政策资金"."文件标题" IS '文件标题：《》中的政策文件标题；只引文件号时为空';
COMMENT ON COLUMN "政策资金"."发文字号前缀" IS '发文字号前缀：文件号中年份前的机关代字，如 湛人社函';
COMMENT ON COLUMN "政策资金"."发文年份" IS '发文年份：文件号中的年份';
COMMENT ON COLUMN "政策资金"."项目数" IS '项目数：引用该文件的项目表个数';
COMMENT ON COLUMN "政策资金"."部门数" IS '部门数：引用该文件的部门个数';
COMMENT ON COLUMN "政策资金"."最早年度" IS '最早年度：引用该文件的最早预算年度';
COMMENT ON COLUMN "政策资金"."最近年度" IS '最近年度：引用该文件的最近预算年度';
COMMENT ON COLUMN "政策资金"."当年度金额合计(元)" IS '当年度金额合计(元)：引用该文件的各项目当年度金额之和（引用两个文件的项目两边都计）';
COMMENT ON COLUMN "政策资金"."项目或单位" IS '项目或单位：引用该文件的项目或单位名称，以、分隔';

-- 绩效指标
COMMENT ON COLUMN "绩效指标"."年度" IS '预算年度';
COMMENT ON COLUMN "绩效指标"."主管部门" IS '主管部门：表上印的主管部门名称';
COMMENT ON COLUMN "绩效指标"."地区" IS '地区：部门名称所指的省、市、县（区），来自行政区划代码表；看不出时为空';
COMMENT ON COLUMN "绩效指标"."地区代码" IS '地区代码：6位行政区划代码（parquet 导出按它分区）';
COMMENT ON COLUMN "绩效指标"."表类型" IS '表类型：项目（项目支出绩效目标表）或 单位（部门/单位整体绩效目标表）';
COMMENT ON COLUMN "绩效指标"."项目或单位名称" IS '项目或单位名称：项目表的项目名称，或单位表的单位名称';
COMMENT ON COLUMN "绩效指标"."顺序" IS '顺序：指标在表中的位置（从1起）';
COMMENT ON COLUMN "绩效指标"."一级指标" IS '一级指标：规范化的一级指标（产出指标、效益指标、满意度指标、成本指标）';
COMMENT ON COLUMN "绩效指标"."二级指标" IS '二级指标：规范化的二级指标（如 数量指标、社会效益指标）';
COMMENT ON COLUMN "绩效指标"."指标序号" IS '指标序号：表上印的 指标N（可能重复或跳号）';
COMMENT ON COLUMN "绩效指标"."三级指标" IS '三级指标：去掉 指标N 前缀的指标名称';
COMMENT ON COLUMN "绩效指标"."实施周期指标值" IS '实施周期指标值：项目表的实施周期指标值原文；单位表为空';
COMMENT ON COLUMN "绩效指标"."指标值" IS '指标值：表上印的指标值（项目为当年度指标值）';
COMMENT ON COLUMN "绩效指标"."比较符" IS '比较符：>=、<=、>、<、=；定性指标为空';
COMMENT ON COLUMN "绩效指标"."目标数值" IS '目标数值：指标值中的数字（区间取下限）；定性或未填时为空';
COMMENT ON COLUMN "绩效指标"."目标上限" IS '目标上限：区间目标的上限（如 95%-100% 为 100）；非区间为空';
COMMENT ON COLUMN "绩效指标"."计量单位" IS '计量单位：%、个、人、场 等';
COMMENT ON COLUMN "绩效指标"."定性定量" IS '定性定量：定性（文字目标）或 定量（有数值）；未填为空';
COMMENT ON COLUMN "绩效指标"."来源文件" IS '来源文件：读取该表的文件路径';
COMMENT ON COLUMN "绩效指标"."来源行" IS '来源行：该行内容在来源文件中的行号';
COMMENT ON COLUMN "绩效指标"."指标键" IS '指标键：该指标的键（indicators.indicator_key），可与英文表关联';

-- 绩效目标
COMMENT ON COLUMN "绩效目标"."年度" IS '预算年度';
COMMENT ON COLUMN "绩效目标"."主管部门" IS '主管部门：表上印的主管部门名称';
COMMENT ON COLUMN "绩效目标"."表类型" IS '表类型：项目（项目支出绩效目标表）或 单位（部门/单位整体绩效目标表）';
COMMENT ON COLUMN "绩效目标"."项目或单位名称" IS '项目或单位名称：项目表的项目名称，或单位表的单位名称';
COMMENT ON COLUMN "绩效目标"."目标范围" IS '目标范围：总体、实施周期 或 当年度';
COMMENT ON COLUMN "绩效目标"."目标序号" IS '目标序号：表上印的 目标N';
COMMENT ON COLUMN "绩效目标"."目标内容" IS '目标内容：绩效目标全文';
COMMENT ON COLUMN "绩效目标"."来源文件" IS '来源文件：读取该表的文件路径';
COMMENT ON COLUMN "绩效目标"."来源行" IS '来源行：该行内容在来源文件中的行号';
COMMENT ON COLUMN "绩效目标"."表键" IS '表键：该表的键（documents.document_key），可与英文表关联';

-- 重点任务
COMMENT ON COLUMN "重点任务"."年度" IS '预算年度';
COMMENT ON COLUMN "重点任务"."部门名称" IS '部门名称：表上印的部门名称';
COMMENT ON COLUMN "重点任务"."单位名称" IS '单位名称：单位整体表上的下属单位名称';
COMMENT ON COLUMN "重点任务"."任务类别" IS '任务类别：年度重点工作任务、其他需完成的任务 或 年度履职目标';
COMMENT ON COLUMN "重点任务"."任务序号" IS '任务序号：任务在表中的序号';
COMMENT ON COLUMN "重点任务"."名称" IS '名称：年度重点工作任务的名称';
COMMENT ON COLUMN "重点任务"."主要实施内容" IS '主要实施内容：任务的实施内容';
COMMENT ON COLUMN "重点任务"."拟投入的资金(元)" IS '拟投入的资金(元)：任务拟投入的资金，精确到分的人民币元';
COMMENT ON COLUMN "重点任务"."期望达到的目标" IS '期望达到的目标：任务的预期结果';
COMMENT ON COLUMN "重点任务"."同名项目总金额(元)" IS '同名项目总金额(元)：同部门同年度同名项目表的总金额（应与拟投入的资金一致）';
COMMENT ON COLUMN "重点任务"."来源文件" IS '来源文件：读取该表的文件路径';
COMMENT ON COLUMN "重点任务"."来源行" IS '来源行：该行内容在来源文件中的行号';
COMMENT ON COLUMN "重点任务"."表键" IS '表键：该表的键（documents.document_key），可与英文表关联';

-- 项目预算
COMMENT ON COLUMN "项目预算"."年度" IS '预算年度';
COMMENT ON COLUMN "项目预算"."主管部门" IS '主管部门：表上印的主管部门名称';
COMMENT ON COLUMN "项目预算"."地区" IS '地区：部门名称所指的省、市、县（区），来自行政区划代码表；看不出时为空';
COMMENT ON COLUMN "项目预算"."地区代码" IS '地区代码：6位行政区划代码（parquet 导出按它分区）';
COMMENT ON COLUMN "项目预算"."项目名称" IS '项目名称：本年度的项目名称';
COMMENT ON COLUMN "项目预算"."项目类型" IS '项目类型：如 部门职能类、其他事业发展性支出';
COMMENT ON COLUMN "项目预算"."项目等级" IS '项目等级：表上印的项目等级（一级项目、二级项目，或 一级项目/二级项目）';
COMMENT ON COLUMN "项目预算"."用款单位" IS '用款单位：项目的实施（用款）单位';
COMMENT ON COLUMN "项目预算"."起始年度" IS '起始年度：实施期限的开始年份';
COMMENT ON COLUMN "项目预算"."到期年度" IS '到期年度：实施期限的结束年份';
COMMENT ON COLUMN "项目预算"."总金额(元)" IS '总金额(元)：项目资金总额，精确到分的人民币元';
COMMENT ON COLUMN "项目预算"."当年度金额(元)" IS '当年度金额(元)：项目本预算年度的资金，精确到分的人民币元';
COMMENT ON COLUMN "项目预算"."占部门项目金额比例" IS '占部门项目金额比例：本项目当年度金额占该部门同年各项目当年度金额之和的比例（0.25 即 25%）';
COMMENT ON COLUMN "项目预算"."指标数" IS '指标数：该表的三级指标个数';
COMMENT ON COLUMN "项目预算"."项目概述" IS '项目概述：表上印的项目概述全文';
COMMENT ON COLUMN "项目预算"."来源文件" IS '来源文件：读取该表的文件路径';
COMMENT ON COLUMN "项目预算"."来源行" IS '来源行：该项目表在来源文件中的行号';
COMMENT ON COLUMN "项目预算"."表键" IS '表键：该表的键（documents.document_key），可与英文表关联';

-- 项目预算同比
COMMENT ON COLUMN "项目预算同比"."主管部门" IS '主管部门：表上印的主管部门名称';
COMMENT ON COLUMN "项目预算同比"."年度" IS '预算年度';
COMMENT ON COLUMN "项目预算同比"."上年度" IS '上年度：该部门有同类表的上一个预算年度；没有时为空';
COMMENT ON COLUMN "项目预算同比"."项目名称" IS '项目名称：本年度的项目名称';
COMMENT ON COLUMN "项目预算同比"."上年项目名称" IS '上年项目名称：上年同一项目的名称（改名时与本年不同）';
COMMENT ON COLUMN "项目预算同比"."项目类型" IS '项目类型：如 部门职能类、其他事业发展性支出';
COMMENT ON COLUMN "项目预算同比"."当年度金额(元)" IS '当年度金额(元)：项目本预算年度的资金，精确到分的人民币元';
COMMENT ON COLUMN "项目预算同比"."上年当年度金额(元)" IS '上年当年度金额(元)：上年同一项目的当年度金额';
COMMENT ON COLUMN "项目预算同比"."变化(元)" IS '变化(元)：本年金额减上年金额';
COMMENT ON COLUMN "项目预算同比"."变化比例" IS '变化比例：(本年 - 上年) / 上年（0.08 即 8%）；上年为0或没有时为空';
COMMENT ON COLUMN "项目预算同比"."变化情况" IS '变化情况：新增、取消、增加、减少、持平 或 金额缺失';
COMMENT ON COLUMN "项目预算同比"."已改名" IS '已改名：上年同一项目的名称与本年不同时为真';
COMMENT ON COLUMN "项目预算同比"."表键" IS '表键：该表的键（documents.document_key），可与英文表关联';
COMMENT ON COLUMN "项目预算同比"."上年表键" IS '上年表键：上年对应表的表键；新增时为空';

-- v_department_years
COMMENT ON COLUMN "v_department_years"."department_key" IS '部门键：规范化部门名称的哈希';
COMMENT ON COLUMN "v_department_years"."kind" IS '表类型：unit（部门/单位整体绩效目标表）或 project（项目支出绩效目标表）';
COMMENT ON COLUMN "v_department_years"."budget_year" IS '预算年度';
COMMENT ON COLUMN "v_department_years"."previous_year" IS '上年度：该部门有同类表（单位或项目）的上一个预算年度；没有时为空';

-- v_document_history
COMMENT ON COLUMN "v_document_history"."owner_key" IS '归属键：项目键或单位键；同一张表的各版本共用';
COMMENT ON COLUMN "v_document_history"."kind" IS '表类型：unit（部门/单位整体绩效目标表）或 project（项目支出绩效目标表）';
COMMENT ON COLUMN "v_document_history"."subject_name" IS '对象名称：项目名称，或单位表的下属单位名称';
COMMENT ON COLUMN "v_document_history"."department_name" IS '部门名称：表上印的主管部门/部门名称';
COMMENT ON COLUMN "v_document_history"."budget_year" IS '预算年度';
COMMENT ON COLUMN "v_document_history"."version_no" IS '版本序号：首次报送为1，第一次重新报送为2，依此类推';
COMMENT ON COLUMN "v_document_history"."version_count" IS '版本数：同一张表共有几个版本';
COMMENT ON COLUMN "v_document_history"."is_current" IS '是否当前版本：该表未被重新报送的版本替代时为真';
COMMENT ON COLUMN "v_document_history"."valid_from" IS '生效时间：该版本到达的时间（其文件首次入库，UTC）';
COMMENT ON COLUMN "v_document_history"."valid_to" IS '失效时间：更新版本到达的时间；当前版本为空';
COMMENT ON COLUMN "v_document_history"."superseded_by" IS '被替代为：替代它的新版本的表键；当前版本为空';
COMMENT ON COLUMN "v_document_history"."file_name" IS '文件名：报送文件的文件名';
COMMENT ON COLUMN "v_document_history"."file_path" IS '来源文件：读取该表的文件路径';
COMMENT ON COLUMN "v_document_history"."first_line" IS '起始行：该表在来源文件中的第一行';
COMMENT ON COLUMN "v_document_history"."last_line" IS '结束行：该表在来源文件中的最后一行';
COMMENT ON COLUMN "v_document_history"."document_key" IS '表键：文件哈希前16位加表在文件中的位置（documents 的键）';
COMMENT ON COLUMN "v_document_history"."submission_key" IS '文件哈希：报送文件内容的 sha256（submissions 的键）';

-- v_incomplete_tables
COMMENT ON COLUMN "v_incomplete_tables"."submission_key" IS '文件哈希：报送文件内容的 sha256（submissions 的键）';
COMMENT ON COLUMN "v_incomplete_tables"."document_key" IS '表键：文件哈希前16位加表在文件中的位置（documents 的键）';
COMMENT ON COLUMN "v_incomplete_tables"."table_index" IS '表序号：该表在文件中的位置（从0起）';
COMMENT ON COLUMN "v_incomplete_tables"."kind" IS '表类型：unit（部门/单位整体绩效目标表）或 project（项目支出绩效目标表）';
COMMENT ON COLUMN "v_incomplete_tables"."subject_name" IS '对象名称：项目名称，或单位表的下属单位名称';
COMMENT ON COLUMN "v_incomplete_tables"."budget_year" IS '预算年度';
COMMENT ON COLUMN "v_incomplete_tables"."department_key" IS '部门键：规范化部门名称的哈希';
COMMENT ON COLUMN "v_incomplete_tables"."missing_fields" IS '未填写字段：表上没有印（或空白）的规范字段，见 docs/validation.md';
COMMENT ON COLUMN "v_incomplete_tables"."file_path" IS '来源文件：读取该表的文件路径';
COMMENT ON COLUMN "v_incomplete_tables"."first_line" IS '起始行：该表在来源文件中的第一行';

-- v_indicator_class_yoy
COMMENT ON COLUMN "v_indicator_class_yoy"."department_name" IS '部门名称：表上印的主管部门/部门名称';
COMMENT ON COLUMN "v_indicator_class_yoy"."owner_kind" IS '归属：unit（单位整体表）或 project（项目表）';
COMMENT ON COLUMN "v_indicator_class_yoy"."budget_year" IS '预算年度';
COMMENT ON COLUMN "v_indicator_class_yoy"."previous_year" IS '上年度：该部门有同类表的上一个预算年度；没有时为空';
COMMENT ON COLUMN "v_indicator_class_yoy"."level1" IS '一级指标：规范化的一级指标（产出指标、效益指标、满意度指标、成本指标）';
COMMENT ON COLUMN "v_indicator_class_yoy"."level2" IS '二级指标：规范化的二级指标（如 数量指标、社会效益指标、服务对象满意度指标）';
COMMENT ON COLUMN "v_indicator_class_yoy"."indicators" IS '指标数：三级指标个数';
COMMENT ON COLUMN "v_indicator_class_yoy"."previous_indicators" IS '上年指标数';
COMMENT ON COLUMN "v_indicator_class_yoy"."change" IS '指标数变化：本年指标数减上年指标数';
COMMENT ON COLUMN "v_indicator_class_yoy"."quantitative" IS '定量指标数';
COMMENT ON COLUMN "v_indicator_class_yoy"."previous_quantitative" IS '上年定量指标数';
COMMENT ON COLUMN "v_indicator_class_yoy"."qualitative" IS '定性指标数';
COMMENT ON COLUMN "v_indicator_class_yoy"."previous_qualitative" IS '上年定性指标数';
COMMENT ON COLUMN "v_indicator_class_yoy"."department_key" IS '部门键：规范化部门名称的哈希';

-- v_indicator_review
COMMENT ON COLUMN "v_indicator_review"."rule_code" IS '规则代码：审核规则的英文代码（v_review_rules）';
COMMENT ON COLUMN "v_indicator_review"."rule_name" IS '问题：审核规则的中文名称';
COMMENT ON COLUMN "v_indicator_review"."explanation" IS '说明：该规则为何是问题、应如何改';
COMMENT ON COLUMN "v_indicator_review"."severity" IS '级别：warn（警告）或 error（错误）';
COMMENT ON COLUMN "v_indicator_review"."penalty" IS '扣分：每个问题从100分中扣除的分数';
COMMENT ON COLUMN "v_indicator_review"."budget_year" IS '预算年度';
COMMENT ON COLUMN "v_indicator_review"."department_name" IS '部门名称：表上印的主管部门/部门名称';
COMMENT ON COLUMN "v_indicator_review"."owner_kind" IS '归属：unit（单位整体表）或 project（项目表）';
COMMENT ON COLUMN "v_indicator_review"."owner_name" IS '项目或单位名称：项目名称，或单位表的单位名称';
COMMENT ON COLUMN "v_indicator_review"."indicator_name" IS '三级指标：去掉 指标N 前缀的指标名称';
COMMENT ON COLUMN "v_indicator_review"."value_raw" IS '指标值原文：表上印的目标值';
COMMENT ON COLUMN "v_indicator_review"."evidence" IS '证据：引发该问题的指标值、名称或行号';
COMMENT ON COLUMN "v_indicator_review"."file_path" IS '来源文件：读取该表的文件路径';
COMMENT ON COLUMN "v_indicator_review"."source_line" IS '来源行：证据所在的行号（指标所在行，或表的某一行）';
COMMENT ON COLUMN "v_indicator_review"."document_key" IS '表键：文件哈希前16位加表在文件中的位置（documents 的键）';
COMMENT ON COLUMN "v_indicator_review"."indicator_key" IS '指标键：涉及的指标；针对整张表的问题为空';

-- v_indicator_target_yoy
COMMENT ON COLUMN "v_indicator_target_yoy"."department_name" IS '部门名称：表上印的主管部门/部门名称';
COMMENT ON COLUMN "v_indicator_target_yoy"."budget_year" IS '预算年度';
COMMENT ON COLUMN "v_indicator_target_yoy"."previous_year" IS '上年度：该部门有同类表的上一个预算年度；没有时为空';
COMMENT ON COLUMN "v_indicator_target_yoy"."project_name" IS '项目名称：本年度的项目名称';
COMMENT ON COLUMN "v_indicator_target_yoy"."previous_project_name" IS '上年项目名称：上年同一项目的名称（项目改名时与本年不同）';
COMMENT ON COLUMN "v_indicator_target_yoy"."level1" IS '一级指标：规范化的一级指标（产出指标、效益指标、满意度指标、成本指标）';
COMMENT ON COLUMN "v_indicator_target_yoy"."level2" IS '二级指标：规范化的二级指标（如 数量指标、社会效益指标、服务对象满意度指标）';
COMMENT ON COLUMN "v_indicator_target_yoy"."indicator_name" IS '三级指标：去掉 指标N 前缀的指标名称';
COMMENT ON COLUMN "v_indicator_target_yoy"."previous_indicator_name" IS '上年三级指标：上年对应指标的名称';
COMMENT ON COLUMN "v_indicator_target_yoy"."direction" IS '指标方向：正向，或 反向（数值越小目标越强）';
COMMENT ON COLUMN "v_indicator_target_yoy"."value_raw" IS '指标值原文：表上印的目标值';
COMMENT ON COLUMN "v_indicator_target_yoy"."previous_value_raw" IS '上年指标值原文：上年表上印的目标值';
COMMENT ON COLUMN "v_indicator_target_yoy"."operator" IS '比较符：>=、<=、>、<、=；定性指标为空';
COMMENT ON COLUMN "v_indicator_target_yoy"."previous_operator" IS '上年比较符';
COMMENT ON COLUMN "v_indicator_target_yoy"."number" IS '目标数值：目标的数字（区间取下限）；定性或未填时为空';
COMMENT ON COLUMN "v_indicator_target_yoy"."previous_number" IS '上年目标数值';
COMMENT ON COLUMN "v_indicator_target_yoy"."unit" IS '计量单位：%、个、人、场 等，取自指标值或指标名称';
COMMENT ON COLUMN "v_indicator_target_yoy"."previous_unit" IS '上年计量单位';
COMMENT ON COLUMN "v_indicator_target_yoy"."value_change" IS '变化：new 新增、dropped 删除、unchanged 不变、raised 数值提高、lowered 数值降低、unit_changed 单位变化、operator_changed 比较符变化、number_to_qualitative 定量改为定性、qualitative_to_number 定性改为定量、qualitative_changed 定性表述变化、not_comparable 无法比较';
COMMENT ON COLUMN "v_indicator_target_yoy"."number_change" IS '数值变化：本年目标数值减上年目标数值（仅同一单位）';
COMMENT ON COLUMN "v_indicator_target_yoy"."strength_change" IS '目标强弱：stronger 加强、weaker 减弱、same 不变；无法比较时为空';
COMMENT ON COLUMN "v_indicator_target_yoy"."indicator_key" IS '指标键：表键、i 与指标顺序';
COMMENT ON COLUMN "v_indicator_target_yoy"."previous_indicator_key" IS '上年指标键：上一预算年度对应指标的指标键；新增时为空';
COMMENT ON COLUMN "v_indicator_target_yoy"."source_line" IS '来源行：该值在来源文件中的行号';
COMMENT ON COLUMN "v_indicator_target_yoy"."previous_source_line" IS '上年来源行：上年指标在其来源文件中的行号';
COMMENT ON COLUMN "v_indicator_target_yoy"."document_key" IS '表键：文件哈希前16位加表在文件中的位置（documents 的键）';
COMMENT ON COLUMN "v_indicator_target_yoy"."previous_document_key" IS '上年表键：上一预算年度对应表的表键；新增时为空';
COMMENT ON COLUMN "v_indicator_target_yoy"."lineage_key" IS '项目链键：跨年同一项目共用的键（project_identity）';
COMMENT ON COLUMN "v_indicator_target_yoy"."department_key" IS '部门键：规范化部门名称的哈希';

-- v_indicators
COMMENT ON COLUMN "v_indicators"."budget_year" IS '预算年度';
COMMENT ON COLUMN "v_indicators"."department_name" IS '部门名称：表上印的主管部门/部门名称';
COMMENT ON COLUMN "v_indicators"."owner_kind" IS '归属：unit（单位整体表）或 project（项目表）';
COMMENT ON COLUMN "v_indicators"."owner_name" IS '项目或单位名称：项目名称，或单位表的单位名称';
COMMENT ON COLUMN "v_indicators"."indicator_order" IS '顺序：指标在表中的位置（从1起）';
COMMENT ON COLUMN "v_indicators"."level1" IS '一级指标：规范化的一级指标（产出指标、效益指标、满意度指标、成本指标）';
COMMENT ON COLUMN "v_indicators"."level2" IS '二级指标：规范化的二级指标（如 数量指标、社会效益指标、服务对象满意度指标）';
COMMENT ON COLUMN "v_indicators"."indicator_no" IS '指标序号：表上印的 指标N（可能重复或跳号）';
COMMENT ON COLUMN "v_indicators"."indicator_name" IS '三级指标：去掉 指标N 前缀的指标名称';
COMMENT ON COLUMN "v_indicators"."value_column" IS '指标值列：规范化的指标值所在列（项目为当年度指标值，单位为指标值）';
COMMENT ON COLUMN "v_indicators"."value_raw" IS '指标值原文：表上印的目标值';
COMMENT ON COLUMN "v_indicators"."operator" IS '比较符：>=、<=、>、<、=；定性指标为空';
COMMENT ON COLUMN "v_indicators"."number" IS '目标数值：目标的数字（区间取下限）；定性或未填时为空';
COMMENT ON COLUMN "v_indicators"."unit" IS '计量单位：%、个、人、场 等，取自指标值或指标名称';
COMMENT ON COLUMN "v_indicators"."number_upper" IS '目标上限：区间目标的上限（如 95%-100% 为 100）；非区间为空';
COMMENT ON COLUMN "v_indicators"."is_change" IS '变化量：数值是相对基数的增减（下降5% 为 -5）而不是水平值时为真';
COMMENT ON COLUMN "v_indicators"."is_qualitative" IS '定性：文字目标（较满意、是、在预算范围内）为真';
COMMENT ON COLUMN "v_indicators"."is_placeholder" IS '未填占位：模板占位值（≥**%、只有单位或比较符）为真，此时目标数值为空';
COMMENT ON COLUMN "v_indicators"."file_path" IS '来源文件：读取该表的文件路径';
COMMENT ON COLUMN "v_indicators"."source_line" IS '来源行：该值在来源文件中的行号';
COMMENT ON COLUMN "v_indicators"."indicator_key" IS '指标键：表键、i 与指标顺序';
COMMENT ON COLUMN "v_indicators"."document_key" IS '表键：文件哈希前16位加表在文件中的位置（documents 的键）';
COMMENT ON COLUMN "v_indicators"."is_current" IS '是否当前版本：该表未被重新报送的版本替代时为真';

-- v_project_budget_yoy
COMMENT ON COLUMN "v_project_budget_yoy"."department_name" IS '部门名称：表上印的主管部门/部门名称';
COMMENT ON COLUMN "v_project_budget_yoy"."budget_year" IS '预算年度';
COMMENT ON COLUMN "v_project_budget_yoy"."previous_year" IS '上年度：该部门有同类表的上一个预算年度；没有时为空';
COMMENT ON COLUMN "v_project_budget_yoy"."project_name" IS '项目名称：本年度的项目名称';
COMMENT ON COLUMN "v_project_budget_yoy"."previous_project_name" IS '上年项目名称：上年同一项目的名称（项目改名时与本年不同）';
COMMENT ON COLUMN "v_project_budget_yoy"."project_type" IS '项目类型：如 部门职能类、其他事业发展性支出';
COMMENT ON COLUMN "v_project_budget_yoy"."amount_yuan" IS '当年度金额(元)：本年项目的当年度金额';
COMMENT ON COLUMN "v_project_budget_yoy"."previous_amount_yuan" IS '上年当年度金额(元)：上年同一项目的当年度金额';
COMMENT ON COLUMN "v_project_budget_yoy"."change_yuan" IS '变化(元)：本年金额减上年金额';
COMMENT ON COLUMN "v_project_budget_yoy"."change_pct" IS '变化百分比：(本年 - 上年) / 上年 × 100，保留两位小数；上年为0或没有时为空';
COMMENT ON COLUMN "v_project_budget_yoy"."status" IS '变化情况：new 新增、dropped 取消、increased 增加、decreased 减少、unchanged 持平、amount_missing 金额缺失';
COMMENT ON COLUMN "v_project_budget_yoy"."renamed" IS '已改名：上年同一项目的名称与本年不同时为真';
COMMENT ON COLUMN "v_project_budget_yoy"."match_score" IS '匹配得分：同名或人工对应为1，规范化同名0.95，相似名称为 0.9×相似度；新增项目为空';
COMMENT ON COLUMN "v_project_budget_yoy"."match_method" IS '匹配方式：same_name、normalized_name、similar_name、alias、alias_new 或 new';
COMMENT ON COLUMN "v_project_budget_yoy"."match_reason" IS '匹配理由：用文字说明为何认定为同一项目（或最接近但未匹配的项目）';
COMMENT ON COLUMN "v_project_budget_yoy"."lineage_key" IS '项目链键：跨年同一项目共用的键（project_identity）';
COMMENT ON COLUMN "v_project_budget_yoy"."project_key" IS '项目键：部门、预算年度与项目名称的哈希（重新报送时替换的对象）';
COMMENT ON COLUMN "v_project_budget_yoy"."previous_project_key" IS '上年项目键：本项目延续的上年项目；新增项目为空';
COMMENT ON COLUMN "v_project_budget_yoy"."document_key" IS '表键：文件哈希前16位加表在文件中的位置（documents 的键）';
COMMENT ON COLUMN "v_project_budget_yoy"."previous_document_key" IS '上年表键：上一预算年度对应表的表键；新增时为空';
COMMENT ON COLUMN "v_project_budget_yoy"."department_key" IS '部门键：规范化部门名称的哈希';

-- v_project_review_score
COMMENT ON COLUMN "v_project_review_score"."budget_year" IS '预算年度';
COMMENT ON COLUMN "v_project_review_score"."department_name" IS '部门名称：表上印的主管部门/部门名称';
COMMENT ON COLUMN "v_project_review_score"."owner_kind" IS '归属：unit（单位整体表）或 project（项目表）';
COMMENT ON COLUMN "v_project_review_score"."owner_name" IS '项目或单位名称：项目名称，或单位表的单位名称';
COMMENT ON COLUMN "v_project_review_score"."indicators" IS '指标数：三级指标个数';
COMMENT ON COLUMN "v_project_review_score"."flags" IS '问题数：该表的审核问题个数';
COMMENT ON COLUMN "v_project_review_score"."score" IS '得分：100 减去各问题扣分（最低0）';
COMMENT ON COLUMN "v_project_review_score"."grade" IS '等级：优（≥90）、良（≥75）、中（≥60）、差';
COMMENT ON COLUMN "v_project_review_score"."findings" IS '问题类型：该表出现的审核问题名称，以、分隔';
COMMENT ON COLUMN "v_project_review_score"."file_path" IS '来源文件：读取该表的文件路径';
COMMENT ON COLUMN "v_project_review_score"."first_line" IS '起始行：该表在来源文件中的第一行';
COMMENT ON COLUMN "v_project_review_score"."document_key" IS '表键：文件哈希前16位加表在文件中的位置（documents 的键）';

-- v_review_rules
COMMENT ON COLUMN "v_review_rules"."rule_code" IS '规则代码：审核规则的英文代码（v_review_rules）';
COMMENT ON COLUMN "v_review_rules"."rule_name" IS '名称：审核规则的中文名称';
COMMENT ON COLUMN "v_review_rules"."explanation" IS '说明：该规则为何是问题、应如何改';
COMMENT ON COLUMN "v_review_rules"."severity" IS '级别：warn（警告）或 error（错误）';
COMMENT ON COLUMN "v_review_rules"."penalty" IS '扣分：每个问题从100分中扣除的分数';

-- v_submission_summary
COMMENT ON COLUMN "v_submission_summary"."file_name" IS '文件名：报送文件的文件名';
COMMENT ON COLUMN "v_submission_summary"."budget_year" IS '预算年度';
COMMENT ON COLUMN "v_submission_summary"."year_source" IS '年度来源：预算年度从何处得来（--year、budget_year.toml、标题、文件名、实施期限）';
COMMENT ON COLUMN "v_submission_summary"."status" IS '变化情况：new 新增、dropped 取消、increased 增加、decreased 减少、unchanged 持平、amount_missing 金额缺失';
COMMENT ON COLUMN "v_submission_summary"."table_count" IS '表数：文件中找到的表的个数';
COMMENT ON COLUMN "v_submission_summary"."unit_tables" IS '单位表数：文件中的单位整体绩效目标表个数';
COMMENT ON COLUMN "v_submission_summary"."project_tables" IS '项目表数：文件中的项目支出绩效目标表个数';
COMMENT ON COLUMN "v_submission_summary"."indicators" IS '指标数：三级指标个数';
COMMENT ON COLUMN "v_submission_summary"."project_total_yuan" IS '项目金额合计(元)：文件中各项目当年度金额之和';
COMMENT ON COLUMN "v_submission_summary"."warning_count" IS '警告数：解析该文件时产生的警告个数';
COMMENT ON COLUMN "v_submission_summary"."error" IS '错误：文件被拒绝的原因（指明文件、表和行）；已入库为空';
COMMENT ON COLUMN "v_submission_summary"."loaded_at" IS '入库时间：文件首次处理的时间（UTC）';
COMMENT ON COLUMN "v_submission_summary"."submission_key" IS '文件哈希：报送文件内容的 sha256（submissions 的键）';

-- v_unit_budget_yoy
COMMENT ON COLUMN "v_unit_budget_yoy"."department_name" IS '部门名称：表上印的主管部门/部门名称';
COMMENT ON COLUMN "v_unit_budget_yoy"."unit_name" IS '下属单位名称：单位整体表的单位名称';
COMMENT ON COLUMN "v_unit_budget_yoy"."budget_year" IS '预算年度';
COMMENT ON COLUMN "v_unit_budget_yoy"."previous_year" IS '上年度：该部门有同类表的上一个预算年度；没有时为空';
COMMENT ON COLUMN "v_unit_budget_yoy"."category_group" IS '类别组：单位预算支出、收入来源、事业发展性支出、预算金额（项目）';
COMMENT ON COLUMN "v_unit_budget_yoy"."category" IS '类别：表上的名目（基本支出、项目支出、财政拨款、其他资金、财政专项资金、其他事业发展性支出、总金额、当年度金额）';
COMMENT ON COLUMN "v_unit_budget_yoy"."amount_yuan" IS '金额(元)：精确到分的人民币元；所印金额不是数字时为空';
COMMENT ON COLUMN "v_unit_budget_yoy"."previous_amount_yuan" IS '上年金额(元)：上一预算年度的金额';
COMMENT ON COLUMN "v_unit_budget_yoy"."change_yuan" IS '变化(元)：本年金额减上年金额';
COMMENT ON COLUMN "v_unit_budget_yoy"."change_pct" IS '变化百分比：(本年 - 上年) / 上年 × 100，保留两位小数；上年为0或没有时为空';
COMMENT ON COLUMN "v_unit_budget_yoy"."status" IS '变化情况：new 新增、dropped 取消、increased 增加、decreased 减少、unchanged 持平、amount_missing 金额缺失';
COMMENT ON COLUMN "v_unit_budget_yoy"."amount_printed" IS '所印金额：表上印的金额原文与单位';
COMMENT ON COLUMN "v_unit_budget_yoy"."previous_amount_printed" IS '上年所印金额：上年表上印的金额原文与单位';
COMMENT ON COLUMN "v_unit_budget_yoy"."document_key" IS '表键：文件哈希前16位加表在文件中的位置（documents 的键）';
COMMENT ON COLUMN "v_unit_budget_yoy"."previous_document_key" IS '上年表键：上一预算年度对应表的表键；新增时为空';
COMMENT ON COLUMN "v_unit_budget_yoy"."department_key" IS '部门键：规范化部门名称的哈希';

