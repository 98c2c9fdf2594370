"""MkDocs hooks (mkdocs.yml: hooks): the pages as MkDocs should read them."""

from __future__ import annotations

import re
from typing import Any

RUNNABLE_FENCE = re.compile(r"^(\s*```\w+) runnable$", re.MULTILINE)


def on_page_markdown(markdown: str, **_: Any) -> str:
    """Drops the `runnable` mark of code fences (tests/test_docs.py runs those blocks), which
    GitHub ignores but Python-Markdown's fences do not accept."""
    return RUNNABLE_FENCE.sub(r"\1", markdown)
