"""What every benchmark result file carries, and how it is written."""

from __future__ import annotations

import json
import os
import platform
from datetime import date
from pathlib import Path
from typing import Any


def stamp() -> dict[str, Any]:
    """When and on what the numbers were taken: they mean nothing without it."""
    return {
        "date": date.today().isoformat(),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
        },
    }


def write_result(output: str | Path, document: dict[str, Any]) -> None:
    """The result as indented JSON at `output` (its folder created)."""
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
