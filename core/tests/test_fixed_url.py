"""`{% fixed_url %}`: the navigation's links, reversed once per process."""

from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from core.templatetags.core_tags import fixed_url


def test_the_same_url_as_reverse():
    assert fixed_url("cases:index") == reverse("cases:index")
    rendered = Template("{% load core_tags %}{% fixed_url 'home' %}").render(Context())
    assert rendered == reverse("home")


def test_a_url_kept_for_one_script_prefix_is_not_given_for_another():
    # a deployment under a sub-path (SCRIPT_NAME) gets its own links
    set_script_prefix("/tsunagu/")
    try:
        assert fixed_url("cases:index") == "/tsunagu/cases/"
    finally:
        set_script_prefix("/")
    assert fixed_url("cases:index") == "/cases/"
