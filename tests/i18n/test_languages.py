import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

from incamera.i18n.languages import (
    INTERFACE_LANGUAGES,
    NATIVE_NAMES,
    NDA_LANGUAGES,
    RTL_LANGUAGES,
    WORKING_LANGUAGES,
    language_choices,
)


def test_working_languages_are_iso_codes_each_with_its_own_name() -> None:
    assert len(set(WORKING_LANGUAGES)) == len(WORKING_LANGUAGES) == 15
    assert all(re.fullmatch(r"[a-z]{2}", code) for code in WORKING_LANGUAGES)
    assert all(NATIVE_NAMES[code].strip() for code in WORKING_LANGUAGES)
    assert NATIVE_NAMES["zh"] == "中文"
    assert NATIVE_NAMES["ar"] == "العربية"


def test_ndas_are_in_the_six_un_languages_which_pickers_offer_first() -> None:
    assert NDA_LANGUAGES == ("ar", "zh", "en", "fr", "ru", "es")
    assert WORKING_LANGUAGES[: len(NDA_LANGUAGES)] == NDA_LANGUAGES


def test_right_to_left_languages_are_working_languages() -> None:
    assert {"ar"} == RTL_LANGUAGES
    assert set(WORKING_LANGUAGES) >= RTL_LANGUAGES


def test_choices_pair_each_code_with_its_native_name_in_order() -> None:
    assert language_choices(["fr", "ar"]) == [("fr", "Français"), ("ar", "العربية")]
    assert [code for code, _ in language_choices()] == list(WORKING_LANGUAGES)


def test_settings_take_the_interface_languages_and_each_has_a_catalog() -> None:
    assert list(INTERFACE_LANGUAGES) == settings.LANGUAGES
    assert settings.LANGUAGE_CODE in dict(INTERFACE_LANGUAGES)
    locale_dir = Path(settings.LOCALE_PATHS[0])
    missing = [
        code
        for code, _ in INTERFACE_LANGUAGES
        if code != settings.LANGUAGE_CODE and not (locale_dir / to_locale(code) / "LC_MESSAGES" / "django.mo").is_file()
    ]
    assert missing == []


@pytest.mark.parametrize("module", ["incamera.i18n.languages", "incamera.meetings.labels"])
def test_the_pure_modules_import_without_django(module: str) -> None:
    """settings.py and the pure modules (agreements/texts.py) import them before Django is set up."""
    script = f"import sys, {module}; print(sorted(m for m in sys.modules if m.partition('.')[0] == 'django'))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "[]"
