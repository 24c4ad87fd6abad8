"""Authorisation in one place: `can(user, action, obj)`.

Views, services and the API ask this module; none decides by itself. What a user may not see
answers 404 in the blueprints, so that existence does not leak. `visible_listings(user)` is the same
rule as a query condition, so that lists and counts never filter by hand.
"""
from sqlalchemy import and_, or_, select, true

from .models import Exchange, Introduction, IntroductionParty, Listing, Organisation
from .models.introduction import MESSAGE_STATUSES, NEXT_STATUS


def _is_member_of(user, organisation_id) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.organisation_id is not None
        and user.organisation_id == organisation_id
    )


def _is_broker(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_broker)


def _is_logged_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _visibilities_for(user) -> tuple[str, ...]:
    """Which visibilities of an active listing a user sees: members-only ones need a login."""
    return ("public", "anonymous", "members") if _is_logged_in(user) else ("public", "anonymous")


def listed_visibilities(user) -> tuple[str, ...]:
    """The visibilities `visible_listings(user, listed=True)` shows: all a cached list or count may
    depend on (the home page's counts are cached per answer)."""
    return _visibilities_for(user)


def is_verified(user) -> bool:
    """The user has confirmed the email address (registration's link, an invitation or a reset)."""
    return bool(_is_logged_in(user) and getattr(user, "is_verified", False))


def can_view_listing(user, listing: Listing) -> bool:
    """Its own organisation and brokers see a listing in any status; others an active one they may see,
    of an organisation a broker has approved."""
    if _is_member_of(user, listing.organisation_id) or _is_broker(user):
        return True
    return (listing.status == "active" and listing.visibility in _visibilities_for(user)
            and listing.organisation is not None and listing.organisation.is_approved)


def _unapproved_organisations():
    """The organisations not (or not yet) approved, whatever their approval says (pending, refused, a
    value no code knows): a few hundred where approved ones number thousands."""
    return select(Organisation.id).where(Organisation.approval != "approved")


def visible_listings(user, *, listed: bool = False, organisation_joined: bool = False):
    """`can_view_listing` as a where-clause on Listing. With `listed`, only active listings of approved
    organisations: what the lists and counts (browse, search, the API list, the home page) show, for
    every role alike. With `organisation_joined` (the statement joins the listing's Organisation) the
    approval is read on the joined row; otherwise the listing's organisation must not be one of the
    few unapproved ones (a hash of the 531 pending and refused ids at 100,000 listings, where a
    sub-select of the 9,500 approved ones cost a hash of them on each query)."""
    approved = (Organisation.approval == "approved" if organisation_joined
                else Listing.organisation_id.not_in(_unapproved_organisations()))
    shown = and_(Listing.status == "active", Listing.visibility.in_(_visibilities_for(user)), approved)
    if listed:
        return shown
    if _is_broker(user):
        return true()
    if _is_logged_in(user) and user.organisation_id is not None:
        return or_(Listing.organisation_id == user.organisation_id, shown)
    return shown


def owner_visible(user):
    """`can_see_owner` as a where-clause on Listing: the listings whose organisation this user may
    know. A search by the owner's place (the municipality filter) adds it, so that filtering does not
    tell where the organisation behind an anonymous listing is."""
    if _is_broker(user):
        return true()
    named = Listing.visibility != "anonymous"
    if _is_logged_in(user) and user.organisation_id is not None:
        return or_(named, Listing.organisation_id == user.organisation_id)
    return named


def can_see_suggestions(user, listing: Listing) -> bool:
    """The suggestions for a listing: its own organisation and brokers."""
    return _is_member_of(user, listing.organisation_id) or _is_broker(user)


def can_see_owner(user, listing: Listing) -> bool:
    """Who is behind a listing: hidden for anonymous listings except to its own organisation and brokers."""
    if listing.visibility != "anonymous":
        return True
    return _is_member_of(user, listing.organisation_id) or _is_broker(user)


def can_see_place(user, obj) -> bool:
    """The municipality of the organisation behind a listing or an introduction party. Where an
    organisation is, is part of who it is (13 municipalities, a handful of firms per trade in each):
    it follows the owner's name, and otherwise only the region is shown
    (`services.reference.place_name`)."""
    if isinstance(obj, IntroductionParty):
        return can_see_party(user, obj)
    return can_see_owner(user, obj)


def can_edit_listing(user, listing: Listing) -> bool:
    return _is_member_of(user, listing.organisation_id)


def can_post_listing(user) -> bool:
    """A member of an organisation whose email address is confirmed."""
    return bool(is_verified(user) and user.organisation_id)


def can_edit_organisation(user, organisation) -> bool:
    return _is_member_of(user, organisation.id) or bool(user and getattr(user, "is_admin", False))


