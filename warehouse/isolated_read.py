"""Per-file isolation of the native readers: the binary formats are read in a child process, so a
file that crashes, hangs or exhausts memory there is that file's rejection and the batch goes on.

The .xlsx (calamine, Rust), .xls (xlrd), .docx and .html (lxml, C) and .pdf (pdfminer) readers run
in one long-lived child per loading process, started on the first such file and reused for every
file after it (one round trip per file, no start-up each time). The child runs with an address-space
limit (RLIMIT_AS, `ReadIsolation.memory_bytes`) and each file with a wall-clock limit
(`timeout_seconds`). When the child dies (a signal such as SIGABRT from a failed native allocation,
or SIGKILL), runs out of memory or passes the time limit, it is replaced by a fresh one and the file
is retried there alone once; if it fails again it is rejected with one line naming it:
"the xlsx reader crashed (signal 6, SIGABRT: memory allocation of … bytes failed) …". Text and CSV
are read in process, as before.

The child reads and parses (`sources.submission.read_tables`): the grids and tables come back
pickled; the budget year is decided in the caller. Limits are arguments (the CLI's options), never
environment variables; the file limits of `sources.limits` (the sheet extent check …) apply in the
child as in process.
"""

from __future__ import annotations

import atexit
import builtins
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from sources.errors import SourceError
from sources.limits import Limits, current_limits, size_text
from sources.parsed import ParsedTable
from sources.readers import DOCX, HTML, PDF, XLS, XLSX, detect_format
from sources.readers.common import one_line
from sources.submission import TablesReader, read_tables as read_in_process

ISOLATED_FORMATS = frozenset({XLSX, XLS, DOCX, HTML, PDF})
_ROOT = str(Path(__file__).resolve().parents[1])
# what a Rust or Python crash prints besides its message: not worth a rejection line
_BACKTRACE = re.compile(r"\s+\d+:|\s+at |stack backtrace:|note: |Traceback|\s+File ")


@dataclass(frozen=True, slots=True)
class ReadIsolation:
    """How binary files are read: in a child (`enabled`) with these limits."""

    enabled: bool = True
    memory_bytes: int = 2 * 2**30  # address space of the reader process (its imports take ~0.5 GiB)
    timeout_seconds: float = 60.0  # per file; the sample's renderings take 0.1-1.5 s

    def describe(self) -> str:
        return (f"in a reader process (memory {size_text(self.memory_bytes)}, {self.timeout_seconds:g} s per file)"
                if self.enabled else "in process")


DEFAULT_ISOLATION = ReadIsolation()
Tables = tuple[list[ParsedTable], list[str]]


class _Failed(Exception):
    """The reader process failed on a file: died, ran out of memory or time."""


