"""In Debian's Chromium at 1366x900 and 390x844, against `cpi serve` with `make demo`'s settings (no
CPI_DEBUG): an unknown address and another organisation's person are our "Not found" page, another
organisation's consultation round is "Not allowed", a form sent without its CSRF cookie says it expired
and leads back to the page, and a reviewer's unknown or withdrawn link keeps the reviewer's layout. None
shows Django's technical pages; axe-core finds no serious problem; screenshots are kept."""

from __future__ import annotations

import http.client
import socket
import time
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import expect

from .checkout import ROOT
from .conftest import ARTIFACTS, axe_problems
from .installation import Installation

pytestmark = pytest.mark.browser

PASSWORD = "another-organisation-42"
WITHDRAWN = "served-withdrawn-link-" + "w" * 24
# Another organisation (Brookside) with a worker; the research team (the installation's) with a person on
# its books and a round on the default model; a reviewer of that round whose link was withdrawn.
SETUP = f"""
import datetime as dt
from django.utils import timezone
from connecting_people.accounts.actions import do_create_user, do_save_organisation
from connecting_people.accounts.models import Organisation
from connecting_people.consult.actions import do_save_round
from connecting_people.consult.models import Reviewer, Round
from connecting_people.consult.tokens import digest
from connecting_people.interventions import actions, modelfile
from connecting_people.interventions.models import ModelVersion
from connecting_people.practice.actions import do_save_person
from connecting_people.practice.models import Person
from pathlib import Path
import connecting_people
DEFAULT_MODEL = Path(connecting_people.__file__).parent / "interventions" / "data" / "default_model.yaml"
assert str(DEFAULT_MODEL).startswith("{ROOT}"), DEFAULT_MODEL  # this checkout's code
team = Organisation.objects.get(name="Subprocess Team")
other = do_save_organisation(None, Organisation(name="Brookside", sector="third_sector", region="london"))
do_create_user(None, password="{PASSWORD}", username="bw", organisation=other, role="worker")
person = do_save_person(None, Person(reference="SUB-1", full_name="Sol Ubery", organisation=team), [])
version = actions.do_import_version(None, modelfile.parse(DEFAULT_MODEL.read_text()), publish=True)
now = timezone.now()
round_ = do_save_round(None, Round(team=team, title="Round", version=version, \
opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=9)))
Reviewer.objects.create(round=round_, name="Gwen", email="gwen@example.org", \
token_hash=digest("{WITHDRAWN}"), revoked_at=now)
print(person.pk, round_.pk)
"""
TECHNICAL = ("URLconf", "Traceback", "CSRF", "Forbidden", "DEBUG = True", "Request Method")


@dataclass
class Visit:
    """One browser tab on the served site, at one size, gathering axe-core's problems."""

    page: Any
    site: str
    width: int
    problems: list[str]

    @property
    def size(self) -> str:
        return "desktop" if self.width > 500 else "phone"

    def check(self, name: str, *, account: bool = True) -> None:
        """Nothing technical, nothing wider than the screen, axe-core's serious problems noted, a
        screenshot kept; a reviewer's page (`account=False`) has no sign in and no menu."""
        page = self.page
        assert not [word for word in TECHNICAL if word in page.content()], name
        assert page.evaluate("document.documentElement.scrollWidth") <= self.width, f"{name} too wide"
        if not account:
            expect(page.locator("header")).not_to_contain_text("Sign in")
            expect(page.locator("header nav")).to_have_count(0)
        self.problems.extend(axe_problems(page, f"{name} at {self.width}px"))
        page.screenshot(path=str(ARTIFACTS / f"error-{name}-{self.size}.png"), full_page=True)

    def shows(self, address: str, status: int, title: str, words: str, name: str, **kwargs: bool) -> None:
        response = self.page.goto(self.site + address)
        assert response is not None and response.status == status, address
        expect(self.page.get_by_role("heading", level=1)).to_have_text(title)
        expect(self.page.locator("main")).to_contain_text(words)
        self.check(name, **kwargs)


def _wait_for(port: int) -> None:
    for _ in range(600):  # up to a minute on a busy machine
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/accounts/login/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()


def test_the_demo_server_shows_friendly_error_pages_at_both_sizes(
    browser, installation: Installation
) -> None:  # type: ignore[no-untyped-def]
    installation.env.pop("CPI_DEBUG", None)
    made = installation.cpi("shell", "-c", SETUP)
    assert made.returncode == 0, made.stderr
    person, round_ = made.stdout.split()[-2:]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    site = f"http://127.0.0.1:{port}"
    server = installation.start("serve", "--port", str(port))
    problems: list[str] = []
    try:
        _wait_for(port)
        for width, height in ((1366, 900), (390, 844)):
            context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
            visit = Visit(context.new_page(), site, width, problems)
            page = visit.page
            visit.shows("/no/such/page/", 404, "Not found", "There is nothing here", "404")
            visit.shows(
                f"/consult/r/{'n' * 40}/",
                404,
                "This link does not open anything",
                "copied the whole link",
                "reviewer-404",
                account=False,
            )
            visit.shows(
                f"/consult/r/{WITHDRAWN}/",
                410,
                "This link no longer opens",
                "withdrawn by the research team",
                "reviewer-410",
                account=False,
            )
            # The login form, its CSRF cookie gone (as when it expires): the page says so in plain words.
            page.goto(f"{site}/accounts/login/")
            context.clear_cookies()
            page.get_by_label("User name").fill("bw")
            page.get_by_label("Password").fill(PASSWORD)
            with page.expect_response(f"{site}/accounts/login/") as posted:
                page.get_by_role("button", name="Sign in").click()
            assert posted.value.status == 403
            expect(page.get_by_role("heading", level=1)).to_have_text("This form has expired")
            expect(page.locator("main")).to_contain_text("Nothing was saved")
            visit.check("csrf")
            page.get_by_role("link", name="Go back to the page").click()
            # Back on the form, with a fresh cookie: signing in works.
            page.get_by_label("User name").fill("bw")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{site}/")
            # Signed in at another organisation: the research team's person and round are not theirs.
            visit.shows(
                f"/people/{person}/", 404, "Not found", "not shared with your organisation", "404-record"
            )
            visit.shows(
                f"/consult/rounds/{round_}/", 403, "Not allowed", "Researchers run consultations.", "403"
            )
            context.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert not problems, "\n".join(problems)
