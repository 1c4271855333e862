"""Sensitivity scoring (issue 15 §6): an explainable score per item, from configurable
sensitive-term lexicons in six languages and the meeting's roster, and the disclosure tier it
suggests for a person to confirm.  Pure code: no Django.

    lexicons = Lexicons.default()                    # or Lexicons.from_json(config)
    assessment = score(text, lang="en", roster=roster, lexicons=lexicons)
    assessment.score, assessment.suggested_tier      # 45, "full"
    assessment.reasons                               # Reason("security", "weapon*", 2, 20, ((10, 17), …)), …
"""

from incamera.sensitivity.lexicons import CATEGORIES, DEFAULT_WEIGHTS, Lexicon, Lexicons
from incamera.sensitivity.match import Term
from incamera.sensitivity.score import RELEASE_DAYS, TIERS, Assessment, Reason, score, suggest_tier

__all__ = [
    "CATEGORIES",
    "DEFAULT_WEIGHTS",
    "RELEASE_DAYS",
    "TIERS",
    "Assessment",
    "Lexicon",
    "Lexicons",
    "Reason",
    "Term",
    "score",
    "suggest_tier",
]
