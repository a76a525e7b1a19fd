"""Assignments: who holds each part of a job, crews, co-agencies, re-routing, and the offline
queue's exactly-once sends (SIGAP)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from laksa.dispatch import actions as field_actions
from laksa.dispatch.models import Assignment, Crew, Part, Submission
from laksa.field import pwa
from laksa.org.models import Membership, Role
from laksa.reports import actions
from laksa.reports.errors import NotAllowed
from laksa.reports.models import EventKind, PhotoKind, Report
from laksa.reports.statuses import Status
from tests.conftest import IN_EAST, login
from tests.images import make_image, processed, upload


def act(client, report, name, queued=False, **data):
    headers = {"HTTP_X_LAKSA_QUEUE": "1"} if queued else {}
    return client.post(reverse("field:act", args=[report.code, name]), data, **headers)


def routed(make_report, operator, **kwargs):
    co = kwargs.pop("co_agencies", None)
    report = make_report(**kwargs)
    actions.verify_report(report, by=operator, co_agencies=co)
    report.refresh_from_db()
    return report


def test_routing_opens_the_lead_part_and_a_part_per_co_agency(make_report, operator, agency_b):
    report = routed(make_report, operator, co_agencies=[agency_b])
    parts = {a.agency.code: a for a in Assignment.objects.filter(report=report)}
    assert parts["DPUPR"].part == Part.LEAD and parts["DISHUB"].part == Part.SUPPORT
    assert parts["DPUPR"].resolve_due_at == report.resolve_due_at
    assert all(a.ended_at is None for a in parts.values())


def test_rerouting_ends_the_old_assignment_with_the_reason(
    make_report, operator, supervisor_a, agency_b
):
    report = routed(make_report, operator)
    field_actions.accept_job(report, by=supervisor_a)
    actions.verify_report(
        report, by=operator, agency=agency_b, internal_note="Ini lampu jalan, bukan jalan"
    )
    old = Assignment.objects.get(report=report, agency__code="DPUPR")
    assert old.ended_at is not None and "Dinas Perhubungan" in old.end_reason
    assert "bukan jalan" in old.end_reason
    new = Assignment.objects.get(report=report, ended_at=None)
    assert new.agency == agency_b and new.part == Part.LEAD and new.supervisor is None
    assert "UJI" not in login(supervisor_a).get(reverse("field:jobs")).content.decode()


def test_rejecting_or_referring_ends_every_part(make_report, operator, agency_b, pln):
    report = routed(make_report, operator, co_agencies=[agency_b])
    actions.refer_report(report, by=operator, to=pln)
    assert not Assignment.objects.filter(report=report, ended_at=None).exists()
    assert Assignment.objects.filter(report=report).count() == 2


def test_the_supervisor_accepts_and_sends_a_crew_with_instructions(
    make_report, operator, supervisor_a, crew_a
):
    report = routed(make_report, operator)
    client = login(supervisor_a)
    page = client.get(reverse("field:report", args=[report.code])).content.decode()
    assert "Regu Tambal 1" in page and "Terima / tanggapi" in page
    act(
        client,
        report,
        "accept",
        version=report.version,
        crew=crew_a.pk,
        instructions="Bawa aspal dingin 2 karung",
    )
    report.refresh_from_db()
    part = Assignment.objects.get(report=report, ended_at=None)
    assert report.status == Status.DISPATCHED
    assert part.supervisor == supervisor_a and part.crew == crew_a and part.accepted_at
    assert part.instructions == "Bawa aspal dingin 2 karung"
    assigned = report.events.get(kind=EventKind.ASSIGNED)
    assert "aspal" in assigned.internal_note and assigned.public_note == ""


def test_a_crew_of_another_agency_cannot_be_sent(
    make_report, operator, supervisor_a, agency_b, crew_a
):
    report = routed(make_report, operator)
    field_actions.accept_job(report, by=supervisor_a)
    other = Crew.objects.create(agency=agency_b, name="Regu Lampu")
    response = act(login(supervisor_a), report, "assign", crew=other.pk)
    assert response.status_code == 400  # not a choice of this part's crews
    assert Assignment.objects.get(report=report, ended_at=None).crew is None


def test_a_worker_sees_and_works_only_the_crews_jobs(
    make_report, operator, supervisor_a, worker_a, crew_a
):
    mine = routed(make_report, operator, seed=1)
    field_actions.accept_job(mine, by=supervisor_a, crew=crew_a)
    other = routed(make_report, operator, seed=2)
    field_actions.accept_job(other, by=supervisor_a)
    client = login(worker_a)
    body = client.get(reverse("field:jobs")).content.decode()
    assert mine.code in body and other.code not in body
    assert client.get(reverse("field:report", args=[other.code])).status_code == 404
    assert act(client, other, "start").status_code == 404
    page = client.get(reverse("field:report", args=[mine.code])).content.decode()
    assert "Mulai kerjakan" in page and "Tugaskan" not in page
    act(client, mine, "start")
    act(client, mine, "complete", proof=[upload(make_image(seed=40))], note="Sudah ditambal")
    mine.refresh_from_db()
    assert mine.status == Status.DONE and mine.photos.filter(kind=PhotoKind.PROOF).count() == 1


def test_a_supervisor_with_an_area_sees_the_agencys_jobs_there_only(
    make_report, operator, city, agency_a, west, supervisor_a
):
    in_west = routed(make_report, operator, seed=1)
    in_east = routed(make_report, operator, seed=2, at=IN_EAST)
    west_only = User.objects.create_user("pengawas_barat")
    Membership.objects.create(
        user=west_only, jurisdiction=city, role=Role.SUPERVISOR, agency=agency_a, area=west
    )
    client = login(west_only)
    body = client.get(reverse("field:jobs")).content.decode()
    assert in_west.code in body and in_east.code not in body
    assert client.get(reverse("field:report", args=[in_east.code])).status_code == 404
    assert act(client, in_east, "accept").status_code == 404
    assert client.get(reverse("field:report", args=[in_west.code])).status_code == 200
    everywhere = login(supervisor_a).get(reverse("field:jobs")).content.decode()
    assert in_west.code in everywhere and in_east.code in everywhere  # no area: the whole city


def test_a_worker_cannot_accept_or_assign(make_report, operator, worker_a, crew_a):
    report = routed(make_report, operator)
    with pytest.raises(NotAllowed):
        field_actions.accept_job(report, by=worker_a)
    Assignment.objects.filter(report=report).update(crew=crew_a)  # reachable through the crew
    with pytest.raises(NotAllowed):
        field_actions.accept_job(report, by=worker_a)
    assert Report.objects.get(pk=report.pk).status == Status.VERIFIED


def test_a_co_agency_does_its_own_part_and_the_lead_closes_the_job(
    make_report, operator, supervisor_a, supervisor_b, agency_b
):
    report = routed(make_report, operator, co_agencies=[agency_b])
    helper = login(supervisor_b)
    jobs = helper.get(reverse("field:jobs")).content.decode()
    assert report.code in jobs and "Koordinasi" in jobs
    page = helper.get(reverse("field:report", args=[report.code])).content.decode()
    assert "Terima / tanggapi" in page
    act(helper, report, "accept")
    report.refresh_from_db()
    assert report.status == Status.VERIFIED  # the co-agency's acceptance does not move the report
    field_actions.accept_job(report, by=supervisor_a)
    report.refresh_from_db()
    act(helper, report, "progress", note="Lalu lintas dialihkan sementara")
    act(helper, report, "complete", proof=[upload(make_image(seed=41))], note="Rambu dipasang")
    part = Assignment.objects.get(report=report, agency=agency_b)
    report.refresh_from_db()
    assert part.done_at is not None and report.status == Status.DISPATCHED
    assert report.photos.filter(kind=PhotoKind.PROGRESS).count() == 1
    assert report.events.filter(kind=EventKind.PROGRESS, public_note="Rambu dipasang").exists()
    field_actions.finish_job(report, by=supervisor_a, proof=[processed(42)])
    report.refresh_from_db()
    assert report.status == Status.DONE


def test_progress_notes_and_photos_reach_the_citizen(make_report, operator, supervisor_a):
    report = routed(make_report, operator)
    field_actions.accept_job(report, by=supervisor_a)
    client = login(supervisor_a)
    response = act(client, report, "progress")
    assert response.status_code == 400 and "Tulis catatan" in response.content.decode()
    act(client, report, "progress", note="Galian dimulai", photos=[upload(make_image(seed=43))])
    tracking = reverse("public:track", args=[report.code])
    body = login(operator).get(tracking).content.decode()
    assert "Galian dimulai" in body


def test_asking_for_a_reroute_reaches_the_live_room(make_report, operator, supervisor_a):
    report = routed(make_report, operator)
    client = login(supervisor_a)
    response = act(client, report, "reroute", reason="")
    assert response.status_code == 400
    act(client, report, "reroute", reason="Saluran milik provinsi")
    event = report.events.get(kind=EventKind.REROUTE)
    assert event.internal_note == "Saluran milik provinsi" and event.public_note == ""
    assert Assignment.objects.get(report=report, ended_at=None).reroute_asked_at
    console = login(operator).get(reverse("console:report", args=[report.code])).content.decode()
    assert "Saluran milik provinsi" in console


def test_the_jobs_are_ordered_by_due_time_with_overdue_marked(make_report, operator, supervisor_a):
    now = timezone.now()
    later = routed(make_report, operator, seed=1)
    late = routed(make_report, operator, seed=2)
    done = routed(make_report, operator, seed=3)
    field_actions.accept_job(done, by=supervisor_a)
    field_actions.finish_job(done, by=supervisor_a, proof=[processed(44)])
    Assignment.objects.filter(report=later).update(respond_due_at=now + timedelta(days=2))
    Assignment.objects.filter(report=late).update(respond_due_at=now - timedelta(hours=1))
    body = login(supervisor_a).get(reverse("field:jobs")).content.decode()
    assert body.index(late.code) < body.index(later.code) < body.index(done.code)
    assert body.count("Lewat batas") == 1
    assert body.index("Lewat batas") < body.index(later.code)


# --- the offline queue: exactly once ---------------------------------------------------------------


def test_a_resent_completion_is_done_once(make_report, operator, supervisor_a):
    report = routed(make_report, operator)
    field_actions.accept_job(report, by=supervisor_a)
    client, client_id = login(supervisor_a), str(uuid.uuid4())
    data = {"client_id": client_id, "note": "Selesai"}
    first = act(
        client, report, "complete", queued=True, proof=[upload(make_image(seed=45))], **data
    )
    again = act(
        client, report, "complete", queued=True, proof=[upload(make_image(seed=45))], **data
    )
    assert first.status_code == again.status_code == 200
    assert first.json()["ok"] and again.json() == {**first.json(), "repeat": True}
    report.refresh_from_db()
    assert report.status == Status.DONE
    assert report.photos.filter(kind=PhotoKind.PROOF).count() == 1
    assert report.events.filter(to_status=Status.DONE).count() == 1
    assert Submission.objects.filter(client_id=client_id).count() == 1


def test_the_same_client_id_from_two_phones_is_two_actions(
    make_report, operator, supervisor_a, supervisor_b, agency_b
):
    # Before, the second phone was told "done" (the first phone's answer) and nothing happened.
    report = routed(make_report, operator, co_agencies=[agency_b])
    client_id = str(uuid.uuid4())
    lead = act(login(supervisor_a), report, "accept", queued=True, client_id=client_id)
    support = act(login(supervisor_b), report, "accept", queued=True, client_id=client_id)
    assert lead.json()["ok"] and not lead.json()["repeat"]
    assert support.json()["ok"] and not support.json()["repeat"]
    report.refresh_from_db()
    assert report.status == Status.DISPATCHED
    parts = Assignment.objects.filter(report=report, ended_at=None)
    assert {p.agency_id: p.supervisor_id for p in parts} == {
        report.agency_id: supervisor_a.pk,
        agency_b.pk: supervisor_b.pk,
    }
    assert Submission.objects.filter(client_id=client_id).count() == 2


def test_queued_actions_arrive_in_order_without_the_old_pages_version(
    make_report, operator, supervisor_a, crew_a
):
    """Accept, start and complete taken offline on one page: all carry no version and succeed."""
    report = routed(make_report, operator)
    client = login(supervisor_a)
    for name, extra in [
        ("accept", {"crew": crew_a.pk}),
        ("start", {}),
        ("complete", {"proof": [upload(make_image(seed=46))]}),
    ]:
        response = act(client, report, name, queued=True, client_id=str(uuid.uuid4()), **extra)
        assert response.json()["ok"], response.json()
    report.refresh_from_db()
    assert report.status == Status.DONE


def test_a_refused_queued_action_is_answered_the_same_every_time(
    make_report, operator, supervisor_a
):
    report = routed(make_report, operator)
    client, client_id = login(supervisor_a), str(uuid.uuid4())
    first = act(client, report, "start", queued=True, client_id=client_id)
    assert first.status_code == 409 and not first.json()["ok"]
    again = act(client, report, "start", queued=True, client_id=client_id)
    assert again.status_code == 409 and again.json()["message"] == first.json()["message"]
    invalid = act(client, report, "reroute", queued=True, client_id=str(uuid.uuid4()))
    assert invalid.status_code == 400 and "alasan" in invalid.json()["message"]


def test_another_users_client_id_does_not_leak_their_outcome(
    make_report, operator, supervisor_a, supervisor_b
):
    report = routed(make_report, operator)
    client_id = str(uuid.uuid4())
    act(login(supervisor_a), report, "accept", queued=True, client_id=client_id)
    response = act(login(supervisor_b), report, "accept", queued=True, client_id=client_id)
    assert response.status_code == 404


def test_a_queued_action_on_a_job_given_to_another_crew_is_refused_in_json(
    make_report, operator, supervisor_a, worker_a, crew_a, agency_a
):
    """The phone's queue reads only JSON: an HTML 404 would have blocked every later action."""
    report = routed(make_report, operator)
    field_actions.accept_job(report, by=supervisor_a, crew=crew_a)
    other_crew = Crew.objects.create(agency=agency_a, name="Regu Tambal 2")
    field_actions.assign_crew(report, by=supervisor_a, crew=other_crew)
    client = login(worker_a)
    response = act(client, report, "start", queued=True, client_id=str(uuid.uuid4()))
    assert response.status_code == 404
    assert response.json() == {
        "ok": False,
        "message": "Pekerjaan ini tidak ditemukan atau bukan lagi tugas Anda.",
    }
    assert act(client, report, "no-such-action", queued=True).json()["ok"] is False
    assert act(client, report, "start")["Content-Type"].startswith("text/html")  # a page
    assert Report.objects.get(pk=report.pk).status == Status.DISPATCHED


