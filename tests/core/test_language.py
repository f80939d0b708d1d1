import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_indonesian_even_when_the_browser_prefers_english(client):
    response = client.get("/akun/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "id"
    assert "Masuk" in response.content.decode()


def test_english_when_the_user_chose_it(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/akun/masuk/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.headers["Content-Language"] == "en"
    assert "Log in" in response.content.decode()


def test_an_unknown_cookie_falls_back_to_indonesian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get("/akun/masuk/").headers["Content-Language"] == "id"
