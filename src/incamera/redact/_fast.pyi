# The compiled engine (_fast.c), as engine.py uses it.

from collections.abc import Callable
from typing import Any

class Engine:
    def __init__(
        self,
        *,
        keys: list[str],
        flags: list[int],
        kinds: list[str],
        persons: list[str | None],
        after_titles: list[str],
        before: list[str],
        title_counts: dict[str, tuple[int, ...]],
        after_han: tuple[str, ...],
        clause_start: str,
        pair: Callable[[int, int], tuple[str, str]],
        pii_pair: Callable[[str, int], tuple[str, str]],
        is_phone: Callable[[str], bool],
        fold_char: Callable[[str], str | None],
        span_type: type,
    ) -> None: ...
    # The spans are engine.Span, made by the type given as span_type.
    def redact(self, text: str, lang: int, /) -> tuple[str, tuple[Any, ...], tuple[str, ...]] | None: ...
    def jsonl_line(self, text: str, lang: int, /) -> bytes | None: ...
    def jsonl_lines(self, texts: list[str], langs: list[int], /) -> list[bytes | None]: ...
