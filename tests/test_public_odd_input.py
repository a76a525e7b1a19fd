"""Odd query strings get a clear answer, never a server error."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/lapor/pertanyaan/?category=²",
        "/lapor/dekat/?category=²&lat=-6.17&lng=106.63",
        "/peta/data.json?zoom=²",
        "/peta/data.json?zoom=99999999999999999999",
        "/r/?code=%C2%B2",
    ],
)
def test_it_answers_unicode_digits_and_huge_numbers_without_a_500(citizen, pothole, west, url):
    assert citizen.get(url).status_code < 500
