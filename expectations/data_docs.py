"""Great Expectations data docs, rendered into a local folder and made to work without a network.

GX writes static HTML (the suites, and every validation run in this process) whose pages load
Bootstrap, jQuery, bootstrap-table, Font Awesome and Vega from CDNs and a logo from S3; its index
page builds its list of suites and runs with those scripts. `make install` bundles them
(expectations/gx_assets.py, from the npm registry): `make_offline` copies them into the site and
points every page at its local copies, and remote images at GX's own (`static/images/`). Without
the bundle (no npm at install time), it removes every script and remote stylesheet instead, inlines
a small stylesheet, and writes the index's links itself. `remote_assets` lists whatever a page would
still fetch (tests assert none). Reconciliation results are not GX validations: they are in
`jixiao check` and validation_results.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from expectations import gx_assets
from expectations.gx_runner import gx_session

SITE = "jixiao_local_docs"
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>", re.I)
_REMOTE_SRC = re.compile(r"(<(?:script|link)\b[^>]*\b(?:src|href)=\")(https?://[^\"]+)(\"[^>]*>(?:\s*</script>)?)", re.I)
_REMOTE_IMG = re.compile(r"(<img\b[^>]*\bsrc=\")https?://[^\"]*?([\w-]+\.(?:png|svg|gif|ico))[^\"]*(\")", re.I)
_INTEGRITY = re.compile(r"\s(?:integrity|crossorigin)(?:=\"[^\"]*\")?", re.I)
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
    bundled = gx_assets.installed()
    if bundled:
        gx_assets.vendor(folder)
    pages = 0
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        images = os.path.relpath(folder / "static" / "images", page.parent)
        if bundled:
            text = _REMOTE_SRC.sub(lambda m: _local(m, folder, page), text)
        else:
            text = _SCRIPT.sub("", text)
            text = _REMOTE_LINK.sub("", text)
            text = text.replace("</head>", STYLE + "</head>", 1)
            if page == folder / "index.html":
                text = re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + _link_list(folder), text, count=1)
        text = _REMOTE_IMG.sub(lambda m: f"{m.group(1)}{images}/{m.group(2)}{m.group(3)}", text)
        page.write_text(text, encoding="utf-8")
        pages += 1
    return pages


def _local(match: re.Match, folder: Path, page: Path) -> str:
    """A script or stylesheet tag pointed at the bundled copy of its CDN address ("" if none)."""
    local = gx_assets.local_url(match.group(2))
    if local is None:
        return ""
    tag = f"{match.group(1)}{os.path.relpath(folder / local, page.parent)}{match.group(3)}"
    return _INTEGRITY.sub("", tag)  # a file:// page may not load a script marked cross-origin


def _link_list(folder: Path) -> str:
    """The index's links, written out (GX's index draws them with scripts)."""
    items = []
    for heading, sub in (("Expectation suites", "expectations"), ("Validation runs", "validations")):
        pages = sorted((folder / sub).rglob("*.html"))
        links = "".join(f'<li><a href="{p.relative_to(folder).as_posix()}">{p.relative_to(folder / sub).as_posix()}</a></li>'
                        for p in pages)
        items.append(f"<h2>{heading} ({len(pages)})</h2><ul class=\"jixiao-index\">{links}</ul>")
    return "<section id=\"jixiao-index\">" + "".join(items) + "</section>"


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
