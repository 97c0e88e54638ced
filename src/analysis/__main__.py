"""Entry point for `python -m analysis`."""

from analysis.cli import main

if __name__ == "__main__":  # not when a worker process imports this module
    raise SystemExit(main())
