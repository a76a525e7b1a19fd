"""Every change to what the light reads show gives the catalog a new version, in the change's own
transaction; its time never goes back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_migrate

from laksa.catalog import published
from laksa.catalog.models import CatalogVersion, Category, Question
from laksa.org.models import Agency, Area, Jurisdiction

pytestmark = pytest.mark.django_db


def _token() -> str:
    version = published.current()
    assert version is not None
    return version.token


def test_it_makes_a_new_version_for_each_kind_of_change(
    catalog: Category, pothole: Category, city: Jurisdiction, west: Area, agency_a: Agency
) -> None:
    question = Question.objects.get(category=pothole)
    changes = [
        lambda: catalog.save(),
        lambda: question.save(),
        lambda: west.save(),
        lambda: agency_a.save(),
        lambda: city.save(),
        lambda: catalog.support_agencies.add(agency_a),
        lambda: catalog.support_agencies.remove(agency_a),
        lambda: question.delete(),
        lambda: Area.objects.filter(pk=west.pk).delete(),
    ]
    seen = {_token()}
    for change in changes:
        change()
        assert _token() not in seen
        seen.add(_token())


def test_it_leaves_the_version_alone_for_a_change_rolled_back(catalog: Category) -> None:
    before = _token()
    with pytest.raises(RuntimeError), transaction.atomic():
        catalog.save()
        assert _token() != before
        raise RuntimeError("rolled back")
    assert _token() == before


def test_it_makes_a_new_version_after_migrate(catalog: Any) -> None:
    """A data migration changes rows without the signals."""
    before = _token()
    config = apps.get_app_config("catalog")
    post_migrate.send(
        sender=config, app_config=config, verbosity=0, interactive=False, using="default",
        apps=apps, plan=[],
    )  # fmt: skip
    assert _token() != before


def test_it_never_moves_the_time_back(catalog: Any) -> None:
    """A process on a lagging clock must not give a newer version an older Last-Modified."""
    ahead = published.current().changed_at + timedelta(minutes=5)  # type: ignore[union-attr]
    CatalogVersion.objects.filter(pk=published.VERSION_ID).update(changed_at=ahead)
    published.changed()
    version = published.current()
    assert version is not None
    assert version.changed_at == ahead and version.previous_at == ahead
    assert not version.dated_alone


def test_it_makes_the_row_if_it_is_missing(catalog: Any) -> None:
    """A flushed database (TransactionTestCase) has no row until the next change or migrate."""
    CatalogVersion.objects.all().delete()
    assert published.current() is None
    published.changed()
    assert published.current() is not None
