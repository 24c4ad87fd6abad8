"""Issue 11: a visitor on a listing page is told how to get in touch (log in or register)."""
import pytest


@pytest.mark.parametrize("visibility", ["public", "anonymous"])
def test_visitor_sees_how_to_get_in_touch(client, factory, visibility):
    listing = factory.listing(visibility=visibility)
    page = client.get(f"/listings/{listing.public_id}").get_data(as_text=True)
    assert "Logga in, eller registrera din organisation, för att be om kontakt" in page
    assert f'href="/auth/login?next=/listings/{listing.public_id}"' in page
    assert 'href="/auth/register"' in page


def test_members_get_the_request_button_instead(client, auth, factory):
    listing = factory.listing()
    auth.login(factory.user().email)
    page = client.get(f"/listings/{listing.public_id}").get_data(as_text=True)
    assert "visitor-contact" not in page
    assert 'id="request-introduction"' in page
