"""Django's ``i18n`` template tags, with the translation of a constant ``{% translate %}`` kept.

The portal's templates ``{% load i18n_kept %}`` instead of ``{% load i18n %}`` (a test sees to
it): every tag of Django's library, with ``translate`` / ``trans`` and ``blocktranslate`` /
``blocktrans`` replaced. (Installing it under the label ``i18n`` would reach the apps'
templates too, but Django's checks warn of two libraries with one label: templates.W003.)
``makemessages`` finds the messages as before: it reads the tags, not the library.

{% translate "Programme" %}`` asks gettext again at every render: Django makes a lazy string,
renders it, looks the message up in each catalogue in turn and escapes the result, about 40
function calls, and a page has 30 to 60 of them (a quarter of a public page's rendering). Its
result depends only on the active language, the message (and its context) and whether
autoescaping is on, and a process's catalogues do not change while it runs: the node keeps
what it rendered, by language and autoescape. Only a constant message with no filter and a
constant context (or none) is kept; anything else is rendered by Django as before.
``{% blocktranslate %}`` keeps the message it builds from its tokens (its variables are
resolved at every render, as before). ``{% get_available_languages %}`` keeps its list by
language and ``{% get_language_info_list %}`` by the language codes it is given (the layout's
language switcher asks both on every page); each render gets its own list.

The library also gives ``{% url %}`` and ``{% static %}`` (Django's own tags, which a loaded
library may replace), with the address of a constant one kept: about 90 function calls each,
ten to fifteen a page. ``{% url 'home' %}`` depends, besides its constant view name and
arguments, only on the active language (the /en/ prefix of i18n_patterns), the script prefix,
the request's URLconf and current app, and whether autoescaping is on: all in its key.
``{% static 'css/portal.css' %}`` depends only on the static files storage, whose manifest a
process reads once. Anything not constant is left to Django's tags, unchanged.

What is kept is forgotten, like Django's own translations, when a setting changes (tests:
LANGUAGES, ROOT_URLCONF, STORAGES, DEBUG...) and when the development server sees a catalogue
(.mo) change: every key holds ``idm_portal.kept.generation``.
"""

from django import template
from django.template import defaulttags
from django.templatetags import i18n as django_i18n
from django.templatetags import static as django_static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import conditional_escape

from idm_portal import kept as keeping

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)


def _is_constant(expression, types=(str,)) -> bool:
    """A literal of `types` (a quoted string) with no filter, or no expression: the same at
    every render."""
    if expression is None:
        return True
    var = expression.var
    literal = var if isinstance(var, str) else getattr(var, "literal", None)
    return not expression.filters and isinstance(literal, types)


class _KeptListNode:
    """A node that sets a list in the context, kept by a key (see its render)."""

    def set_kept(self, context, key) -> str:
        value = self.kept.get(key)
        if value is None:
            super().render(context)
            value = self.kept[key] = tuple(context[self.variable])
        context[self.variable] = list(value)
        return ""


class KeptTranslateNode(django_i18n.TranslateNode):
    def __init__(self, filter_expression, noop, asvar=None, message_context=None):
        super().__init__(filter_expression, noop, asvar, message_context)
        self.constant = _is_constant(self.filter_expression) and _is_constant(message_context)
        self.kept: dict[tuple, str] = {}

    def render(self, context):
        if not self.constant:
            return super().render(context)
        key = (keeping.generation, translation.get_language(), context.autoescape)
        value = self.kept.get(key)
        if value is None:
            value = self.kept[key] = self._render_value(context)
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value

    def _render_value(self, context) -> str:
        # Django's render: with "as name" it sets the value in the context and returns "".
        rendered = super().render(context)
        return context[self.asvar] if self.asvar else rendered


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    return KeptTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


