from flask import Blueprint

bp = Blueprint("broker", __name__)

from . import routes  # noqa: E402,F401
