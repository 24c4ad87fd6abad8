from flask import Blueprint

bp = Blueprint("survey", __name__)

from . import routes  # noqa: E402,F401
