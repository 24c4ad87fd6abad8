"""Labels of introduction statuses, consents and events, for the pages and the emails."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user

INTRODUCTION_STATUS_LABELS = {
    "proposed": _l("Proposed"),
    "accepted": _l("Accepted"),
    "in_dialogue": _l("In dialogue"),
    "agreed": _l("Agreed"),
    "realised": _l("Realised"),
    "declined": _l("Declined"),
}
CONSENT_LABELS = {
    "pending": _l("Waiting for an answer"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
}
EVENT_LABELS = {
    "requested": _l("asked for an introduction"),
    "proposed": _l("introduced the organisations"),
    "taken_on": _l("passed the request on"),
    "accepted": _l("accepted"),
    "declined": _l("declined"),
    "in_dialogue": _l("started the dialogue"),
    "agreed": _l("marked it as agreed"),
    "realised": _l("confirmed the exchange: the introduction is realised"),
    "realised_proposed": _l("recorded the exchange"),
    "realised_confirmed": _l("confirmed the exchange"),
    "broker_access_on": _l("let the broker follow the messages"),
    "broker_access_off": _l("stopped the broker from following the messages"),
}
# The button that takes an introduction to its next status.
ADVANCE_LABELS = {
    "in_dialogue": _l("Mark as in dialogue"),
    "agreed": _l("Mark as agreed"),
    "realised": _l("Mark as realised"),
}


def open_introduction_request(listing):
    """The current user's organisation's open request about a listing (the listing page links it)."""
    from ...services import introductions

    if not getattr(current_user, "is_authenticated", False):
        return None
    return introductions.open_request_for(current_user, listing)


def template_globals() -> dict:
    return {
        "INTRODUCTION_STATUS_LABELS": INTRODUCTION_STATUS_LABELS,
        "CONSENT_LABELS": CONSENT_LABELS,
        "EVENT_LABELS": EVENT_LABELS,
        "ADVANCE_LABELS": ADVANCE_LABELS,
        "open_introduction_request": open_introduction_request,
    }
