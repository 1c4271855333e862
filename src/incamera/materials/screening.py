"""Screening uploads: a document must open, and must not act on its own (issue 9, finding 8).

Materials are handed to every recipient, marked for them; a file that cannot be opened would fail
only then, and a file that runs code would run it on every participant's machine.  So uploads are
refused, with the reason, when:

- a **PDF** does not open in qpdf (through pikepdf), has no page, or carries active content: an
  action run on opening or on a page (JavaScript, Launch, remote or embedded GoTo, SubmitForm,
  ImportData; ISO 32000-1 §12.6.4), document-level JavaScript, embedded files (§7.11.4), an
  interactive form (§12.7) or XFA;
- a **DOCX** (ECMA-376 Part 2, Open Packaging Conventions) is not a readable archive, or declares
  macros or embeddings by part name, content type or relationship, compared without regard to
  case: a ``vbaProject`` part, a macro-enabled content type, an OLE object or embedded package, an
  ActiveX control, or a relationship to an external template (a remote ``attachedTemplate`` fetches
  and runs a template from anywhere).  Package XML is parsed with defusedxml.

Refusing is chosen over stripping: a stripped document is no longer the one its author sent, and
"print to PDF" or "save as .docx" gives the author a clean copy in a minute.

Pure: no Django.  Messages keep their template for translation (``kernel/messages.py``).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import pikepdf
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from incamera.kernel.errors import InvalidInputError
from incamera.kernel.messages import gettext_noop, invalid

__all__ = ["screen_docx", "screen_pdf"]

_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/GoToR", "/GoToE", "/SubmitForm", "/ImportData", "/RichMediaExecute"}


def _refuse(template: str, **params: object) -> InvalidInputError:
    return invalid(template, field="file", **params)


def _actions(value: object, *, depth: int = 0) -> Iterator[str]:
    """The action types (``/S``) in an action dictionary and its ``/Next`` chain."""
    if depth > 32 or not isinstance(value, pikepdf.Dictionary):
        return
    kind = value.get("/S")
    if kind is not None:
        yield str(kind)
    following = value.get("/Next")
    for item in following if isinstance(following, pikepdf.Array) else [following]:
        yield from _actions(item, depth=depth + 1)


def _active(holder: object) -> str | None:
    """The first active action a dictionary runs (``/OpenAction``, ``/A``, additional ``/AA``)."""
    if not isinstance(holder, pikepdf.Dictionary):
        return None
    candidates = [holder.get("/OpenAction"), holder.get("/A")]
    additional = holder.get("/AA")
    if isinstance(additional, pikepdf.Dictionary):
        candidates += [additional[key] for key in additional.keys()]  # noqa: SIM118 - pikepdf dictionaries iterate keys this way
    for candidate in candidates:
        for kind in _actions(candidate):
            if kind in _ACTIVE_ACTIONS:
                return kind.lstrip("/")
    return None


def screen_pdf(data: bytes) -> None:
    """Return if the PDF opens and carries no active content; else raise InvalidInputError."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except (pikepdf.PdfError, ValueError, RecursionError) as exc:
        raise _refuse(gettext_noop("the PDF cannot be opened (%(problem)s); export it again as PDF"), problem=type(exc).__name__) from exc
    with pdf:
        try:
            pages = len(pdf.pages)
        except pikepdf.PdfError as exc:
            raise _refuse(
                gettext_noop("the PDF cannot be opened (%(problem)s); export it again as PDF"), problem=type(exc).__name__
            ) from exc
        if pages == 0:
            raise _refuse(gettext_noop("the PDF cannot be opened: it has no page"))
        root = pdf.Root
        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
            raise _refuse(gettext_noop("the PDF carries JavaScript; print it to a new PDF and upload that"))
        if isinstance(names, pikepdf.Dictionary) and "/EmbeddedFiles" in names:
            raise _refuse(gettext_noop("the PDF carries embedded files; upload them separately"))
        form = root.get("/AcroForm")
        if isinstance(form, pikepdf.Dictionary) and ("/XFA" in form or "/Fields" in form):
            raise _refuse(gettext_noop("the PDF is an interactive form; print it to a new PDF and upload that"))
        found = _active(root)
        for page in pdf.pages:
            if found is not None:
                break
            annotations = page.obj.get("/Annots")
            holders: list[object] = [page.obj, *(annotations if isinstance(annotations, pikepdf.Array) else [])]
            found = next((kind for holder in holders if (kind := _active(holder))), None)
        if found is not None:
            if found == "JavaScript":
                raise _refuse(gettext_noop("the PDF carries JavaScript; print it to a new PDF and upload that"))
            raise _refuse(gettext_noop("the PDF runs an action of type %(kind)s; print it to a new PDF and upload that"), kind=found)


# --- DOCX ---------------------------------------------------------------------------------------

_MACRO_TYPES = ("vbaproject", "macroenabled", "vbadata", "activex", "oleobject", "ms-office.activex")
_EMBEDDING_RELATIONS = ("/oleobject", "/package", "/control", "/activexcontrolbinary")


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:  # type: ignore[name-defined]
    try:
        return ElementTree.fromstring(archive.read(name))
    except (DefusedXmlException, ElementTree.ParseError) as exc:
        raise _refuse(gettext_noop("the document's part %(part)s is not well-formed XML, or declares entities"), part=name[:100]) from exc


def screen_docx(data: bytes) -> None:
    """Return if the Word document is a readable package without macros, embeddings or remote
    templates; else raise InvalidInputError."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        broken = archive.testzip()  # reads every member: a truncated or corrupt part fails here
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise _refuse(gettext_noop("the file looks like a Word document but is damaged")) from exc
    if broken is not None:
        raise _refuse(gettext_noop("the file looks like a Word document but is damaged"))
    names = archive.namelist()
    lowered = [name.lower() for name in names]
    if any(name.endswith(("vbaproject.bin", "vbadata.xml")) or "/vbaproject" in name for name in lowered):
        raise _refuse(gettext_noop("documents with macros are not accepted"))
    if any(name.startswith(("word/embeddings/", "word/activex/")) for name in lowered):
        raise _refuse(gettext_noop("documents with embedded objects are not accepted; paste their content instead"))
    types = _xml(archive, next(name for name in names if name.lower() == "[content_types].xml"))
    for element in types.iter():
        content_type = (element.get("ContentType") or "").lower()
        if any(marker in content_type for marker in _MACRO_TYPES):
            raise _refuse(gettext_noop("documents with macros are not accepted"))
    for name in names:
        if not name.lower().endswith(".rels"):
            continue
        for relation in _xml(archive, name).iter():
            kind = (relation.get("Type") or "").lower()
            external = (relation.get("TargetMode") or "").lower() == "external"
            if kind.endswith("/attachedtemplate") and external:
                raise _refuse(gettext_noop("the document loads a remote template; save it as a plain .docx and upload that"))
            if kind.endswith(_EMBEDDING_RELATIONS):
                raise _refuse(gettext_noop("documents with embedded objects are not accepted; paste their content instead"))
            if kind.endswith("/vbaproject"):
                raise _refuse(gettext_noop("documents with macros are not accepted"))
