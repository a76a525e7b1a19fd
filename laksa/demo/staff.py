"""Demo staff accounts, one per persona, each with a fresh random password printed once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User

from laksa.org.models import Agency, Area, AreaLevel, Jurisdiction, Membership, Role

FIELD_AGENCIES = ("DPUPR", "DISHUB", "DLH", "DISBUDPAR", "BPBD", "SATPOLPP")


@dataclass
class Account:
    username: str
    role: str
    scope: str
    password: str


def _account(
    city: Jurisdiction,
    username: str,
    role: str,
    *,
    agency: Agency | None = None,
    area: Area | None = None,
    superuser: bool = False,
) -> Account:
    user = User.objects.filter(username=username).first()
    password = "(tidak berubah / unchanged)"
    if user is None:
        password = secrets.token_urlsafe(9)
        user = User.objects.create_user(
            username, password=password, is_staff=superuser, is_superuser=superuser
        )
    Membership.objects.get_or_create(
        user=user, jurisdiction=city, role=role, agency=agency, area=area
    )
    scope = str(agency or area or city)
    return Account(username, str(Role(role).label), scope, password)


def create_staff(city: Jurisdiction) -> list[Account]:
    agencies = {a.code: a for a in city.agencies.all()}
    areas = {(a.level, a.name): a for a in city.areas.all()}
    accounts = [
        _account(city, "admin", Role.ADMINISTRATOR, superuser=True),
        _account(city, "operator1", Role.OPERATOR),
        _account(city, "operator2", Role.OPERATOR),
    ]
    for code in FIELD_AGENCIES:
        low = code.lower()
        accounts.append(_account(city, f"pengawas_{low}", Role.SUPERVISOR, agency=agencies[code]))
        accounts.append(_account(city, f"petugas_{low}", Role.WORKER, agency=agencies[code]))
    accounts.append(_account(city, "kepala_dpupr", Role.AGENCY_HEAD, agency=agencies["DPUPR"]))
    kecamatan = areas.get((AreaLevel.KECAMATAN, "Tangerang"))
    kelurahan = areas.get((AreaLevel.KELURAHAN, "Sukasari"))
    if kecamatan:
        accounts.append(_account(city, "camat_tangerang", Role.AREA_OFFICIAL, area=kecamatan))
    if kelurahan:
        accounts.append(_account(city, "lurah_sukasari", Role.AREA_OFFICIAL, area=kelurahan))
    accounts.append(_account(city, "walikota", Role.EXECUTIVE))
    return accounts
