"""HTML to text: one conversion (html2text) for email bodies and for markup in a message."""

from __future__ import annotations

from flows.extract.fields import extract
from flows.extract.html import has_markup, html_to_text, markup_to_text
from flows.extract.text import clean_text


def test_html_to_text_keeps_what_a_reader_sees() -> None:
    got = html_to_text(
        "<html><head><style>p{color:red}</style><title>t</title></head><body>"
        "<p>Hello,</p><p>The <b>fax</b> line&nbsp;is dead.<br>Call 303-555-0147</p>"
        "<script>alert(1)</script><img src='x.png' alt='logo'></body></html>"
    )
    assert got == "Hello,\n\nThe fax line is dead.\nCall 303-555-0147"


def test_html_to_text_does_not_leave_markdown_escapes() -> None:
    got = html_to_text(r"<p>1. Phones down</p><p>- since 8am</p><p>+ fax</p><p>C:\Users\ana</p>")
    assert got.split("\n\n") == ["1. Phones down", "- since 8am", "+ fax", r"C:\Users\ana"]


def test_a_bracket_that_opens_no_html_tag_is_not_markup() -> None:
    assert not has_markup("From: Ana <ana@example.com>")
    assert not has_markup("INVITE <sip:+14155552671@sip.carrier.net> and 3 < 4")
    assert has_markup("my name is <b>Ana</b>")
    assert has_markup("<!-- x -->")


def test_markup_in_a_message_keeps_addresses_in_angle_brackets() -> None:
    got = markup_to_text("<p>Ana <ana@example.com></p><p>trunk <sip:100@pbx.example.com> down</p>")
    assert got == "Ana <ana@example.com>\n\ntrunk <sip:100@pbx.example.com> down"


def test_clean_text_converts_markup_through_the_one_conversion() -> None:
    text = "<p>Hi, I'm <b>Ana Ruiz</b></p><p>Phone:&nbsp;415-555-0100</p>"
    assert clean_text(text) == markup_to_text(text)
    got = extract(text)
    assert (got.name, got.phone) == ("Ana Ruiz", "+14155550100")


def test_text_without_markup_keeps_its_brackets_and_lines() -> None:
    text = "From: Ana <ana@example.com>\nAT&amp;T line 3 < 4"
    assert clean_text(text) == "From: Ana <ana@example.com>\nAT&T line 3 < 4"
