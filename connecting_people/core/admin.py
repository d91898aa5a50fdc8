"""The admin site shows no background jobs: a queued email's arguments hold a reviewer's personal link,
which must never be readable by anyone but the reviewer. `cpi worker` and its log are where jobs are seen."""

from django.contrib import admin
from django_q.models import Failure, OrmQ, Schedule, Success

for model in (Failure, OrmQ, Schedule, Success):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
