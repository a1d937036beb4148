-- check: reconcile.unit_budget_balances
-- severity: error
-- tables: documents, units, budget_lines
-- rule: 基本支出 + 项目支出 + 事业发展性支出（财政专项资金 + 其他事业发展性支出）= 财政拨款 + 其他资金
-- explanation: a unit's planned spending must equal its income; a difference means an amount was mistyped or left out
-- sides: 单位预算支出 and 收入来源 are printed, as numbers (事业发展性支出, when not printed, counts as 0)
SELECT
    submission_key,
    document_key,
    budget_line AS source_line,
    basic + project_spending + special_funds + other_development = fiscal_grant + other_income AS passed,
    format('基本支出 {} + 项目支出 {} + 财政专项资金 {} + 其他事业发展性支出 {} = {}',
           wan(basic), wan(project_spending), wan(special_funds), wan(other_development),
           wan(basic + project_spending + special_funds + other_development)) AS found,
    format('财政拨款 {} + 其他资金 {} = {}', wan(fiscal_grant), wan(other_income),
           wan(fiscal_grant + other_income)) AS expected,
    yuan(basic + project_spending + special_funds + other_development - fiscal_grant - other_income) AS difference,
    budget_unreconciled(groups_not_printed, not_a_number) AS unreconciled
FROM unit_budget