def test_a_queued_action_with_an_old_csrf_token_waits_for_a_new_sign_in(
    make_report, operator, supervisor_a
):
    """A CSRF failure answers the queue in JSON (it keeps the action waiting); the token the
    queue sends is the readable cookie, which a new sign-in renews."""
    report = routed(make_report, operator)
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor_a)
    client.get(reverse("field:report", args=[report.code]))
    cookie = client.cookies["csrftoken"]
    assert not cookie["httponly"]
    stale = {"csrfmiddlewaretoken": "x" * 64, "client_id": str(uuid.uuid4())}
    refused = act(client, report, "accept", queued=True, **stale)
    assert refused.status_code == 403
    assert refused.json()["ok"] is False and refused.json()["login"] is True
    page = act(client, report, "accept", **stale)
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")
    sent = act(
        client, report, "accept", queued=True, **{**stale, "csrfmiddlewaretoken": cookie.value}
    )
    assert sent.status_code == 200 and sent.json()["ok"]
    assert Report.objects.get(pk=report.pk).status == Status.DISPATCHED


# --- the installable app ---------------------------------------------------------------------------


def test_the_app_is_installable_and_its_pages_are_light(
    client, make_report, operator, supervisor_a
):
    manifest = client.get(reverse("field:manifest"))
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["display"] == "standalone" and data["start_url"] == "/sigap/"
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200
    worker = client.get(reverse("field:sw"))
    assert worker["Content-Type"].startswith("text/javascript")
    script = b"".join(worker.streaming_content if worker.streaming else [worker.content]).decode()
    assert "/sigap/offline/" in script
    # Every shell file is there, and the cache is named after their contents: a release that
    # changes a script changes the worker, so phones do not keep the old script for ever.
    for path in pwa.SHELL_FILES:
        assert f'"{static(path)}"' in script and client.get(static(path)).status_code == 200
    assert f'"{pwa.cache_name()}"' in script and len(pwa.cache_name()) == len("sigap-") + 12

    report = routed(make_report, operator)
    staff = login(supervisor_a)
    for url in (reverse("field:jobs"), reverse("field:report", args=[report.code])):
        page = staff.get(url)
        html = page.content.decode()
        assert 'rel="manifest"' in html and "sigap.js" in html
        total = len(page.content) + sum(
            len(b"".join(client.get(src).streaming_content)) for src in _assets(html)
        )
        assert total < 150_000, (url, total)
    assert client.get(reverse("field:offline")).status_code == 200


