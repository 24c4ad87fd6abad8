"""The expected answer of every route and method, for each role (read by test_route_table.py).

A new route fails `test_every_route_and_method_has_one_row` until it has a row here: add one dict per
route and method, in the blueprint's block. Keys:

- "route": "METHOD /rule" exactly as in `flask routes` (the rule with its converters).
- the answer for a role: "anonymous", "owner" (a member of the organisation that owns the listing, the
  introduction, the suggestion ...), "other" (a member of an organisation that is not involved),
  "broker", "admin", "researcher" (a signed-in account with the researcher role and no organisation);
  or "all" for every role, "signed_in" for every role but anonymous; a role's own key wins.
- an answer is an HTTP status (200, 302, 400, 403, 404, 405, 422 ...) or LOGIN: a redirect to the login
  page. 302 is a redirect anywhere else.
- optional: "data" (the form posted; default empty), "json" (a JSON body instead), "params" ({path
  argument: name of an object of the test world}, when not the default below), "query" (a query
  string), "ends_session" (the request logs the user out: the test logs in again after it).

Path arguments are filled from the test world by name: listing_id -> the owner's public offer,
introduction_id -> a broker's introduction between the owner and a third organisation, proposal_id ->
a broker's knowledge proposal, suggestion_id
and target_id -> the suggestion behind it, org_id -> the owner's organisation, notification_id -> a
notification of the owner, filename -> css/site.css.

What a user may not see answers 404 (its existence does not leak); what they see but may not change
answers 403; a POST with an empty form from someone allowed answers 400/422 (refused input) or 302.
"""

LOGIN = "login"
ROLES = ("anonymous", "owner", "other", "broker", "admin", "researcher")

# The broker blueprint: only brokers (and admins, who are brokers too) know it exists.
BROKERS_ONLY = {"anonymous": LOGIN, "owner": 404, "other": 404, "researcher": 404}
# An introduction: its parties and brokers see it; nobody else learns it exists.
PARTIES_AND_BROKERS = {"anonymous": LOGIN, "other": 404, "researcher": 404}
# An exchange: its parties and brokers open it; an empty post (no version, no values) is refused.
EXCHANGE_PAGE = {**PARTIES_AND_BROKERS, "owner": 200, "broker": 200, "admin": 200}
EXCHANGE_POST = {**PARTIES_AND_BROKERS, "owner": 400, "broker": 400, "admin": 400}

