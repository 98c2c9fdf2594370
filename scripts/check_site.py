"""Opens the built documentation site in headless Chromium and checks what a reader would see.

    python scripts/check_site.py [SITE_DIR]     # after `mkdocs build --strict` (make docs)

For the index, the API reference and the benchmarks page, Chromium loads the
page (in a frame of a checking page, which reads it once it and its images
have loaded) and reports its headings, its images with the size each was
drawn from, and its links. The check fails unless each page shows the
headings it must, every image decoded (the benchmark charts), and every link
within the site, on every page, leads to a file of the site and, where it
names an anchor, to an element with that id. Exits 1 naming each failure.
"""

from __future__ import annotations

import html.parser
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The headings each checked page must show (level 1 and 2, as rendered).
EXPECTED_HEADINGS = {
    "index.html": ["wordsift", "Install", "Use", "Where to read on"],
    "api.html": [
        "API reference",
        "wordsift",
        "Versions",
        "wordsift.corpus",
        "wordsift.sklearn",
        "wordsift.explanation",
        "wordsift.reference",
    ],
    "benchmarks.html": ["Benchmarks", "Machine", "Reproduce", "Summary", "Bag of words", "Per language"],
}
# Names the API page must document (each has a heading of its own).
API_NAMES = ["Tokenizer", "tokenize", "tokenize_with_offsets", "TokenArray", "tokenize_files", "CountVectorizer"]
# The charts: the benchmarks page must draw at least these images.
CHARTS = {"benchmarks.png", "benchmarks-vectorize.png"}

CHECKING_PAGE = """<!doctype html>
<html><body><pre id="report">pending</pre>
<script>
const pages = %s;
const report = {};
function next(index) {
  if (index === pages.length) {
    document.getElementById("report").textContent = JSON.stringify(report);
    return;
  }
  const frame = document.createElement("iframe");
  frame.addEventListener("load", () => {
    const page = frame.contentDocument;
    report[pages[index]] = {
      headings: [...page.querySelectorAll("h1, h2")].map(
        (heading) => [heading.tagName, heading.textContent.replace("\u00b6", "").trim()]
      ),
      ids: [...page.querySelectorAll("[id]")].map((element) => element.id),
      images: [...page.images].map((image) => [image.getAttribute("src"), image.naturalWidth, image.naturalHeight]),
    };
    next(index + 1);
  });
  frame.src = pages[index];
  document.body.appendChild(frame);
}
next(0);
</script></body></html>
"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("no Chromium on PATH (Debian: apt-get install chromium)")


def rendered(site: Path, pages: list[str]) -> dict[str, dict[str, list[object]]]:
    """What Chromium shows of each page: headings, element ids, images and their decoded sizes."""
    with tempfile.TemporaryDirectory(dir=site) as scratch:
        checker = Path(scratch) / "check.html"
        checker.write_text(CHECKING_PAGE % json.dumps([f"../{page}" for page in pages]), encoding="utf-8")
        with tempfile.TemporaryDirectory() as profile:
            result = subprocess.run(
                [
                    chromium(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--allow-file-access-from-files",
                    f"--user-data-dir={profile}",
                    "--virtual-time-budget=20000",
                    "--dump-dom",
                    checker.as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=180,
                check=False,
            )
    found = re.search(r'<pre id="report">(.*?)</pre>', result.stdout, re.DOTALL)
    if result.returncode != 0 or not found or found.group(1) == "pending":
        raise SystemExit(f"Chromium did not report (exit {result.returncode}): {result.stderr[-2000:]}")
    report: dict[str, dict[str, list[object]]] = json.loads(html.unescape(found.group(1)))
    return {page.removeprefix("../"): value for page, value in report.items()}


class _Links(html.parser.HTMLParser):
    """The hrefs and srcs of a page, and its element ids."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif (name == "href" and tag in ("a", "link")) or (name == "src" and tag in ("img", "script")):
                self.targets.append(value)


def parsed(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def broken_links(site: Path) -> list[str]:
    """Every link within the site that leads to no file, or to no element with its anchor."""
    pages = {path: parsed(path) for path in site.rglob("*.html")}
    broken = []
    for page, links in pages.items():
        for target in links.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith("//"):
                continue  # outside the site
            if not parts.path:
                path = page
            elif parts.path.startswith("/"):  # from the site's root (the 404 page's links)
                path = (site / unquote(parts.path).lstrip("/")).resolve()
            else:
                path = (page.parent / unquote(parts.path)).resolve()
            if path.is_dir():
                path = path / "index.html"
            where = f"{page.relative_to(site)}: {target}"
            if not path.is_file() or site.resolve() not in path.parents:
                broken.append(f"{where} (no such file)")
            elif parts.fragment and path.suffix == ".html":
                ids = pages[path].ids if path in pages else parsed(path).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{where} (no element with that id)")
    return broken


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    failures = []
    report = rendered(site, list(EXPECTED_HEADINGS))
    for page, expected in EXPECTED_HEADINGS.items():
        shown = [text for _, text in report[page]["headings"]]  # type: ignore[misc]
        missing = [heading for heading in expected if heading not in shown]
        if missing:
            failures.append(f"{page}: headings not shown: {missing} (shown: {shown})")
        for source, width, height in report[page]["images"]:  # type: ignore[misc]
            if not (width and height):
                failures.append(f"{page}: image {source} not drawn")
    drawn = {Path(str(source)).name for source, width, _ in report["benchmarks.html"]["images"] if width}  # type: ignore[misc]
    if not drawn >= CHARTS:
        failures.append(f"benchmarks.html: charts not drawn: {sorted(CHARTS - drawn)}")
    api_ids = set(report["api.html"]["ids"])  # type: ignore[arg-type]
    for name in API_NAMES:
        if not any(element_id.endswith(name) for element_id in api_ids):
            failures.append(f"api.html: no entry for {name}")
    failures += broken_links(site)
    for failure in failures:
        print(failure, file=sys.stderr)
    checked = ", ".join(EXPECTED_HEADINGS)
    print(f"{len(failures)} problems; pages opened in Chromium: {checked}; links checked on every page")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
