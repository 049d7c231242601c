"""Each chapter and exercise notebook runs alone, as on Colab: copied by itself into an empty folder outside
the repository, executed top to bottom, its first code cell installing `helpers`.

On Colab the bootstrap cell runs `pip install git+<repository>`; here the environment variable
COURSE_HELPERS points it at a copy of the repository's package (pyproject.toml + helpers/), so the test
runs offline and the checkout stays clean. The kernel runs in a throwaway virtual environment that sees the
course's packages (.venv) through a .pth file, so the pip install lands in the throwaway environment and
never in .venv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))
CELL_TIMEOUT = 600  # seconds; a chapter takes well under a minute on 2 cores


def _ignore(directory, names):
    return [n for n in names if n in ("__pycache__", ".ipynb_checkpoints") or n.endswith((".pyc", ".egg-info"))]


@pytest.fixture(scope="module")
def helpers_source(tmp_path_factory) -> Path:
    """What `pip install git+<repository>` would build: pyproject.toml and the helpers package."""
    src = tmp_path_factory.mktemp("repository-copy")
    shutil.copy2(ROOT / "pyproject.toml", src / "pyproject.toml")
    shutil.copytree(ROOT / "helpers", src / "helpers", ignore=_ignore)
    return src


def throwaway_kernel(where: Path) -> KernelManager:
    """A virtual environment in `where` whose python sees .venv's packages; a kernel spec that runs it."""
    env_dir = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "course-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    spec_dir = where / "kernels" / "standalone"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(
        f'{{"argv": ["{python}", "-m", "ipykernel_launcher", "-f", "{{connection_file}}"],'
        ' "display_name": "standalone", "language": "python"}'
    )
    return KernelManager(
        kernel_name="standalone", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(where / "kernels")])
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_notebook_runs_alone_as_on_colab(notebook, helpers_source, tmp_path):
    folder = tmp_path / "colab"
    folder.mkdir()
    copy = folder / notebook.name
    shutil.copy2(notebook, copy)
    assert not any((p / "helpers" / "__init__.py").is_file() for p in (folder, *folder.parents)), (
        f"{folder} is inside a checkout: the bootstrap cell would not install anything"
    )
    nb = nbformat.read(copy, as_version=4)
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert "COURSE_HELPERS" in first_code.source, f"{notebook.name}: the first code cell is not the bootstrap cell"
    # After the notebook: helpers must have come from the pip install, not from the repository.
    nb.cells.append(nbformat.v4.new_code_cell("import helpers, sys\nprint(helpers.__file__)\nprint(sys.prefix)"))

    km = throwaway_kernel(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(
        COURSE_HELPERS=str(helpers_source),
        # For notebooks that need more of the repository than `helpers` (the exercises' tests): a source
        # `git clone` accepts, instead of the GitHub URL.
        COURSE_REPO=str(ROOT),
        PYTHONHASHSEED="0",
        OMP_NUM_THREADS="1",
        MPLBACKEND="module://matplotlib_inline.backend_inline",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    client = NotebookClient(
        nb,
        km=km,
        timeout=CELL_TIMEOUT,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute(env=env, cwd=str(folder))

    where, prefix = nb.cells[-1].outputs[0]["text"].split()
    assert Path(where).is_relative_to(prefix) and "site-packages" in where, (
        f"{notebook.name} imported helpers from {where}, not from the package its first cell installed"
    )
    assert not Path(where).is_relative_to(ROOT)
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".ipynb") == [notebook.name]
