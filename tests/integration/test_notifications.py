"""Notifications in the site and by email, each user's choices, and the weekly digest."""

import pytest

from siru_exchange.models import Introduction, Notification, NotificationPreference
from tests.integration.test_introductions import (
    answer,
    html,
    login,
    outbox,
    request_intro,
    send_message,
    version_of,
)

ALL_ON = {
    "introduction_site": "y",
    "introduction_email": "y",
    "answer_site": "y",
    "answer_email": "y",
    "message_site": "y",
    "message_email": "y",
    "digest_email": "y",
}


def prefs_without(*keys):
    return {k: v for k, v in ALL_ON.items() if k not in keys}


@pytest.fixture
def pair(factory):
    seller_org, buyer_org = factory.organisation(), factory.organisation()
    offer = factory.listing(organisation=seller_org, title="Pallar att hämta")
    return {
        "offer": offer,
        "seller": factory.user(organisation=seller_org),
        "buyer": factory.user(organisation=buyer_org),
    }


def test_unread_count_page_and_mark_read(app, db, pair, factory):
    buyer, seller = login(app, pair["buyer"]), login(app, pair["seller"])
    assert 'data-unread="0"' in html(seller.get("/"))
    request_intro(buyer, pair["offer"].public_id)
    page = html(seller.get("/"))
    assert 'data-unread="1"' in page and 'id="unread-count"' in page
    notification = db.session.query(Notification).filter_by(user_id=pair["seller"].id).one()
    listing_page = html(seller.get("/notifications/"))
    assert f'id="notification-{notification.id}"' in listing_page and 'data-read="0"' in listing_page
    # someone else cannot mark it read
    outsider = login(app, factory.user())
    assert outsider.post(f"/notifications/{notification.id}/read").status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, notification.id).read_at is None
    response = seller.post(f"/notifications/{notification.id}/read", data={"open": "1"})
    assert (
        response.status_code == 302
        and f"/introductions/{notification.introduction_id}" in response.headers["Location"]
    )
    assert 'data-unread="0"' in html(seller.get("/"))
    # mark all as read
    intro_id = notification.introduction_id
    answer(seller, db, intro_id, "accept")
    send_message(seller, intro_id, "Välkomna att hämta.")
    send_message(seller, intro_id, "Vi har öppet till fyra.")
    assert 'data-unread="3"' in html(buyer.get("/"))  # everyone accepted + two messages
    assert buyer.post("/notifications/read-all").status_code == 302
    assert 'data-unread="0"' in html(buyer.get("/"))


def test_opening_the_introduction_reads_its_notifications(app, db, pair):
    buyer, seller = login(app, pair["buyer"]), login(app, pair["seller"])
    request_intro(buyer, pair["offer"].public_id)
    notification = db.session.query(Notification).filter_by(user_id=pair["seller"].id).one()
    seller.get(f"/introductions/{notification.introduction_id}")
    assert 'data-unread="0"' in html(seller.get("/"))


def test_each_kind_can_be_turned_off_in_the_site_and_by_email(app, db, pair):
    buyer, seller = login(app, pair["buyer"]), login(app, pair["seller"])
    assert seller.get("/notifications/preferences").status_code == 200
    response = seller.post(
        "/notifications/preferences", data=prefs_without("introduction_site", "introduction_email")
    )
    assert response.status_code == 302
    request_intro(buyer, pair["offer"].public_id)
    assert db.session.query(Notification).filter_by(user_id=pair["seller"].id).count() == 0
    assert [m for m in outbox(app) if m["to"] == pair["seller"].email] == []
    # messages: in the site, not by email
    buyer.post("/notifications/preferences", data=prefs_without("message_email"))
    intro_id = db.session.query(Introduction).one().id
    answer(seller, db, intro_id, "accept")
    mails_before = len([m for m in outbox(app) if m["to"] == pair["buyer"].email])
    assert send_message(seller, intro_id, "Hej från säljaren").status_code == 302
    assert db.session.query(Notification).filter_by(user_id=pair["buyer"].id, kind="message").count() == 1
    assert len([m for m in outbox(app) if m["to"] == pair["buyer"].email]) == mails_before
    page = html(buyer.get("/notifications/preferences"))
    assert (
        'id="message_email"' in page
        and 'id="message_email" name="message_email" type="checkbox" value="y">' in page
    )


