from tests.browser.conftest import login
from tests.people.factories import EmployeeFactory, InstansiFactory


def test_analis_logs_in_and_sees_headline_figures_with_every_static_file(page, make_user):
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    outside = []
    page.on("request", lambda r: outside.append(r.url) if "localhost" not in r.url else None)
    instansi = InstansiFactory()
    EmployeeFactory.create_batch(3, unit__instansi=instansi)
    user = make_user("analis", instansi=instansi)
    login(page, user.username, user.raw_password)
    page.wait_for_load_state("networkidle")
    assert page.locator("#kpi-employees").inner_text() == "3"
    assert page.locator("html").get_attribute("lang") == "id"
    assert failed == []
    assert [u for u in outside if not u.startswith("data:")] == []
    # Bootstrap's CSS is applied (the top bar is dark), so the stylesheet really loaded.
    bg = page.evaluate("getComputedStyle(document.querySelector('.tl-topbar')).backgroundImage")
    assert "gradient" in bg
