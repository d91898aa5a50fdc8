"""Signing in and out, throttling, password hashing and change, roles as capabilities, admin-made users."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from connecting_people.accounts.models import Organisation, User
from connecting_people.accounts.roles import Role
from connecting_people.audit.models import AuditEntry

from .conftest import PASSWORD, Cast


def login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_sign_in_and_out(cast: Cast) -> None:
    client = Client()
    response = login(client, "worker", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    home = client.get(reverse("core:home")).content.decode()
    assert "What needs doing next, as a worker" in home and "Your caseload" in home
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("practice:people")).status_code == 302


def test_next_must_stay_on_this_site(cast: Cast) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": "worker", "password": PASSWORD},
    )
    assert response["Location"] == reverse("core:home")
    client = Client()
    response = client.post(
        reverse("accounts:login") + "?next=/model/", {"username": "worker", "password": PASSWORD}
    )
    assert response["Location"] == "/model/"
    for odd in ("abc", "2026-13-45", "//evil.example/"):  # a bare word used to be taken for a view's name
        response = Client().post(
            reverse("accounts:login") + f"?next={odd}", {"username": "worker", "password": PASSWORD}
        )
        assert response.status_code == 302 and response["Location"] == reverse("core:home"), odd


def test_repeated_failures_are_throttled(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        response = login(client, "worker", "wrong password")
        assert response.status_code == 200 and "correct username and password" in response.content.decode()
    response = login(client, "worker", PASSWORD)  # even the right password waits now
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not locked by this one's failures.
    assert login(Client(), "manager", PASSWORD).status_code == 302


def test_passwords_are_hashed_with_argon2(cast: Cast) -> None:
    assert User.objects.get(username="worker").password.startswith("argon2")


def test_password_change(cast: Cast) -> None:
    client = cast.client("worker")
    new = "a-much-longer-new-passphrase-7"
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": new,
            "new_password2": new,
        },
    )
    assert response["Location"] == reverse("accounts:password_done")
    assert login(Client(), "worker", new).status_code == 302
    entry = AuditEntry.objects.filter(
        object_type="accounts.user", object_id=str(cast.users["worker"].pk)
    ).latest("id")
    assert entry.changes == {"password": ["(hidden)", "(changed)"]}
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": new, "new_password1": "short", "new_password2": "short"},
    )
    assert "too short" in weak.content.decode()


def test_roles_are_capabilities() -> None:
    assert Role.RESEARCHER.can_edit_model and not Role.WORKER.can_edit_model
    assert Role.MANAGER.sees_whole_organisation_caseload and not Role.WORKER.sees_whole_organisation_caseload
    assert Role.ADMINISTRATOR.can_view_audit and not Role.MANAGER.can_view_audit
    assert Role.INDIVIDUAL.is_individual and not Role.INDIVIDUAL.can_view_person_records
    assert Role.REVIEWER.can_view_draft_models and not Role.INDIVIDUAL.can_view_draft_models


def test_admin_creates_organisation_and_user_in_the_web(cast: Cast) -> None:
    client = cast.client("admin")
    response = client.post(
        reverse("admin:accounts_organisation_add"),
        {
            "name": "Seabrook Peer Network",
            "sector": "service_user_led",
            "region": "wales",
            "client_group": "",
        },
    )
    assert response.status_code == 302

    org = Organisation.objects.get(name="Seabrook Peer Network")
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "peer",
            "organisation": org.pk,
            "role": "worker",
            "password1": "peer-worker-passphrase-1",
            "password2": "peer-worker-passphrase-1",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="peer")
    assert user.organisation == org and user.caps is Role.WORKER and not user.is_staff
    assert AuditEntry.objects.filter(
        object_type="accounts.user", object_id=str(user.pk), action="create"
    ).exists()
    assert AuditEntry.objects.filter(
        object_type="accounts.organisation", object_id=str(org.pk), action="create"
    ).exists()
    # Making someone an administrator is what gives them the admin site.
    user.role = Role.ADMINISTRATOR
    user.save()
    assert User.objects.get(pk=user.pk).is_superuser
