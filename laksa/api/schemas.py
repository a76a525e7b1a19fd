"""The shapes the API reads and writes, as they appear in /api/v1/openapi.json."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

Datatype = Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
StatusName = Literal[
    "new",
    "verified",
    "dispatched",
    "in_progress",
    "done",
    "closed",
    "rejected",
    "duplicate",
    "referred",
]


# --- categories ----------------------------------------------------------------------------------


class ValueOut(Schema):
    key: str
    name: str


class QuestionOut(Schema):
    """An extra question of a category, as an Open311 attribute."""

    code: str
    datatype: Datatype
    required: bool
    description: str
    order: int
    values: list[ValueOut]


class CategoryOut(Schema):
    code: str
    name: str
    group: str
    description: str
    keywords: str
    emergency: bool
    questions: list[QuestionOut]


class CategoriesOut(Schema):
    results: list[CategoryOut]


# --- reports as the public and the reporter see them ----------------------------------------------


class PhotoOut(Schema):
    kind: Literal["before", "proof", "progress"]
    url: str
    thumbnail_url: str


class PublicEventOut(Schema):
    id: int
    kind: str
    at: datetime
    status: StatusName | None
    note: str
    actor: str


class ReportOut(Schema):
    """A report as anyone may see it: never the reporter's contact, never an internal note."""

    code: str
    status: StatusName
    status_label: str
    status_type: Literal["waiting", "in_hand", "done", "closed"]
    colour: str
    category: str
    category_name: str
    description: str
    address: str
    lat: float | None = Field(
        description="Null until the LIVE Room places a report that came without a point."
    )
    lng: float | None
    place: Literal["point", "area", "none"] = Field(
        description="point: placed on the map; area: at the centre of the kelurahan or "
        "kecamatan its address named; none: not placed yet."
    )
    kelurahan: str | None
    kecamatan: str | None
    agency: str | None = Field(
        description="The agency handling the report, once the LIVE Room has routed it."
    )
    agency_to_come: str | None = Field(
        description="While the report is new: the agency its category routes it to, which the "
        "LIVE Room confirms or changes when it checks the report."
    )
    support_count: int
    duplicate_of: str | None
    created_at: datetime
    updated_at: datetime
    photos: list[PhotoOut]


class ReportPageOut(Schema):
    results: list[ReportOut]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page.")


class TimelineOut(Schema):
    code: str
    status: StatusName
    events: list[PublicEventOut]


class PrivateReportOut(ReportOut):
    """A report as its reporter sees it through the secret: with what they may still do."""

    rating: int | None
    can_confirm: bool
    can_dispute: bool
    can_rate: bool
    events: list[PublicEventOut]


class CreatedOut(Schema):
    code: str
    secret: str = Field(description="Keep it: it proves the report is yours (confirm, rate).")
    private_url: str
    report: PrivateReportOut


class NearbyOut(Schema):
    code: str
    distance_m: int
    status: StatusName
    colour: str
    description: str
    support_count: int
    created_at: datetime
    thumbnail_url: str | None


class NearbyListOut(Schema):
    results: list[NearbyOut]


class SupportIn(Schema):
    device_id: str | None = Field(
        None, max_length=100, description="A stable id of the phone: one support per device."
    )


class SupportOut(Schema):
    counted: bool
    support_count: int


class OwnedReport(Schema):
    code: str = Field(max_length=24)
    secret: str = Field(max_length=64)


class MineIn(Schema):
    reports: list[OwnedReport] = Field(max_length=50)


class MineOut(Schema):
    results: list[PrivateReportOut]
    unknown: list[str] = Field(description="Codes whose secret did not match (or do not exist).")


class ConfirmIn(Schema):
    secret: str = Field(max_length=64)
    note: str = Field("", max_length=1000)


class DisputeIn(Schema):
    secret: str = Field(max_length=64)
    reason: str = Field(max_length=1000)


class RateIn(Schema):
    secret: str = Field(max_length=64)
    stars: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=1000)


# --- staff ----------------------------------------------------------------------------------------


class ContactOut(Schema):
    name: str
    phone: str
    email: str


class StaffEventOut(Schema):
    id: int
    kind: str
    at: datetime
    from_status: StatusName | None
    to_status: StatusName | None
    public_note: str
    internal_note: str
    actor: str
    data: dict[str, object]


class StaffReportOut(ReportOut):
    version: int = Field(description="Send back as `expected_version` with every action.")
    channel: str
    public: bool
    priority: int
    agency_code: str | None
    co_agencies: list[str]
    referred_to: str | None
    outside_area: bool
    proof_location: str
    respond_due_at: datetime | None
    resolve_due_at: datetime | None
    answers: dict[str, object]


class StaffReportPageOut(Schema):
    results: list[StaffReportOut]
    next_cursor: str | None = None


# --- assignments and crews (the field app) --------------------------------------------------------

EscalationLevel = Literal["supervisor", "agency_head", "area_official", "executive"]


class CrewRefOut(Schema):
    id: int
    name: str


