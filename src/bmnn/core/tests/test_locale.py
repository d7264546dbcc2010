"""The interface is Vietnamese unless the person explicitly chose English."""

from django.conf import settings
from django.urls import reverse


def test_browser_language_does_not_switch_the_interface_away_from_vietnamese(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_language_chosen_with_the_switch_is_used(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("accounts:login"))
    assert response["Content-Language"] == "en"


def test_unknown_language_cookie_falls_back_to_vietnamese(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(reverse("accounts:login"))
    assert response["Content-Language"] == "vi"


def test_an_english_request_leaves_the_thread_in_its_previous_language(client, db):
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("vi"):
        client.get(reverse("accounts:login"))
        assert translation.get_language() == "vi"