ROUTES = [
    # -- main, static -------------------------------------------------------------------------------
    {"route": "GET /", "all": 200},
    {"route": "POST /language", "all": 302, "data": {"lang": "en"}},
    {"route": "GET /static/<path:filename>", "all": 200},
    # -- auth -----------------------------------------------------------------------------------------
    {"route": "GET /auth/login", "anonymous": 200, "signed_in": 302},
    {"route": "POST /auth/login", "anonymous": 422, "signed_in": 302},
    {"route": "GET /auth/register", "anonymous": 200, "signed_in": 302},
    {"route": "POST /auth/register", "anonymous": 422, "signed_in": 302},
    {"route": "GET /auth/profile", "anonymous": LOGIN, "signed_in": 200},
    {"route": "POST /auth/profile", "anonymous": LOGIN, "signed_in": 200},
    {"route": "POST /auth/logout", "anonymous": LOGIN, "signed_in": 302, "ends_session": True},
    {"route": "GET /auth/claim", "anonymous": LOGIN, "signed_in": 200},
    {"route": "GET /auth/forgot", "all": 200},
    # Links sent by email (confirm, reset, invite): a link that is not signed by us answers 400 to anyone.
    {"route": "GET /auth/invitation/<token>", "all": 400},
    {"route": "GET /auth/reset/<token>", "all": 400},
    {"route": "GET /auth/verify/<token>", "all": 400},
    {"route": "POST /auth/claim", "anonymous": LOGIN, "signed_in": 200},
    {"route": "POST /auth/forgot", "all": 422},
    {"route": "POST /auth/invitation/<token>", "all": 400},
    {"route": "POST /auth/reset/<token>", "all": 400},
    {"route": "POST /auth/verify/<token>", "all": 400},
    {"route": "POST /auth/verify/again", "anonymous": LOGIN, "signed_in": 302},
    # -- exchanges: its parties and brokers; /new needs the introduction it realises (?introduction=) ---
    {"route": "GET /exchanges/", "anonymous": LOGIN, "signed_in": 200, "researcher": 302},
    {"route": "GET /exchanges/<int:exchange_id>", **EXCHANGE_PAGE},
    {"route": "GET /exchanges/<int:exchange_id>/edit", **EXCHANGE_PAGE},
    {"route": "GET /exchanges/new", "anonymous": LOGIN, "signed_in": 404},
    {"route": "GET /exchanges/record", **BROKERS_ONLY, "broker": 200, "admin": 200},
    {"route": "POST /exchanges/<int:exchange_id>/confirm", **EXCHANGE_POST},
    {"route": "POST /exchanges/<int:exchange_id>/edit", **EXCHANGE_POST},
    {"route": "POST /exchanges/<int:exchange_id>/end", **EXCHANGE_POST},
    {"route": "POST /exchanges/<int:exchange_id>/verify", **EXCHANGE_POST},
    {"route": "POST /exchanges/new", "anonymous": LOGIN, "signed_in": 404},
    {"route": "POST /exchanges/record", **BROKERS_ONLY, "broker": 400, "admin": 400},
    # -- impact: the public dashboard, its map data and report; the broker view; the badge ------------
    {"route": "GET /impact/", "all": 200},
    # A badge exists only while its organisation shares it (the test's token is not one).
    {"route": "GET /impact/badge/<token>.svg", "all": 404},
    {"route": "GET /impact/broker", "anonymous": LOGIN, "signed_in": 403, "broker": 200, "admin": 200},
    {"route": "GET /impact/map.json", "all": 200},
    {"route": "GET /impact/report/<int:year>", "all": 200},
    {"route": "GET /listings/map.json", "all": 200},
    {"route": "POST /impact/organisations/<int:org_id>/badge", "anonymous": LOGIN, "signed_in": 403,
     "owner": 302},
    # -- the JSON API ---------------------------------------------------------------------------------
    {"route": "GET /api/v1/listings", "all": 200},
    {"route": "GET /api/v1/listings/<listing:listing_id>", "all": 200},
    {"route": "GET /api/v1/taxonomy", "all": 200},
    {"route": "GET /api/v1/municipalities", "all": 200},
    # Members post; an account without an organisation is refused, anonymous is told to log in.
    {"route": "POST /api/v1/listings", "anonymous": 401, "owner": 422, "other": 422, "broker": 403,
     "admin": 403, "researcher": 403, "json": {}},
    # -- listings -------------------------------------------------------------------------------------
    {"route": "GET /listings/", "all": 200},
    {"route": "GET /listings/mine", "anonymous": LOGIN, "owner": 200, "other": 200, "broker": 302,
     "admin": 302, "researcher": 302},
    {"route": "GET /listings/new", "anonymous": LOGIN, "owner": 200, "other": 200, "broker": 403,
     "admin": 403, "researcher": 403},
    {"route": "POST /listings/new", "anonymous": LOGIN, "owner": 422, "other": 422, "broker": 403,
     "admin": 403, "researcher": 403},
    {"route": "GET /listings/<listing:listing_id>", "all": 200},
    {"route": "GET /listings/<listing:listing_id>/edit", "anonymous": LOGIN, "owner": 200, "signed_in": 403},
    {"route": "POST /listings/<listing:listing_id>/edit", "anonymous": LOGIN, "owner": 400, "signed_in": 403},
    {"route": "GET /listings/<listing:listing_id>/status", "anonymous": LOGIN, "owner": 200, "signed_in": 403,
     "query": "status=paused"},
    # Without the version it was loaded at, the change is refused.
    {"route": "POST /listings/<listing:listing_id>/status", "anonymous": LOGIN, "owner": 400,
     "signed_in": 403, "data": {"status": "paused"}},
    # -- organisations --------------------------------------------------------------------------------
    {"route": "GET /organisations/<int:org_id>", "all": 200},
    # Its members and admins edit an organisation; others see that it exists (its page is public).
    {"route": "GET /organisations/<int:org_id>/edit", "anonymous": LOGIN, "owner": 200, "admin": 200,
     "signed_in": 403},
    {"route": "POST /organisations/<int:org_id>/edit", "anonymous": LOGIN, "owner": 422, "admin": 422,
     "signed_in": 403},
    {"route": "GET /organisations/<int:org_id>/members", "anonymous": LOGIN, "owner": 200, "admin": 200,
     "signed_in": 403},
    {"route": "POST /organisations/<int:org_id>/members", "anonymous": LOGIN, "owner": 422, "admin": 422,
     "signed_in": 403},
    # -- suggestions ----------------------------------------------------------------------------------
    {"route": "GET /suggestions/", "anonymous": LOGIN, "owner": 200, "other": 200, "broker": 302,
     "admin": 302, "researcher": 302},
    {"route": "POST /suggestions/<int:suggestion_id>/state", "anonymous": LOGIN, "owner": 302,
     "signed_in": 404, "data": {"state": "interested"}},
    # -- introductions --------------------------------------------------------------------------------
    {"route": "GET /introductions/", "anonymous": LOGIN, "signed_in": 200, "researcher": 302},
    {"route": "GET /introductions/request", "anonymous": LOGIN, "signed_in": 404},
    {"route": "POST /introductions/request", "anonymous": LOGIN, "signed_in": 404},
    {"route": "GET /introductions/<int:introduction_id>", **PARTIES_AND_BROKERS, "owner": 200, "broker": 200,
     "admin": 200},
    {"route": "POST /introductions/<int:introduction_id>/answer", **PARTIES_AND_BROKERS, "owner": 400,
     "broker": 400, "admin": 400},
    {"route": "POST /introductions/<int:introduction_id>/status", **PARTIES_AND_BROKERS, "owner": 400,
     "broker": 400, "admin": 400},
    # Proposed, not yet accepted by everyone: nobody may write yet (409 says why, keeping the text).
    {"route": "POST /introductions/<int:introduction_id>/messages", **PARTIES_AND_BROKERS, "owner": 409,
     "broker": 409, "admin": 409},
    {"route": "POST /introductions/<int:introduction_id>/broker-access", **PARTIES_AND_BROKERS,
     "owner": 302, "broker": 302, "admin": 302},
    # -- the broker's pages ---------------------------------------------------------------------------
    {"route": "GET /broker/", **BROKERS_ONLY, "broker": 200, "admin": 200},
    {"route": "GET /broker/approvals", **BROKERS_ONLY, "broker": 200, "admin": 200},
    {"route": "GET /broker/outcomes", **BROKERS_ONLY, "broker": 200, "admin": 200},
    # Spreadsheets: the page, three downloads (CSV by default), the upload and an upload's preview
    # (the test world's token is no upload: 404; an empty upload is refused with the form again).
    {"route": "GET /broker/spreadsheets", **BROKERS_ONLY, "broker": 200, "admin": 200},
    {"route": "GET /broker/exports/listings", **BROKERS_ONLY, "broker": 200, "admin": 200},
    {"route": "GET /broker/exports/introductions", **BROKERS_ONLY, "broker": 200, "admin": 200},
    {"route": "GET /broker/exports/exchanges", **BROKERS_ONLY, "broker": 200, "admin": 200,
     "query": "format=xlsx"},
    {"route": "GET /broker/import", **BROKERS_ONLY, "broker": 200, "admin": 200},
    {"route": "POST /broker/import", **BROKERS_ONLY, "broker": 422, "admin": 422},
    {"route": "GET /broker/import/<token>", **BROKERS_ONLY, "broker": 404, "admin": 404},
    {"route": "POST /broker/import/<token>", **BROKERS_ONLY, "broker": 404, "admin": 404},
    {"route": "GET /broker/matching", **BROKERS_ONLY, "broker": 200, "admin": 200},
    # Without a job queue (the tests' default) the full recompute runs in the request and redirects.
    {"route": "POST /broker/matching/run", **BROKERS_ONLY, "broker": 302, "admin": 302},
    # Only with a job queue are there failed jobs to put back on it.
    {"route": "POST /broker/matching/retry", **BROKERS_ONLY, "broker": 404, "admin": 404},
    # Teaching the matching (issue 12): an empty proposal re-shows the form with its messages.
    {"route": "GET /broker/suggestions/<int:target_id>/teach", **BROKERS_ONLY, "broker": 200, "admin": 200},
    {"route": "POST /broker/suggestions/<int:target_id>/teach", **BROKERS_ONLY, "broker": 422, "admin": 422},
    {"route": "GET /broker/introductions/<int:introduction_id>/teach", **BROKERS_ONLY, "broker": 200,
     "admin": 200},
    {"route": "POST /broker/introductions/<int:introduction_id>/teach", **BROKERS_ONLY, "broker": 422,
     "admin": 422},
    {"route": "POST /broker/claims/<int:claim_id>/decision", **BROKERS_ONLY, "broker": 400, "admin": 400},
    {"route": "POST /broker/organisations/<int:org_id>/decision", **BROKERS_ONLY, "broker": 400,
     "admin": 400},
    {"route": "GET /broker/suggestions/<int:target_id>/introduce", **BROKERS_ONLY, "broker": 200,
     "admin": 200},
    {"route": "POST /broker/suggestions/<int:target_id>/introduce", **BROKERS_ONLY, "broker": 302,
     "admin": 302},
    {"route": "GET /broker/chains/<int:target_id>/introduce", **BROKERS_ONLY, "broker": 200, "admin": 200,
     "params": {"target_id": "chain"}},
    {"route": "POST /broker/chains/<int:target_id>/introduce", **BROKERS_ONLY, "broker": 302, "admin": 302,
     "params": {"target_id": "chain"}},
    {"route": "GET /broker/requests/<int:introduction_id>/take", **BROKERS_ONLY, "broker": 200,
     "admin": 200, "params": {"introduction_id": "request"}},
    {"route": "POST /broker/requests/<int:introduction_id>/take", **BROKERS_ONLY, "broker": 400,
     "admin": 400, "params": {"introduction_id": "request"}},
    {"route": "POST /broker/introductions/<int:introduction_id>/notes", **BROKERS_ONLY, "broker": 302,
     "admin": 302},
    # -- notifications --------------------------------------------------------------------------------
    {"route": "GET /notifications/", "anonymous": LOGIN, "signed_in": 200},
    {"route": "POST /notifications/<int:notification_id>/read", "anonymous": LOGIN, "owner": 302,
     "signed_in": 404},
    {"route": "POST /notifications/read-all", "anonymous": LOGIN, "signed_in": 302},
    {"route": "GET /notifications/preferences", "anonymous": LOGIN, "signed_in": 200},
    {"route": "POST /notifications/preferences", "anonymous": LOGIN, "signed_in": 302},
    # -- privacy --------------------------------------------------------------------------------------
    {"route": "GET /privacy/", "all": 200},
    {"route": "GET /privacy/your-data", "anonymous": LOGIN, "signed_in": 200},
    {"route": "POST /privacy/export", "anonymous": LOGIN, "signed_in": 200},
    {"route": "GET /privacy/delete", "anonymous": LOGIN, "signed_in": 200},
    {"route": "POST /privacy/delete", "anonymous": LOGIN, "signed_in": 422},
    # -- admin ----------------------------------------------------------------------------------------
    {"route": "GET /admin/audit", "anonymous": LOGIN, "signed_in": 404, "admin": 200},
    # The knowledge brokers proposed: a decision is confirmed on a page first; a post without one is 400.
    {"route": "GET /admin/knowledge", "anonymous": LOGIN, "signed_in": 404, "admin": 200},
    {"route": "GET /admin/knowledge/<int:proposal_id>/decide", "anonymous": LOGIN, "signed_in": 404,
     "admin": 200, "query": "decision=accept"},
    {"route": "POST /admin/knowledge/<int:proposal_id>/decide", "anonymous": LOGIN, "signed_in": 404,
     "admin": 400},
    # -- research: researchers and admins only (brokers neither: they know the organisations) ---------
    {"route": "GET /research/", "anonymous": LOGIN, "signed_in": 404, "researcher": 200, "admin": 200},
    # An empty post names no format: back to the workspace with the message.
    {"route": "POST /research/export", "anonymous": LOGIN, "signed_in": 404, "researcher": 303,
     "admin": 303},
    # -- survey: a member answers for the own organisation; brokers see who has answered --------------
    {"route": "GET /survey/", "anonymous": LOGIN, "owner": 200, "other": 200, "broker": 302, "admin": 302,
     "researcher": 404},
    {"route": "GET /survey/edit", "anonymous": LOGIN, "owner": 200, "other": 200, "broker": 404, "admin": 404,
     "researcher": 404},
    # An empty post of the first step saves an empty draft and goes on.
    {"route": "POST /survey/edit", "anonymous": LOGIN, "owner": 302, "other": 302, "broker": 404,
     "admin": 404, "researcher": 404},
    {"route": "GET /survey/answers", "anonymous": LOGIN, "owner": 200, "other": 200, "broker": 404,
     "admin": 404, "researcher": 404},
    # The empty post above left a draft for the owner's and the other's organisations: theirs to download;
    # a user without an organisation has nothing (404).
    {"route": "GET /survey/answers.json", "anonymous": LOGIN, "signed_in": 404, "owner": 200, "other": 200},
    {"route": "GET /survey/answers.csv", "anonymous": LOGIN, "signed_in": 404, "owner": 200, "other": 200},
    {"route": "GET /survey/summary", "anonymous": LOGIN, "owner": 200, "other": 200, "broker": 404,
     "admin": 404, "researcher": 404},
    {"route": "GET /survey/status", "anonymous": LOGIN, "signed_in": 404, "broker": 200, "admin": 200},
]


def expected(row: dict, role: str):
    """The answer a row expects for a role (its own key, else signed_in, else all)."""
    if role in row:
        return row[role]
    if role != "anonymous" and "signed_in" in row:
        return row["signed_in"]
    if "all" in row:
        return row["all"]
    raise KeyError(f"{row['route']} has no answer for {role}")
