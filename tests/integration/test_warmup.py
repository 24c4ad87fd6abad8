"""A web process loads before its first request what that request would otherwise load lazily
(services/warmup.py, called by wsgi.py): the first save of each gunicorn worker is as quick as the
next ones."""
import babel.localedata
import wordfreq

from siru_exchange.matching import lexicon
from siru_exchange.services import warmup

from .test_listings import listing_form


def test_after_warming_the_first_save_reads_no_word_list_nor_locale_data(app, client, auth, factory,
                                                                         monkeypatch):
    auth.login(factory.user().email)
    monkeypatch.setattr(lexicon, "_LISTS", {})          # as in a fresh process
    monkeypatch.setattr(babel.localedata, "_cache", {})
    with app.app_context():
        warmup.warm_web()

    def not_again(*args, **kw):
        raise AssertionError("loaded during the request")

    monkeypatch.setattr(wordfreq, "get_frequency_dict", not_again)
    monkeypatch.setattr(babel.localedata.pickle, "load", not_again)
    response = client.post("/listings/new", data=listing_form(quantity="1234,5"))
    assert response.status_code == 302