class IsolatedReader:
    """One reader child and the pipes to it; `tables(path, data)` reads one file there."""

    def __init__(self, isolation: ReadIsolation, limits: Limits):
        self.isolation, self.limits = isolation, limits
        self.pid = os.getpid()  # a forked copy of this object must not use the parent's child
        self.process: subprocess.Popen | None = None
        self.files_read = 0
        self.restarts = 0

    def _start(self) -> None:
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        self._stderr = tempfile.TemporaryFile()  # a native reader's last words, for the rejection
        code = (f"import sys; sys.path.insert(0, {_ROOT!r}); from warehouse.isolated_read import serve; "
                f"serve({request_read}, {reply_write}, {self.isolation.memory_bytes})")
        self.process = subprocess.Popen([sys.executable, "-c", code], pass_fds=(request_read, reply_write),
                                        stdin=subprocess.DEVNULL, stdout=self._stderr, stderr=self._stderr)
        os.close(request_read)
        os.close(reply_write)
        self._requests = Connection(request_write, readable=False)
        self._replies = Connection(reply_read, writable=False)

    def close(self) -> None:
        if self.process is None or self.pid != os.getpid():
            return
        process, self.process = self.process, None
        self._requests.close()  # the child's end of file: it exits
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._replies.close()
        self._stderr.close()

    def _ask(self, path: Path, data: bytes) -> tuple:
        if self.process is None:
            self._start()
        try:
            self._requests.send((str(path), data))
            if not self._replies.poll(self.isolation.timeout_seconds):
                self._end()
                raise _Failed(f"took more than {self.isolation.timeout_seconds:g} s (the per-file limit)")
            reply = self._replies.recv()
        except (EOFError, OSError):  # the child died: BrokenPipe on send, end of file on recv
            status, words = self._end()
            raise _Failed(_death(status, words)) from None
        if reply[0] == "memory":
            self._end()
            raise _Failed(f"ran out of its memory limit of {size_text(self.isolation.memory_bytes)}")
        return reply

    def _end(self) -> tuple[int, str]:
        """Stop the child (killed if still running): its exit status and the last line it printed."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.kill()
        status = self.process.wait()
        self._stderr.seek(0)
        lines = [line for line in self._stderr.read()[-65536:].decode("utf-8", "replace").splitlines()
                 if line.strip() and not _BACKTRACE.match(line)]
        self._requests.close()
        self._replies.close()
        self._stderr.close()
        self.process = None
        self.restarts += 1
        return status, one_line(lines[-1], 120) if lines else ""

    def tables(self, path: Path, data: bytes, fmt: str) -> Tables:
        """The file's tables and preamble, read in the child; SourceError naming the file when it
        cannot be read, or when the child fails on it twice (the second time alone, in a fresh one)."""
        try:
            reply = self._ask(path, data)
        except _Failed:
            try:  # maybe the child was worn by the files before: alone, in a fresh one
                reply = self._ask(path, data)
            except _Failed as again:
                raise SourceError(str(path), f"the {fmt} reader {again}, also when retried alone in a fresh "
                                             "reader process: the file is rejected") from None
        self.files_read += 1
        kind, *rest = reply
        if kind == "ok":
            return rest[0], rest[1]
        if kind == "error":
            file, reason, table, line = rest
            raise SourceError(file, reason, table=table, line=line)
        name, message = rest  # a parser bug: the same "internal error" as in process
        error = getattr(builtins, name, None)
        raise (error if isinstance(error, type) and issubclass(error, Exception) else RuntimeError)(message)


def _death(status: int, words: str) -> str:
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = "unknown signal"
        return f"crashed (signal {-status}, {name}{': ' + words if words else ''})"
    return f"exited with status {status} before answering{': ' + words if words else ''}"


_reader: IsolatedReader | None = None


def reader_for(isolation: ReadIsolation) -> IsolatedReader:
    """This process's reader child for these limits (a new one when the limits changed)."""
    global _reader
    limits = current_limits()
    if _reader is not None and _reader.pid != os.getpid():
        _reader = None  # inherited through a fork: the parent's, not ours
    if _reader is None or (_reader.isolation, _reader.limits) != (isolation, limits):
        if _reader is not None:
            _reader.close()
        _reader = IsolatedReader(isolation, limits)
    return _reader


def _close_reader() -> None:
    if _reader is not None:
        _reader.close()


atexit.register(_close_reader)


def tables_reader(isolation: ReadIsolation = DEFAULT_ISOLATION) -> TablesReader:
    """A `read` for `sources.submission.parse_submission`: binary formats in the reader child, text
    in process."""
    def read(path: Path, data: bytes) -> Tables:
        if not isolation.enabled:
            return read_in_process(path, data)
        try:
            fmt = detect_format(str(path), data)
        except SourceError:
            return read_in_process(path, data)  # the same refusal, from the same code
        if fmt not in ISOLATED_FORMATS:
            return read_in_process(path, data)
        return reader_for(isolation).tables(path, data, fmt)
    return read


def serve(requests_fd: int, replies_fd: int, memory_bytes: int) -> None:
    """The child: read files sent on `requests_fd`, answer on `replies_fd`, until end of file."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    requests = Connection(requests_fd, writable=False)
    replies = Connection(replies_fd, readable=False)
    while True:
        try:
            source, data = requests.recv()
        except EOFError:
            return
        try:
            tables, preamble = read_in_process(Path(source), data)
            reply: tuple = ("ok", tables, preamble)
        except SourceError as exc:
            out_of_memory = isinstance(exc.__context__, MemoryError)
            reply = ("memory",) if out_of_memory else ("error", exc.file, exc.reason, exc.table, exc.line)
        except MemoryError:
            reply = ("memory",)
        except Exception as exc:
            reply = ("internal", type(exc).__name__, one_line(str(exc)))
        del data
        try:
            replies.send(reply)
        except MemoryError:
            replies.send(("memory",))
        if reply[0] == "memory":
            return  # a fresh child for the retry
