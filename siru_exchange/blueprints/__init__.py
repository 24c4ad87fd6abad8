"""Blueprints: parse the request, authorise through policy, call one service, render."""
