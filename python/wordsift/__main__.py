"""`python -m wordsift`: the same as the `wordsift` command."""

import sys

from wordsift.cli import main

sys.exit(main())
