"""seuranta: strategy follow-up for cities, from status sheets to indicators and reports."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("seuranta")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"
