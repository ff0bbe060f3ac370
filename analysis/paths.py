"""Project paths, derived from the package location (never from the working directory)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PROCESSED = ROOT / "data" / "processed"
CACHE = ROOT / "data" / "cache"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
FIGURES = ROOT / "figures"
