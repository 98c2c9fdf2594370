"""`python -m wordsift`: the same as the `wordsift` command."""

from wordsift.cli import run

# Only when run: tools that import every module (documentation generators,
# test collectors) must not start the command.
if __name__ == "__main__":
    run()
