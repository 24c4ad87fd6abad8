"""Use cases. Commits happen here and nowhere else; views call one service and render."""
