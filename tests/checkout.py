"""Running this checkout's code in a subprocess.

A git worktree shares the virtual environment of the checkout it came from, whose editable install
points at that checkout: a subprocess started as `cpi` (or `python -m ...`) would import the other
checkout's package. Every test that starts one builds its environment here, with this checkout first on
PYTHONPATH, and starts `cpi` as `CPI`."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CPI = str(Path(sys.executable).with_name("cpi"))


def checkout_env(*, without: Iterable[str] = (), **values: str) -> dict[str, str]:
    """This process's environment less the names in `without`, with `values` set, and this checkout
    first on PYTHONPATH (any PYTHONPATH already set kept after it)."""
    left_out = set(without)
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    env.update(values)
    return with_checkout(env)


def with_checkout(env: dict[str, str]) -> dict[str, str]:
    """`env` with this checkout first on its PYTHONPATH."""
    rest = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != str(ROOT)]
    return {**env, "PYTHONPATH": os.pathsep.join([str(ROOT), *rest])}
