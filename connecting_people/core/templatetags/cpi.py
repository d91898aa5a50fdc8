from django import template
from django.utils.safestring import SafeString

from connecting_people.lib.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def get_item(mapping: dict, key: str) -> object:  # type: ignore[type-arg]
    return mapping.get(key)
