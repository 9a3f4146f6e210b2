"""The language choices of the user menu and the footer: each language named in its own words ("English",
"Tiếng Việt") whatever the page's language, so that someone who cannot read the current one finds theirs."""

import unicodedata

from django import template
from django.conf import settings
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag
def language_choices() -> list[dict]:
    """[{code, name}] for every language of settings.LANGUAGES; Django's own names are in decomposed Unicode
    (NFD), which screen readers and searches read differently: composed (NFC) here."""
    return [
        {"code": code, "name": unicodedata.normalize("NFC", get_language_info(code)["name_local"])}
        for code, _name in settings.LANGUAGES
    ]