def can_view_organisation(user, organisation) -> bool:
    """An organisation's profile: public once approved; before that only its members and brokers."""
    return organisation.is_approved or _is_member_of(user, organisation.id) or _is_broker(user) \
        or bool(user is not None and getattr(user, "is_admin", False))


def can_invite_member(user, organisation) -> bool:
    """A confirmed member invites colleagues to the organisation."""
    return is_verified(user) and can_edit_organisation(user, organisation)


def can_claim_organisation(user) -> bool:
    """A confirmed user who belongs to no organisation (and is no broker) asks to be added to one."""
    return bool(is_verified(user) and user.organisation_id is None and user.role == "member")


def can_answer_survey(user, organisation) -> bool:
    """A confirmed member answers the organisation's survey (an organisation that is not deleted)."""
    return bool(organisation is not None and not organisation.is_deleted and is_verified(user)
                and _is_member_of(user, organisation.id))


def can_research(user) -> bool:
    """The researcher's workspace and its anonymised exports: researchers and admins (not brokers: a
    broker knows the organisations, and the workspace is for those who must not)."""
    return bool(_is_logged_in(user) and user.role in ("researcher", "admin"))


def can_be_introduced(organisation) -> bool:
    """An organisation takes part in an introduction once a broker has approved it. (Its listings were
    posted by members with a confirmed address, since posting needs one, and only such members are told
    about introductions: `notifications.members_of`.)"""
    return bool(organisation is not None and organisation.is_approved)


def can_see_organisation_contact(user, organisation) -> bool:
    """Contact person, email and phone on an organisation's profile: its own members, brokers and
    admins; other logged-in members only when the organisation chose to show them. Otherwise the
    details reach another organisation only through an accepted introduction (`can_see_contact`)."""
    if _is_member_of(user, organisation.id) or _is_broker(user):
        return True
    if user is not None and getattr(user, "is_admin", False):
        return True
    return bool(organisation.show_contact and user is not None and getattr(user, "is_authenticated", False))


# -- introductions -------------------------------------------------------------------------------

def can_request_introduction(user, listing: Listing) -> bool:
    """A member of another organisation asks to be put in touch about an active listing it may see."""
    return bool(
        can_post_listing(user)
        and user.organisation_id != listing.organisation_id
        and listing.status == "active"
        and can_view_listing(user, listing)
        and can_be_introduced(user.organisation)
    )


def _party_of(user, introduction: Introduction) -> IntroductionParty | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return introduction.party_for(user.organisation_id)


def can_view_introduction(user, introduction: Introduction) -> bool:
    """Brokers see every introduction; a party sees its own, except a request still waiting for a
    broker, which only the requesting organisation sees."""
    if _is_broker(user):
        return True
    if _party_of(user, introduction) is None:
        return False
    return not introduction.needs_broker or user.organisation_id == introduction.requested_by_id


def can_answer_introduction(user, introduction: Introduction) -> bool:
    party = _party_of(user, introduction)
    return bool(party is not None and party.consent == "pending" and introduction.status == "proposed"
                and not introduction.needs_broker)


def can_advance_introduction(user, introduction: Introduction) -> bool:
    if introduction.status not in NEXT_STATUS:
        return False
    return _is_broker(user) or _party_of(user, introduction) is not None


def can_message_introduction(user, introduction: Introduction) -> bool:
    return _party_of(user, introduction) is not None and introduction.status in MESSAGE_STATUSES


def can_read_messages(user, introduction: Introduction) -> bool:
    """The parties read their thread; a broker only when every party allows it."""
    if _party_of(user, introduction) is not None:
        return can_view_introduction(user, introduction)
    return _is_broker(user) and introduction.broker_may_read


def can_set_broker_access(user, introduction: Introduction) -> bool:
    return _party_of(user, introduction) is not None and can_view_introduction(user, introduction)


def can_keep_broker_notes(user, introduction: Introduction | None = None) -> bool:
    return _is_broker(user)


def can_see_party(user, party: IntroductionParty) -> bool:
    """The name of an organisation in an introduction: hidden when it came in through an anonymous
    listing, until every party has accepted (its own members and brokers always see it)."""
    if _is_broker(user) or _is_member_of(user, party.organisation_id):
        return True
    return not party.anonymous or party.introduction.all_accepted


def can_see_contact(user, party: IntroductionParty) -> bool:
    """Contact details of a party: only once every party has accepted."""
    if _is_broker(user) or _is_member_of(user, party.organisation_id):
        return True
    return party.introduction.all_accepted and _party_of(user, party.introduction) is not None


