"""Key files: created 0600, refused when too open."""

import stat

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_key_files_are_created_with_mode_600() -> None:
    for name in ("kek.key", "secret.key"):
        path = settings.DATA_DIR / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
    assert stat.S_IMODE(settings.INCAMERA_KEK_PATH.stat().st_mode) == 0o600


def test_a_world_readable_key_file_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from incamera.crypto.keys import KeyFileError, load_or_create_key_file

    path = tmp_path / "kek.key"
    first = load_or_create_key_file(path)
    assert load_or_create_key_file(path) == first
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_or_create_key_file(path)
