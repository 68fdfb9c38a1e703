"""FastSelect: options joined once per list and language, the chosen one marked."""

from django.utils import translation
from django.utils.translation import gettext_lazy

from core.forms import FastSelect


def _select(pairs):
    widget = FastSelect()
    widget.pairs = pairs
    return widget


def test_only_the_chosen_option_is_marked_and_every_value_is_escaped():
    pairs = [("", "---------"), (1, "<b>みどり</b>"), (12, "あおば"), (2, "さくら")]
    widget = _select(pairs)
    html = widget.render("agency", 2)
    assert html.count(" selected") == 1
    assert '<option value="2" selected>さくら</option>' in html
    assert '<option value="12">あおば</option>' in html
    assert "&lt;b&gt;みどり&lt;/b&gt;" in html and "<b>" not in html
    # the list kept from the last render is not changed by the choice
    assert " selected" not in widget.render("agency", "")
    assert '<option value="1" selected>' in widget.render("agency", "1")


def test_a_kept_list_is_not_served_in_another_language():
    widget = _select([("open", gettext_lazy("Open"))])
    with translation.override("ja"):
        japanese = widget.render("status", "")
    with translation.override("en"):
        english = widget.render("status", "")
    assert ">Open<" in english and ">Open<" not in japanese
