"""Roles and what each may do. Code asks a capability, never compares role strings."""

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    RESEARCHER = "researcher", "Researcher"
    MANAGER = "manager", "Manager"
    WORKER = "worker", "Worker"
    REVIEWER = "reviewer", "Reviewer"
    INDIVIDUAL = "individual", "Person supported"

    @property
    def with_article(self) -> str:
        """The role's word in a sentence, with "a" or "an" as it sounds: "an administrator", "a worker"."""
        word = str(self.label).lower()
        return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"

    @property
    def can_administer(self) -> bool:
        """Create organisations and users, use the admin site."""
        return self is Role.ADMINISTRATOR

    @property
    def can_view_audit(self) -> bool:
        return self is Role.ADMINISTRATOR

    @property
    def can_view_model(self) -> bool:
        """Published model versions are open to every signed-in role, the person supported included."""
        return True

    @property
    def can_edit_model(self) -> bool:
        """Edit draft versions, import, publish and migrate between versions."""
        return self in (Role.RESEARCHER, Role.ADMINISTRATOR)

    @property
    def can_view_draft_models(self) -> bool:
        return self in (Role.RESEARCHER, Role.ADMINISTRATOR, Role.REVIEWER)

    @property
    def can_view_person_records(self) -> bool:
        """Open people's records at all (which ones is decided by the getters)."""
        return self in (Role.MANAGER, Role.WORKER)

    @property
    def sees_whole_organisation_caseload(self) -> bool:
        """Managers see every person in their organisation; workers only those assigned to them."""
        return self is Role.MANAGER

    @property
    def rates_own_practice(self) -> bool:
        """Rate their own practice against the model for a personal tailored guide (their working style)."""
        return self is Role.WORKER

    @property
    def can_create_person_records(self) -> bool:
        return self in (Role.MANAGER, Role.WORKER)

    @property
    def can_exercise_data_rights(self) -> bool:
        """Give a person a copy of everything held about them, or erase them (managers decide)."""
        return self is Role.MANAGER

    @property
    def can_schedule_measures(self) -> bool:
        """Choose which outcome measures the organisation asks for, and when (measures/)."""
        return self is Role.MANAGER

    @property
    def can_analyse_measures(self) -> bool:
        """See the organisation's high-versus-low fidelity analysis and export its measures for analysts,
        pseudonymised (measures/analysis.py, measures/exports.py)."""
        return self is Role.MANAGER

    @property
    def can_read_partners(self) -> bool:
        """Read their organisation's partner agencies, co-production log and agencies' network."""
        return self in (Role.MANAGER, Role.WORKER)

    @property
    def can_manage_partners(self) -> bool:
        """Keep the partners and the co-production log, and produce the commissioner report."""
        return self is Role.MANAGER

    @property
    def can_manage_directory(self) -> bool:
        """Keep the organisation's community directory: add and correct entries, upload a data package
        or ORUK JSON file, and publish its read-only API. Workers read the directory's page."""
        return self is Role.MANAGER

    @property
    def can_share_with_research(self) -> bool:
        """Agree which research teams the organisation shares with: its practice stories and the counts of
        its partnership records (partnerships/research_views.py)."""
        return self is Role.MANAGER

    @property
    def can_handle_fieldwork(self) -> bool:
        """Import, read and code fieldwork evidence of their own research team."""
        return self is Role.RESEARCHER

    @property
    def can_edit_guide(self) -> bool:
        """Write the guide of their own research team, choose its evidence, build and release drafts."""
        return self is Role.RESEARCHER

    @property
    def can_read_guide_drafts(self) -> bool:
        """Read unreleased drafts (already anonymised). Releases are public."""
        return self in (Role.RESEARCHER, Role.REVIEWER, Role.MANAGER, Role.ADMINISTRATOR)

    @property
    def can_review_by_account(self) -> bool:
        """Find the consultation rounds they were invited to (by their account's email address) when signed
        in."""
        return self is Role.REVIEWER

    @property
    def is_individual(self) -> bool:
        return self is Role.INDIVIDUAL
