"""Glue between WTForms and service errors, shared by every blueprint."""
from flask import abort, flash, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict


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


def blank_formdata():
    return MultiDict()
