"""Each exercise notebook runs alone, as on Colab: copied by itself into an empty folder outside the repository,
executed top to bottom, its first code cell installing `helpers` and cloning the course for its tests.

The chapters run alone too, under nbval (tests/notebook_runs.py, which also sets up the environment used here):
on Colab the set-up cell runs `pip install git+<repository>` and `git clone <repository>`; here COURSE_HELPERS points
it at a wheel of the repository's package and COURSE_REPO at this checkout, so the test runs offline and the
checkout stays clean. The kernel runs in a throwaway virtual environment that sees .venv's packages.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_runs import ROOT, helpers_wheel, lonely_copy, printed, standalone_env, throwaway_kernel

NOTEBOOKS = sorted((ROOT / "exercises").glob("*.ipynb"))
CELL_TIMEOUT = 600  # seconds; an exercise notebook takes well under a minute on 2 cores


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_exercise_notebook_runs_alone_as_on_colab(notebook, tmp_path):
    folder = lonely_copy(notebook, tmp_path)
    nb = nbformat.read(folder / notebook.name, as_version=4)
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert "COURSE_HELPERS" in first_code.source, f"{notebook.name}: the first code cell is not the set-up cell"
    # After the notebook: helpers must have come from the pip install, not from the repository.
    nb.cells.append(nbformat.v4.new_code_cell("import helpers, sys\nprint(helpers.__file__)\nprint(sys.prefix)"))

    env = {**standalone_env(), "COURSE_HELPERS": str(helpers_wheel()), "COURSE_REPO": str(ROOT)}
    client = NotebookClient(
        nb,
        km=throwaway_kernel(tmp_path),
        timeout=CELL_TIMEOUT,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(folder)}},
    )
    try:
        client.execute(env=env, cwd=str(folder))
    finally:  # nbclient leaves a kernel it was given running
        client.km.shutdown_kernel(now=True)

    where, prefix = printed(nb.cells[-1]).split()
    assert Path(where).is_relative_to(prefix) and "site-packages" in where, (
        f"{notebook.name} imported helpers from {where}, not from the package its first cell installed"
    )
    assert not Path(where).is_relative_to(ROOT)
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".ipynb") == [notebook.name]
