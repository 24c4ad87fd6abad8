from flask import Blueprint

bp = Blueprint("impact", __name__)


@bp.record_once
def _template_globals(state) -> None:
    from .texts import template_globals

    state.app.jinja_env.globals.update(template_globals())


from . import routes  # noqa: E402,F401
