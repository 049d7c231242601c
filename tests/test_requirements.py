"""requirements.txt pins every package, and torch stays at the CPU build this machine installs in seconds."""

import re
from pathlib import Path

REQUIREMENTS = (Path(__file__).resolve().parents[1] / "requirements.txt").read_text().splitlines()
PINS = [line for line in REQUIREMENTS if line.strip() and not line.startswith("#")]


def test_every_requirement_is_pinned_to_one_version():
    loose = [line for line in PINS if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.+\-]+", line)]
    assert not loose, f"pin these with ==: {loose}"
    names = [line.split("==")[0].lower() for line in PINS]
    assert len(names) == len(set(names)), "a package is listed twice"


def test_torch_is_pinned_to_the_cpu_build():
    assert "torch==2.13.0" in PINS
    assert not any(line.lower().startswith("nvidia-") for line in PINS), "a CUDA package crept in"
