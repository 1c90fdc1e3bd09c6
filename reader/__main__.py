"""`python -m reader` runs the command line."""

from reader.cli import main

# Guarded: the index's worker processes import the main module again.
if __name__ == "__main__":
    raise SystemExit(main())
