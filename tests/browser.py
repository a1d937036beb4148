"""Headless Chromium over the DevTools protocol, for the report test: load a page, collect what the
console reported, read the DOM, take a screenshot. Nothing is fetched from the network.

    with Chromium() as browser:
        page = browser.open(path)        # waits for the load event
        page.errors                      # console errors, uncaught exceptions, failed loads
        page.evaluate("document.title")
        page.screenshot(out, width=1200, height=1600)

Chromium is the Debian package (`apt-get install chromium`, done by .ci/run); the flags are the
ones that work as root in a container.
"""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from websockets.sync.client import connect

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--remote-debugging-port=0")


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("no Chromium: install it with `apt-get install -y chromium` (.ci/run does)")


class Page:
    def __init__(self, socket, timeout: float):
        self.socket = socket
        self.timeout = timeout
        self.ids = itertools.count(1)
        self.errors: list[str] = []
        self.events: list[dict] = []

    def send(self, method: str, **params) -> dict:
        """Call a DevTools method and return its result; events that arrive meanwhile are kept."""
        call = next(self.ids)
        self.socket.send(json.dumps({"id": call, "method": method, "params": params}))
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline, method)
            if message.get("id") == call:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for(self, event: str) -> dict:
        deadline = time.monotonic() + self.timeout
        for seen in self.events:
            if seen["method"] == event:
                return seen
        while True:
            message = self._receive(deadline, event)
            if message.get("method") == event:
                return message

    def _receive(self, deadline: float, waiting_for: str) -> dict:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"Chromium did not answer {waiting_for} in {self.timeout:.0f}s")
        message = json.loads(self.socket.recv(timeout=remaining))
        if "method" in message:
            self.events.append(message)
            self._note_error(message)
        return message

    def _note_error(self, message: dict) -> None:
        method, params = message["method"], message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.errors.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.errors.append("exception: " + details.get("exception", {}).get("description", details.get("text", "")))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            self.errors.append("log: " + params["entry"].get("text", ""))
        elif method == "Network.loadingFailed":
            self.errors.append("load failed: " + params.get("errorText", ""))

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def screenshot(self, out: Path, width: int = 1200, height: int = 1600, scale: float = 1.0) -> Path:
        """The top `width` x `height` CSS pixels of the page as PNG."""
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        shot = self.send("Page.captureScreenshot", format="png",
                         clip={"x": 0, "y": 0, "width": width, "height": height, "scale": scale})
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(shot["data"]))
        return out


class Chromium:
    """A headless Chromium with its own empty profile, closed (and the profile removed) on exit."""

    def __init__(self, timeout: float = 30.0):
        self.timeout = timeout

    def __enter__(self) -> "Chromium":
        """Start it; a start that fails (on a loaded machine it has exited at once, or been slower than
        the timeout) is tried once more, and the error then says what Chromium printed."""
        for attempt in (1, 2):
            self.profile = Path(tempfile.mkdtemp(prefix="jixiao-chromium-"))
            self.log = self.profile.with_name(self.profile.name + ".log")
            with open(self.log, "wb") as log:
                self.process = subprocess.Popen(
                    [chromium_binary(), *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                    stdout=subprocess.DEVNULL, stderr=log)
            port_file = self.profile / "DevToolsActivePort"
            deadline = time.monotonic() + self.timeout
            while not (port_file.exists() and port_file.read_text().strip()):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            else:
                self.port = int(port_file.read_text().split()[0])
                self.sockets: list = []
                return self
            printed = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
            self.__exit__(None, None, None)
            if attempt == 2:
                raise RuntimeError("Chromium did not start (no DevToolsActivePort), twice; it printed:\n"
                                   + "\n".join(printed))
        raise AssertionError("unreachable")

    def open(self, path: Path) -> Page:
        """A new tab showing the local file `path`, after its load event."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/json/new?about:blank", method="PUT")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # PUT: recent Chromium wants it
            target = json.load(response)
        socket = connect(target["webSocketDebuggerUrl"], max_size=None, open_timeout=self.timeout)
        self.sockets.append(socket)
        page = Page(socket, self.timeout)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        page.send("Page.navigate", url=Path(path).resolve().as_uri())
        page.wait_for("Page.loadEventFired")
        return page

    def __exit__(self, *exc) -> None:
        for socket in getattr(self, "sockets", []):
            socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
        self.log.unlink(missing_ok=True)

