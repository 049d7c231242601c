"""pytest's set-up for the whole repository: the suites of `make test` and their summary (tests/suites.py); how
nbval runs the chapters (alone, as on Colab) and the master notebooks of the exercises (lax): tests/notebook_runs.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tests"))
pytest_plugins = ["suites", "notebook_runs"]