def _assets(html: str) -> list[str]:
    import re

    return re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', html)


def test_a_dispute_sends_the_job_back_to_the_supervisor_with_the_reason(
    make_report, operator, supervisor_a, crew_a
):
    report = routed(make_report, operator)
    field_actions.accept_job(report, by=supervisor_a, crew=crew_a)
    field_actions.finish_job(report, by=supervisor_a, proof=[processed(47)])
    part = Assignment.objects.get(report=report, ended_at=None)
    assert part.done_at is not None
    report.refresh_from_db()
    actions.dispute_fix(report, secret=report.secret, reason="Lubangnya masih ada di sisi kiri")
    part.refresh_from_db()
    assert part.done_at is None and part.crew == crew_a  # the same crew goes back
    client = login(supervisor_a)
    jobs = client.get(reverse("field:jobs")).content.decode()
    assert report.code in jobs
    page = client.get(reverse("field:report", args=[report.code])).content.decode()
    assert "Lubangnya masih ada di sisi kiri" in page and "Selesai dengan bukti" in page


@pytest.mark.django_db(transaction=True)
def test_two_racing_sends_of_one_action_do_it_once(make_report, operator, supervisor_a):
    """The phone re-sends while the first send is still running: one event, one photo."""
    import threading

    from django.db import connection

    report = routed(make_report, operator)
    field_actions.accept_job(report, by=supervisor_a)
    client_id, answers = str(uuid.uuid4()), []
    start = threading.Barrier(2)
    image = make_image(seed=48)

    def send() -> None:
        client = login(supervisor_a)
        start.wait()
        try:
            answers.append(
                act(client, report, "complete", queued=True, client_id=client_id,
                    proof=[upload(image)]).json()
            )  # fmt: skip
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a["ok"] for a in answers] == [True, True]
    assert sorted(a["repeat"] for a in answers) == [False, True]
    report.refresh_from_db()
    assert report.status == Status.DONE
    assert report.photos.filter(kind=PhotoKind.PROOF).count() == 1
    assert report.events.filter(to_status=Status.DONE).count() == 1


