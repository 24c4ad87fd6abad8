"""Every form and filter as a browser sends it: selects, an unchanged edit, checks, double posts."""
import threading
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from siru_exchange.matching import vocabulary as scoring
from siru_exchange.models import Listing, Organisation
from siru_exchange.services import reference
from tests.integration.test_auth import registration
from tests.integration.test_listings import card_titles, listing_form

TOKEN = "a-one-time-token-of-the-form-0001"


class FormReader(HTMLParser):
    """What a browser would send for the page's method=post form, and every select's options."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.selects: dict[str, list[dict]] = {}
        self._select = self._option = self._textarea = None
        self._group = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "checkbox"):
            self.values[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a["name"]
            self.selects[self._select] = []
        elif tag == "optgroup":
            self._group = a.get("label")
        elif tag == "option" and self._select:
            self._option = {"value": a.get("value", ""), "selected": "selected" in a, "label": "",
                            "group": self._group}
            self.selects[self._select].append(self._option)
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            options = self.selects[self._select]
            chosen = [o for o in options if o["selected"]] or options[:1]
            self.values[self._select] = chosen[0]["value"] if chosen else ""
            self._select = None
        elif tag == "optgroup":
            self._group = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._option is not None:
            self._option["label"] += data
        elif self._textarea is not None:
            self.values[self._textarea] += data.lstrip("\n") if not self.values[self._textarea] else data


def read_form(response) -> FormReader:
    reader = FormReader()
    reader.feed(response.get_data(as_text=True))
    return reader


@pytest.fixture
def member(factory, auth):
    user = factory.user()
    auth.login(user.email)
    return user


def form_pages(member, broker_client=False):
    org = member.organisation_id
    return ["/listings/new", "/listings/", f"/organisations/{org}/edit", "/auth/profile"]


def assert_selects_render(reader: FormReader):
    assert reader.selects, "no select on the page"
    for name, options in reader.selects.items():
        values = [o["value"] for o in options]
        assert len(values) == len(set(values)), f"{name}: an option twice"
        for option in options:
            label = option["label"].strip()
            assert label and not label.startswith(("[", "(")), f"{name}: option labelled {label!r}"


def test_every_select_of_every_member_form_renders_its_options(client, member):
    for path in form_pages(member):
        assert_selects_render(read_form(client.get(path)))


def test_every_select_of_the_registration_form_and_the_broker_queue_renders(client, auth, factory):
    assert_selects_render(read_form(client.get("/auth/register")))
    broker = factory.broker()
    auth.login(broker.email)
    assert_selects_render(read_form(client.get("/broker/")))


@pytest.mark.parametrize("path", ["/listings/new", "/listings/", "/broker/"])
def test_the_resource_class_select_offers_every_class_in_its_taxonomy_group(client, auth, factory, path):
    if path == "/broker/":
        auth.login(factory.broker().email)
    else:
        auth.login(factory.user().email)
    options = read_form(client.get(path)).selects["resource_class"]
    tax = reference.taxonomy()
    classed = {o["value"]: o["group"] for o in options if o["value"]}
    assert set(classed) == set(tax.classes)
    for class_id, group in classed.items():
        assert group == tax.groups[tax.classes[class_id].group]["sv"]
    assert options[0]["value"] == "" and options[0]["group"] is None


def test_filtering_by_each_resource_class_finds_its_listings(client, factory, auth):
    org = factory.organisation()
    tax = reference.taxonomy()
    classes = sorted(tax.classes)
    for class_id in classes:
        factory.listing(organisation=org, title=f"Annons om {class_id}", resource_class=class_id)
    auth.login(factory.broker().email)
    for class_id in classes:
        assert card_titles(client.get(f"/listings/?resource_class={class_id}")) == [f"Annons om {class_id}"]
        queue = client.get(f"/broker/?resource_class={class_id}")
        assert queue.status_code == 200
        options = read_form(queue).selects["resource_class"]
        assert [o["value"] for o in options if o["selected"]] == [class_id]


def test_every_unit_and_frequency_a_form_offers_is_understood_by_the_engine(client, member):
    selects = read_form(client.get("/listings/new")).selects
    units = [o["value"] for o in selects["unit"] if o["value"]]
    assert units, "the form offers no unit"
    for unit in units:
        assert scoring.normalise_unit(unit) is not None, unit
    for frequency in (o["value"] for o in selects["frequency"]):
        assert scoring.normalise_frequency(frequency) == frequency


@pytest.mark.parametrize("values", [
    {"resource_class": "sawdust", "unit": "pallet", "quantity": Decimal("12.5"), "frequency": "monthly",
     "terms": "price", "price": Decimal("150.00"), "visibility": "members"},
    {"resource_class": "work_training", "unit": "person", "quantity": Decimal("2"), "frequency": "yearly",
     "terms": "negotiable", "visibility": "anonymous", "kind": "need"},
    {"resource_class": None, "unit": None, "quantity": None, "frequency": "once", "terms": "free"},
])
def test_saving_an_unchanged_listing_changes_nothing(client, member, factory, db, values):
    listing = factory.listing(organisation=member.organisation, **values)
    before = {k: getattr(listing, k) for k in ("kind", "title", "description", "resource_class", "quantity",
                                                  "unit", "frequency", "terms", "price", "visibility")}
    sent = read_form(client.get(f"/listings/{listing.public_id}/edit")).values
    response = client.post(f"/listings/{listing.public_id}/edit", data=sent)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    stored = db.session.get(Listing, listing.id)
    assert {k: getattr(stored, k) for k in before} == before


def test_a_price_needs_the_fixed_price_terms(client, member, db):
    response = client.post("/listings/new", data=listing_form(terms="negotiable", price="500"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ett pris hör till villkoret ”Fast pris”" in html
    assert 'id="price-error"' in html          # next to the price field
    assert db.session.query(Listing).count() == 0


@pytest.mark.parametrize("phone", ["abc", "12", "036-ab cd ef"])
def test_the_phone_field_accepts_only_phone_numbers(client, db, phone):
    response = client.post("/auth/register", data=registration(contact_phone=phone))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Det är inget telefonnummer" in html and 'id="contact_phone-error"' in html
    assert db.session.query(Organisation).count() == 0


def test_an_organisation_edit_refuses_a_phone_that_is_not_one(client, member, db):
    sent = read_form(client.get(f"/organisations/{member.organisation_id}/edit")).values
    response = client.post(f"/organisations/{member.organisation_id}/edit",
                           data={**sent, "contact_phone": "abc"})
    assert response.status_code == 422
    assert "Det är inget telefonnummer" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Organisation, member.organisation_id).contact_phone == "036-10 00 00"


def test_a_listing_form_posted_twice_makes_one_listing(client, member, db):
    page = read_form(client.get("/listings/new"))
    assert len(page.values["submission"]) >= 16
    data = listing_form(submission=page.values["submission"])
    first = client.post("/listings/new", data=data)
    second = client.post("/listings/new", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert "Formuläret var redan skickat" in client.get(second.headers["Location"]).get_data(as_text=True)
    assert db.session.query(Listing).count() == 1
    # a new form is a new listing
    again = read_form(client.get("/listings/new")).values["submission"]
    assert again != page.values["submission"]
    assert client.post("/listings/new", data=listing_form(submission=again)).status_code == 302
    assert db.session.query(Listing).count() == 2


def test_a_tampered_submission_token_is_refused(client, member, db):
    assert client.post("/listings/new", data=listing_form(submission="<script>")).status_code == 400
    assert db.session.query(Listing).count() == 0


def test_twenty_parallel_posts_of_one_form_make_one_listing(app, factory, db):
    user = factory.user()
    clients = [app.test_client() for _ in range(20)]
    for c in clients:
        c.post("/auth/login", data={"email": user.email, "password": "correct horse battery"})
    barrier = threading.Barrier(len(clients))
    answers = []

    def post(c):
        barrier.wait()
        with app.app_context():
            answers.append(c.post("/listings/new", data=listing_form(submission=TOKEN)))

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in answers) == [302] * 20
    assert len({r.headers["Location"] for r in answers}) == 1
    db.session.expire_all()
    assert db.session.query(Listing).count() == 1
