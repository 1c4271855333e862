"""The one list of languages.

- Working languages: the languages a meeting may be held in (interpreted), each with its name in
  itself, as pickers show it.  Codes are ISO 639-1.  The six UN official languages come first.
- NDA languages: the six UN official languages, in which every NDA is written (issue 5 §1).  They
  are working languages too.
- Right-to-left languages: the working languages written from right to left.
- Interface languages: the languages of the pages, as Django names them (``settings.LANGUAGES``):
  English and Simplified Chinese.  Their codes are Django's (``zh-hans``), not ISO 639-1.

Pure: no Django, so that ``settings.py`` and the pure modules (``agreements/texts.py``) can import
it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

__all__ = [
    "INTERFACE_LANGUAGES",
    "NATIVE_NAMES",
    "NDA_LANGUAGES",
    "RTL_LANGUAGES",
    "WORKING_LANGUAGES",
    "language_choices",
]

# In the order pickers offer them: the UN official languages, then others commonly interpreted.
NATIVE_NAMES: Mapping[str, str] = MappingProxyType({
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
    "de": "Deutsch",
    "pt": "Português",
    "ja": "日本語",
    "ko": "한국어",
    "hi": "हिन्दी",
    "id": "Bahasa Indonesia",
    "tr": "Türkçe",
    "it": "Italiano",
    "sw": "Kiswahili",
})  # fmt: skip
WORKING_LANGUAGES: tuple[str, ...] = tuple(NATIVE_NAMES)
NDA_LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
RTL_LANGUAGES: frozenset[str] = frozenset({"ar"})
# (Django language code, the language's name in itself), the shape settings.LANGUAGES takes.
INTERFACE_LANGUAGES: tuple[tuple[str, str], ...] = (("en", "English"), ("zh-hans", "简体中文"))


def language_choices(codes: Iterable[str] = WORKING_LANGUAGES) -> list[tuple[str, str]]:
    """``(code, native name)`` for each working language in ``codes``, in their order.

    Raises KeyError for a code that is not a working language.
    """
    return [(code, NATIVE_NAMES[code]) for code in codes]