def test_a_co_agencys_photos_pass_the_same_proof_checks_as_the_leads(
    make_report, operator, supervisor_a, supervisor_b, agency_b
):
    from laksa.reports.errors import InvalidInput
    from tests.conftest import IN_WEST

    report = routed(make_report, operator, co_agencies=[agency_b])  # the citizen's photo: seed 1
    field_actions.accept_job(report, by=supervisor_b)
    field_actions.accept_job(report, by=supervisor_a)
    report.refresh_from_db()
    with pytest.raises(InvalidInput, match="sama dengan foto laporan warga"):
        field_actions.finish_job(report, by=supervisor_b, proof=[processed(1)])
    far = (IN_WEST[0] + 0.003, IN_WEST[1])  # about 330 m away
    with pytest.raises(InvalidInput, match=r"3\d\d m dari lokasi laporan"):
        field_actions.finish_job(report, by=supervisor_b, proof=[processed(49, gps=far)])
    before = timezone.localtime(report.dispatched_at).replace(tzinfo=None) - timedelta(hours=2)
    with pytest.raises(InvalidInput, match="sebelum pekerjaan ditugaskan"):
        field_actions.finish_job(report, by=supervisor_b, proof=[processed(49, taken_at=before)])
    part = Assignment.objects.get(report=report, agency=agency_b)
    assert part.done_at is None and not report.photos.filter(kind=PhotoKind.PROGRESS).exists()

    event = field_actions.finish_job(report, by=supervisor_b, proof=[processed(49)])  # no location
    part.refresh_from_db()
    assert part.done_at is not None
    photo = report.photos.get(kind=PhotoKind.PROGRESS)
    assert photo.location_source == "none" and photo.time_source == "upload"
    assert "tanpa lokasi" in event.internal_note and event.data["location_unverified"] == 1
    assert event.public_note and "tanpa lokasi" not in event.public_note
