"""The web assets Great Expectations' data docs load from CDNs, bundled for offline use.

GX's pages load Bootstrap, jQuery, bootstrap-table, Font Awesome, Vega and a date picker from
CDNs; its index page builds its list of suites and runs with them. `install` fetches each from the
npm registry once, at install time (`make install`), into a folder of the virtualenv; at run time
`vendor` copies them into a data docs site and `local_url` tells what a CDN address becomes, so
the pages work as GX made them with no network. `python -m expectations.gx_assets [DIR]` installs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from sources.settings import setting

# CDN address in GX's templates -> (npm package@version, path inside the package); a path ending in
# "/" is a folder a stylesheet refers to (Font Awesome's webfonts)
ASSETS: dict[str, tuple[str, str]] = {
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery@3.7.1", "dist/jquery.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js":
        ("popper.js@1.12.9", "dist/umd/popper.min.js"),
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css":
        ("bootstrap@4.3.1", "dist/css/bootstrap.min.css"),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js":
        ("bootstrap@4.3.1", "dist/js/bootstrap.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css":
        ("bootstrap-table@1.19.1", "dist/bootstrap-table.min.css"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js":
        ("bootstrap-table@1.19.1", "dist/bootstrap-table.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        ("bootstrap-table@1.19.1", "dist/extensions/filter-control/bootstrap-table-filter-control.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        ("bootstrap-table@1.19.1", "dist/extensions/filter-control/bootstrap-table-filter-control.min.css"),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        ("bootstrap-table@1.19.1", "dist/extensions/filter-control/bootstrap-table-filter-control.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        ("bootstrap-datepicker@1.9.0", "dist/css/bootstrap-datepicker.min.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        ("bootstrap-datepicker@1.9.0", "dist/js/bootstrap-datepicker.min.js"),
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        ("@forevolve/bootstrap-dark@1.1.0", "dist/css/bootstrap-prefers-dark.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css":
        ("@fortawesome/fontawesome-free@6.6.0", "css/all.min.css"),
    "https://cdn.jsdelivr.net/npm/vega@5": ("vega@5.33.1", "build/vega.min.js"),
    "https://cdn.jsdelivr.net/npm/vega-lite@5": ("vega-lite@5.23.0", "build/vega-lite.min.js"),
    "https://cdn.jsdelivr.net/npm/vega-embed@6": ("vega-embed@6.29.0", "build/vega-embed.min.js"),
}
EXTRA = [("@fortawesome/fontawesome-free@6.6.0", "webfonts/")]  # what all.min.css loads (../webfonts)
VENDOR = "static/vendor"  # where a site keeps them


def default_folder() -> Path:
    """Where `make install` puts the assets: the virtualenv's share/ folder, or $JIXIAO_GX_ASSETS."""
    return Path(setting("JIXIAO_GX_ASSETS") or Path(sys.prefix) / "share" / "jixiao" / "gx-assets")


def _package_folder(package: str) -> str:
    """jquery@3.7.1 -> jquery; @fortawesome/fontawesome-free@6.6.0 -> fontawesome-free"""
    return package.rsplit("@", 1)[0].split("/")[-1]


def _needed() -> list[tuple[str, str]]:
    return sorted(set(ASSETS.values()) | set(EXTRA))


def installed(folder: Path | None = None) -> bool:
    folder = folder or default_folder()
    return all((folder / _package_folder(package) / path).exists() for package, path in _needed())


def local_url(url: str) -> str | None:
    """The path, inside a site, of the bundled copy of a CDN address (None: not one of GX's)."""
    found = ASSETS.get(url)
    return f"{VENDOR}/{_package_folder(found[0])}/{found[1]}" if found else None


def vendor(site: Path, folder: Path | None = None) -> None:
    """Copy the installed assets into `site`/static/vendor."""
    folder = folder or default_folder()
    for package, path in _needed():
        source, target = folder / _package_folder(package) / path, site / VENDOR / _package_folder(package) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, target)


def install(folder: Path) -> None:
    """Fetch every asset from the npm registry (`npm pack`) into `folder`."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed: the data docs will render without GX's scripts and styles")
    with tempfile.TemporaryDirectory() as scratch:
        for package in sorted({package for package, _ in _needed()}):
            print(f"gx assets: {package}", file=sys.stderr)
            packed = subprocess.run([npm, "pack", "--silent", package, "--pack-destination", scratch],
                                    check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            wanted = [path for name, path in _needed() if name == package]
            with tarfile.open(Path(scratch) / packed) as tar:
                for member in tar.getmembers():
                    inside = member.name.removeprefix("package/")
                    if member.isfile() and any(inside == w or (w.endswith("/") and inside.startswith(w)) for w in wanted):
                        target = folder / _package_folder(package) / inside
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]


if __name__ == "__main__":
    destination = Path(sys.argv[1]) if len(sys.argv) > 1 else default_folder()
    install(destination)
    print(f"gx assets: {len(ASSETS)} files for the data docs in {destination}", file=sys.stderr)
