"""Navigation entries shown to the signed-in user, derived from their role's capabilities."""

from django.http import HttpRequest
from django.urls import reverse


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    items: list[tuple[str, str]] = []
    if user is not None and user.is_authenticated:
        caps = user.caps
        items.append(("Start", reverse("core:home")))
        items.append(("The model", reverse("interventions:home")))
        if caps.can_handle_fieldwork:
            items.append(("Fieldwork", reverse("fieldwork:home")))
            items.append(("Agreement", reverse("fieldwork:agreement")))
        if caps.can_view_person_records or caps.is_individual:
            label = "My plan" if caps.is_individual else "People"
            items.append((label, reverse("practice:people")))
        if caps.can_view_person_records:
            items.append(("Community", reverse("directory:find")))
        if caps.can_read_partners:
            items.append(("Partners", reverse("partners:home")))
        if caps.can_edit_guide or caps.can_read_guide_drafts:
            items.append(("Guide", reverse("guide:home")))
        else:
            items.append(("Guide", reverse("guide:public")))
        if caps.can_edit_guide:
            items.append(("Consultation", reverse("consult:home")))
        elif caps.can_review_by_account:
            items.append(("Your consultations", reverse("consult:mine")))
        if caps.sees_whole_organisation_caseload:
            items.append(("Self-assessment", reverse("guide:self_assessment")))
        if caps.rates_own_practice:
            items.append(("Working style", reverse("guide:working_style")))
        if caps.can_view_audit:
            items.append(("Audit trail", reverse("audit:list")))
        if caps.can_administer:
            items.append(("Administration", reverse("admin:index")))
    path = request.path if request is not None else ""
    # The current entry is the one whose address is the longest start of this page's (Agreement inside
    # Fieldwork), and Start only on the start page itself.
    matching = [url for _label, url in items if path == url or (url != "/" and path.startswith(url))]
    current = max(matching, key=len, default=None)
    return {"nav_items": [{"label": label, "url": url, "current": url == current} for label, url in items]}
