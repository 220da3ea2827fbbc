"""The running bot of tests/e2e/, for the tests here that read what it says in each language."""

from tests.e2e.conftest import bot, fake  # noqa: F401 - fixtures
