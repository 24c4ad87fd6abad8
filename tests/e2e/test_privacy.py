"""Privacy in a real browser, on a phone and a desktop, in both languages: the footer leads to the
privacy page, a member downloads their data, a wrong password deletes nothing, and the last member's
deletion removes the organisation; an admin then finds both in the audit log."""
import json

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.helpers import LANGUAGES, flash, log_in, main, t, use_language

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_a_member_downloads_their_data_and_leaves(new_context, seed, lang, viewport):
    org = seed.organisation(name="Lämnande Snickeri AB")
    member = seed.user(organisation=org)
    seed.listing(org, title="Sågspån att hämta")
    admin = seed.user(role="admin")
    page = new_context(viewport=viewport, accept_downloads=True).new_page()
    page.goto("/")
    use_language(page, lang)
    page.locator("footer").get_by_role("link", name=t(lang, "Privacy")).click()
    expect(page.locator("h1")).to_have_text(t(lang, "Privacy: what we keep, why, and for how long"))

    log_in(page, member, lang)
    page.goto("/auth/profile")
    main(page).get_by_role("link", name=t(lang, "Your data: download it, or delete your account")).click()
    with page.expect_download() as download:
        main(page).get_by_role("button", name=t(lang, "Download my data")).click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["organisation"]["name"] == "Lämnande Snickeri AB"
    assert [lst["title"] for lst in data["listings"]] == ["Sågspån att hämta"]

    main(page).get_by_role("button", name=t(lang, "Delete my account…")).click()  # a link styled as one
    expect(page.locator("#last-member-warning")).to_be_visible()
    password = main(page).get_by_label(t(lang, "Your password"))
    password.fill("not my password")
    main(page).get_by_role("button", name=t(lang, "Delete my account for good")).click()
    expect(main(page)).to_contain_text(t(lang, "The password is not right. Nothing was deleted."))
    password.fill(member.password)
    main(page).get_by_role("button", name=t(lang, "Delete my account for good")).click()
    expect(flash(page)).to_contain_text(
        t(lang, "Your account and your organisation are deleted. Thank you for using SIRU Exchange."))
    expect(page.locator("header")).to_contain_text(t(lang, "Log in"))

    admin_page = new_context(viewport=viewport).new_page()
    log_in(admin_page, admin, lang)
    expect(admin_page.locator("header a[href='/admin/audit']")).to_have_text(t(lang, "Audit log"))
    admin_page.goto("/admin/audit")  # on a phone the header's links sit behind the menu button
    rows = main(admin_page).locator("#audit-rows")
    for label in ("Account deleted", "Organisation removed", "Personal data downloaded"):
        expect(rows).to_contain_text(t(lang, label))
    main(admin_page).get_by_label(t(lang, "Action")).select_option("organisation.removed")
    main(admin_page).get_by_role("button", name=t(lang, "Filter")).click()
    expect(main(admin_page).locator("#audit-rows tbody tr")).to_have_count(1)
