"""NDA texts in the six UN official languages (issue 5 §1) and the digest a signer confirms (§2).

The texts are package data, UTF-8 Markdown (headings, paragraphs, ``-`` lists; nothing else)::

    agreements/texts/<language>/nda.md          the undertaking, with {placeholders}
    agreements/texts/<language>/<profile>.md    the profile's rule, which fills {profile_rule}

``nda_text`` puts the profile's clause into ``{profile_rule}`` and then fills the meeting fields
(``FIELDS``) in one pass, so a value that itself contains ``{venue}`` stays as typed.  Values are
inserted verbatim: the caller gives them in the NDA's language (``duration_in_years`` writes the
duration).  Nothing is escaped: the result is plain text and Markdown, and whoever displays it
escapes it for HTML or PDF.

Digest (canonical encoding, version 1), hex SHA-256 over the UTF-8 bytes of::

    incamera-nda-digest-v1 LF
    language: <language> LF
    version: <version, decimal> LF
    LF
    <canonical_text(text)>

where ``canonical_text`` is the text in Unicode NFC, with CR LF and CR turned into LF, trailing
spaces and tabs removed from every line, leading and trailing blank lines removed, and exactly one
final LF.  The header binds the language and the version number, so the same words signed as
version 2, or as another language's text, give another digest.  This is what a signer confirms
with a passkey; docs/decisions/0010-nda-texts-and-pdf.md explains why.

Pure: no Django.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from importlib import resources

from incamera.i18n.languages import NDA_LANGUAGES, RTL_LANGUAGES
from incamera.kernel.messages import gettext_noop
from incamera.kernel.messages import invalid as _invalid
from incamera.meetings.profiles import ProfileKey

__all__ = [
    "DIGEST_HEADER",
    "FIELDS",
    "LANGUAGES",
    "PROFILES",
    "RTL",
    "canonical_text",
    "check_language",
    "check_profile",
    "duration_in_years",
    "nda_digest",
    "nda_text",
]

LANGUAGES = NDA_LANGUAGES  # the six UN official languages
RTL = RTL_LANGUAGES & frozenset(LANGUAGES)
PROFILES = tuple(key.value for key in ProfileKey)
# The meeting's fields, in the order the undertaking lists them.
FIELDS = ("meeting_title", "meeting_dates", "venue", "organizer", "duration", "signatory_name", "delegation")
DIGEST_HEADER = "incamera-nda-digest-v1"

_RULE = "profile_rule"  # filled from the profile's clause file, never by the caller
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_MAX_VALUE = 300  # characters: a long meeting title still fits, a pasted document does not
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def _shown(value: object) -> str:
    """A found value, quoted and cut short, for a message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_language(language: object) -> str:
    return _one_of(language, LANGUAGES, gettext_noop("language must be one of %(expected)s; found %(found)s"), field="language")


def check_profile(profile: object) -> str:
    return _one_of(profile, tuple(PROFILES), gettext_noop("profile must be one of %(expected)s; found %(found)s"), field="profile")


def _one_of(value: object, choices: Sequence[str], template: str, *, field: str) -> str:
    if value not in choices:
        raise _invalid(template, field=field, expected=", ".join(choices), found=_shown(value))
    assert isinstance(value, str)
    return value


@functools.cache
def _resource(language: str, name: str) -> str:
    return resources.files("incamera.agreements").joinpath("texts", language, f"{name}.md").read_text(encoding="utf-8")


def _clean_value(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise _invalid(gettext_noop("must be text; found %(found)s"), field=name, found=type(value).__name__)
    cleaned = unicodedata.normalize("NFC", value.strip())
    if not cleaned:
        raise _invalid(gettext_noop("must not be blank"), field=name)
    # Control and format characters (line breaks, bidi overrides, zero-width marks) would let a
    # value add a heading to the text or make the text displayed differ from the text signed.
    for position, char in enumerate(cleaned, start=1):
        if unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}:
            raise _invalid(
                gettext_noop("must be one line of visible text; found %(codepoint)s (%(name)s) at position %(position)d"),
                field=name,
                codepoint=f"U+{ord(char):04X}",
                name=unicodedata.name(char, "unnamed"),
                position=position,
            )
    if len(cleaned) > _MAX_VALUE:
        raise _invalid(
            gettext_noop("must be at most %(limit)d characters; found %(found)d"), field=name, limit=_MAX_VALUE, found=len(cleaned)
        )
    return cleaned


