"""Great Expectations data docs, rendered into a local folder and made to work without a network.

GX writes static HTML (the suites, and every validation run in this process) whose pages load
Bootstrap, jQuery, Font Awesome and Vega from CDNs and a logo from S3. The content itself is
rendered server-side, so `make_offline` removes every script and every remote stylesheet, points
remote images at GX's own local copies (`static/images/`), and inlines a small stylesheet for the
tables and badges. `remote_assets` lists whatever a page would still fetch (tests assert none).
Reconciliation results are not GX validations: they are in `jixiao check` and validation_results.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from expectations.gx_runner import gx_session

SITE = "jixiao_local_docs"
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>", re.I)
_REMOTE_IMG = re.compile(r"(<img\b[^>]*\bsrc=\")https?://[^\"]*?([\w-]+\.(?:png|svg|gif|ico))[^\"]*(\")", re.I)
_ASSET = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"(https?://[^\"]+)\"", re.I)
STYLE = """<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #ccc; padding: .25em .5em; vertical-align: top; text-align: left; }
.badge, .badge-danger, .badge-success { padding: 0 .4em; border-radius: .3em; }
.text-danger, .badge-danger { color: #a00; } .text-success, .badge-success { color: #070; }
.container-fluid, .row, .col-md-10, .col-md-2 { display: block; }
img { max-height: 3em; } nav, .sticky, footer { display: none; }
.fa-check-circle::before { content: "\\2714"; } .fa-times::before { content: "\\2718"; }
.fas { font-style: normal; font-weight: bold; }
</style>"""


def make_offline(folder: Path) -> int:
    """Rewrite every HTML page under `folder` to need nothing from the network; return pages done."""
    pages = 0
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        images = os.path.relpath(folder / "static" / "images", page.parent)
        text = _SCRIPT.sub("", text)
        text = _REMOTE_LINK.sub("", text)
        text = _REMOTE_IMG.sub(lambda m: f"{m.group(1)}{images}/{m.group(2)}{m.group(3)}", text)
        text = text.replace("</head>", STYLE + "</head>", 1)
        page.write_text(text, encoding="utf-8")
        pages += 1
    return pages


def remote_assets(folder: Path) -> list[str]:
    """Every http(s) URL a page under `folder` would load as a script, stylesheet or image."""
    return sorted({url for page in folder.rglob("*.html") for url in _ASSET.findall(page.read_text(encoding="utf-8"))})


def build_data_docs(folder: Path) -> Path:
    """GX data docs of the suites and of every validation run in this process, in `folder`, offline.
    Returns the index page."""
    folder = folder.resolve()
    context = gx_session().context
    if SITE in context.get_site_names():
        context.delete_data_docs_site(SITE)
    context.add_data_docs_site(SITE, {
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(folder)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })
    context.build_data_docs(site_names=[SITE])
    make_offline(folder)
    return folder / "index.html"
