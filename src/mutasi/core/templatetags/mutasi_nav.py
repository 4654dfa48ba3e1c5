"""The navigation of base.html, by role.

Each stage's app names its landing page ``<namespace>:index``; until an app has one its menu item
is simply not shown, so the menu never links to a page that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy

from mutasi.core.models import Role
from mutasi.core.permissions import role_of

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


# (label, url names tried in order, roles that see it)
_EVERYONE_STAFF = (Role.PLANNER, Role.APPROVER, Role.UNIT_HEAD)
_MENU: list[tuple[Any, tuple[str, ...], tuple[str, ...]]] = [
    (pgettext_lazy("menu", "Dasbor"), ("dashboard",), _EVERYONE_STAFF),
    (pgettext_lazy("menu", "Pegawai"), ("people:employee_list",), _EVERYONE_STAFF),
    (pgettext_lazy("menu", "Unit"), ("people:unit_list",), _EVERYONE_STAFF),
    (pgettext_lazy("menu", "Impor"), ("people:import_list",), (Role.PLANNER,)),
    (pgettext_lazy("menu", "Kebutuhan"), ("needs:index",), _EVERYONE_STAFF),
    (pgettext_lazy("menu", "Rencana"), ("plans:index",), _EVERYONE_STAFF),
    (pgettext_lazy("menu", "Partisipasi"), ("participation:index",), (Role.PLANNER, Role.EMPLOYEE)),
    (
        pgettext_lazy("menu", "Pelatihan"),
        ("training:index",),
        (Role.PLANNER, Role.UNIT_HEAD, Role.EMPLOYEE),
    ),
    (
        pgettext_lazy("menu", "Evaluasi"),
        ("evaluation:index",),
        (Role.PLANNER, Role.APPROVER, Role.EMPLOYEE),
    ),
    # The office's settings and its users: one item (two tabs), so the bar fits at 1366 px.
    (pgettext_lazy("menu", "Pengaturan"), ("instance_settings",), (Role.PLANNER,)),
]


def _first_url(names: tuple[str, ...], *args: Any) -> str | None:
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


def _is_active(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)


@register.simple_tag(takes_context=True)
def nav_items(context: template.Context) -> list[NavItem]:
    """The menu of the logged-in user (empty for anonymous users and users without a role)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    role = role_of(user)
    if request is None or role is None:
        return []
    path = request.path
    items: list[NavItem] = []
    profile = getattr(user, "profile", None)
    if role == Role.UNIT_HEAD and profile is not None and profile.unit_id is not None:
        url = _first_url(("people:unit_detail",), profile.unit.code)
        if url:
            items.append(NavItem(str(pgettext_lazy("menu", "Unit saya")), url, path == url))
    if role == Role.EMPLOYEE and profile is not None and profile.employee_id is not None:
        url = _first_url(("people:employee_detail",), profile.employee.nip)
        if url:
            items.append(NavItem(str(pgettext_lazy("menu", "Profil saya")), url, path == url))
    for label, names, roles in _MENU:
        if role not in roles:
            continue
        url = _first_url(names)
        if url is not None:
            items.append(NavItem(str(label), url, _is_active(path, url)))
    return items


@register.simple_tag(takes_context=True)
def role_label(context: template.Context) -> str:
    role = role_of(getattr(context.get("request"), "user", None))
    return str(Role(role).label) if role else ""
