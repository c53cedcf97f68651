"""Write the "previous · contents · next" line of every notebook from the file names.

Each notebook carries the line in its first and last cells tagged ``nav``. Titles come
from PLAN (the series' table of contents), so a link never drifts from the file it
names; a planned notebook that does not exist yet is named without a link.

    python tools/nav.py          # rewrite the lines
    python tools/nav.py --check  # exit 1 if a line is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

PLAN = {
    "00": "The data and the imbalance",
    "01": "A baseline neural network",
    "02": "Undersampling",
    "03": "Oversampling",
    "04": "SMOTE and its family",
    "05": "Ensembles of undersampled models",
    "06": "Focal loss",
    "07": "Class weights and decision thresholds",
    "08": "The leakage pitfall",
    "09": "Comparing every technique",
    "10": "Exercises",
    "11": "Multi-class imbalance",
}


def _files() -> dict[str, Path]:
    return {p.name[:2]: p for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))}


def _ref(number: str, files: dict[str, Path]) -> str:
    label = f"{number} · {PLAN.get(number, files.get(number, Path(number)).stem)}"
    return f"[{label}]({files[number].name})" if number in files else f"{label} (coming soon)"


def nav_line(number: str, files: dict[str, Path]) -> str:
    order = sorted(set(PLAN) | set(files))
    i = order.index(number)
    parts = []
    if i > 0:
        parts.append("← " + _ref(order[i - 1], files))
    parts.append("[Contents](../README.md#the-notebooks)")
    if i < len(order) - 1:
        parts.append(_ref(order[i + 1], files) + " →")
    return " · ".join(parts)


def main(check: bool = False) -> int:
    files = _files()
    stale = []
    for number, path in files.items():
        nb = nbformat.read(path, as_version=4)
        line = nav_line(number, files)
        changed = False
        for cell in nb.cells:
            if "nav" in cell.metadata.get("tags", []) and cell.source != line:
                cell.source = line
                changed = True
        if changed:
            stale.append(path.name)
            if not check:
                nbformat.write(nb, path)
    if check and stale:
        print(f"Navigation lines out of date in {', '.join(stale)}: run `make nav`.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
