"""seuranta: strategy follow-up for cities, from status sheets to indicators and reports."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`__version__`, looked up when first asked for: importlib.metadata costs every process
    that imports the package (a notebook, the ingest's second reader) about 0.04 s."""
    if name != "__version__":
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("seuranta")
    except PackageNotFoundError:  # running from a source tree without installation
        found = "0+unknown"
    globals()["__version__"] = found
    return found
