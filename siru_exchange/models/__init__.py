"""The persistent domain: one module per aggregate."""
from .listing import Listing
from .organisation import Organisation
from .user import User

__all__ = ["Listing", "Organisation", "User"]
