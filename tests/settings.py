"""Test settings: the real settings plus a fixture app whose model points at model components."""

from connecting_people.settings import *  # noqa: F403
from connecting_people.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.refapp"]
PASSWORD_HASHERS = ["tests.hashers.QuickArgon2PasswordHasher"]
