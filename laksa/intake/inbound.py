"""One inbound shape for every door: whatever a channel received (a web form, a phone call typed
in by an operator, an Open311 request, an SMS, an e-mail, a chat message) is read into an
`Inbound`, and from there it is one path: intake.receive validates it and creates the report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from laksa.catalog.models import Category
from laksa.lib.images import ProcessedImage
from laksa.org.models import Application, Area
from laksa.reports.actions import ContactInput


@dataclass(frozen=True)
class Inbound:
    """One message as its door read it, not yet trusted."""

    channel: str
    """A reports.models.Channel value: web, phone, sms, email, guestbook, open311, app, ..."""
    text: str
    account: str = ""
    """The channel account it came through (ChannelAccount.name, an application's id): with the
    channel, the namespace of `message_id`, so two gateways' ids never collide."""
    message_id: str = ""
    """The provider's message id or the client's idempotency key: a retry makes no second report."""
    fingerprint: str = ""
    """sha256 of the request, where the door keeps one: the key gives the report back only to
    the same request."""
    sender: str = ""
    """The sender's handle on the channel (+62..., an e-mail address): private, kept as the
    reporter's contact when `contact` is not given."""
    sender_name: str = ""
    photos: Sequence[ProcessedImage] = ()
    lat: float | None = None
    lng: float | None = None
    address: str = ""
    """An address or the place words of a message ("#Cipondoh"): without a point, the kelurahan or
    kecamatan it names places the report (intake.places)."""
    area: Area | None = None
    """The kelurahan or kecamatan, when the door was told it by code (Open311's address_id)."""
    category: Category | None = None
    """None when the door does not ask (SMS, e-mail): guessed from the text, else the city's
    catch-all category, and the LIVE Room sets it when verifying."""
    answers: Mapping[str, Any] = field(default_factory=dict)
    contact: ContactInput | None = None
    anonymous: bool = False
    public: bool | None = None
    """None: as the category says. The guest book keeps its messages off the public site."""
    application: Application | None = None
    media_url: str = ""
    received_at: datetime | None = None
    note: str = ""
    """For the LIVE Room, in the creation event's internal note: what the door left out (an
    unusable contact field) or could not place."""

    def idempotency_key(self) -> str | None:
        """`account:message_id`, stored with the channel: unique per channel, account and id."""
        if not self.message_id:
            return None
        key = f"{self.account}:{self.message_id}" if self.account else self.message_id
        return key[:200]
