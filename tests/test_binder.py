"""What Binder reads (binder/requirements.txt and binder/runtime.txt) is enough to run the course.

Binder (repo2docker) reads the folder binder/ and then ignores the configuration files in the repository's root: it
builds the Python version of binder/runtime.txt and installs binder/requirements.txt, which is the root's
requirements.txt (`-r ../requirements.txt`) with torch's CPU build from PyTorch's own wheel index. The first tests
check that configuration; the others do what Binder does in a fresh virtual environment: install it (offline, from
the wheels `make` fetched into .venv/wheelhouse), check that the packages agree (`pip check`) and that every module
any notebook imports is there, then run one chapter (one that uses torch, the heaviest dependency) top to bottom in
the repository, with that environment's kernel.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from notebook_runs import printed

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
NOTEBOOKS = [p for folder in ("chapters", "exercises", "solutions") for p in sorted((ROOT / folder).glob("*.ipynb"))]
# import names that differ from the names pip installs them under do not matter here: only imports are checked.
LOCAL = {"helpers"}

pytestmark = pytest.mark.slow


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except SyntaxError:  # exercise cells with blanks to fill in
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - LOCAL - set(sys.stdlib_module_names)


# The chapter run in the Binder environment: one that uses torch, the heaviest dependency, and runs in seconds.
CHAPTER = ROOT / "chapters" / "06_nn1_vs_nn2.ipynb"


def binder_lines() -> list[str]:
    """binder/requirements.txt without comments and blank lines."""
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    return [line.split(" #")[0].strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def root_pin(name: str) -> str:
    pins = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if line.startswith(f"{name}==")]
    assert len(pins) == 1, f"requirements.txt should pin {name} once: {pins}"
    return pins[0].split("==", 1)[1]


def test_binder_reads_its_own_folder_and_nothing_in_the_root_pretends_otherwise():
    assert (BINDER / "requirements.txt").is_file() and (BINDER / "runtime.txt").is_file()
    assert not (ROOT / ".binder").exists(), "repo2docker refuses a repository with both binder/ and .binder/"
    ignored = [name for name in ("runtime.txt", "environment.yml", "postBuild", "apt.txt") if (ROOT / name).exists()]
    assert not ignored, f"repo2docker ignores these root files (binder/ exists): move them into binder/: {ignored}"


def test_binder_installs_torch_from_the_cpu_index_and_everything_else_as_pinned_locally():
    lines = binder_lines()
    options = [line for line in lines if line.startswith("-")]
    packages = [line for line in lines if not line.startswith("-")]
    assert options == [f"--extra-index-url {CPU_INDEX}", "-r ../requirements.txt"], options
    # pip reads a nested -r relative to the file that names it; repo2docker copies the whole repository before it
    # installs a requirements file that names another file.
    assert (BINDER / "../requirements.txt").resolve() == ROOT / "requirements.txt"
    assert packages == [f"torch=={root_pin('torch')}+cpu"], f"binder/ should pin only torch's CPU build: {packages}"


def test_binder_runs_the_python_the_course_is_tested_with():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), f"binder/runtime.txt should read python-3.X, not {runtime!r}"
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}", (
        f"binder/runtime.txt asks Binder for {runtime}, but the course is tested with Python {sys.version.split()[0]}"
    )


WHEELHOUSE = ROOT / ".venv" / "wheelhouse"
"""Every wheel of requirements.txt, fetched once by the install of `make` (Makefile): the same files the registry
serves, so the Binder environment installs from them without resolving the whole file against the registry again."""


def binder_env() -> dict[str, str]:
    """The environment a command of the Binder environment runs in: none of .venv's, and Python writes the modules it
    compiles as Binder's image does (this machine may say PYTHONDONTWRITEBYTECODE: then torch, installed without its
    compiled modules, would be compiled again by every process that imports it)."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE")}


