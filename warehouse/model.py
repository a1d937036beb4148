"""The dimensional model: a batch of parsed submissions -> one Polars frame per warehouse table.

Python only gathers the parsed rows into columns; every conversion (money, years, target values,
keys of dimensions) runs over whole columns. Keys come from content: a submission is its file's
sha256, a table is `<sha256[:16]>:<position>`, a row is `<table key>:<letter><position>`, and a
department / unit / project key is a hash of the names that identify it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import polars as pl

from sources.money import YUAN_DTYPE, yuan_expr
from sources.parsed import PROJECT, UNIT, ParsedSubmission, ParsedTable
from sources.policy_refs import table_citations
from warehouse.contract import polars_schema
from warehouse.conversions import conversion_warnings
from warehouse.values import VALUE_SCHEMA, normalize_values, value_warnings

TABLES = (
    "submissions",
    "documents",
    "departments",
    "units",
    "projects",
    "budget_lines",
    "goals",
    "key_tasks",
    "indicators",
    "indicator_values",
    "indicator_attributes",
    "policy_citations",
    "parse_warnings",
)

# the columns a load builds, with their Polars types: from the table contract (warehouse/tables.toml)
SCHEMAS: dict[str, dict[str, pl.DataType]] = {table: polars_schema(table) for table in TABLES}


# the canonical fields a table should print, in the form's order: what a table does not print (or
# prints blank) is listed in documents.missing_fields and flagged, never guessed (docs/validation.md).
# The name is the table's subject (项目名称; 下属单位名称 or else 部门名称); 总金额 / 当年度金额 are budget
# lines of that category, 单位预算支出 / 收入来源 budget lines of that group; the others are fields.
EXPECTED_FIELDS = {
    PROJECT: ("项目名称", "主管部门", "总金额", "当年度金额", "项目类型", "起始年度", "到期年度"),
    UNIT: ("下属单位名称", "财政供养人员数", "单位预算支出", "收入来源"),
}
SUBJECT_FIELD = {PROJECT: "项目名称", UNIT: "下属单位名称"}


def missing_fields(table: ParsedTable) -> list[str]:
    """The EXPECTED_FIELDS of the table's kind that `table` does not print."""
    printed = {name for name, found in table.fields.items() if found.value.strip()}
    printed.update(name for line in table.budget_lines for name in (line.category, line.category_group))
    printed.discard(SUBJECT_FIELD.get(table.kind))
    if table.subject.strip():
        printed.add(SUBJECT_FIELD.get(table.kind))
    return [name for name in EXPECTED_FIELDS.get(table.kind, ()) if name not in printed]


def name_key(*parts: object) -> str:
    """A stable 16-hex-digit key from names: NFKC, no whitespace, joined with '|'."""
    text = "|".join(map(_key_part, parts))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


@lru_cache(maxsize=1 << 16, typed=True)
def _key_part(part: object) -> str:
    """One name as it enters a key (departments, kinds and years recur in every table)."""
    return "".join(unicodedata.normalize("NFKC", str(part or "")).split())


def primary_value_column(columns: list[str]) -> str | None:
    """The value column analysts mean by 'the target': the current year's when there are several."""
    for column in columns:
        if "当年度" in column or "本年" in column or column.startswith("年度"):
            return column
    return columns[-1] if columns else None


def row_target(values: tuple[tuple[str, str], ...], primary: str | None) -> tuple[str | None, str | None]:
    """(column, text) of an indicator's target: the primary column's, or when the row leaves it empty
    (a 中期 | 年度 form with only 中期 filled) the first value it prints."""
    found = dict(values)
    if found.get(primary, "").strip() or not any(text.strip() for _, text in values):
        return primary, found.get(primary)
    return next((column, text) for column, text in values if text.strip())


@dataclass
class _Rows:
    """Column lists for one table, appended to row by row, turned into a frame at the end."""

    table: str

    def __post_init__(self) -> None:
        self.columns: dict[str, list] = {name: [] for name in SCHEMAS[self.table]}

    def add(self, **values: object) -> None:
        for name, column in self.columns.items():
            column.append(values.get(name))

    def extend(self, names: tuple[str, ...], rows: list[tuple]) -> None:
        """Many rows at once, each a tuple of the `names` columns in that order (other columns null)."""
        unknown = set(names) - self.columns.keys()
        if unknown:
            raise ValueError(f"{self.table}: no column {', '.join(sorted(unknown))}")
        given = dict(zip(names, zip(*rows)))
        for name, column in self.columns.items():
            column.extend(given.get(name) or [None] * len(rows))

    def frame(self) -> pl.DataFrame:
        raw_schema = {  # amounts, values, years and counts as printed: converted (and checked) later
            name: (pl.String if dtype == YUAN_DTYPE or name in VALUE_SCHEMA or name in _PRINTED_NUMBERS else dtype)
            for name, dtype in SCHEMAS[self.table].items()
        }
        return pl.DataFrame(self.columns, schema=raw_schema, strict=False)


