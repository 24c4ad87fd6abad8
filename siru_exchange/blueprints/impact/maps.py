"""What every map of the site shares: the configured tile server, if any."""
from flask import current_app


def map_tiles() -> dict | None:
    """{"url", "attribution"} of the tile server (SIRU_MAP_TILES_URL), or None: then the bundled
    municipality outlines alone make the map, and no request leaves the site."""
    url = current_app.config.get("MAP_TILES_URL")
    if not url:
        return None
    return {"url": url, "attribution": current_app.config.get("MAP_TILES_ATTRIBUTION", "")}
