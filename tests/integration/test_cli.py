"""The shell commands: seed-demo, create-user, stats --json."""
import json

from siru_exchange.models import Organisation, User


def test_seed_demo_loads_regional_smes_once(runner, db):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    stats = json.loads(runner.invoke(args=["stats", "--json"]).output)
    assert stats["organisations"] >= 40
    assert stats["listings"] >= 150
    assert stats["offers"] + stats["needs"] == stats["listings"]
    assert stats["municipalities"] >= 10
    assert stats["users"] == stats["organisations"] + 3  # a member each, a broker, an admin, a researcher
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 2
    assert db.session.query(Organisation).count() == stats["organisations"]
    assert runner.invoke(args=["seed-demo", "--if-empty"]).exit_code == 0


def test_stats_json_on_empty_database(runner):
    result = runner.invoke(args=["stats", "--json"])
    assert json.loads(result.output) == {"organisations": 0, "users": 0, "listings": 0, "offers": 0,
                                         "needs": 0, "municipalities": 0}


def test_create_user_makes_a_broker_and_refuses_bad_input(runner, db):
    result = runner.invoke(args=["create-user", "--email", "maja@coompanion.example", "--name", "Maja",
                                 "--role", "broker", "--password", "ett-långt-lösenord"])
    assert result.exit_code == 0, result.output
    assert db.session.query(User).filter_by(email="maja@coompanion.example").one().role == "broker"
    dup = runner.invoke(args=["create-user", "--email", "maja@coompanion.example", "--name", "Maja",
                              "--role", "admin", "--password", "ett-långt-lösenord"])
    assert dup.exit_code == 2
    assert "email" in dup.output
    short = runner.invoke(args=["create-user", "--email", "ny@coompanion.example", "--name", "Ny",
                                "--role", "admin", "--password", "kort"])
    assert short.exit_code == 2
    assert "password" in short.output
    assert db.session.query(User).count() == 1
