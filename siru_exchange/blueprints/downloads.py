"""One shape for every file the site hands out (survey answers, a user's data, spreadsheets): an
attachment with its name, never kept by a cache (the files describe organisations)."""
from flask import Response


def download(body: bytes | str, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})
