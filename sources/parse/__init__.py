"""The template parser, by section: `table` walks a block's rows and hands each to the reader of
its section (`fields`, `budget`, `goals`, `indicators`); `columns` places an indicator row's cells."""

from sources.parse.table import parse_table, project_from_title

__all__ = ["parse_table", "project_from_title"]
