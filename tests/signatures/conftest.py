from __future__ import annotations

import pytest

from incamera.resolutions import actions as resolutions
from incamera.resolutions.models import Resolution
from tests.browser.test_flows import base_url, browser, open_tab
from tests.conftest import Cast

__all__ = ["adopted", "base_url", "browser", "open_tab"]

EN = "The participants agree to publish a shared registry of smelters by 2028."
FR = "Les participants conviennent de publier un registre commun des fonderies d'ici 2028."


@pytest.fixture
def adopted(cast: Cast) -> Resolution:
    """A resolution in two versions, English and French, adopted."""
    resolution = resolutions.do_create_resolution(
        cast.meeting, title="On traceability", texts={"en": EN, "fr": FR}, legal_character="political_commitment", by=cast.organizer
    )
    resolutions.do_add_version(resolution, {"en": EN + " It reviews progress yearly.", "fr": FR}, by=cast.organizer)
    Resolution.objects.filter(pk=resolution.pk).update(state="adopted")
    resolution.refresh_from_db()
    return resolution
