"""Issue 11: an organisation's profile shows its contact details to other members only when the
organisation chose so; otherwise they are reached through an accepted introduction."""
import pytest

from siru_exchange import policy


def _contact_shown(page: str, org) -> bool:
    return any(value in page for value in (org.contact_name, org.contact_email, org.contact_phone))


def _org(factory, **kw):
    return factory.organisation(contact_name="Greta Kontaktsson", contact_email="greta@hemliga.se",
                                contact_phone="036-99 88 77", **kw)


def test_profile_hides_contact_details_from_other_members_by_default(client, auth, factory):
    org = _org(factory)
    assert org.show_contact is False
    auth.login(factory.user().email)
    page = client.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert org.name in page
    assert not _contact_shown(page, org)


def test_profile_shows_contact_details_when_the_organisation_chose_so(client, auth, factory):
    org = _org(factory, show_contact=True)
    auth.login(factory.user().email)
    page = client.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert org.contact_name in page and org.contact_email in page and org.contact_phone in page
    auth.logout()
    assert not _contact_shown(client.get(f"/organisations/{org.id}").get_data(as_text=True), org)  # visitors


def test_own_members_always_see_their_contact_details(client, auth, factory):
    org = _org(factory)
    auth.login(factory.user(organisation=org).email)
    assert _contact_shown(client.get(f"/organisations/{org.id}").get_data(as_text=True), org)


@pytest.mark.parametrize("checked", [True, False])
def test_the_edit_form_sets_the_choice(client, auth, factory, db, checked):
    org = _org(factory, show_contact=not checked)
    auth.login(factory.user(organisation=org).email)
    form = client.get(f"/organisations/{org.id}/edit").get_data(as_text=True)
    assert 'name="show_contact"' in form
    data = {"org_name": org.name, "org_number": org.org_number, "municipality": "0680", "sector": "Gjuteri",
            "size": "small", "description": "", "contact_name": org.contact_name,
            "contact_email": org.contact_email, "contact_phone": org.contact_phone}
    if checked:
        data["show_contact"] = "y"
    assert client.post(f"/organisations/{org.id}/edit", data=data).status_code == 302
    db.session.refresh(org)
    assert org.show_contact is checked


@pytest.mark.parametrize(("language", "label"), [("sv", "Visa kontaktuppgifterna på vår offentliga profil"),
                                               ("en", "Show the contact details on our public profile")])
def test_edit_form_checkbox_in_both_languages(client, auth, factory, language, label):
    org = _org(factory)
    auth.login(factory.user(organisation=org, language=language).email)
    assert label in client.get(f"/organisations/{org.id}/edit").get_data(as_text=True)


def test_policy_table(factory):
    hidden, shown = _org(factory), _org(factory, show_contact=True)
    other, own, broker = factory.user(), factory.user(organisation=hidden), factory.broker()
    assert not policy.can(other, "see_organisation_contact", hidden)
    assert policy.can(other, "see_organisation_contact", shown)
    assert policy.can(own, "see_organisation_contact", hidden)
    assert policy.can(broker, "see_organisation_contact", hidden)
    assert not policy.can(None, "see_organisation_contact", shown)
