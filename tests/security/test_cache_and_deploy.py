"""Cache entries per residence schema; production settings pass Django's deployment checks."""
import os
import subprocess
import sys
import pathlib

from django.core.cache import cache

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_same_cache_key_holds_different_values_in_a_and_b(residence_a, residence_b, in_schema):
    with in_schema(residence_a):
        cache.set("tableau-de-bord", "valeur de A", 30)
    with in_schema(residence_b):
        assert cache.get("tableau-de-bord") is None
        cache.set("tableau-de-bord", "valeur de B", 30)
    with in_schema(residence_a):
        assert cache.get("tableau-de-bord") == "valeur de A"
    with in_schema(residence_b):
        assert cache.get("tableau-de-bord") == "valeur de B"
    assert cache.get("tableau-de-bord") is None  # public has its own entry too


def test_check_deploy_passes_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set by browser tests
        "DJANGO_SETTINGS_MODULE": "apes_platform.settings_production",
        "SECRET_KEY": "k3y-" + "8Hq2vLx9ZpR4tWn7YcB1mDf6GsJ0aKe5" * 2,
        "BASE_DOMAIN": "participactives.example.org",
        "DEBUG": "false",
    }
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
