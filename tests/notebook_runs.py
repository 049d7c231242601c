"""How nbval runs the repository's notebooks, all in the one pytest session of `make test`:
- each chapter (chapters/*.ipynb) as Colab would: alone in an empty folder outside the repository, in a kernel where
  its first cell must install `helpers` itself, every output compared with the stored one. One execution proves
  two things: the stored outputs are reproduced, and the chapter needs nothing of the checkout but that package;
- each master notebook of the exercises (solutions/*.ipynb) in the repository, lax: its solutions must pass its
  own tests (a failing assert fails it), and outputs are not compared (`pytest --nbval-lax` on its own).

On Colab a chapter's first cell runs `pip install git+<repository>`; here the environment variable COURSE_HELPERS
points it at a wheel of the repository's package (pyproject.toml + helpers/), built once per worker, so the test
runs offline. The kernel runs in a throwaway virtual environment that sees the course's packages (.venv) through a
.pth file, so the install lands in the throwaway environment, never in .venv. After the last cell the kernel says
where `helpers` came from. The exercise notebooks run alone in tests/test_standalone.py, with the same environment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from functools import cache
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbval.kernel import RunningKernel
from nbval.plugin import IPyNbFile

ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT = 120  # seconds; several workers start kernels at once on two cores


def _ignore(directory, names):
    return [n for n in names if n in ("__pycache__", ".ipynb_checkpoints") or n.endswith((".pyc", ".egg-info"))]


@cache
def helpers_wheel() -> Path:
    """What `pip install git+<repository>` installs, as a wheel built from pyproject.toml and helpers/ (once)."""
    where = Path(tempfile.mkdtemp(prefix="course-helpers-wheel-"))
    source = where / "repository-copy"
    source.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", source / "pyproject.toml")
    shutil.copytree(ROOT / "helpers", source / "helpers", ignore=_ignore)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(where), source],
        check=True,
        env=standalone_env(),
    )
    (wheel,) = where.glob("*.whl")
    return wheel


def standalone_env() -> dict[str, str]:
    """The environment of a notebook run alone: no trace of .venv, the course's fixed seeds, an offline helpers."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(
        PYTHONHASHSEED="0",
        OMP_NUM_THREADS="1",
        MPLBACKEND="module://matplotlib_inline.backend_inline",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return env


def throwaway_kernel(where: Path) -> KernelManager:
    """A virtual environment in `where` whose python sees .venv's packages; a kernel manager that runs it."""
    env_dir = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "course-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    spec_dir = where / "kernels" / "standalone"
    spec_dir.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec = {"argv": argv, "display_name": "standalone", "language": "python"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    specs = KernelSpecManager(kernel_dirs=[str(where / "kernels")])
    return KernelManager(kernel_name="standalone", kernel_spec_manager=specs)


def printed(cell) -> str:
    """Everything an executed code cell printed: a kernel may send one print() as several stream messages."""
    return "".join(out.get("text", "") for out in cell.outputs if out.get("output_type") == "stream")


def lonely_copy(notebook: Path, where: Path) -> Path:
    """An empty folder outside any checkout holding only a copy of `notebook`, as Colab opens it."""
    folder = where / "colab"
    folder.mkdir()
    shutil.copy2(notebook, folder / notebook.name)
    assert not any((p / "helpers" / "__init__.py").is_file() for p in (folder, *folder.parents)), (
        f"{folder} is inside a checkout: the bootstrap cell would not install anything"
    )
    return folder


class StandaloneKernel(RunningKernel):
    """nbval's kernel, started by `km` in `cwd` with `env`."""

    def __init__(self, km: KernelManager, cwd: Path, env: dict[str, str]):
        self.km = km
        self.km.start_kernel(cwd=str(cwd), env=env, stderr=subprocess.DEVNULL)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        self._ensure_iopub_up()

    def printed_by(self, code: str) -> str:
        """What `code` prints when the kernel runs it."""
        text: list[str] = []
        keep = lambda msg: text.append(msg["content"].get("text", "") if msg["msg_type"] == "stream" else "")
        reply = self.kc.execute_interactive(code, timeout=60, output_hook=keep)
        assert reply["content"]["status"] == "ok", reply["content"]
        return "".join(text)


class StandaloneNotebook(IPyNbFile):
    """A chapter whose cells nbval runs in a StandaloneKernel, in a lonely copy of the notebook."""

    def setup(self):
        self.alone = Path(tempfile.mkdtemp(prefix=f"alone-{self.path.stem}-"))
        self.folder = lonely_copy(self.path, self.alone)
        env = {**standalone_env(), "COURSE_HELPERS": str(helpers_wheel())}
        self.kernel = StandaloneKernel(throwaway_kernel(self.alone), self.folder, env)
        self.setup_sanitize_files()

    def teardown(self):
        try:
            if self.kernel is not None and self.kernel.is_alive():
                code = "import helpers, sys\nprint(helpers.__file__)\nprint(sys.prefix)"
                where, prefix = self.kernel.printed_by(code).split()
                assert Path(where).is_relative_to(prefix) and "site-packages" in where, (
                    f"{self.path.name} imported helpers from {where}, not from the package its first cell installed"
                )
                files = sorted(p.name for p in self.folder.iterdir() if p.suffix == ".ipynb")
                assert files == [self.path.name], f"{self.path.name} left other notebooks next to itself: {files}"
        finally:
            super().teardown()
            shutil.rmtree(self.alone, ignore_errors=True)


class LaxNotebook(IPyNbFile):
    """A notebook whose cells must run without error, their outputs not compared (as with --nbval-lax)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.compare_outputs = False


MODES = {ROOT / "chapters": StandaloneNotebook, ROOT / "solutions": LaxNotebook}


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    """The notebooks nbval collects in chapters/ and solutions/ run as described above; others as nbval runs them."""
    collected = yield
    mode = MODES.get(file_path.parent)
    if mode is None:
        return collected
    return [mode.from_parent(parent, path=file_path) if type(c) is IPyNbFile else c for c in collected or []]
