"""Demo staff accounts, one per persona, each with a fresh random password printed once."""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from laksa.dispatch.models import Crew
from laksa.org.models import Agency, AgencyKind, Area, AreaLevel, Jurisdiction, Membership, Role

# The agencies with field crews: a supervisor and a worker each. Every other city OPD gets a
# supervisor only, so that every category of the demo has someone to take its jobs.
FIELD_AGENCIES = ("DPUPR", "DISHUB", "DLH", "DISBUDPAR", "BPBD", "SATPOLPP")
# The LIVE Room's operators are seconded from these agencies (Dinkes, the old DKP now DLH, Dishub,
# Satpol PP, the old DBMSDA now DPUPR, BPBD), one each. An operator still triages the whole city:
# the agency says where they come from, not what they see.
OPERATOR_AGENCIES = ("DINKES", "DLH", "DISHUB", "SATPOLPP", "DPUPR", "BPBD")
UNCHANGED = "(tidak diubah)"


@dataclass
class Account:
    username: str
    role: str
    scope: str
    password: str


@dataclass
class _Wanted:
    username: str
    role: str
    agency: Agency | None = None
    area: Area | None = None
    superuser: bool = False


def _wanted(city: Jurisdiction) -> list[_Wanted]:
    agencies = {a.code: a for a in city.agencies.filter(kind=AgencyKind.OPD)}
    areas = {(a.level, a.name): a for a in city.areas.all()}
    wanted = [_Wanted("admin", Role.ADMINISTRATOR, superuser=True)]
    for n, code in enumerate(OPERATOR_AGENCIES, start=1):
        wanted.append(_Wanted(f"operator{n}", Role.OPERATOR, agency=agencies[code]))
    for code in FIELD_AGENCIES:
        wanted.append(_Wanted(f"pengawas_{code.lower()}", Role.SUPERVISOR, agency=agencies[code]))
        wanted.append(_Wanted(f"petugas_{code.lower()}", Role.WORKER, agency=agencies[code]))
    for code, agency in sorted(agencies.items()):
        if code not in FIELD_AGENCIES:
            wanted.append(_Wanted(f"pengawas_{code.lower()}", Role.SUPERVISOR, agency=agency))
    wanted.append(_Wanted("kepala_dpupr", Role.AGENCY_HEAD, agency=agencies["DPUPR"]))
    kecamatan = areas.get((AreaLevel.KECAMATAN, "Tangerang"))
    kelurahan = areas.get((AreaLevel.KELURAHAN, "Sukasari"))
    if kecamatan:
        wanted.append(_Wanted("camat_tangerang", Role.AREA_OFFICIAL, area=kecamatan))
    if kelurahan:
        wanted.append(_Wanted("lurah_sukasari", Role.AREA_OFFICIAL, area=kelurahan))
    wanted.append(_Wanted("walikota", Role.EXECUTIVE))
    return wanted


def create_staff(city: Jurisdiction) -> list[Account]:
    """Create the missing demo accounts and their roles; existing accounts keep their password."""
    wanted = _wanted(city)
    existing = set(
        User.objects.filter(username__in=[w.username for w in wanted]).values_list(
            "username", flat=True
        )
    )
    fresh = [w for w in wanted if w.username not in existing]
    passwords = {w.username: secrets.token_urlsafe(9) for w in fresh}
    # A password hash costs about half a second by design; hashlib releases the GIL, so
    # hashing them side by side uses every core.
    with ThreadPoolExecutor() as pool:
        hashes = dict(zip(passwords, pool.map(make_password, passwords.values()), strict=True))
    User.objects.bulk_create(
        User(
            username=w.username,
            password=hashes[w.username],
            is_staff=w.superuser,
            is_superuser=w.superuser,
        )
        for w in fresh
    )
    users = {u.username: u for u in User.objects.filter(username__in=[w.username for w in wanted])}
    accounts = []
    for w in wanted:
        Membership.objects.get_or_create(
            user=users[w.username], jurisdiction=city, role=w.role, agency=w.agency, area=w.area
        )
        scope = str(w.agency.name if w.agency else w.area or city)
        if w.role == Role.OPERATOR and w.agency:
            scope = f"{city} ({w.agency.abbreviation})"
        password = passwords.get(w.username, UNCHANGED)
        accounts.append(Account(w.username, str(Role(w.role).label), scope, password))
    _create_crews(city, users)
    return accounts


def _create_crews(city: Jurisdiction, users: dict[str, User]) -> None:
    """One crew per field agency, its worker in it, so SIGAP has someone to send."""
    for agency in city.agencies.filter(code__in=FIELD_AGENCIES):
        crew, _ = Crew.objects.get_or_create(agency=agency, name=f"Regu 1 {agency.abbreviation}")
        worker = users.get(f"petugas_{agency.code.lower()}")
        if worker is not None:
            crew.members.add(worker)


def account_table(accounts: list[Account]) -> str:
    """The accounts as a plain-text table: username, role, scope, password."""
    header = Account("username", "role", "scope", "password")
    rows = [header, *accounts]
    widths = [max(len(getattr(r, f)) for r in rows) for f in ("username", "role", "scope")]
    lines = []
    for n, r in enumerate(rows):
        lines.append(
            f"  {r.username:<{widths[0]}}  {r.role:<{widths[1]}}  {r.scope:<{widths[2]}}  "
            f"{r.password}"
        )
        if n == 0:
            lines.append("  " + "  ".join("-" * w for w in [*widths, 16]))
    return "\n".join(lines)
