"""The common cell grid every reader produces and every parser consumes.

A reader turns a file (pasted text, a workbook sheet, a Word or HTML table...) into a `Grid`:
rows of cell strings, each row remembering where it came from. Merged cells are written the way a
copy out of Word writes them: the value in the top-left cell, empty strings in the others, with
the merge itself kept in `Grid.merges` for whoever wants it. The template parsers never know which
reader produced a grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Row:
    """One row of cells. `line` is the 1-based line (text) or row number (sheets) in the source.

    Read-only once made (its tokens are cached). Not a frozen dataclass only because those are
    slow to create (each field set through object.__setattr__), and a reader makes one per line.
    """

    cells: tuple[str, ...]
    line: int
    # the tokens, computed once: the segmenter and the parser ask for them several times per row
    _tokens: list[tuple[int, str]] | None = field(default=None, init=False, repr=False, compare=False)
    _text: str | None = field(default=None, init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        return hash((self.cells, self.line))

    def tokens(self) -> list[tuple[int, str]]:
        """The non-empty cells as (column, stripped text), left to right. The list is the row's own,
        computed once: read it, slice it, never change it in place."""
        found = self._tokens
        if found is None:
            # str.isspace and str.strip agree on whitespace: a cell that is not all of it strips to text
            found = self._tokens = [(col, cell.strip()) for col, cell in enumerate(self.cells)
                                    if cell and not cell.isspace()]
        return found

    def text(self) -> str:
        """The cells joined by tabs, computed once: a word without a tab found here is in one cell
        (the cheap first test of the segmenter and the parser for a header word)."""
        found = self._text
        if found is None:
            found = self._text = "\t".join(self.cells)
        return found

    def is_blank(self) -> bool:
        found = self._tokens
        if found is None:
            return not any(cell.strip() for cell in self.cells)
        return not found


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged range, inclusive, in grid coordinates (0-based row index into Grid.rows, column)."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int


@dataclass(slots=True)
class Grid:
    """The cells of one source container: a text file, a worksheet, a document table."""

    source: str  # path of the file as given to the reader
    rows: list[Row]
    container: str = ""  # sheet or table name inside the file ("" for plain text)
    merges: list[Merge] = field(default_factory=list)
    # text printed just before the grid and outside it (paragraphs above a Word table, the heading
    # above an HTML table): it may carry the title, the department and the year
    preamble: list[str] = field(default_factory=list)
    # does a cell's column say which header it is under? True for workbooks, Word and HTML tables
    # and tab text; False where a layout collapsed empty cells (pipe and space exports)
    aligned: bool = True
    # how the grid was recovered from text (sources.layout): the strategy and how much of the result
    # was understood (0-1); "" and None for formats that state their cells
    layout: str = ""
    layout_confidence: float | None = None
    # the line a raw text stops inside, without a line break after it (a page cut short, as stored
    # copies of web pages are): the row ending there may miss its end. None for a text that ends
    # with a line break, and for formats that state their cells
    cut_inside_line: int | None = None
    # the line a raw text whose layout closes nothing (spaces, one cell per line) stops on without
    # a line break: such text may simply lack its last line break, or be a page cut short there
    open_end_line: int | None = None
