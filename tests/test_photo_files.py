"""Photo files agree with their rows (reports/photo_files.py): an action that fails after writing
some of its photos leaves no file behind, and a file whose transaction a caller rolled back later
is removed by the periodic sweep, while every photo of a stored report keeps its files."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import transaction

from laksa.intake.inbound import Inbound
from laksa.intake.receive import receive
from laksa.lib import clock
from laksa.reports import actions
from laksa.reports.errors import InvalidInput
from laksa.reports.models import Photo, PhotoKind
from laksa.reports.photo_files import sweep_orphans
from laksa.reports.statuses import Status
from tests.images import processed

pytestmark = pytest.mark.django_db


class FillingDisk(FileSystemStorage):
    """A disk with room for `room` more files; then every write fails as a full disk does."""

    room = 1_000

    def _save(self, name: str, content: Any) -> str:
        if FillingDisk.room <= 0:
            raise OSError(28, "No space left on device")
        FillingDisk.room -= 1
        return super()._save(name, content)


def files(settings: Any) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*.jpg")}


def row_files() -> set[str]:
    return {name for pair in Photo.objects.values_list("image", "thumbnail") for name in pair}


@pytest.fixture
def dispatched(make_report: Any, operator: Any, supervisor_a: Any) -> Any:
    report = make_report(seed=3)
    actions.verify_report(report, by=operator)
    actions.accept_job(report, by=supervisor_a)
    return report


def test_it_removes_what_a_failing_completion_wrote(
    settings: Any, dispatched: Any, supervisor_a: Any
) -> None:
    before = files(settings)
    assert before == row_files() and len(before) == 2  # the citizen's photo and its thumbnail
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FillingDisk", "OPTIONS": {}},
    }
    FillingDisk.room = 3  # the first proof photo fits, the second's thumbnail does not
    with pytest.raises(OSError):
        actions.finish_job(
            dispatched, by=supervisor_a, proof=[processed(31), processed(32)], note="Selesai"
        )
    assert files(settings) == before
    dispatched.refresh_from_db()
    assert dispatched.status == Status.DISPATCHED
    assert not Photo.objects.filter(kind=PhotoKind.PROOF).exists()


def test_a_refused_report_leaves_no_file(settings: Any, pothole: Any, west: Any, city: Any) -> None:
    too_many = [processed(seed) for seed in range(40, 40 + settings.LAKSA_PHOTOS_PER_REPORT + 1)]
    with pytest.raises(InvalidInput, match=f"Paling banyak {settings.LAKSA_PHOTOS_PER_REPORT}"):
        receive(
            Inbound(
                channel="web",
                text="Lubang",
                category=pothole,
                answers={"ukuran": "besar"},
                lat=-6.175,
                lng=106.625,
                photos=too_many,
            ),
            jurisdiction=city,
        )
    assert files(settings) == set()


def test_the_sweep_removes_files_of_a_transaction_rolled_back_by_the_caller(
    settings: Any, dispatched: Any, supervisor_a: Any
) -> None:
    kept = files(settings)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.finish_job(dispatched, by=supervisor_a, proof=[processed(33)])
        raise RuntimeError("the caller's next step failed")
    orphans = files(settings) - kept
    assert len(orphans) == 2 and not orphans & row_files()
    # Stamped as the test's clock (maybe travelled) would have, not the disk's.
    written_at = clock.now().timestamp()
    for name in files(settings):
        os.utime(Path(settings.MEDIA_ROOT) / name, (written_at, written_at))
    assert sweep_orphans(now=clock.now() - timedelta(hours=2)) == 0  # too young to judge
    assert sweep_orphans(now=clock.now() + timedelta(hours=2)) == 2
    assert files(settings) == kept == row_files()
    dispatched.refresh_from_db()
    assert dispatched.status == Status.DISPATCHED
