"""A second city in the same database: a role counts in its own city only (org.permissions).
Fixtures: the other city, its LIVE Room operator and a private report of it. The site serves the
first city (`city`) unless a test says otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from laksa.catalog.models import Category
from laksa.org.models import Agency, AgencyKind, Jurisdiction, Membership, Role
from laksa.reports import actions
from laksa.reports.models import Report

CONTACT = actions.ContactInput(name="Siti Rahma", phone="081299990000", email="siti@contoh.id")


@pytest.fixture
def other_city(city: Jurisdiction) -> Jurisdiction:
    """Made after `city`, so `city` stays the one the site serves (org.selectors.city_or_none)."""
    return Jurisdiction.objects.create(slug="kota-lain", name="Kota Lain", code_prefix="LAIN")


@pytest.fixture
def outsider(other_city: Jurisdiction, django_user_model: Any) -> Any:
    """The other city's LIVE Room operator, with no role in `city`."""
    user = django_user_model.objects.create_user("op_lain", password="rahasia-uji-123")
    Membership.objects.create(user=user, jurisdiction=other_city, role=Role.OPERATOR)
    return user


@pytest.fixture
def their_report(make_report: Any, other_city: Jurisdiction) -> Report:
    """A private report of the other city, with a contact."""
    agency = Agency.objects.create(
        jurisdiction=other_city,
        code="DPU",
        abbreviation="DPU",
        name="Dinas PU",
        kind=AgencyKind.OPD,
    )
    category = Category.objects.create(
        jurisdiction=other_city,
        code="INF-JLN",
        group="Infrastruktur",
        name_id="Jalan rusak",
        agency=agency,
    )
    return make_report(category=category, contact=CONTACT, public=False, seed=9)


@pytest.fixture
def private_report(make_report: Any) -> Report:
    """A private report of `city`, with a contact."""
    return make_report(contact=CONTACT, public=False)