def can_propose_exchange(user, introduction: Introduction) -> bool:
    """A party records the exchange of an agreed (or already realised) introduction."""
    return (
        _party_of(user, introduction) is not None
        and introduction.status in ("agreed", "realised")
        and can_view_introduction(user, introduction)
    )


# -- exchanges -----------------------------------------------------------------------------------

def _exchange_party(user, exchange: Exchange) -> bool:
    return _is_member_of(user, exchange.supplier_id) or _is_member_of(user, exchange.receiver_id)


def can_view_exchange(user, exchange: Exchange) -> bool:
    """Its two organisations and brokers; the public sees exchanges only in aggregates."""
    return _is_broker(user) or _exchange_party(user, exchange)


def can_confirm_exchange(user, exchange: Exchange) -> bool:
    """The other party confirms a proposal; never the organisation that proposed it."""
    return (
        exchange.status == "proposed"
        and _exchange_party(user, exchange)
        and user.organisation_id != exchange.proposed_by_org_id
    )


def can_edit_exchange(user, exchange: Exchange) -> bool:
    """Its organisations change or end it until it has ended; a broker the deals it recorded itself."""
    if exchange.ended_on is not None:
        return False
    return _exchange_party(user, exchange) or (_is_broker(user) and exchange.by_broker)


def can_verify_exchange(user, exchange: Exchange) -> bool:
    return _is_broker(user) and exchange.status == "confirmed"


_EXCHANGE_RULES = {
    "view": can_view_exchange,
    "confirm": can_confirm_exchange,
    "edit": can_edit_exchange,
    "verify": can_verify_exchange,
}


_INTRODUCTION_RULES = {
    "propose_exchange": can_propose_exchange,
    "view": can_view_introduction,
    "answer": can_answer_introduction,
    "advance": can_advance_introduction,
    "message": can_message_introduction,
    "read_messages": can_read_messages,
    "set_broker_access": can_set_broker_access,
    "keep_notes": can_keep_broker_notes,
}
_PARTY_RULES = {"see_party": can_see_party, "see_contact": can_see_contact, "see_place": can_see_place}


_RULES = {
    "view": can_view_listing,
    "see_owner": can_see_owner,
    "see_place": can_see_place,
    "edit": can_edit_listing,
    "see_suggestions": can_see_suggestions,
}


def can(user, action: str, obj=None) -> bool:
    """The one question every layer asks: may `user` do `action` on `obj`?"""
    if action == "post_listing":
        return can_post_listing(user)
    if action == "edit_organisation":
        return can_edit_organisation(user, obj)
    if action == "see_organisation_contact":
        return can_see_organisation_contact(user, obj)
    if action == "view_organisation":
        return can_view_organisation(user, obj)
    if action == "invite_member":
        return can_invite_member(user, obj)
    if action == "claim_organisation":
        return can_claim_organisation(user)
    if action == "answer_survey":
        return can_answer_survey(user, obj)
    if action == "view_survey":  # an organisation's own answers and its reporting summary
        return obj is not None and _is_member_of(user, obj.id)
    if action == "survey_status":  # who has answered this year
        return _is_broker(user)
    if action == "research":  # the researcher's workspace and the anonymised exports
        return can_research(user)
    if action == "be_introduced":
        return can_be_introduced(obj)
    # The brokers' spreadsheets: exports of listings, introductions and exchanges, and the import of
    # listings for organisations (services.exports, services.listing_import).
    if action in ("broker", "approve_organisations", "record_exchange", "export_spreadsheets",
                  "import_listings"):
        return _is_broker(user)
    if action == "teach_matching":  # propose "X can serve as Y" or a synonym (services.knowledge)
        return _is_broker(user)
    if action == "decide_knowledge":  # accept or reject what brokers proposed
        return bool(_is_logged_in(user) and user.is_admin)
    if action == "admin":  # the audit log and the other admin pages
        return bool(_is_logged_in(user) and user.is_admin)
    if action == "see_impact_details":
        return _is_broker(user)
    if action == "see_organisation_impact":
        return _is_member_of(user, obj.id) or _is_broker(user)
    if action == "share_badge":
        return _is_member_of(user, obj.id)
    if isinstance(obj, Listing) and action == "request_introduction":
        return can_request_introduction(user, obj)
    if isinstance(obj, Listing) and action in _RULES:
        return _RULES[action](user, obj)
    if isinstance(obj, Introduction) and action in _INTRODUCTION_RULES:
        return _INTRODUCTION_RULES[action](user, obj)
    if isinstance(obj, Exchange) and action in _EXCHANGE_RULES:
        return _EXCHANGE_RULES[action](user, obj)
    if isinstance(obj, IntroductionParty) and action in _PARTY_RULES:
        return _PARTY_RULES[action](user, obj)
    raise ValueError(f"unknown action {action!r} on {type(obj).__name__}")
