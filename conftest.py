"""pytest's set-up for the whole repository: the suites of `make test` and their summary (tests/suites.py); the
chapters run alone under nbval, as on Colab (tests/standalone_kernel.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tests"))
pytest_plugins = ["suites", "standalone_kernel"]
