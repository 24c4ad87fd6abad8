"""What every command shares: bad input is reported per field, with exit status 2, and nothing written."""
import click


def fail(errors: dict) -> None:
    for field, message in errors.items():
        click.echo(f"error: {field}: {message}", err=True)
    raise SystemExit(2)
