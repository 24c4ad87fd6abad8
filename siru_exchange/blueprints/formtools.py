"""Glue between WTForms and service errors, shared by every blueprint."""
import re
import secrets

from flask import abort, flash, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice


def apply_errors(form, errors: dict[str, str], aliases: dict[str, str] | None = None) -> None:
    """Show a service's field errors next to the form's fields; unknown fields go to a flash message."""
    aliases = aliases or {}
    for field_name, message in errors.items():
        field = getattr(form, aliases.get(field_name, field_name), None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors or []), message]
        else:
            flash(message, "error")
    flash(_("Please correct the marked fields."), "error")


MAX_PAGE = 10_000


def page_arg() -> int:
    """The ?page= argument, within 1..MAX_PAGE whatever was typed."""
    try:
        return min(max(int(request.args.get("page", 1)), 1), MAX_PAGE)
    except ValueError:
        return 1


def int_form_value(name: str) -> int:
    """An integer from the posted form (hidden version fields); a tampered value is a 400."""
    try:
        return int(request.form.get(name, ""))
    except ValueError:
        abort(400)


SUBMISSION_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_submission_token() -> str:
    """A one-time token for a form that creates something (see services.listings.create_listing)."""
    return secrets.token_urlsafe(24)


def submission_token_value(name: str = "submission") -> str | None:
    """The posted one-time token, None when absent (a client that is not our form); a tampered one is
    a 400."""
    value = request.form.get(name)
    if value is None:
        return None
    if not SUBMISSION_TOKEN.fullmatch(value):
        abort(400)
    return value


def blank_formdata():
    return MultiDict()


def select_choices(*options, groups: dict | None = None) -> list[SelectChoice]:
    """Options for a SelectField in the form WTForms supports (SelectChoice; tuples go in 3.4):
    `options` are (value, label) pairs shown first, `groups` is {group label: [(value, label), ...]},
    each group rendered as an <optgroup>."""
    choices = [SelectChoice(value, label) for value, label in options]
    for group, items in (groups or {}).items():
        choices.extend(SelectChoice(value, label, optgroup=str(group)) for value, label in items)
    return choices
