"""The persistent domain: one module per aggregate."""
from .audit import AuditEvent
from .claim import ClaimRequest
from .exchange import Exchange, ExchangeVersion
from .introduction import BrokerNote, Introduction, IntroductionEvent, IntroductionParty, Message
from .knowledge import KnowledgeProposal
from .listing import Listing
from .listing_import import ListingImport
from .notification import Notification, NotificationPreference
from .organisation import Organisation
from .reranker import RerankerModel
from .suggestion import Chain, MatchRun, MatchRunBatch, Suggestion
from .survey import SurveyResponse
from .user import User

__all__ = [
    "AuditEvent",
    "BrokerNote",
    "Chain",
    "ClaimRequest",
    "Exchange",
    "ExchangeVersion",
    "Introduction",
    "IntroductionEvent",
    "IntroductionParty",
    "KnowledgeProposal",
    "Listing",
    "ListingImport",
    "MatchRun",
    "MatchRunBatch",
    "Message",
    "Notification",
    "NotificationPreference",
    "Organisation",
    "RerankerModel",
    "Suggestion",
    "SurveyResponse",
    "User",
]