# integer columns filled from printed text: kept as text until `conversion_warnings` has named what
# is no whole number (or more than INTEGER holds), then cast
_PRINTED_NUMBERS = frozenset({"start_year", "end_year", "staff_count"})


def _document_key(submission: ParsedSubmission, table: ParsedTable) -> str:
    return f"{submission.sha256[:16]}:{table.index}"


def _department(table: ParsedTable) -> str:
    if table.kind == PROJECT:
        return table.field_value("主管部门") or table.field_value("用款单位") or ""
    return table.field_value("部门名称") or table.field_value("下属单位名称") or ""


def owner_key(table: ParsedTable, budget_year: int | None) -> str:
    """project_key or unit_key: what a table covers (department, year, project or unit name). A table
    that prints no name (it loads, flagged incomplete) is told apart by its position in the file, so
    that two nameless projects of one file never supersede each other."""
    if not table.subject.strip():
        return name_key(table.kind, _department(table), budget_year, "", f"#{table.index}")
    return name_key(table.kind, _department(table), budget_year, table.subject)


class _Collector:
    def __init__(self, loaded_at: datetime):
        self.loaded_at = loaded_at
        self.rows = {table: _Rows(table) for table in TABLES}
        self.amount_lines: list[tuple[str, str, str, int, str]] = []  # for not-a-number warnings
        # (document key, submission key, owner key, table): their many small rows are gathered
        # a column at a time over the whole batch in `add_details`, not row by row
        self.details: list[tuple[str, str, str, ParsedTable]] = []

    def add_submission(self, sub: ParsedSubmission) -> None:
        warnings = sum(len(t.warnings) for t in sub.tables)
        self.rows["submissions"].add(
            submission_key=sub.sha256, file_path=sub.path, file_name=Path(sub.path).name,
            file_size=sub.size, budget_year=sub.budget_year, year_source=sub.year_source,
            table_count=len(sub.tables), warning_count=warnings,
            status="rejected" if sub.error else "loaded", error=sub.error, loaded_at=self.loaded_at,
        )
        warning_no = 0
        for table in sub.tables:
            doc = _document_key(sub, table)
            self.add_table(sub, table, doc)
            for warning in table.warnings:
                warning_no += 1
                self.rows["parse_warnings"].add(
                    warning_key=f"{sub.sha256[:16]}:w{warning_no}", submission_key=sub.sha256,
                    document_key=doc, file_path=sub.path, source_line=warning.line,
                    code=warning.code, severity=warning.severity, message=warning.message,
                )

    def add_table(self, sub: ParsedSubmission, table: ParsedTable, doc: str) -> None:
        department = _department(table)
        department_key = name_key(department) if department else None
        owner = owner_key(table, sub.budget_year)
        common = {"document_key": doc, "submission_key": sub.sha256}
        if department:
            self.rows["departments"].add(department_key=department_key, department_name=department)
        self.rows["documents"].add(
            **common, table_index=table.index, kind=table.kind, title=table.title,
            subject_name=table.subject, department_key=department_key,
            budget_year=sub.budget_year, year_source=sub.year_source, file_path=sub.path,
            container=table.container, first_line=table.first_line, last_line=table.last_line,
            warning_count=len(table.warnings), missing_fields=missing_fields(table),
            layout=table.layout or None, layout_confidence=table.layout_confidence,
        )
        field = table.fields.get
        if table.kind == UNIT:
            staff = field("财政供养人员数")
            name_line = field("下属单位名称") or field("部门名称")
            self.rows["units"].add(
                **common, unit_key=owner, department_key=department_key, department_name=department,
                unit_name=table.subject, budget_year=sub.budget_year,
                staff_count=staff.value if staff else None, staff_count_raw=staff.value if staff else None,
                source_line=name_line.line if name_line else table.first_line,
            )
        else:
            amounts = {line.category: line for line in table.budget_lines}
            name_line = field("项目名称")
            self.rows["projects"].add(
                **common, project_key=owner, department_key=department_key, department_name=department,
                project_name=table.subject, project_type=table.field_value("项目类型"),
                project_level=table.field_value("项目等级"),
                implementing_unit=table.field_value("用款单位"),
                start_year=table.field_value("起始年度"), end_year=table.field_value("到期年度"),
                budget_year=sub.budget_year,
                total_amount_yuan=_amount_text(amounts.get("总金额")),
                current_year_amount_yuan=_amount_text(amounts.get("当年度金额")),
                overview=table.field_value("项目概述"),
                source_line=name_line.line if name_line else table.first_line,
            )
        self.details.append((doc, sub.sha256, owner, table))
        for n, task in enumerate(table.key_tasks, start=1):
            self.rows["key_tasks"].add(
                **common, key_task_key=f"{doc}:t{n}", unit_key=owner, task_kind=task.kind,
                task_no=task.number, task_name=task.name, content=task.content,
                amount_yuan=task.amount_raw, amount_raw=task.amount_raw, unit_printed=task.unit,
                expected_result=task.expected_result, source_line=task.line,
            )

    def add_details(self) -> None:
        """budget_lines, goals, indicators and indicator_values of every table, a column at a time."""
        lines, goals, indicators, values, attributes, citations = [], [], [], [], [], []
        for doc, sub, owner, table in self.details:
            kind = table.kind
            citations += [(f"{doc}:c{n}", doc, sub, kind, owner, where, c.reference, c.issuer, c.year, c.number,
                           c.title, line) for n, (where, line, c) in enumerate(table_citations(table), start=1)]
            lines += [(f"{doc}:b{n}", doc, sub, kind, owner, line.category_group, line.category, line.amount_raw,
                       line.amount_raw, line.unit, line.line) for n, line in enumerate(table.budget_lines, start=1)]
            goals += [(f"{doc}:g{n}", doc, sub, goal.scope, goal.number, goal.text, goal.line)
                      for n, goal in enumerate(table.goals, start=1)]
            primary = primary_value_column(table.value_columns)
            for row in table.indicators:
                key = f"{doc}:i{row.order}"
                column, raw = row_target(row.values, primary)
                indicators.append((key, doc, sub, kind, owner, row.order, row.level1, row.level2, row.level1_label,
                                   row.level2_label, row.number, row.name, row.label_raw, column, raw, row.line))
                values += [(key, column, order, doc, sub, raw, row.line)
                           for order, (column, raw) in enumerate(row.values, start=1)]
                attributes += [(key, name, doc, sub, raw, row.line) for name, raw in row.attributes]
        self.rows["budget_lines"].extend(
            ("budget_line_key", "document_key", "submission_key", "owner_kind", "owner_key", "category_group",
             "category", "amount_yuan", "amount_raw", "unit_printed", "source_line"), lines)
        self.rows["goals"].extend(
            ("goal_key", "document_key", "submission_key", "scope", "goal_no", "goal_text", "source_line"), goals)
        self.rows["indicators"].extend(
            ("indicator_key", "document_key", "submission_key", "owner_kind", "owner_key", "indicator_order",
             "level1", "level2", "level1_label", "level2_label", "indicator_no", "indicator_name",
             "indicator_label_raw", "value_column", "value_raw", "source_line"), indicators)
        self.rows["indicator_values"].extend(
            ("indicator_key", "value_column", "column_order", "document_key", "submission_key", "value_raw",
             "source_line"), values)
        self.rows["indicator_attributes"].extend(
            ("indicator_key", "attribute", "document_key", "submission_key", "value_raw", "source_line"), attributes)
        self.rows["policy_citations"].extend(
            ("citation_key", "document_key", "submission_key", "owner_kind", "owner_key", "cited_in", "reference",
             "issuer", "issue_year", "document_number", "title", "source_line"), citations)

    def frames(self) -> dict[str, pl.DataFrame]:
        self.add_details()
        frames = {table: rows.frame() for table, rows in self.rows.items()}
        frames["departments"] = frames["departments"].unique("department_key", keep="first", maintain_order=True)
        frames["documents"] = frames["documents"].with_columns(
            (pl.col("missing_fields").list.len() == 0).alias("complete"),
            pl.lit([], pl.List(pl.String)).alias("withheld_fields"))  # filled in by validation (warehouse.withhold)
        frames["projects"] = frames["projects"].with_columns(
            _yuan("total_amount_yuan"), _yuan("current_year_amount_yuan"),
        )
        frames["budget_lines"] = frames["budget_lines"].with_columns(
            yuan_expr(pl.col("amount_raw"), pl.col("unit_printed")).alias("amount_yuan")
        )
        frames["key_tasks"] = frames["key_tasks"].with_columns(
            yuan_expr(pl.col("amount_raw"), pl.col("unit_printed")).alias("amount_yuan")
        )
        names = frames["indicators"].select("indicator_key", "indicator_name")
        values = normalize_values(
            frames["indicator_values"].join(names, on="indicator_key", how="left", maintain_order="left")
        )
        frames["indicator_values"] = values.select(SCHEMAS["indicator_values"].keys())
        frames["indicators"] = normalize_values(frames["indicators"]).select(SCHEMAS["indicators"].keys())
        frames["parse_warnings"] = pl.concat(
            [frames["parse_warnings"], conversion_warnings(frames, list(SCHEMAS["parse_warnings"])),
             value_warnings(values, frames).select(SCHEMAS["parse_warnings"].keys())],
            how="vertical_relaxed",
        )
        return {table: frame.cast(SCHEMAS[table], strict=False) for table, frame in frames.items()}  # type: ignore[arg-type]


def _amount_text(line) -> str | None:
    return f"{line.amount_raw}\x1f{line.unit}" if line else None


def _yuan(column: str) -> pl.Expr:
    parts = pl.col(column).str.split_exact("\x1f", 1)
    return yuan_expr(parts.struct.field("field_0"), parts.struct.field("field_1")).alias(column)


def build_frames(submissions: list[ParsedSubmission], loaded_at: datetime | None = None) -> dict[str, pl.DataFrame]:
    """All warehouse tables for a batch of parsed submissions."""
    collector = _Collector(loaded_at or datetime.now(timezone.utc).replace(tzinfo=None))
    for submission in submissions:
        collector.add_submission(submission)
    return collector.frames()
