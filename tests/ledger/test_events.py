"""Events are written only inside the transaction of the change they record."""

import pytest

from incamera.ledger.events import record_event

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_events_are_written_only_inside_a_transaction() -> None:
    with pytest.raises(RuntimeError, match="outside a transaction"):
        record_event("nothing.happened", actor=None)
