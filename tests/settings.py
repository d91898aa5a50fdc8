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
