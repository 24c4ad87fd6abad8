from flask import Blueprint

bp = Blueprint("notifications", __name__)


@bp.app_context_processor
def _unread():
    """The unread count in the header of every page."""
    from flask_login import current_user

    from ...services import notifications

    return {"unread_notifications": lambda: notifications.unread_count(current_user)}


from . import routes  # noqa: E402,F401
