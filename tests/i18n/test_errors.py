import re
from pathlib import Path

import pytest
from django.utils import translation

import incamera
from incamera.i18n.errors import FIELD_NAMES, field_name, translated_diagnostics
from incamera.kernel.errors import InvalidInputError
from incamera.kernel.messages import gettext_noop, invalid

SOURCE = Path(incamera.__file__).parent
FIELD = re.compile(r'\bfield="(\w+)"')


def test_every_field_an_error_names_has_a_name() -> None:
    named = {match for path in SOURCE.rglob("*.py") for match in FIELD.findall(path.read_text(encoding="utf-8"))}
    assert len(named) > 100
    assert sorted(named - set(FIELD_NAMES)) == []


@pytest.mark.parametrize("field", sorted(FIELD_NAMES))
def test_english_keeps_the_identifier_and_chinese_translates_it(field: str) -> None:
    with translation.override("en"):
        assert field_name(field) == field
    with translation.override("zh-hans"):
        assert field_name(field) != field


def test_diagnostics_name_the_field_in_the_readers_language() -> None:
    exc = invalid(gettext_noop("the quota must be between 0 and 100"), field="quota")
    with translation.override("en"):
        assert translated_diagnostics(exc) == "quota: the quota must be between 0 and 100"
    with translation.override("zh-hans"):
        shown = translated_diagnostics(exc)
    assert "名额" in shown
    assert "quota" not in shown


def test_an_unknown_field_keeps_its_identifier() -> None:
    with translation.override("zh-hans"):
        assert field_name("text_ar") == "text_ar"
        assert translated_diagnostics(InvalidInputError("too short", field="text_ar")).startswith("“text_ar”")
