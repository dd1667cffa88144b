"""What a fresh process imports: the tests that keep heavy libraries off a path run its code in a new
interpreter (this one has imported everything the suite needs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def modules_after(code: str) -> set[str]:
    """The names in sys.modules of a new interpreter, started in the repository, after it ran code."""
    shown = code + "\nimport sys as _sys\nprint('\\n'.join(_sys.modules))\n"
    done = subprocess.run([sys.executable, "-c", shown], capture_output=True, text=True, cwd=ROOT, check=True)
    return set(done.stdout.split())