def _clean_fields(fields: Mapping[str, str]) -> dict[str, str]:
    if _RULE in fields:
        raise _invalid(
            gettext_noop("is written by the profile's clause and cannot be given; choose the profile instead"),
            field=_RULE,
        )
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise _invalid(
            gettext_noop("unknown field(s) %(found)s; the fields are %(expected)s"),
            field="fields",
            found=", ".join(unknown),
            expected=", ".join(FIELDS),
        )
    missing = [name for name in FIELDS if name not in fields]
    if missing:
        raise _invalid(gettext_noop("missing field(s) %(missing)s"), field="fields", missing=", ".join(missing))
    return {name: _clean_value(name, fields[name]) for name in FIELDS}


def nda_text(language: str, profile: str, fields: Mapping[str, str]) -> str:
    """The undertaking in ``language`` under ``profile``'s rule, with the meeting's fields filled in.

    Returns ``canonical_text`` of the result, so that what is shown, stored and digested is one
    string.  Raises ``InvalidInputError`` naming the field for an unknown language or profile, a
    missing, unknown, blank, multi-line or over-long field, or ``profile_rule`` given as a field.
    """
    language = check_language(language)
    profile = check_profile(profile)
    values = _clean_fields(fields)
    template = _resource(language, "nda")
    if template.count("{" + _RULE + "}") != 1:
        raise _invalid(
            gettext_noop("the %(language)s template must contain {profile_rule} exactly once"), field="template", language=language
        )
    text = template.replace("{" + _RULE + "}", _resource(language, profile).strip())

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise _invalid(
                gettext_noop("the %(language)s %(profile)s text names an unknown field {%(name)s}"),
                field="template",
                language=language,
                profile=profile,
                name=name,
            )
        return values[name]

    return canonical_text(_PLACEHOLDER.sub(fill, text))


def canonical_text(text: str) -> str:
    """``text`` as the digest sees it: NFC, LF line ends, no trailing spaces, one final LF."""
    if not isinstance(text, str):
        raise _invalid(gettext_noop("must be text; found %(found)s"), field="text", found=type(text).__name__)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _TRAILING_SPACE.sub("", text).strip("\n") + "\n"


def nda_digest(text: str, *, language: str, version: int) -> str:
    """Hex SHA-256 of the canonical encoding of ``text`` in ``language``, as ``version`` (module docstring)."""
    language = check_language(language)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _invalid(gettext_noop("must be a whole number from 1; found %(found)s"), field="version", found=_shown(version))
    body = canonical_text(text)
    if not body.strip():
        raise _invalid(gettext_noop("must not be blank"), field="text")
    header = f"{DIGEST_HEADER}\nlanguage: {language}\nversion: {version}\n\n"
    return hashlib.sha256((header + body).encode("utf-8")).hexdigest()


def duration_in_years(years: int, *, language: str) -> str:
    """``years`` written for the ``{duration}`` field of the text in ``language``.

    The phrases fit the slot each text gives the duration: "last for 5 years", "durent 5 ans",
    "durante 5 años", "— 5 лет" (nominative), "لمدة 5 سنوات", "最后一日后5年".
    """
    language = check_language(language)
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 99:
        raise _invalid(gettext_noop("must be a whole number of years from 1 to 99; found %(found)s"), field="duration", found=_shown(years))
    if language == "ar":
        # Arabic counts 1 and 2 with the noun alone, 3 to 10 with the plural, 11 and up with the singular.
        return {1: "سنة واحدة", 2: "سنتين"}.get(years) or (f"{years} سنوات" if years <= 10 else f"{years} سنة")
    if language == "zh":
        return f"{years}年"
    if language == "ru":
        if years % 10 == 1 and years % 100 != 11:
            noun = "год"
        elif years % 10 in {2, 3, 4} and years % 100 not in {12, 13, 14}:
            noun = "года"
        else:
            noun = "лет"
        return f"{years} {noun}"
    singular, plural = {"en": ("year", "years"), "fr": ("an", "ans"), "es": ("año", "años")}[language]
    return f"{years} {singular if years == 1 else plural}"


def signature_labels(language: str) -> dict[str, str]:
    """The signature block's labels in ``language`` (``texts/<language>/signature.json``): signed,
    signatory, signed_at, digest, assertion, note, account, delegation, name_differs."""
    check_language(language)
    text = resources.files("incamera.agreements").joinpath("texts", language, "signature.json").read_text(encoding="utf-8")
    labels: dict[str, str] = json.loads(text)
    return labels
