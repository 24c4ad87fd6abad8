"""The persistent domain: one module per aggregate."""
from .listing import Listing
from .organisation import Organisation
from .suggestion import Chain, Suggestion
from .user import User

__all__ = ["Chain", "Listing", "Organisation", "Suggestion", "User"]