class AssignmentOut(Schema):
    """One agency's part in a report: the lead part does the job and closes it with proof; a
    support part (co-agency) does its own share and marks it done."""

    id: int
    agency: str = Field(description="Code of the agency whose part this is.")
    part: Literal["lead", "support"]
    supervisor: str | None = Field(description="Username of whoever accepted the part.")
    crew: CrewRefOut | None
    instructions: str
    respond_due_at: datetime | None
    resolve_due_at: datetime | None
    due_at: datetime | None = Field(
        description="The target that matters now: respond until accepted, then resolve; null "
        "once the part or the report is done."
    )
    overdue: bool
    escalated: EscalationLevel | None = Field(
        description="The highest level the report was raised to for a missed target."
    )
    accepted_at: datetime | None
    done_at: datetime | None
    reroute_asked_at: datetime | None


class JobOut(StaffReportOut):
    assignment: AssignmentOut


class JobPageOut(Schema):
    results: list[JobOut]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page.")


class CrewOut(Schema):
    id: int
    name: str
    agency: str = Field(description="Agency code.")
    member_count: int


class CrewsOut(Schema):
    results: list[CrewOut]


class StaffReportDetailOut(StaffReportOut):
    contact: ContactOut | None = Field(
        None, description="Operators and administrators only, and never for anonymous reports."
    )
    assignment: AssignmentOut | None = Field(
        None, description="Your open part in this report (the lead part first), if you have one."
    )
    actions: list[str] = Field(
        description="What you may do to this report now, by action name (verify, reject, merge, "
        "refer, priority, reply, note, accept_proof, return; accept, assign, start, progress, "
        "reroute, complete): exactly the actions that the report's state and your part allow."
    )
    events: list[StaffEventOut]


class StreamEventOut(Schema):
    id: int
    kind: str
    at: datetime
    code: str
    status: StatusName
    from_status: StatusName | None
    to_status: StatusName | None
    public_note: str
    internal_note: str
    actor: str
    category: str
    agency: str | None
    kelurahan: str | None
    public: bool
    lat: float | None
    lng: float | None


class EventsOut(Schema):
    events: list[StreamEventOut]
    last_id: int = Field(description="Pass as `after` next time: every event up to it was read.")


class VersionIn(Schema):
    expected_version: int = Field(ge=0)


class VerifyIn(VersionIn):
    agency: str | None = Field(
        None, max_length=40, description="Agency code; default: the category's."
    )
    category: str | None = Field(None, max_length=20)
    co_agencies: list[str] | None = Field(
        None, max_length=20, description="Agency codes; null keeps the current ones, [] clears."
    )
    public_note: str = Field("", max_length=2000)
    internal_note: str = Field("", max_length=2000)


class RejectIn(VersionIn):
    reason: str = Field(max_length=2000)


class MergeIn(VersionIn):
    into: str = Field(max_length=24, description="Code of the open report this one duplicates.")


class ReferIn(VersionIn):
    to: str = Field(max_length=40, description="Code of an outside agency.")
    note: str = Field("", max_length=2000)


class PriorityIn(VersionIn):
    priority: int = Field(ge=0, le=2, description="0 normal, 1 high, 2 urgent.")
    note: str = Field("", max_length=1000)


class VisibilityIn(VersionIn):
    public: bool = Field(description="false hides the report from the public; true shows it.")
    note: str = Field("", max_length=1000)


class ReplyIn(VersionIn):
    text: str = Field(max_length=2000)


class PlaceIn(VersionIn):
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
    address: str = Field("", max_length=250)


class NoteIn(Schema):
    text: str = Field(max_length=2000)


MAX_ID = 2_147_483_647


def optional_version() -> Any:
    return Field(
        None,
        ge=0,
        description="The version you saw; leave it out when the action was queued offline (the "
        "report's status still decides whether it is allowed).",
    )


class WorkIn(Schema):
    expected_version: int | None = optional_version()
    note: str = Field("", max_length=2000)


class AcceptIn(Schema):
    expected_version: int | None = optional_version()
    note: str = Field("", max_length=1000, description="What the citizen reads (lead part).")
    crew: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Id of an active crew of the part's agency (see /staff/crews), sent at once.",
    )
    instructions: str = Field("", max_length=2000, description="For the crew, never public.")


class AssignIn(Schema):
    crew: int = Field(ge=1, le=MAX_ID, description="Id of an active crew of the part's agency.")
    instructions: str = Field("", max_length=2000, description="For the crew, never public.")


class RerouteIn(Schema):
    reason: str = Field(min_length=1, max_length=1000, description="Why the job is not yours.")


class ProgressIn(Schema):
    note: str = Field("", max_length=2000, description="Needed unless photos are sent.")


class CompleteIn(Schema):
    expected_version: int | None = optional_version()
    note: str = Field("", max_length=1000)
    capture: str = Field(
        "",
        max_length=4000,
        description=(
            "What the phone knew when it took each photo, in the photos' order, as JSON: "
            '`[{"time": "2026-11-29T10:15:00+07:00", "lat": -6.17, "lng": 106.63}]`. Used only '
            "where a photo carries no EXIF capture time or GPS of its own; an entry may leave "
            "out what the phone did not know."
        ),
    )


class ReturnIn(VersionIn):
    reason: str = Field(max_length=1000)
