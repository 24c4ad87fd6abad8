"""One factory per model; each writes through the real services where a rule matters."""
import itertools

from siru_exchange.models import Listing, Organisation, User
from siru_exchange.models._types import utcnow
from siru_exchange.services.passwords import hash_password

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def valid_org_number(seed: int) -> str:
    """A valid Swedish organisation number (Luhn check digit) derived from a seed."""
    body = f"55{seed % 10_000_000:07d}"
    total = 0
    for i, ch in enumerate(body):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    check = (10 - total % 10) % 10
    digits = body + str(check)
    return f"{digits[:6]}-{digits[6:]}"


class Factory:
    def __init__(self, db):
        self.db = db
        self._hash = hash_password(PASSWORD)

    def organisation(self, **kw) -> Organisation:
        n = next(_counter)
        values = {"name": f"Företag {n} AB", "org_number": valid_org_number(n * 7919), "municipality": "0680",
                  "sector": "Tillverkning", "size": "small", "contact_email": f"kontakt{n}@example.se",
                  "contact_name": f"Kontakt {n}", "contact_phone": "036-10 00 00",
                  "approval": "approved", "approved_at": utcnow()}
        values.update(kw)
        org = Organisation(**values)
        self.db.session.add(org)
        self.db.session.commit()
        return org

    def user(self, organisation=None, role="member", **kw) -> User:
        n = next(_counter)
        if organisation is None and role == "member":
            organisation = self.organisation()
        values = {"email": f"user{n}@example.se", "name": f"Användare {n}", "password_hash": self._hash,
                  "role": role, "language": "sv", "organisation": organisation,
                  "email_verified_at": utcnow()}
        values.update(kw)
        user = User(**values)
        self.db.session.add(user)
        self.db.session.commit()
        return user

    def listing(self, organisation=None, **kw) -> Listing:
        if organisation is None:
            organisation = self.organisation()
        values = {"kind": "offer", "title": "Sågspån, torrt", "description": "Ca 2 m³ i veckan.",
                  "frequency": "weekly", "terms": "free", "visibility": "public", "status": "active",
                  "organisation": organisation}
        values.update(kw)
        listing = Listing(**values)
        listing.refresh_search_text()
        if "inferred_class" not in kw:  # as the listing service does on saving
            from siru_exchange.services.matching import refresh_inferred_class

            refresh_inferred_class(listing, organisation)
        self.db.session.add(listing)
        self.db.session.commit()
        return listing

    # -- introductions (issue 4) -------------------------------------------------------------------

    def broker(self, **kw) -> User:
        return self.user(organisation=None, role="broker", **kw)

    def suggestion(self, offer: Listing, need: Listing, score: float = 0.8, **kw):
        from siru_exchange.models import Suggestion

        values = {"offer_id": offer.id, "need_id": need.id, "score": score, "reasons": [], "current": True}
        values.update(kw)
        suggestion = Suggestion(**values)
        self.db.session.add(suggestion)
        self.db.session.commit()
        return suggestion

    def chain(self, links: list[tuple[Listing, Listing]], score: float = 0.7):
        """A circular chain from (offer, need) pairs in loop order."""
        from siru_exchange.models import Chain

        orgs = list(dict.fromkeys(offer.organisation_id for offer, _need in links))
        pairs = [[offer.id, need.id] for offer, need in links]
        chain = Chain(key=",".join(f"{o}-{n}" for o, n in sorted(pairs)), organisation_ids=orgs, links=pairs,
                      score=score, current=True)
        self.db.session.add(chain)
        self.db.session.commit()
        return chain
