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

import atexit
import base64
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbval.kernel import RunningKernel
from nbval.plugin import IPyNbCell, IPyNbFile

ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT = 120  # seconds; several workers start kernels at once on two cores


def _ignore(directory, names):
    return [n for n in names if n in ("__pycache__", ".ipynb_checkpoints") or n.endswith((".pyc", ".egg-info"))]


@cache
def helpers_wheel() -> Path:
    """What `pip install git+<repository>` installs, as a wheel built from pyproject.toml and helpers/ (once)."""
    where = Path(tempfile.mkdtemp(prefix="course-helpers-wheel-"))
    atexit.register(shutil.rmtree, where, True)  # one per worker, removed when it ends
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
        # Offline: the first cell installs the wheel; what it needs is already there, as on Colab, and never fetched.
        PIP_NO_INDEX="1",
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


PACKED_WEIGHTS = re.compile(r'"weights":"([A-Za-z0-9+/=]*)"')
"""Trained weights an explorer carries in its state (little-endian float32, base64: helpers.explorers.char_model)."""


def same_weights(ref: str, test: str) -> bool:
    """Whether two packed float32 weight strings hold the same numbers up to float32 rounding: training on another
    processor sums in another order and moves a weight by an ulp or two (chapter 7: 158 of 13,448 weights, by at most
    2.4e-7, between an AMD and an Intel machine); a change to the model or its training moves them far more."""
    a, b = (np.frombuffer(base64.b64decode(s), dtype="<f4") for s in (ref, test))
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-5, atol=1e-6))


def weights_as_stored(test: list, ref: list) -> list:
    """`test` outputs with each packed weight string replaced by the stored one where the two hold the same numbers
    (`same_weights`), so that nbval compares everything else exactly and a real change still shows."""
    stored = [w for out in ref for w in PACKED_WEIGHTS.findall(out.get("data", {}).get("text/html", ""))]
    if not stored:
        return test

    def keep_stored(match: re.Match) -> str:
        fresh = match.group(1)
        near = next((w for w in stored if same_weights(w, fresh)), fresh)
        return f'"weights":"{near}"'

    outputs = copy.deepcopy(test)
    for out in outputs:
        if "text/html" in out.get("data", {}):
            out["data"]["text/html"] = PACKED_WEIGHTS.sub(keep_stored, out["data"]["text/html"])
    return outputs


class StandaloneCell(IPyNbCell):
    """A chapter's cell: its outputs compared as nbval compares them, trained weights up to float32 rounding."""

    def compare_outputs(self, test, ref, skip_compare=None):
        return super().compare_outputs(weights_as_stored(test, ref), ref, skip_compare)


class StandaloneNotebook(IPyNbFile):
    """A chapter whose cells nbval runs in a StandaloneKernel, in a lonely copy of the notebook."""

    def collect(self):
        for cell in super().collect():
            yield StandaloneCell.from_parent(
                self, name=cell.name, cell_num=cell.cell_num, cell=cell.cell, options=cell.options
            )

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
