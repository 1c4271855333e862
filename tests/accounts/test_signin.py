import pytest
from django.test import Client

from incamera.accounts.actions import do_create_api_token, user_for_api_token
from incamera.accounts.models import ApiToken, User
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2() -> None:
    user = make_user("ana@example.org")
    assert user.password.startswith("argon2$argon2id$")
    from django.conf import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert PASSWORD not in User.objects.values_list("password", flat=True)[0]


def test_sign_in_and_out() -> None:
    make_user("ana@example.org")
    client = Client()
    response = client.post("/accounts/signin/", {"email": "Ana@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/meetings/").status_code == 200
    assert client.post("/accounts/signout/").status_code == 302
    assert client.get("/meetings/").status_code == 302


def test_sign_in_is_throttled_after_repeated_failures() -> None:
    make_user("ana@example.org")
    client = Client()
    for _ in range(5):
        response = client.post("/accounts/signin/", {"email": "ana@example.org", "password": "wrong password"})
        assert response.status_code == 401
        assert "not right" in response.content.decode()
    response = client.post("/accounts/signin/", {"email": "ana@example.org", "password": PASSWORD})
    assert response.status_code == 401
    assert "too many failed attempts" in response.content.decode()


def test_unknown_address_gets_the_same_message() -> None:
    response = Client().post("/accounts/signin/", {"email": "nobody@example.org", "password": PASSWORD})
    assert "the e-mail address or the password is not right" in response.content.decode()


def test_api_tokens_are_hashed_scoped_and_revocable() -> None:
    user = make_user("ana@example.org")
    row, token = do_create_api_token(user, name="script", scopes=["meetings:read"])
    assert token not in str(ApiToken.objects.values_list("digest", "prefix"))
    assert user_for_api_token(token, scope="meetings:read") == user
    assert user_for_api_token(token, scope="meetings:write") is None
    client = Client()
    assert client.get("/api/v1/meetings", headers={"authorization": f"Bearer {token}"}).status_code == 200
    assert (
        client.post("/api/v1/meetings", "{}", content_type="application/json", headers={"authorization": f"Bearer {token}"}).status_code
        == 401
    )
    web = Client()
    web.force_login(user)
    web.post(f"/accounts/tokens/{row.pk}/revoke")
    assert client.get("/api/v1/meetings", headers={"authorization": f"Bearer {token}"}).status_code == 401
