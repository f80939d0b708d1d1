"""The Swagger UI of /api/v1/docs loads from our static files under our CSP, and works with the session."""

from tests.browser.conftest import login
from tests.people.factories import EmployeeFactory, InstansiFactory


def test_api_docs_render_under_the_csp_without_a_cdn(page, make_user, live_server):
    instansi = InstansiFactory()
    EmployeeFactory(unit__instansi=instansi)
    user = make_user("analis", instansi=instansi)
    violations, outside = [], []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if not r.url.startswith(live_server.url) and not r.url.startswith("data:")
            else None
        ),
    )
    login(page, user.username, user.raw_password)
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Talenta API" in page.locator(".swagger-ui .info .title").inner_text()
    page.wait_for_selector(".opblock-summary-path[data-path='/api/v1/employees']")
    assert not outside, outside
    assert not violations, violations
