"""Strip machine-specific metadata from executed notebooks, keeping outputs and counts.

Also marks each markdown cell that opens with a ``#`` or ``##`` heading as the start of
a slide, so that ``make slides`` gives instructors one slide per section.

    python tools/clean_notebooks.py notebooks/*.ipynb
"""

from __future__ import annotations

import sys

import nbformat

KEEP_NOTEBOOK_METADATA = {"kernelspec", "language_info"}
KEEP_CELL_METADATA = {"tags", "slideshow"}


def clean(path: str) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in KEEP_NOTEBOOK_METADATA}
    if "language_info" in nb.metadata:
        nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        heading = cell.source.lstrip().startswith(("# ", "## "))
        if cell.cell_type == "markdown" and heading:
            cell.metadata["slideshow"] = {"slide_type": "slide"}
    nbformat.write(nb, path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        clean(name)
