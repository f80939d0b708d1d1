"""The policy table (accounts/policy.py) is the only place that names who may do what, and the scope
registry (accounts/scope.py) the only place that says whose rows a user sees (issue #12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps

from talenta.accounts import policy, scope
from talenta.accounts.roles import Role
from tests.access.routes import PUBLIC, all_routes

SRC = Path(__file__).resolve().parents[2] / "src" / "talenta"
PY = sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)
HTML = sorted(SRC.rglob("*.html"))

USES = [
    re.compile(r"""\ballows\(\s*["']([\w-]+\.[\w.-]+)["']"""),
    re.compile(r"""\baccess\(\s*["']([\w-]+\.[\w.-]+)["']"""),
    re.compile(r"""\b(?:policy\.)?(?:require|can)\(\s*[\w.]+,\s*["']([\w-]+\.[\w.-]+)["']"""),
    re.compile(r"""\|can:["']([\w-]+\.[\w.-]+)["']"""),
    re.compile(r"""\bcan_at\s+\w+\s+["']([\w-]+\.[\w.-]+)["']"""),
]


def _used_actions() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in PY + HTML:
        text = path.read_text(encoding="utf-8")
        for pattern in USES:
            for action in pattern.findall(text):
                used.setdefault(action, []).append(str(path.relative_to(SRC)))
    return used


def test_every_action_the_code_asks_for_is_in_the_policy_table():
    unknown = {a: where for a, where in _used_actions().items() if a not in policy.POLICY}
    assert not unknown, f"actions without a policy: {unknown}"


def test_every_action_of_the_policy_table_is_used():
    used = set(_used_actions()) | set(policy.JOB_KINDS.values())
    assert set(policy.POLICY) - used == set()


def test_an_unknown_action_is_refused_not_allowed():
    with pytest.raises(LookupError):
        policy.can(object(), "no.such.action")
    with pytest.raises(LookupError):
        policy.allows("no.such.action")


def test_every_route_names_an_action_of_the_table_and_its_roles():
    for route in all_routes():
        if route.policy in (None, PUBLIC):
            continue
        assert route.action in policy.POLICY, route.name
        assert route.policy == policy.roles_for(route.action), route.name


# Role names may appear only where roles are defined or given their rights; the demo creates one account
# per role and says which, and the User model's constraints say which roles need a unit or an employee.
ROLE_NAME_PLACES = {
    "accounts/policy.py",
    "accounts/roles.py",
    "accounts/models.py",
    "demo/generator.py",
    "placement/demo.py",
    "talent/demo.py",
    "demo/region.py",
}
ROLE_LITERAL = re.compile(
    r"""Role\.(?:ADMIN|ANALIS|KOMITE|PIMPINAN|KEPALA_OPD|PEGAWAI|AUDITOR|REGIONAL)\b|"""
    r"""(?:==|!=|\bin\b|role=)\s*\(?\s*["'](?:admin|analis|komite|pimpinan|kepala-opd|pegawai|auditor|regional)["']"""
)


def test_role_names_live_only_in_the_policy_and_the_role_definitions():
    found = []
    for path in PY + HTML:
        rel = str(path.relative_to(SRC))
        if rel in ROLE_NAME_PLACES:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ROLE_LITERAL.search(line) or re.search(r"\buser\.role\s*(?:==|!=|in|not in)", line):
                found.append(f"{rel}:{n}: {line.strip()[:100]}")
    assert not found, "role named outside the policy:\n" + "\n".join(found)


def test_the_role_name_check_can_fail(tmp_path):
    assert ROLE_LITERAL.search('if request.user.role == "pimpinan":')
    assert ROLE_LITERAL.search("_require_role(by, Role.ADMIN)")


# Models that hold no tenant data, each with the reason.
NOT_TENANT_OWNED = {
    "core.ReferenceItem": "BKN's reference tables, the same for every instansi",
    "core.AuditHead": "the chain head; entries carry their instansi",
    "people.EmployeeChange": (
        "change marks (ids only), read by the candidate pool's refresh (placement.selectors); never shown"
    ),
    "people.EmployeeChangesPruned": "how far the change marks were pruned: one number; never shown",
    "people.Region": "the list of regions (a province and its kabupaten/kota), the same for every instansi",
    "accounts.User": "users are managed through accounts.views.users_for (the Admin's instansi)",
    "accounts.ApiToken": "a token is its user's only (accounts.views, private)",
    "talent.MappingPreset": "national presets of the mapping rules",
    "placement.RequirementSet": (
        "national defaults (no instansi) and each instansi's own versions:"
        " read through placement.selectors.requirement_tables(instansi)"
    ),
    "merit.Questionnaire": (
        "national versions (no instansi) and each instansi's own: merit.services.questionnaires_for"
    ),
}


def test_every_tenant_model_is_registered_with_its_owners():
    ours = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("talenta.") and not m._meta.proxy and not m._meta.abstract
    ]
    registered = scope.registered()
    missing = [m._meta.label for m in ours if m not in registered and m._meta.label not in NOT_TENANT_OWNED]
    assert not missing, f"register these in accounts/scope.py or their app's scopes.py: {missing}"


def test_every_registered_lookup_resolves_on_the_database(db):
    for model in scope.registered():
        for user_role in Role:
            # An inactive stand-in still builds each model's filter: a wrong lookup path raises here.
            model.objects.filter(**{scope.owner_of(model).instansi: 1}).exists()
            del user_role
