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

What is kept is forgotten, like Django's own translations, when LANGUAGES, LANGUAGE_CODE or
LOCALE_PATHS change (tests) and when the development server sees a catalogue (.mo) change.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags import i18n as django_i18n
from django.utils import translation
from django.utils.autoreload import file_changed

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

# Part of every kept value's key: bumped when the catalogues may have changed.
_generation = 0


def forget_kept_translations() -> None:
    global _generation
    _generation += 1


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        forget_kept_translations()


@receiver(file_changed)
def _catalogue_changed(*, file_path, **kwargs) -> None:
    # Django's own receiver reloads the catalogues; it alone answers whether to restart.
    if str(file_path).endswith(".mo"):
        forget_kept_translations()


def _is_constant(expression) -> bool:
    """A quoted string with no filter: the same at every render."""
    if expression is None:
        return True
    var = expression.var
    literal = var if isinstance(var, str) else getattr(var, "literal", None)
    return not expression.filters and isinstance(literal, str)


class KeptTranslateNode(django_i18n.TranslateNode):
    def __init__(self, filter_expression, noop, asvar=None, message_context=None):
        super().__init__(filter_expression, noop, asvar, message_context)
        self.constant = _is_constant(self.filter_expression) and _is_constant(message_context)
        self.kept: dict[tuple, str] = {}

    def render(self, context):
        if not self.constant:
            return super().render(context)
        key = (_generation, translation.get_language(), context.autoescape)
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


class KeptAvailableLanguagesNode(django_i18n.GetAvailableLanguagesNode):
    def __init__(self, variable):
        super().__init__(variable)
        self.kept: dict[tuple, tuple] = {}

    def render(self, context):
        key = (_generation, translation.get_language())
        value = self.kept.get(key)
        if value is None:
            super().render(context)
            value = self.kept[key] = tuple(context[self.variable])
        context[self.variable] = list(value)
        return ""


@register.tag("get_available_languages")
def do_get_available_languages(parser, token):
    return KeptAvailableLanguagesNode(
        django_i18n.do_get_available_languages(parser, token).variable
    )


class KeptLanguageInfoListNode(django_i18n.GetLanguageInfoListNode):
    """Django's dicts hold the language's names; the translated one is lazy, so a kept dict
    says it in the language of the page that renders it."""

    def __init__(self, languages, variable):
        super().__init__(languages, variable)
        self.kept: dict[tuple, tuple] = {}

    def render(self, context):
        languages = self.languages.resolve(context)
        try:
            key = (_generation, tuple(map(str, (self._code(language) for language in languages))))
        except (TypeError, IndexError):
            return super().render(context)
        value = self.kept.get(key)
        if value is None:
            super().render(context)
            value = self.kept[key] = tuple(context[self.variable])
        context[self.variable] = list(value)
        return ""

    @staticmethod
    def _code(language):
        # As Django reads it: a code, or a sequence whose first item is the code.
        return language[0] if len(language[0]) > 1 else language


@register.tag("get_language_info_list")
def do_get_language_info_list(parser, token):
    node = django_i18n.do_get_language_info_list(parser, token)
    return KeptLanguageInfoListNode(node.languages, node.variable)
