"""Test settings: the real settings plus a fixture app whose model points at model components."""

import tempfile
from pathlib import Path

from connecting_people.settings import *  # noqa: F403
from connecting_people.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.refapp"]
PASSWORD_HASHERS = ["tests.hashers.QuickArgon2PasswordHasher"]
# Never the installation's own erasure log: a restore there would re-apply what tests erased.
# (The cast fixture points it at each test's own folder.)
ERASURE_LOG = Path(tempfile.mkdtemp(prefix="cpi-test-")) / "erasure-log.jsonl"
# Jobs run at once in the process that asks for them (Django Q2's sync mode), so a test sees their outcome
# without a worker process; tests of the worker itself set CPI_JOBS_INLINE = False and run
# `cpi worker --burst`.
CPI_JOBS_INLINE = True
Q_CLUSTER = {**Q_CLUSTER, "sync": True, "poll": 0.01}  # noqa: F405
