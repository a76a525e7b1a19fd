"""The admin names Laksa, its apps and its models properly in Indonesian and in English: no raw
app label ("CATALOG"), no name made up from a class name, no mix of the two languages."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.text import camel_case_to_spaces

from tests.conftest import login

pytestmark = pytest.mark.django_db

APPS = {
    "id": {
        "catalog": "Katalog layanan",
        "console": "Konsol",
        "dispatch": "Penugasan dan eskalasi",
        "live": "Layar LIVE Room",
        "org": "Organisasi",
        "reports": "Laporan",
    },
    "en": {
        "catalog": "Service catalogue",
        "console": "Console",
        "dispatch": "Assignments and escalation",
        "live": "LIVE Room screen",
        "org": "Organisation",
        "reports": "Reports",
    },
}
MODELS = {
    "id": {"Agency": "Instansi", "WallScreen": "Layar dinding", "Category": "Kategori"},
    # Indonesian says "instansi" for one and for many; English lists say "agencies".
    "en": {"Agency": "Agencies", "WallScreen": "Wall screens", "Category": "Categories"},
}
HEADER = {"id": "Laksa — Administrasi", "en": "Laksa — Administration"}
LAKSA_APPS = ("catalog", "console", "demo", "live", "org", "reports")
"""The apps whose names this test holds to; laksa/api, dispatch, field and public name theirs
in their own apps.py."""


def _index(user: Any, language: str) -> Any:
    page = login(user).get("/admin/", HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    return page


@pytest.mark.parametrize("language", ["id", "en"])
def test_it_names_the_apps_and_models_in_the_users_language(admin_user: Any, language: str) -> None:
    page = _index(admin_user, language)
    html = page.content.decode()
    assert HEADER[language] in html
    names = {app["app_label"]: str(app["name"]) for app in page.context["app_list"]}
    assert {label: names[label] for label in APPS[language]} == APPS[language]
    models = {
        model["object_name"]: str(model["name"])
        for app in page.context["app_list"]
        for model in app["models"]
    }
    assert {name: models[name] for name in MODELS[language]} == MODELS[language]
    for app in page.context["app_list"]:
        assert " / " not in str(app["name"])  # one language at a time
        if language == "en":
            continue  # an English name may be what Django would make up ("Console", "Groups")
        # In Indonesian, Django's made-up names give themselves away: the app's label, a
        # model's class name with an English plural ("Wall screens" for WallScreen).
        assert str(app["name"]).lower() != app["app_label"], app["app_label"]
        for model in app["models"]:
            made_up = camel_case_to_spaces(model["object_name"]) + "s"
            assert str(model["name"]).lower() != made_up, model
    assert "Organisation" not in html if language == "id" else "Organisasi" not in html


def test_every_app_and_model_of_laksa_has_its_own_name() -> None:
    with translation.override("id"):
        for label in LAKSA_APPS:
            config = apps.get_app_config(label)
            assert "verbose_name" in type(config).__dict__, label
            assert str(config.verbose_name) != label.title(), label
            for model in config.get_models():
                assert "verbose_name" in model._meta.original_attrs, model
                assert "verbose_name_plural" in model._meta.original_attrs, model


def test_every_model_has_an_english_plural_of_its_own() -> None:
    """The admin in English lists "crews", "assignments", never "crew" for many of them."""
    from django.apps import apps
    from django.utils import translation

    uncountable = {"reports.Support"}  # "citizen support"
    with translation.override("en"):
        same = [
            m._meta.label
            for m in apps.get_models()
            if m.__module__.startswith("laksa.")
            and m._meta.label not in uncountable
            and str(m._meta.verbose_name) == str(m._meta.verbose_name_plural)
        ]
    assert same == []
