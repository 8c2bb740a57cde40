"""Checking and rendering e-mail templates.

Template sources (subjects and bodies) are plain text with Django template syntax. They are
compiled by a dedicated engine that knows no loaders: only text, `{{ placeholder }}` with
filters, `{% if %}`, `{% for %}` and comments are accepted, and only declared placeholders.
The text part is rendered as is; the HTML part escapes the whole rendered text (so a value
typed by a candidate can never inject markup) and turns line breaks and links into HTML.
"""

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.template.defaulttags import CommentNode, ForNode, IfNode
from django.template.loader import get_template
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.links import portal_url

_ENGINE = Engine(debug=False, loaders=[], autoescape=False)
_ALLOWED_NODES = (TextNode, VariableNode, IfNode, ForNode, CommentNode)


@lru_cache(maxsize=512)
def _compile(source: str):
    return _ENGINE.from_string(source)


def _names(expression: FilterExpression):
    var = expression.var
    if isinstance(var, Variable) and var.lookups:
        yield var.lookups[0]
    for _func, args in expression.filters:
        for is_lookup, arg in args:
            if is_lookup and isinstance(arg, Variable) and arg.lookups:
                yield arg.lookups[0]


def _condition_names(condition):
    if condition is None:
        return
    value = getattr(condition, "value", None)
    if isinstance(value, FilterExpression):
        yield from _names(value)
    for attr in ("first", "second"):
        sub = getattr(condition, attr, None)
        if sub is not None:
            yield from _condition_names(sub)


def _walk(nodelist, allowed: set[str], errors: list[str]):
    for node in nodelist:
        if not isinstance(node, _ALLOWED_NODES):
            token = getattr(node, "token", None)
            shown = token.contents.split()[0] if token is not None and token.contents else type(node).__name__
            errors.append(_("The tag “%(tag)s” is not allowed in an e-mail template.") % {"tag": shown})
            continue
        names = []
        if isinstance(node, TextNode) and any(mark in node.s for mark in ("{{", "}}", "{%", "%}")):
            errors.append(
                _("Template syntax error: an opening or closing brace is unmatched near “%(text)s”.")
                % {"text": node.s.strip()[:40]}
            )
        if isinstance(node, VariableNode):
            names = list(_names(node.filter_expression))
        elif isinstance(node, IfNode):
            for condition, branch in node.conditions_nodelists:
                names.extend(_condition_names(condition))
                _walk(branch, allowed, errors)
        elif isinstance(node, ForNode):
            names = list(_names(node.sequence))
            _walk(node.nodelist_loop, allowed | set(node.loopvars) | {"forloop"}, errors)
            _walk(node.nodelist_empty, allowed, errors)
        for name in names:
            if name not in allowed:
                errors.append(
                    _("Unknown placeholder “%(name)s”. Available: %(available)s.")
                    % {"name": name, "available": ", ".join(sorted(allowed))}
                )


def validate_source(source: str, placeholders) -> None:
    """Raise ValidationError on a syntax error, a forbidden tag or an unknown placeholder."""
    try:
        template = _compile(source)
    except TemplateSyntaxError as exc:
        raise ValidationError(_("Template syntax error: %(error)s") % {"error": exc}) from exc
    errors: list[str] = []
    _walk(template.nodelist, set(placeholders), errors)
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))


def render_source(source: str, context: dict) -> str:
    return _compile(source).render(Context(context, autoescape=False))


_URL = re.compile(r"https?://[^\s<>\"']+")


def _link_urls(escaped: str) -> str:
    """Links for the http(s) addresses of an already escaped text (Django's urlize is
    several times slower, and e-mails are rendered by the thousand)."""

    def link(match):
        url = match.group(0)
        trail = ""
        while url and url[-1] in ".,;:!?)":
            url, trail = url[:-1], url[-1] + trail
        return f'<a href="{url}">{url}</a>{trail}'

    return _URL.sub(link, escaped)


@lru_cache(maxsize=1)
def _html_layout():
    return get_template("notifications/email/message.html")


def render_html(*, subject: str, text: str, language: str) -> str:
    """The HTML part of a plain-text e-mail: the text, escaped, in the portal's one layout
    (the school's name above, the portal's address below). Call it with `language` active."""
    body_html = mark_safe(linebreaks(_link_urls(escape(text))))  # noqa: S308 (escaped first)
    return _html_layout().render(
        {"subject": subject, "body_html": body_html, "language": language, "portal_url": portal_url()}
    )


def render_message(*, subject_source: str, body_source: str, context: dict, language: str):
    """(subject, text body, HTML body). Call it with `language` active."""
    subject = " ".join(render_source(subject_source, context).split())
    text = render_source(body_source, context).strip() + "\n"
    return subject, text, render_html(subject=subject, text=text, language=language)
