"""Password hashing with argon2id (argon2-cffi), rehashing when the parameters change, and the password
rules: a length between MIN_LENGTH and MAX_LENGTH and not a common password; no composition rules.

The parameters are argon2-cffi's defaults (RFC 9106 low-memory); a config may name another of its
profiles in PASSWORD_HASH_PROFILE (TestConfig uses CHEAPEST, so the suite does not spend its time hashing).
"""
import gzip
import re
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

MIN_LENGTH = 8
MAX_LENGTH = 256
COMMON_PASSWORDS = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt.gz"

# Words an attacker tries first on this site (ASVS 5.0 V6.1.2): a password that is only these, with digits
# or punctuation around them ("Siru2026!", "jönköping-1"), is refused; so is one made of the user's own
# address, name or organisation name (`context_words`).
CONTEXT_WORDS = frozenset({
    "siru", "siruexchange", "exchange", "coompanion", "jönköping", "jonkoping", "jönköpingslän",
    "huskvarna", "matchmakare", "broker", "annons", "erbjudande", "behov", "password", "lösenord",
    "losenord", "cirkulär", "circular",
})

_hashers: dict[str | None, PasswordHasher] = {}
_dummy_hashes: dict[str | None, str] = {}


def _profile() -> str | None:
    return current_app.config.get("PASSWORD_HASH_PROFILE") if has_app_context() else None


def _hasher() -> PasswordHasher:
    name = _profile()
    if name not in _hashers:
        _hashers[name] = PasswordHasher.from_parameters(getattr(profiles, name)) if name else PasswordHasher()
    return _hashers[name]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password fits the hash. An account without a password (an invitation not yet
    accepted) is checked against a dummy hash, so that it costs as much as a real one."""
    try:
        return _hasher().verify(password_hash or dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def verify_nothing(password: str) -> bool:
    """Spend what checking a real password costs, for an address that has no account, so that the
    answer time does not tell whether the address is registered. Always False."""
    verify_password("", password)
    return False


def dummy_hash() -> str:
    """A hash of a random-looking text with the current parameters, made once per process."""
    name = _profile()
    if name not in _dummy_hashes:
        _dummy_hashes[name] = _hasher().hash("no account has this password: siru dummy")
    return _dummy_hashes[name]


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@cache
def _common() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def is_common(password: str) -> bool:
    """Whether the password is on the shipped list of common passwords (compared in lower case)."""
    return password.strip().lower() in _common()


def _core(text: str) -> str:
    """The letters of a text, case-folded: "Siru-2026!" -> "siru"."""
    return re.sub(r"[\W\d_]+", "", text.casefold())


def context_words(*texts: str) -> set[str]:
    """The words of a user's own address, name and organisation name that a password must not be."""
    words = set()
    for text in texts:
        for part in re.split(r"[@.\s_+-]+", (text or "").casefold()):
            if len(_core(part)) >= 3:
                words.add(_core(part))
        if len(_core(text or "")) >= 3:
            words.add(_core(text or ""))
    return words


def is_guessable(password: str, own_words: set[str] = frozenset()) -> bool:
    """Whether the password is only a word of this site, or of the user's own details, dressed up."""
    core = _core(password)
    return not core or core in CONTEXT_WORDS or core in own_words
