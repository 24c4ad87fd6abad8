"""The research side's anonymiser: pure (plain data in, results out; no Flask, no database).

- `anonymise.anonymise(rows, k)`: k-anonymity over municipality x sector x size x year by local
  generalisation in a fixed order, then suppression of what is still below k; says what it did.
- `anonymise.breakdown(...)`: the workspace's tables, computed from an anonymised release only.
- `scrub.Scrubber(names, places)`: free text with names, places smaller than a municipality, email
  addresses, phone numbers, organisation numbers and links removed.

Everything a researcher sees or downloads is computed from one `Release` (services/research.py).
"""
from .anonymise import GENERALISATION_STEPS, QUASI_IDENTIFIERS, K, Release, anonymise, band, breakdown
from .scrub import Scrubber

__all__ = ["GENERALISATION_STEPS", "K", "QUASI_IDENTIFIERS", "Release", "Scrubber", "anonymise", "band",
           "breakdown"]
