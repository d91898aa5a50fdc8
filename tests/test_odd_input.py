"""Every page and form, given what a stale form, a hand-edited address or a careless script sends: words
where numbers go, dates that do not exist, numbers too big for any column and NUL characters. The
answer may be a page, a refusal or a redirect, never a server error (and so never a stack trace).

The URLs and who may open each come from the permission matrix; each request runs as someone allowed to
make it, in a savepoint rolled back afterwards. The field names are those the views read straight from
the request (forms check their own fields)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from .conftest import Cast
from .test_permission_matrix import MATRIX, all_url_names

# The parameters views read from the request themselves, and the names forms most often use.
FIELDS = [
    "action",
    "answer",
    "back",
    "by",
    "changed_in",
    "circle",
    "confirm",
    "decision",
    "detail",
    "draft",
    "end",
    "excerpt",
    "format",
    "group",
    "inbox",
    "instrument",
    "kind",
    "knows",
    "new_link",
    "next",
    "page",
    "part",
    "pending",
    "person",
    "perspective",
    "private",
    "publish",
    "q",
    "quote",
    "reason",
    "replacement",
    "reply",
    "reviewer",
    "section",
    "show",
    "site",
    "sort",
    "start",
    "status",
    "text",
    "threshold",
    "username",
    "wanted",
    "website",
    "with",
    "note",
    "date",
    "rated_on",
    "value",
    "label",
    "title",
    "name",
    "email",
    "component",
    "worker",
]
ODD = ["abc", "-1", "9" * 30, "2026-13-45", "\x00", "", "1e400", "../../etc/passwd"]


def odd_values(round_: int) -> dict[str, str]:
    return {name: ODD[(i + round_) % len(ODD)] for i, name in enumerate(FIELDS)}


@pytest.mark.parametrize("name", [n for n in all_url_names() if not n.startswith("admin:")])
def test_odd_input_never_makes_a_server_error(cast: Cast, name: str) -> None:
    method, kwargs, allowed = MATRIX[name]
    actors = sorted(allowed - {"anonymous"}) or sorted(allowed)
    if not actors:
        pytest.skip("nobody may open it")
    url = reverse(name, kwargs=kwargs(cast))
    client = cast.client(actors[0])
    problems = []
    for round_ in range(2):  # each field gets two of the odd values; a third round found nothing more
        with transaction.atomic():
            try:
                response = getattr(client, method)(url, odd_values(round_))
            except Exception as error:  # the test client re-raises what the view raised
                problems.append(f"{method.upper()} {url} round {round_}: {type(error).__name__}: {error}")
            else:
                if response.status_code >= 500:
                    problems.append(f"{method.upper()} {url} round {round_}: {response.status_code}")
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)
