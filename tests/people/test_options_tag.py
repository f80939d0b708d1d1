"""`{% options field %}`: fixed choices are built once per form, field, language and values; only the
`selected` mark is placed per request."""

from __future__ import annotations

from django import forms
from django.utils import translation

from talenta.people.templatetags.people_extras import options


class Sample(forms.Form):
    size = forms.ChoiceField(required=False, choices=[("", "All"), ("s", "Small"), ("<b>", 'Big "B"')])


def test_the_selected_option_is_marked_and_only_it():
    html = options(Sample({"size": "s"})["size"])
    assert '<option value="s" selected>Small</option>' in html
    assert html.count(" selected") == 1
    assert options(Sample({"size": ""})["size"]).count('<option value="" selected>') == 1
    assert " selected" not in options(Sample({"size": "nothing-like-this"})["size"])


def test_values_and_labels_stay_escaped_from_the_kept_html():
    first = options(Sample()["size"])
    again = options(Sample({"size": "<b>"})["size"])
    assert '<option value="&lt;b&gt;">Big &quot;B&quot;</option>' in first
    assert '<option value="&lt;b&gt;" selected>Big &quot;B&quot;</option>' in again
    assert "<b>" not in again.replace('value="&lt;b&gt;"', "")


def test_choices_set_on_one_form_do_not_reach_another():
    one = Sample()
    one.fields["size"].choices = [("x", "Extra")]
    assert 'value="x"' in options(one["size"])
    assert 'value="x"' not in options(Sample()["size"])


def test_each_language_gets_its_own_labels():
    class Status(forms.Form):
        status = forms.ChoiceField(choices=[("a", translation.gettext_lazy("All"))])

    with translation.override("id"):
        indonesian = options(Status()["status"])
    with translation.override("en"):
        english = options(Status()["status"])
    assert "All" in english and indonesian != english
