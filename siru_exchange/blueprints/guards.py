"""What every blueprint asks before it acts, written once: whether the pages exist for this user (a
role's own area answers 404 to everyone else), the record the user may see (404 otherwise), and the one
shape of a post that takes a step on a record (a refusal or a lost race is flashed, never a 500)."""
from collections.abc import Callable

from flask import abort, flash
from flask_login import current_user, login_required

from .. import policy
from ..services.errors import Conflict, ValidationFailed
from ..services.introductions import Refused


def hidden_unless(action: str) -> Callable:
    """A before_request guard: anonymous users are sent to log in; signed-in users who may not
    `action` get a 404, so they do not learn that the pages exist."""

    @login_required
    def guard():
        if not policy.can(current_user, action):
            abort(404)

    guard.__doc__ = f"Only users who may {action!r} know these pages exist."
    return guard


def visible_or_404(get_visible: Callable, target_id):
    """The record as this user may see it, from a service's get_visible(user, id); 404 when hidden."""
    found = get_visible(current_user, target_id)
    if found is None:
        abort(404)
    return found


def take_step(step: Callable, back, conflict: str, success: Callable[[], str],
              invalid: Callable | None = None):
    """Run one service call that moves a record on, then answer with `back` (a redirect): a refusal's
    own message or `conflict` (someone else changed it first) is flashed as an error, `success()` after
    it worked. Invalid input is `invalid(exc)` (the form shown again) or, for hidden fields only a
    tampered request gets wrong, a 400."""
    try:
        step()
    except ValidationFailed as exc:
        if invalid is None:
            abort(400)
        return invalid(exc)
    except Refused as exc:
        flash(exc.message, "error")
    except Conflict:
        flash(conflict, "error")
    else:
        flash(success(), "success")
    return back
