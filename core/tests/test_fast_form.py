"""fast_form: a whole form as crispy writes it, without a template per field."""

from django import forms
from django.template import Context, Template

from core.forms import Form


class Correction(Form):
    text = forms.CharField(label="訂正内容", widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label="訂正の理由", required=False, help_text="後から読む人のために")
    urgent = forms.BooleanField(label="急ぎ", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean() or {}
        if data.get("reason") == "なし":
            raise forms.ValidationError("理由を具体的に書いてください。")
        return data


def _render(form: forms.Form) -> str:
    return Template("{% load core_tags %}{% fast_form form %}").render(Context({"form": form}))


def test_labels_mark_required_fields_and_help_text_is_tied_to_its_field():
    html = _render(Correction())
    assert (
        '<label for="id_text" class="form-label">訂正内容<span class="asteriskField">*</span>'
        in html
    )
    assert '<label for="id_reason" class="form-label">訂正の理由</label>' in html
    assert 'aria-describedby="hint_id_reason"' in html
    assert '<div id="hint_id_reason" class="form-text">後から読む人のために</div>' in html
    assert 'class="form-check-input"' in html and 'type="hidden" name="token"' in html
    assert 'rows="3"' in html and "alert-danger" not in html


def test_errors_show_at_their_field_and_above_the_form():
    form = Correction({"text": "", "reason": "なし"})
    assert not form.is_valid()
    html = _render(form)
    assert 'aria-invalid="true"' in html and "form-control is-invalid" in html
    assert (
        '<div class="invalid-feedback"><strong>訂正内容を入力してください。</strong></div>' in html
    )
    form = Correction({"text": "訂正します", "reason": "なし"})
    assert not form.is_valid()
    html = _render(form)
    alert = '<div class="alert alert-block alert-danger"><ul class="m-0">'
    assert f"{alert}<li>理由を具体的に書いてください。</li></ul></div>" in html
