"""What the installed distribution carries besides the code: wordsift's
licence and those of the data it ships, as `pip show -f wordsift` lists them."""

from __future__ import annotations

import importlib.metadata
from pathlib import PurePosixPath


def installed_licences() -> dict[str, str]:
    """The licence files of the installed distribution, by path under its licenses folder."""
    distribution = importlib.metadata.distribution("wordsift")
    licences = {}
    for file in distribution.files or []:
        parts = PurePosixPath(str(file)).parts
        if len(parts) > 2 and parts[0].endswith(".dist-info") and parts[1] == "licenses":
            licences["/".join(parts[2:])] = file.read_text(encoding="utf-8")
    return licences


def test_the_mit_licence_is_declared_and_installed() -> None:
    metadata = importlib.metadata.metadata("wordsift")
    assert metadata["License-Expression"] == "MIT"
    licences = installed_licences()
    assert licences["LICENSE"].startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in licences["LICENSE"]
    assert "LICENSE" in metadata.get_all("License-File", [])


def test_the_licences_of_the_shipped_data_are_installed_beside_it() -> None:
    licences = installed_licences()
    # The stopword lists' upstreams, and the Unicode Character Database from
    # which the tables are derived.
    assert "BSD" in licences["python/wordsift/data/stopwords/LICENSES/snowball.txt"]
    assert "MIT" in licences["python/wordsift/data/stopwords/LICENSES/stopwords-iso.txt"]
    assert "UNICODE" in licences["scripts/ucd-14.0.0/LICENSE-UNICODE"].upper()
