"""Every named URL of the site, read from the URL configuration, with the roles that may use it.

``ACCESS`` is the roles × URLs matrix. A URL that is missing from it fails the matrix test, so a
new page cannot ship without saying who may open it (and the test then proves everybody else is
refused).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC = "public"
STAFF = {"planner", "approver", "clinic_head", "outsider_head"}
REVIEWERS = {"planner", "approver"}
PLANNER = {"planner"}
EMPLOYEE = {"employee"}
UNIT_HEADS = {"clinic_head", "outsider_head"}

# url name -> roles allowed on the objects of the test world (which are nobody's own), or PUBLIC.
ACCESS: dict[str, set[str] | str] = {
    "dashboard": STAFF | EMPLOYEE,
    "login": PUBLIC,
    "logout": PUBLIC,
    "set_language": PUBLIC,
    "instance_settings": PLANNER,
    "users": PLANNER,
    "user_edit": PLANNER,
    "people:employee_list": STAFF,
    "people:unit_list": STAFF,
    "people:unit_detail": REVIEWERS,
    "people:position_detail": REVIEWERS,
    "people:employee_detail": REVIEWERS,
    "people:my_data": STAFF | EMPLOYEE,
    "people:forget_employee": PLANNER,
    "needs:index": STAFF,
    "needs:positions": STAFF,
    "needs:position": REVIEWERS,
    "needs:override": PLANNER,
    "needs:clear_override": PLANNER,
    "needs:add_task": PLANNER,
    "needs:remove_task": PLANNER,
    "needs:units": REVIEWERS,
    "needs:unit": REVIEWERS,
    "needs:sectors": REVIEWERS,
    "needs:heatmap": REVIEWERS,
    "needs:settings": REVIEWERS,
    "participation:index": EMPLOYEE | PLANNER,
    "participation:home": EMPLOYEE,
    "participation:activate": PUBLIC,
    "participation:preferences": EMPLOYEE,
    "participation:ranking": EMPLOYEE,
    "participation:aspiration": EMPLOYEE,
    "participation:submit": EMPLOYEE,
    "participation:receipt": EMPLOYEE,
    "participation:consultations": EMPLOYEE,
    "participation:consultation": PLANNER,
    "participation:outcome": EMPLOYEE,
    "participation:hr_accounts": PLANNER,
    "participation:hr_issue_codes": PLANNER,
    "participation:hr_reset_account": PLANNER,
    "participation:hr_statistics": PLANNER,
    "participation:hr_consultations": PLANNER,
    "participation:hr_aspirations": PLANNER,
    "participation:hr_employee": PLANNER,
    "plans:index": STAFF,
    "plans:cycle_create": PLANNER,
    "plans:cycle_detail": PLANNER,
    "plans:cycle_edit": PLANNER,
    "plans:run": PLANNER,
    "plans:rerun": PLANNER,
    "plans:pin_add": PLANNER,
    "plans:pin_remove": PLANNER,
    "plans:compare": REVIEWERS,
    "plans:plan_detail": REVIEWERS,
    "plans:plan_status": REVIEWERS,
    "plans:moves": REVIEWERS,
    "plans:move_edit": PLANNER,
    "plans:move_pin": PLANNER,
    "plans:submit": PLANNER,
    "plans:approve": {"approver"},
    "plans:return": {"approver"},
    "plans:publish": PLANNER,
    "plans:audit": REVIEWERS,
    "plans:decree": REVIEWERS,
    "plans:decree_download": REVIEWERS,
    "plans:petikan": REVIEWERS,
    "plans:unit_moves": UNIT_HEADS,
    "plans:move_cancel": PLANNER,
    "plans:decree_status": REVIEWERS,
    "plans:decree_document": REVIEWERS,
    "plans:decree_template": PLANNER,
    "landing": STAFF | EMPLOYEE,
    "people:import_list": PLANNER,
    "people:import_detail": PLANNER,
    "people:import_confirm": PLANNER,
    "people:import_issues": PLANNER,
    "training:index": PLANNER | UNIT_HEADS | EMPLOYEE,
    "training:create": PLANNER,
    "training:detail": PLANNER,
    "training:rerun": PLANNER,
    "training:pin": PLANNER,
    "training:unpin": PLANNER,
    "training:xlsx": PLANNER,
    "training:ics": PLANNER,
    "training:session": PLANNER,
    "training:participants": PLANNER,
    "training:attendance": PLANNER,
    "training:completions": PLANNER,
    "training:catalog": PLANNER,
    "training:competencies": PLANNER,
    "training:upload": PLANNER,
    "training:jp": PLANNER | UNIT_HEADS,
    "training:unit": UNIT_HEADS,
    "training:mine": EMPLOYEE,
    "evaluation:index": REVIEWERS | EMPLOYEE,
    "evaluation:ikm": REVIEWERS,
    "evaluation:ikm_xlsx": REVIEWERS,
    "evaluation:unit": REVIEWERS,
    "evaluation:population": PLANNER,
    "evaluation:poster": PLANNER,  # a unit head makes their own unit's only
    "evaluation:exclude": PLANNER,
    "evaluation:include": PLANNER,
    "evaluation:import": PLANNER,
    "evaluation:cycle": REVIEWERS,
    "evaluation:report_request": PLANNER,
    "evaluation:report_download": REVIEWERS,
    "evaluation:employee_survey": set(),  # the survey of someone else's move: nobody's
    "evaluation:public_form": PUBLIC,
    "evaluation:public_thanks": PUBLIC,
}

# Someone else's record answers exactly like a missing one (a NIP encodes birth date and gender).
# url name -> the roles that get that "not found".
REFUSED_AS_MISSING = {
    "people:employee_detail": {"clinic_head", "outsider_head", "employee"},
    "participation:consultation": {"employee"},
    "evaluation:employee_survey": {"employee"},
}
# Pages that are "not found" until their owner has done something (a receipt before submitting),
# or whose objects the test world does not hold (training plans, sessions, survey answers,
# reports, uploads, decree documents): for them the matrix proves the refusals only.
EMPTY_UNTIL_USED = {
    "participation:receipt",
    "plans:decree_document",
    "people:import_detail",
    "people:import_confirm",
    "people:import_issues",
    "training:detail",
    "training:rerun",
    "training:pin",
    "training:unpin",
    "training:xlsx",
    "training:ics",
    "training:session",
    "training:participants",
    "training:attendance",
    "evaluation:exclude",
    "evaluation:include",
    "evaluation:cycle",
    "evaluation:report_download",
}
# URL parameter "code" names a unit (not a post) on these pages.
UNIT_CODE_ROUTES = {
    "evaluation:population",
    "evaluation:poster",
    "evaluation:public_form",
    "evaluation:public_thanks",
}
# Namespaces that check access their own way: Django admin (staff users only) and the API
# (tokens, 401 rather than the login page; its roles are tested in tests/api).
SKIPPED_NAMESPACES = {"admin", "api"}


@dataclass(frozen=True)
class Route:
    name: str
    params: tuple[str, ...]

    def url(self, kwargs: dict[str, object]) -> str:
        values = {p: kwargs[p] for p in self.params}
        if "code" in values and (
            "unit" in self.name.split(":")[-1] or self.name in UNIT_CODE_ROUTES
        ):
            values["code"] = kwargs["unit_code"]
        return reverse(self.name, kwargs=values) + (
            f"?a={kwargs['plan_id']}&b={kwargs['plan_id']}" if self.name == "plans:compare" else ""
        )


def _walk(patterns: list, prefix: str = "") -> Iterator[Route]:  # type: ignore[type-arg]
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            params = tuple(entry.pattern.regex.groupindex)
            yield Route(f"{prefix}{entry.name}", params)


def routes() -> list[Route]:
    """Every named page of the site (admin aside), from the URL configuration."""
    return sorted(set(_walk(get_resolver().url_patterns)), key=lambda r: r.name)
