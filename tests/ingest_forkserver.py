"""A fork server for the kill tests: `jixiao ingest` runs, each in a fresh process, without paying
the interpreter start-up and the first validation's warm-up (seconds) every time.

    python tests/ingest_forkserver.py

imports the CLI, builds the GX suites and prints `ready`. Then, one command a line on stdin:
- `run<TAB>ARG<TAB>ARG...`: fork a child running `jixiao ARG...` (pipelines.cli.main, the code the
  `jixiao` script runs); print `pid N`;
- `kill`: SIGKILL the child unless it has ended; print `exit STATUS killed` or `exit STATUS finished`;
- `wait`: wait for the child to end; print `exit STATUS finished`.
Only this process, the child's parent, signals and reaps it, so a pid is never reused under it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys


def _run_child(args: list[str]) -> None:
    from pipelines.cli import main

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        main(args, standalone_mode=False)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        code = 70
    os._exit(code)


def serve() -> None:
    import pipelines.cli  # noqa: F401
    from expectations.gx_runner import gx_session

    gx_session()  # GX's context and suites, built once and inherited (no Polars work: its thread
    # pool does not survive a fork, so nothing here may start it)

    print("ready", flush=True)
    child = None
    for line in sys.stdin:
        command, *args = line.rstrip("\n").split("\t")
        if command == "run":
            child = os.fork()
            if child == 0:
                _run_child(args)
            print(f"pid {child}", flush=True)
        elif command == "kill":
            ended, status = os.waitpid(child, os.WNOHANG)
            if ended:
                print(f"exit {status} finished", flush=True)
            else:
                os.kill(child, signal.SIGKILL)
                print(f"exit {os.waitpid(child, 0)[1]} killed", flush=True)
        elif command == "wait":
            print(f"exit {os.waitpid(child, 0)[1]} finished", flush=True)


class ForkServer:
    """The test's side: start the server, run `jixiao` in forked children, kill or wait for them."""

    def __init__(self, env: dict[str, str]):
        self.process = subprocess.Popen([sys.executable, __file__], env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self._expect("ready")

    def _send(self, *words: str) -> None:
        self.process.stdin.write("\t".join(words) + "\n")
        self.process.stdin.flush()

    def _expect(self, prefix: str) -> str:
        line = self.process.stdout.readline()
        assert line.startswith(prefix), f"fork server said {line!r}, expected {prefix}"
        return line.split()[1:]

    def run(self, *args: str) -> int:
        self._send("run", *args)
        return int(self._expect("pid ")[0])

    def kill(self) -> tuple[int, bool]:
        """SIGKILL the running child: (wait status, whether it had already finished)."""
        self._send("kill")
        status, how = self._expect("exit ")
        return int(status), how == "finished"

    def wait(self) -> int:
        self._send("wait")
        return int(self._expect("exit ")[0])

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


if __name__ == "__main__":
    serve()