def test_emails_are_written_in_the_recipients_language(app, db, pair, factory):
    english = factory.user(organisation=pair["offer"].organisation, language="en", name="Emma English")
    buyer = login(app, pair["buyer"])
    request_intro(buyer, pair["offer"].public_id)
    mails = {m["to"]: m for m in outbox(app)}
    assert set(mails) == {pair["seller"].email, english.email}
    assert mails[english.email]["subject"] == "A new introduction on SIRU Exchange"
    assert "Hello Emma English," in mails[english.email]["body"]
    assert "/introductions/" in mails[english.email]["body"]


def test_digest_sends_one_email_per_opted_in_user(app, db, factory, runner):
    a, b, c = factory.organisation(), factory.organisation(), factory.organisation()
    offer_a = factory.listing(organisation=a, title="Spån från A")
    need_b = factory.listing(organisation=b, kind="need", title="Bränsle till B")
    need_c = factory.listing(organisation=c, kind="need", title="Bränsle till C")
    factory.suggestion(offer_a, need_b, score=0.9)
    factory.suggestion(offer_a, need_c, score=0.8)
    weak = factory.listing(organisation=factory.organisation(), kind="need", title="Svagt behov")
    factory.suggestion(offer_a, weak, score=0.1)
    weak_member = factory.user(organisation=weak.organisation)
    user_a, user_b, user_c = (factory.user(organisation=o) for o in (a, b, c))
    broker = factory.broker()
    opted_out = login(app, user_c)
    assert opted_out.post("/notifications/preferences", data=prefs_without("digest_email")).status_code == 302
    assert db.session.query(NotificationPreference).filter_by(user_id=user_c.id).one().digest_email is False

    result = runner.invoke(args=["notify", "digest"])
    assert result.exit_code == 0, result.output
    mails = outbox(app)
    recipients = sorted(m["to"] for m in mails)
    assert recipients == sorted([user_a.email, user_b.email, broker.email])
    assert user_c.email not in recipients and weak_member.email not in recipients
    body_a = next(m["body"] for m in mails if m["to"] == user_a.email)
    assert "Bränsle till B" in body_a and "Bränsle till C" in body_a and "Svagt behov" not in body_a
    body_b = next(m["body"] for m in mails if m["to"] == user_b.email)
    assert "Spån från A" in body_b and "Bränsle till C" not in body_b
    # the same week again: nothing new, nothing sent
    result = runner.invoke(args=["notify", "digest"])
    assert result.exit_code == 0 and len(outbox(app)) == 3
    assert runner.invoke(args=["notify", "digest", "--min-score", "7"]).exit_code == 2


def test_digest_never_names_an_anonymous_organisation(app, db, factory, runner):
    secret = factory.organisation(name="Hemliga Snickeriet AB")
    offer = factory.listing(organisation=secret, visibility="anonymous", title="Spillvirke")
    buyer_org = factory.organisation()
    need = factory.listing(organisation=buyer_org, kind="need", title="Ved")
    factory.suggestion(offer, need, score=0.9)
    member = factory.user(organisation=buyer_org)
    runner.invoke(args=["notify", "digest"])
    mail = next(m for m in outbox(app) if m["to"] == member.email)
    assert "Spillvirke" in mail["body"] and "Hemliga Snickeriet" not in mail["raw"]


def test_mail_goes_to_the_outbox_only_without_a_mail_server(app, monkeypatch, tmp_path):
    from siru_exchange.services import mailer

    assert mailer.outbox_dir() == tmp_path / "outbox"  # testing
    monkeypatch.setattr(app, "testing", False)
    app.config.update(MAIL_SERVER="smtp.example.se")
    assert mailer.outbox_dir() is None  # a real server
    app.config.update(MAIL_SERVER=None)
    assert mailer.outbox_dir() == tmp_path / "outbox"  # development without a server
    app.config.update(MAIL_OUTBOX="")
    assert mailer.outbox_dir() is None


# -- side effects after commit (issue 11) ------------------------------------------------------------------


def _requested(app, db, pair) -> Introduction:
    request_intro(login(app, pair["buyer"]), pair["offer"].public_id)
    return db.session.query(Introduction).one()


