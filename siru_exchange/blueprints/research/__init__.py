"""The researcher's workspace (/research/): aggregated, anonymised survey results and exports."""
from flask import Blueprint

bp = Blueprint("research", __name__)

from . import routes  # noqa: E402,F401
