"""The fault scripts at full size (issue 14): a worker killed with kill -9 in the middle of
10,000 e-mails, Redis stopped for 60 s during submissions, backup and restore. Prints the
lost / duplicated / recovered counts of each. Needs the shared PostgreSQL for pytest's test
database; Redis and the workers are private (tests/faults/conftest.py).

    .venv/bin/python benchmarks/faults.py
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    report = Path(tempfile.mkstemp(prefix="faults-", suffix=".txt")[1])
    env = {
        **os.environ,
        "FAULT_SCALE": "full",
        "FAULT_REPORT": str(report),
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_faults"),
        "REQUIRE_POSTGRES": "1",
    }
    code = subprocess.call(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-m", "faults", "tests/faults"],
        cwd=ROOT,
        env=env,
    )
    print("\n".join(["", "Faults:", report.read_text()]))
    return code


if __name__ == "__main__":
    sys.exit(main())