def test_a_rolled_back_transaction_tells_nobody_and_a_committed_one_tells_once(app, db, pair):
    from siru_exchange.services import notifications

    intro = _requested(app, db, pair)
    seller = pair["seller"]
    mails, rows = len(outbox(app)), db.session.query(Notification).count()
    notifications.notify([seller], "answer", "accepted", intro, pair["buyer"])
    db.session.rollback()
    assert len(outbox(app)) == mails and db.session.query(Notification).count() == rows
    db.session.commit()  # a later commit does not bring back what was rolled back
    assert len(outbox(app)) == mails and db.session.query(Notification).count() == rows

    notifications.notify([seller, seller, pair["buyer"]], "answer", "accepted", intro, pair["buyer"])
    assert len(outbox(app)) == mails  # nothing before the commit
    db.session.commit()
    db.session.commit()
    new_mails = outbox(app)[mails:]
    assert [m["to"] for m in new_mails] == [seller.email]
    assert f"/introductions/{intro.id}" in new_mails[0]["body"]
    assert db.session.query(Notification).count() == rows + 1


def test_notify_does_not_flush_the_callers_pending_changes(app, db, pair):
    from sqlalchemy import event

    from siru_exchange.services import notifications

    intro = _requested(app, db, pair)
    flushes = []
    listener = lambda session, context, instances: flushes.append(1)  # noqa: E731
    event.listen(db.session(), "before_flush", listener)
    try:
        unrelated = Notification(user_id=pair["seller"].id, kind="message", event="message")
        db.session.add(unrelated)  # the caller's own pending change, flushed where the caller catches
        notifications.notify([pair["seller"], pair["buyer"]], "answer", "accepted", intro)
        assert flushes == [] and unrelated in db.session.new
    finally:
        event.remove(db.session(), "before_flush", listener)
    db.session.rollback()


def test_production_without_a_mail_server_refuses_to_start(monkeypatch):
    import config
    from siru_exchange import create_app

    monkeypatch.setenv("SIRU_ENV", "production")
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "a-production-key")
    monkeypatch.setattr(config.ProductionConfig, "MAIL_SERVER", None)
    monkeypatch.setattr(config.ProductionConfig, "SITE_URL", "https://exchange.example.se")
    with pytest.raises(RuntimeError, match="SIRU_MAIL_SERVER must be set in production"):
        create_app()
    monkeypatch.setattr(config.ProductionConfig, "MAIL_SERVER", "smtp.example.se")
    assert create_app().config["MAIL_SERVER"] == "smtp.example.se"


def test_email_to_a_server_is_sent_with_a_timeout(app, monkeypatch):
    import smtplib

    from siru_exchange.services import mailer

    seen = {}

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            seen.update(host=host, port=port, timeout=timeout)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def sendmail(self, sender, to, raw):
            seen["to"] = to

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setattr(app, "testing", False)
    app.config.update(MAIL_SERVER="smtp.example.se", MAIL_PORT=587, MAIL_TIMEOUT=7)
    mailer.send("a@example.se", "Hej", "Text")
    assert seen == {"host": "smtp.example.se", "port": 587, "timeout": 7.0, "to": {"a@example.se"}}


def test_the_requester_is_told_in_its_language_when_a_broker_passes_its_request_on(app, db, factory):
    owner_org = factory.organisation()
    listing = factory.listing(organisation=owner_org, visibility="anonymous", title="Spillvirke")
    factory.user(organisation=owner_org)
    swede = factory.user(organisation=factory.organisation())
    english = factory.user(organisation=swede.organisation, language="en")
    request_intro(login(app, swede), listing.public_id)
    intro = db.session.query(Introduction).one()
    login(app, factory.broker()).post(
        f"/broker/requests/{intro.id}/take", data={"note": "", "version": str(version_of(db, intro.id))}
    )
    page = html(login(app, swede).get("/notifications/"))
    assert (
        "En matchmakare har vidarebefordrat er förfrågan till organisationen bakom den anonyma annonsen "
        f"(kontaktförmedling {intro.id})" in page
    )
    assert "Nytt om kontaktförmedling" not in page
    mail = [m for m in outbox(app) if m["to"] == english.email][-1]
    assert (
        "A broker passed your request on to the organisation behind the anonymous listing "
        f"(introduction {intro.id}). You will be told when it answers." in mail["body"]
    )
    assert owner_org.name not in mail["body"] and owner_org.name not in page
