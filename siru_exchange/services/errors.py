"""Domain errors raised by services and turned into messages by blueprints, the API and the CLI."""


class ServiceError(Exception):
    """Base of the errors a service raises on purpose."""


class ValidationFailed(ServiceError):
    """Input broke a rule. `errors` maps a field name to a message in the user's language."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class Conflict(ServiceError):
    """Someone else changed the record since the user loaded it (optimistic locking)."""

    def __init__(self, current):
        super().__init__("conflict")
        self.current = current


class NotAllowed(ServiceError):
    """The user may not do this. Blueprints answer 404 when the user may not even see the object."""


class AlreadySubmitted(ServiceError):
    """The same form was posted again; `existing` is the record the first post made."""

    def __init__(self, existing):
        super().__init__("already submitted")
        self.existing = existing
