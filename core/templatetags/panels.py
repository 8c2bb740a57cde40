"""`{% panels "place" key=value … %}`: the sections higher apps registered for a place
(`core.panels`)."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join

from core.panels import panels_render_list

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, place, **arguments):
    request = context.get("request")
    arguments.setdefault("request", request)
    rendered = [
        render_to_string(panel.template, {**panel_context, **arguments}, request=request)
        for panel, panel_context in panels_render_list(place, **arguments)
    ]
    return format_html_join("", "{}", ((html,) for html in rendered))