class KeptBlockTranslateNode(django_i18n.BlockTranslateNode):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_messages: dict[str, tuple[str, tuple[str, ...]]] = {}

    def render_token_list(self, tokens):
        """The message gettext is asked for and its variables' names: built from the tag's
        text once (Django builds it again at every render)."""
        which = "singular" if tokens is self.singular else "plural"
        found = self.kept_messages.get(which)
        if found is None:
            message, names = super().render_token_list(tokens)
            found = self.kept_messages[which] = (message, tuple(names))
        return found[0], list(found[1])


@register.tag("blocktranslate")
@register.tag("blocktrans")
def do_block_translate(parser, token):
    return KeptBlockTranslateNode(**vars(django_i18n.do_block_translate(parser, token)))


class KeptAvailableLanguagesNode(_KeptListNode, django_i18n.GetAvailableLanguagesNode):
    def __init__(self, variable):
        super().__init__(variable)
        self.kept: dict[tuple, tuple] = {}

    def render(self, context):
        return self.set_kept(context, (keeping.generation, translation.get_language()))


@register.tag("get_available_languages")
def do_get_available_languages(parser, token):
    return KeptAvailableLanguagesNode(
        django_i18n.do_get_available_languages(parser, token).variable
    )


class KeptLanguageInfoListNode(_KeptListNode, django_i18n.GetLanguageInfoListNode):
    """Django's dicts hold the language's names; the translated one is lazy, so a kept dict
    says it in the language of the page that renders it."""

    def __init__(self, languages, variable):
        super().__init__(languages, variable)
        self.kept: dict[tuple, tuple] = {}

    def render(self, context):
        languages = self.languages.resolve(context)
        try:
            key = (
                keeping.generation,
                tuple(map(str, (self._code(language) for language in languages))),
            )
        except (TypeError, IndexError):
            return super().render(context)
        return self.set_kept(context, key)

    @staticmethod
    def _code(language):
        # As Django reads it: a code, or a sequence whose first item is the code.
        return language[0] if len(language[0]) > 1 else language


@register.tag("get_language_info_list")
def do_get_language_info_list(parser, token):
    node = django_i18n.do_get_language_info_list(parser, token)
    return KeptLanguageInfoListNode(node.languages, node.variable)


def _current_app(context):
    # As Django's URLNode finds it.
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


class KeptURLNode(defaulttags.URLNode):
    def __init__(self, view_name, args, kwargs, asvar):
        super().__init__(view_name, args, kwargs, asvar)
        self.constant = all(
            _is_constant(expression, (str, int, float))
            for expression in (view_name, *args, *kwargs.values())
        )
        self.kept: dict[tuple, str] = {}

    def render(self, context):
        if not self.constant:
            return super().render(context)
        key = (
            keeping.generation,
            translation.get_language(),
            get_script_prefix(),
            get_urlconf(),
            _current_app(context),
        )
        url = self.kept.get(key)
        if url is None:
            url = self.kept[key] = self._address(context)
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url

    def _address(self, context) -> str:
        # As Django's render reverses it: a missing view raises, unless "as name" is used.
        try:
            return reverse(
                self.view_name.resolve(context),
                args=[arg.resolve(context) for arg in self.args],
                kwargs={name: value.resolve(context) for name, value in self.kwargs.items()},
                current_app=_current_app(context),
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
            return ""


@register.tag("url")
def do_url(parser, token):
    node = defaulttags.url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)


class KeptStaticNode(django_static.StaticNode):
    def __init__(self, varname=None, path=None):
        super().__init__(varname=varname, path=path)
        self.constant = _is_constant(path)
        self.kept: dict[int, str] = {}

    def url(self, context):
        if not self.constant:
            return super().url(context)
        url = self.kept.get(keeping.generation)
        if url is None:
            url = self.kept[keeping.generation] = super().url(context)
        return url


@register.tag("static")
def do_static(parser, token):
    node = django_static.do_static(parser, token)
    return KeptStaticNode(varname=node.varname, path=node.path)
