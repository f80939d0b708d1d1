import pytest

from tests.people.screens_data import build_province


@pytest.fixture
def province(db, make_user):
    return build_province(make_user)
