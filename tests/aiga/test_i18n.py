import pytest


@pytest.mark.django_db
def test_japanese_by_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="ja">' in html
    assert "ログイン" in html
    assert "〒104-0061" in html and "東京都中央区銀座1-12-4 N&amp;E BLD.7階" in html


@pytest.mark.django_db
def test_language_switcher_changes_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html
    assert "AI Governance Association" in html
    client.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    assert "ログイン" in client.get("/").content.decode()


@pytest.mark.django_db
def test_english_field_errors_on_login(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    assert "This field is required." in response.content.decode()


@pytest.mark.django_db
def test_japanese_field_errors_on_login(client):
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    assert "このフィールドは必須です。" in response.content.decode()


@pytest.mark.django_db
def test_browser_language_does_not_override_japanese_default(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ja">' in html


@pytest.mark.django_db
def test_english_pages_write_asides_in_english(client):
    """Issue 18, item 11: no 「Version 1.0・Effective date」 and no 「1 June 2027（The …）」."""
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    agreements = client.get("/apply/").content.decode()
    assert "Version 1.0, effective " in agreements and "・" not in agreements
    quote = client.get(
        "/membership/", {"category": "corporate", "capital": "500000000", "date": "2027-06-01"}
    ).content.decode()
    assert "1 June 2027 (The intended admission date you specified)" in quote
    assert "（" not in quote
    client.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    agreements = client.get("/apply/").content.decode()
    assert "第1.0版・施行日 " in agreements
