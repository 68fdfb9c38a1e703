"""The filter bars' fields ({% filter_field %}): labelled, styled, errors shown."""

from django import forms
from django.template import Context, Template

from core.forms import FastSelect


class Filters(forms.Form):
    q = forms.CharField(label="氏名", required=False)
    status = forms.ChoiceField(
        label="状態",
        widget=FastSelect,
        choices=[("", "すべて"), ("open", "対応中")],
        required=False,
    )
    mine = forms.BooleanField(label="自分の担当のみ", required=False)
    day = forms.DateField(label="期日", required=False)


def _render(form: forms.Form, name: str) -> str:
    return Template("{% load core_tags %}{% filter_field field %}").render(
        Context({"field": form[name]})
    )


def test_a_select_keeps_its_label_and_choice():
    html = _render(Filters({"status": "open"}), "status")
    assert '<label for="id_status" class="form-label">状態</label>' in html
    assert 'class="form-select"' in html and 'id="id_status"' in html
    assert '<option value="open" selected>対応中</option>' in html


def test_a_checkbox_is_a_form_check():
    html = _render(Filters({"mine": "on"}), "mine")
    assert 'class="form-check-input"' in html and "checked" in html
    assert '<label for="id_mine" class="form-check-label">自分の担当のみ</label>' in html


def test_an_error_is_shown_and_marked_for_assistive_technology():
    form = Filters({"day": "not a date"})
    form.is_valid()
    html = _render(form, "day")
    assert 'aria-invalid="true"' in html and "is-invalid" in html
    assert '<div class="invalid-feedback"><strong>' in html


def test_values_are_escaped():
    html = _render(Filters({"q": '"><script>'}), "q")
    assert "<script>" not in html
