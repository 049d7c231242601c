"""pytest's set-up for the whole repository: the suites of `make test` and their summary (tests/suites.py); how
nbval runs the chapters (alone, as on Colab) and the master notebooks of the exercises (lax): tests/notebook_runs.py."""

import sys
from pathlib import Path

from hypothesis import settings

# Property tests check values, not speed: no per-example deadline (four workers on two cores can pass 200 ms).
# `make test` draws the same examples on every run and every clone (derandomize), so that it passes or fails the
# same way each time; `pytest --hypothesis-profile=explore` draws new ones, to look for new cases.
settings.register_profile("course", deadline=None, derandomize=True)
settings.register_profile("explore", deadline=None)
settings.load_profile("course")

sys.path.insert(0, str(Path(__file__).parent / "tests"))
pytest_plugins = ["suites", "notebook_runs"]
