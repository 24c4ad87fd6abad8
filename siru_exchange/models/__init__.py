"""The persistent domain: one module per aggregate."""
from .exchange import Exchange, ExchangeVersion
from .introduction import BrokerNote, Introduction, IntroductionEvent, IntroductionParty, Message
from .listing import Listing
from .notification import Notification, NotificationPreference
from .organisation import Organisation
from .suggestion import Chain, Suggestion
from .user import User

__all__ = [
    "BrokerNote",
    "Chain",
    "Exchange",
    "ExchangeVersion",
    "Introduction",
    "IntroductionEvent",
    "IntroductionParty",
    "Listing",
    "Message",
    "Notification",
    "NotificationPreference",
    "Organisation",
    "Suggestion",
    "User",
]
