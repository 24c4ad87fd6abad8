"""Demo data: plausible SMEs of Jönköping county with their offers and needs
(siru_exchange/data/demo_seed.json)."""

import json
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from ..extensions import db
from ..models import Introduction, KnowledgeProposal, Listing, Organisation, User
from ..models._types import utcnow
from . import demo_exchanges, demo_outcomes, demo_survey, knowledge, matching
from .accounts import OrganisationInput, validate_organisation
from .errors import ValidationFailed
from .listings import ListingInput, validate
from .passwords import hash_password

SEED_PATH = Path(__file__).resolve().parent.parent / "data" / "demo_seed.json"
DEMO_PASSWORD = "demo-password"
DEMO_BROKER = "broker@siru.example"
DEMO_ADMIN = "admin@siru.example"
DEMO_RESEARCHER = "researcher@siru.example"


def is_empty() -> bool:
    return not db.session.scalar(select(func.count(Organisation.id)))


def _date(value):
    return date.fromisoformat(value) if value else None


def load(path: Path = SEED_PATH) -> dict:
    """Load the demo organisations, a member for each, a broker, an admin and a researcher; all or
    nothing."""
    seed = json.loads(Path(path).read_text(encoding="utf-8"))
    password_hash = hash_password(DEMO_PASSWORD)  # one hash: demo accounts share the documented password
    n_orgs = n_listings = 0
    try:
        for index, org in enumerate(seed["organisations"], start=1):
            errors: dict = {}
            fields = validate_organisation(
                OrganisationInput(
                    name=org["name"],
                    org_number=org["org_number"],
                    municipality=org["municipality"],
                    sector=org.get("sector", ""),
                    size=org.get("size", "small"),
                    description=org.get("description", ""),
                    contact_name=org.get("contact_name", ""),
                    contact_email=org.get("contact_email", ""),
                    contact_phone=org.get("contact_phone", ""),
                ),
                errors,
            )
            if errors:
                raise ValidationFailed({f"organisations[{index}].{k}": v for k, v in errors.items()})
            # The demo organisations and their people count as vetted: approved and confirmed.
            organisation = Organisation(**fields, approval="approved", approved_at=utcnow())
            db.session.add(organisation)
            email = org.get("login_email") or f"org{index:02d}@demo.siru.example"
            member = User(
                email=email,
                name=org.get("contact_name") or org["name"],
                password_hash=password_hash,
                language=org.get("language", "sv"),
                role="member",
                organisation=organisation,
                email_verified_at=utcnow(),
            )
            db.session.add(member)
            db.session.flush()
            n_orgs += 1
            for item in org.get("listings", []):
                values = validate(
                    ListingInput(
                        kind=item["kind"],
                        title=item["title"],
                        description=item.get("description", ""),
                        resource_class=item.get("class"),
                        quantity=item.get("quantity"),
                        unit=item.get("unit"),
                        frequency=item.get("frequency") or "once",
                        available_from=_date(item.get("available_from")),
                        available_to=_date(item.get("available_to")),
                        terms=item.get("terms") or "negotiable",
                        price=item.get("price"),
                        visibility=item.get("visibility") or "public",
                    )
                )
                listing = Listing(
                    organisation=organisation, created_by_id=member.id, status="active", **values
                )
                listing.refresh_search_text()
                matching.refresh_inferred_class(listing, organisation)
                db.session.add(listing)
                n_listings += 1
        staff = {}
        for email, name, role in (
            (DEMO_BROKER, "Matchmakare Demo", "broker"),
            (DEMO_ADMIN, "Admin Demo", "admin"),
            (DEMO_RESEARCHER, "Forskare Demo", "researcher"),
        ):
            staff[role] = User(email=email, name=name, password_hash=password_hash, role=role, language="sv",
                               email_verified_at=utcnow())
            db.session.add(staff[role])
        db.session.flush()
        n_exchanges = demo_exchanges.load(seed.get("exchanges", []), staff["broker"])
        n_survey = demo_survey.load()
        n_outcomes = demo_outcomes.load(seed.get("outcomes", []), staff["broker"])
        n_knowledge = _load_knowledge(staff["broker"], staff["admin"])
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return {"organisations": n_orgs, "listings": n_listings, "exchanges": n_exchanges,
            "survey_answers": n_survey, "outcomes": n_outcomes,
            "knowledge_proposals": n_knowledge}


# What the demo broker taught the matching from the first demo introduction: one synonym the demo
# admin accepted (knowledge version 1) and one "can serve as" waiting on the admin's page.
DEMO_KNOWLEDGE = (
    (knowledge.ProposalInput(kind="synonym", class_id="spent_grain", phrase="brewers grains", language="en"),
     True),
    (knowledge.ProposalInput(kind="serves_as", class_id="glass", target="landscaping_material"), False),
)


def _load_knowledge(broker: User, admin: User) -> int:
    """The demo proposals, written in the seed's transaction (validated as a broker's form is)."""
    intro_id = db.session.scalar(select(Introduction.id).order_by(Introduction.id).limit(1))
    version = 0
    for data, accepted in DEMO_KNOWLEDGE:
        row = KnowledgeProposal(**knowledge.validate(data), proposed_by_id=broker.id,
                                introduction_id=intro_id, status="proposed")
        if accepted:
            version += 1
            row.status, row.decided_by_id, row.decided_at, row.knowledge_version = \
                "accepted", admin.id, utcnow(), version
        db.session.add(row)
        db.session.flush()
    return len(DEMO_KNOWLEDGE)
