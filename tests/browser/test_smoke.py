from tests.browser.conftest import login
from tests.people.factories import EmployeeFactory, InstansiFactory


def test_analis_logs_in_and_sees_headline_figures(page, make_user):
    instansi = InstansiFactory()
    EmployeeFactory.create_batch(3, unit__instansi=instansi)
    user = make_user("analis", instansi=instansi)
    login(page, user.username, user.raw_password)
    assert page.locator("#kpi-employees").inner_text() == "3"
    assert page.locator("html").get_attribute("lang") == "id"