def scratch_folder(tmp_path_factory) -> Path:
    """Memory rather than disk where there is a tmpfs: the environment is some 1.5 GB in 20,000 files, written once
    and thrown away."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return Path(tempfile.mkdtemp(prefix="binder-", dir=shm))
    return tmp_path_factory.mktemp("binder")


@pytest.fixture(scope="module")
def binder_python(tmp_path_factory):
    # PyTorch's index cannot be reached from here (only the package registries can): install binder/requirements.txt
    # without its index line, from the wheelhouse, where torch==2.13.0+cpu is the wheel that index serves (pip takes
    # it from this machine's find-links); the test above checks the index line itself.
    if not any(WHEELHOUSE.glob("torch-*.whl")):
        pytest.fail(f"No wheels in {WHEELHOUSE}: `make test` installs .venv and fills it", pytrace=False)
    folder = scratch_folder(tmp_path_factory)
    requirements = folder / "requirements.txt"
    kept = [line for line in binder_lines() if not line.startswith("--extra-index-url")]
    requirements.write_text("\n".join(line.replace("-r ../", f"-r {ROOT}/") for line in kept) + "\n")
    env_dir = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    env = binder_env()
    # --no-compile: the modules a notebook imports are compiled when it first imports them, not all of torch up front.
    options = ["-q", "--disable-pip-version-check", "--no-compile", "--no-index", "--find-links", str(WHEELHOUSE)]
    install = subprocess.run(
        [str(python), "-m", "pip", "install", *options, "-r", requirements],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    assert install.returncode == 0, f"pip install -r binder/requirements.txt failed:\n{install.stderr[-3000:]}"
    yield python
    # Deleting some 20,000 files takes a while on a busy disk: a process of its own deletes them while the tests go on.
    subprocess.Popen(["rm", "-rf", str(folder)], start_new_session=True)


def test_requirements_are_consistent(binder_python):
    check = subprocess.run([str(binder_python), "-m", "pip", "check"], capture_output=True, text=True, env=binder_env())
    assert check.returncode == 0, check.stdout + check.stderr
    code = "from importlib.metadata import version; print(version('torch'))"
    torch = subprocess.run(
        [str(binder_python), "-c", code], capture_output=True, text=True, check=True, env=binder_env()
    )
    assert torch.stdout.strip() == f"{root_pin('torch')}+cpu", f"Binder got torch {torch.stdout.strip()}"


def test_every_module_the_notebooks_import_is_installed(binder_python):
    modules = sorted(set().union(*(imported_modules(p) for p in NOTEBOOKS)) | {"ipykernel", "ipywidgets"})
    code = (
        "import importlib, sys\n"
        "missing = []\n"
        "for m in sys.argv[1:]:\n"
        "    try: importlib.import_module(m)\n"
        "    except ImportError: missing.append(m)\n"
        "print(' '.join(missing))"
    )
    result = subprocess.run(
        [str(binder_python), "-c", code, *modules], capture_output=True, text=True, cwd=ROOT, env=binder_env()
    )
    assert result.returncode == 0, result.stderr
    assert not result.stdout.split(), f"requirements.txt lacks what the notebooks import: {result.stdout}"


def test_a_chapter_runs_in_the_binder_environment(binder_python, tmp_path):
    notebook = CHAPTER
    assert "torch" in imported_modules(notebook), f"{notebook.name} no longer uses torch: run a chapter that does"
    spec_dir = tmp_path / "kernels" / "binder"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(
        f'{{"argv": ["{binder_python}", "-m", "ipykernel_launcher", "-f", "{{connection_file}}"],'
        ' "display_name": "binder", "language": "python"}'
    )
    km = KernelManager(
        kernel_name="binder", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")])
    )
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys, helpers\nprint(sys.prefix)\nprint(helpers.__file__)"))
    env = binder_env()
    env.update(PYTHONHASHSEED="0", OMP_NUM_THREADS="1", MPLBACKEND="module://matplotlib_inline.backend_inline")
    # Binder opens the notebook where it lies in the repository; the notebook is run, never saved.
    client = NotebookClient(
        nb, km=km, timeout=600, record_timing=False, resources={"metadata": {"path": str(notebook.parent)}}
    )
    try:
        client.execute(env=env, cwd=str(notebook.parent))
    finally:  # nbclient leaves a kernel it was given running
        km.shutdown_kernel(now=True)
    prefix, helpers_file = printed(nb.cells[-1]).split()
    assert Path(prefix) == binder_python.parent.parent, (
        f"{notebook.name} ran in {prefix}, not in the Binder environment"
    )
    assert Path(helpers_file).is_relative_to(ROOT), helpers_file
