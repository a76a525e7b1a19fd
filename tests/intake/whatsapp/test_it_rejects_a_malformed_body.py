from laksa.intake.models import ChannelAccount, InboxMessage
from tests.intake.whatsapp.conftest import as_json, payload, post


def test_it_answers_400_with_a_json_error(account: ChannelAccount) -> None:
    for body in (payload("malformed.json"), b"not json", b'{"entry": [{"changes": [{}]}]}'):
        response = post(body)
        assert response.status_code == 400
        assert as_json(response)["errors"][0]["code"] == "malformed"
    assert InboxMessage.objects.count() == 0


def test_it_refuses_a_message_without_an_id(account: ChannelAccount) -> None:
    body = payload("text.json").replace(b'"id": "wamid.', b'"mid": "wamid.')
    assert post(body).status_code == 400
    assert InboxMessage.objects.count() == 0
