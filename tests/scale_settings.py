"""Settings of the processes tests/test_scale_out.py starts (two web servers, two workers): the real
settings, with Django's cache in a folder they all share (as Redis would be in a deployment), and the
test-only hold that makes a guide build wait while a file exists (`guide/jobs.py`)."""

import os

from connecting_people.settings import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ["CPI_TEST_CACHE_DIR"],
    }
}
CPI_BUILD_HOLD = os.environ["CPI_TEST_BUILD_HOLD"]
