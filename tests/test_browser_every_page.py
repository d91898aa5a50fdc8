"""In Debian's Chromium, on a 390-pixel phone: every page of the project that a role may open, opened
by that role (the pages and who may open them come from the permission matrix, so a new page is
checked as soon as it has its entry), with no serious or critical axe-core problem and nothing wider
than the screen. Files (PDF, CSV, SVG, JSON) are not pages and are left out; so is Django's admin site.

One test per role, so that pytest reports each and can run them side by side. `make test` gives each
database's pass half of the roles (`--walk-share`, in conftest); the pages are the same on both. The
expensive part, the cast and every object the matrix's pages need, is made once for the module (`world`)
and shared: the roles open pages one after another on the same data, as the single walk over every role
did before, and the database is emptied when the module ends."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import modify_settings, override_settings
from django.urls import reverse
from pytest_django.live_server_helper import LiveServer

from .conftest import ACTORS, Cast, axe_problems, build_cast, sign_in, walked_actors
from .test_permission_matrix import MATRIX

# django_db so that the test database is made for these tests (pytest-django makes it only for tests
# that ask); see `_django_db_helper` below for why no test gets a transaction or a flush of its own.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WIDTH, HEIGHT = 390, 844


@dataclass
class World:
    server: LiveServer
    cast: Cast
    pages: dict[str, str]  # URL name -> path, every page the matrix lists for GET
    seen: dict[str, int] = field(default_factory=dict)  # role -> pages opened, as each role's test runs


@pytest.fixture(scope="module")
def world(
    request: pytest.FixtureRequest, django_db_setup, django_db_blocker, tmp_path_factory
) -> Iterator[World]:  # type: ignore[no-untyped-def]
    # The live server is asked for here rather than by the tests: a test that names it gets a database
    # emptied after it (pytest-django's transactional_db), and every role would have to build the cast
    # again. What is written here is committed at once (autocommit), so the server sees it.
    live = request.getfixturevalue("live_server")
    folder = tmp_path_factory.mktemp("every-page")
    with (
        override_settings(MEDIA_ROOT=folder / "media", ERASURE_LOG=folder / "erasure-log.jsonl"),
        modify_settings(ALLOWED_HOSTS={"append": urlsplit(live.url).hostname}),
        django_db_blocker.unblock(),
    ):
        try:
            cast = build_cast()
            pages = {
                name: reverse(name, kwargs=kwargs(cast))
                for name, (method, kwargs, _) in sorted(MATRIX.items())
                if method == "get"
            }
            yield World(live, cast, pages)
        finally:
            # Leave the database empty, as the tests of other modules expect it, and close the
            # connection as pytest-django does after a transactional test.
            call_command("flush", interactive=False, verbosity=0)
            connections.close_all()


@pytest.fixture
def _django_db_helper(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """pytest-django's per-test database set-up, replaced for this module: its transaction around each
    test would hold the live server's requests (which share the test's connection on SQLite), and its
    transactional flavour would empty the database after each role. The roles open pages through the
    live server in autocommit, as the single walk did; `world` empties the database at the end."""
    yield


@pytest.mark.parametrize("actor", ACTORS)
def test_every_page_of_the_role_fits_a_phone_and_passes_axe(  # type: ignore[no-untyped-def]
    browser, world: World, actor: str, pytestconfig: pytest.Config
) -> None:
    if actor not in walked_actors(pytestconfig):
        pytest.skip("this role's pages are walked by the other database's pass (--walk-share)")
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, bypass_csp=True)
    page = context.new_page()  # bypass_csp only so that the test can inject axe
    if actor != "anonymous":
        sign_in(page, world.server, actor)
    problems: list[str] = []
    seen = 0
    for name, path in world.pages.items():
        if actor not in MATRIX[name][2] or name in ("accounts:logout",):
            continue
        url = f"{world.server.url}{path}"
        head = context.request.get(url, max_redirects=0)
        if head.status != 200 or not head.headers.get("content-type", "").startswith("text/html"):
            continue  # a file, a redirect (e.g. to the page that follows) or a refused empty form
        page.goto(url)
        seen += 1
        where = f"{actor} {path} ({name})"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            problems.append(f"{where}: {width} px wide on a {WIDTH} px phone")
        problems.extend(axe_problems(page, where))
    context.close()
    world.seen[actor] = seen
    assert not problems, "\n".join(problems)


def test_the_roles_together_opened_more_than_60_pages(world: World, pytestconfig: pytest.Config) -> None:
    """The walk as a whole still reaches the project's pages (a guard against a matrix or cast that
    quietly stopped giving them); it needs every walked role's test to have run before it in this
    process. With a share of the roles, the bar is that share of 60."""
    walked = walked_actors(pytestconfig)
    if set(world.seen) != set(walked):
        pytest.skip("counts the pages after every walked role's test has run in this process")
    seen = sum(world.seen.values())
    least = 60 * len(walked) // len(ACTORS)
    assert seen > least, (
        f"only {seen} pages were opened by {len(walked)} roles: the matrix or the cast has changed"
    )
