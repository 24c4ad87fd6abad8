"""Introductions: a member's request or a broker's introduction, each side's consent, the status
pipeline with its recorded events, the broker's queue and private notes, and the pipeline views.

Every change carries the introduction's version (optimistic locking). An action in the wrong state
or by the wrong side raises `Refused` with a message for the user and changes nothing.

By purpose: `requests` (a member asks, a broker passes an anonymous listing's request on),
`brokering` (a broker introduces a suggestion or a chain; broker notes), `consent` (accept or decline;
broker access), `pipeline` (the steps after acceptance, realised once every party confirms; what a
user sees), `queue` (the broker's queue and counts); `_common` holds what they share.
"""

from ._common import MAX_BROKER_NOTE, MAX_NOTE, Refused, _broker_users, _party_users
from .brokering import (
    INTRODUCE,
    add_broker_note,
    broker_notes,
    introduce,
    introduce_chain,
    introduce_suggestion,
    introduction_target,
)
from .consent import answer, set_broker_access
from .pipeline import (
    PIPELINE_PAGE,
    PIPELINE_SHOWN,
    StatusSection,
    advance,
    get_visible,
    pipeline,
    pipeline_overview,
    pipeline_page,
)
from .queue import (
    CHAIN_QUEUE_LIMIT,
    FOCUSES,
    QUEUE_LIMIT,
    SOCIAL_GROUPS,
    QueueFilters,
    broker_queue,
    counts,
    social_classes,
)
from .requests import open_request_for, request_introduction, requested_listing, take_request

__all__ = [
    "CHAIN_QUEUE_LIMIT",
    "FOCUSES",
    "INTRODUCE",
    "MAX_BROKER_NOTE",
    "MAX_NOTE",
    "QUEUE_LIMIT",
    "SOCIAL_GROUPS",
    "QueueFilters",
    "Refused",
    "_broker_users",  # the message thread notifies the same people (services/messaging.py)
    "_party_users",
    "add_broker_note",
    "advance",
    "answer",
    "broker_notes",
    "broker_queue",
    "counts",
    "get_visible",
    "introduce",
    "introduce_chain",
    "introduce_suggestion",
    "introduction_target",
    "open_request_for",
    "pipeline",
    "pipeline_overview",
    "pipeline_page",
    "PIPELINE_PAGE",
    "PIPELINE_SHOWN",
    "StatusSection",
    "request_introduction",
    "requested_listing",
    "set_broker_access",
    "social_classes",
    "take_request",
]
