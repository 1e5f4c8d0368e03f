"""{% extends %} with the layout's blocks found once (idm_portal.templatetags.kept_extends)
renders what Django's own tag renders: three levels, block.super, a block only the layout has,
a parent named by a variable, and the layout edited (a new compiled layout)."""

import pytest
from django.template import Context, Engine
from django.template.loader_tags import ExtendsNode

from idm_portal.templatetags.kept_extends import KeptExtendsNode

TEMPLATES = {
    "root.html": (
        "<title>{% block title %}Root{% endblock %}</title>"
        "{% block nav %}<nav>{{ who }}</nav>{% endblock %}"
        "<main>{% block content %}root content{% endblock %}</main>"
        "{% block footer %}footer{% endblock %}"
    ),
    "middle.html": (
        "{% extends 'root.html' %}"
        "{% block title %}Middle · {{ block.super }}{% endblock %}"
        "{% block content %}<section>{% block inner %}middle{% endblock %}</section>{% endblock %}"
    ),
    "page.html": (
        "{% extends parent %}"
        "{% block title %}Page · {{ block.super }}{% endblock %}"
        "{% block inner %}{{ block.super }} and page{% endblock %}"
    ),
}


def engine(*, kept: bool, templates=TEMPLATES) -> Engine:
    builtins = ["idm_portal.templatetags.kept_extends"] if kept else []
    return Engine(
        loaders=[
            (
                "django.template.loaders.cached.Loader",
                [("django.template.loaders.locmem.Loader", templates)],
            )
        ],
        builtins=builtins,
    )


@pytest.mark.parametrize("parent", ["middle.html", "root.html"])
def test_it_renders_what_djangos_extends_renders(parent):
    context = {"parent": parent, "who": "Dina"}
    kept, django_own = engine(kept=True), engine(kept=False)

    for _ in range(3):  # the blocks found once serve the later renders
        shown = kept.get_template("page.html").render(Context(context))
        assert shown == django_own.get_template("page.html").render(Context(context))
    assert "<nav>Dina</nav>" in shown and "footer" in shown
    assert isinstance(kept.get_template("page.html").nodelist[0], KeptExtendsNode)
    assert type(django_own.get_template("page.html").nodelist[0]) is ExtendsNode


def test_the_layout_edited_is_read_again():
    templates = dict(TEMPLATES)
    kept = engine(kept=True, templates=templates)
    context = {"parent": "root.html", "who": "Dina"}
    assert "footer" in kept.get_template("page.html").render(Context(context))

    templates["root.html"] = templates["root.html"].replace(
        "{% block footer %}footer{% endblock %}", "{% block footer %}new footer{% endblock %}"
    )
    kept.template_loaders[0].reset()

    assert "new footer" in kept.get_template("page.html").render(Context(context))


def test_the_portal_engine_uses_it():
    from django.template import engines

    template = engines["django"].engine.get_template("workshops/programme.html")
    assert isinstance(template.nodelist[0], KeptExtendsNode)
