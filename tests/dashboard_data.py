"""Exchanges written straight to the database for the dashboard tests (the recording and confirming
flow is tested with the exchanges themselves): confirmed unless said otherwise."""
from datetime import date
from decimal import Decimal

from siru_exchange.models import Exchange


def exchange(db, supplier, receiver, **kw) -> Exchange:
    values = {"supplier_id": supplier.id, "receiver_id": receiver.id, "resource_class": "steel_scrap",
              "description": "", "quantity": Decimal("2"), "unit": "tonne", "frequency": "once",
              "started_on": date(date.today().year, 1, 15), "transport_mode": "truck",
              "distance_km": Decimal("10"), "status": "confirmed", "proposed_by_org_id": supplier.id,
              "confirmed_by_org_id": receiver.id}
    values.update(kw)
    ex = Exchange(**values)
    db.session.add(ex)
    db.session.commit()
    return ex
