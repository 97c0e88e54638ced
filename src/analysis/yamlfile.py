"""YAML as the project reads it: the safe loader, with libyaml's C parser where PyYAML was
built with it (several times faster on the catalogue and the configuration)."""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> object:
    """`yaml.safe_load`, with the C parser when there is one."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, as yaml.safe_load
