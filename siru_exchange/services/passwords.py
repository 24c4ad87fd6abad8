"""Password hashing with argon2id (argon2-cffi), rehashing when the parameters change.

The parameters are argon2-cffi's defaults (RFC 9106 low-memory); a config may name another of its
profiles in PASSWORD_HASH_PROFILE (TestConfig uses CHEAPEST, so the suite does not spend its time hashing).
"""
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

_hashers: dict[str | None, PasswordHasher] = {}


def _hasher() -> PasswordHasher:
    name = current_app.config.get("PASSWORD_HASH_PROFILE") if has_app_context() else None
    if name not in _hashers:
        _hashers[name] = PasswordHasher.from_parameters(getattr(profiles, name)) if name else PasswordHasher()
    return _hashers[name]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
