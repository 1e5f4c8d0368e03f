"""``{% extends %}`` that finds the layout's blocks once per compiled layout, not at every
render. A builtin (settings.TEMPLATES' ``builtins``), so that it replaces Django's own tag in
every template without a ``{% load %}`` (which could not come before ``{% extends %}``).

Django's ExtendsNode walks the whole node tree of the root layout (base.html) at each render to
find its blocks, although a compiled template never changes while the template loader keeps
it. The blocks found are kept on the compiled layout itself, so they go with it when the
loader drops it (a template edited under the development server). Rendering is otherwise
Django's: tests/idm_portal/test_kept_extends.py compares the two.
"""

from django import template
from django.template.base import TextNode
from django.template.loader_tags import (
    BLOCK_CONTEXT_KEY,
    BlockContext,
    BlockNode,
    ExtendsNode,
    do_extends,
)

register = template.Library()
_NO_BLOCKS: dict = {}


def _root_blocks(compiled_parent) -> dict:
    """The blocks of `compiled_parent` when it is the root layout (it extends nothing): the
    part of ExtendsNode.render that walks its nodes, done once."""
    found = compiled_parent.__dict__.get("_kept_root_blocks")
    if found is None:
        found = _NO_BLOCKS
        for node in compiled_parent.nodelist:
            # The extends node has to be the first non-text node.
            if not isinstance(node, TextNode):
                if not isinstance(node, ExtendsNode):
                    found = {
                        n.name: n for n in compiled_parent.nodelist.get_nodes_by_type(BlockNode)
                    }
                break
        compiled_parent._kept_root_blocks = found
    return found


class KeptExtendsNode(ExtendsNode):
    def render(self, context):
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        root_blocks = _root_blocks(compiled_parent)
        if root_blocks:
            block_context.add_blocks(root_blocks)
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


@register.tag("extends")
def kept_extends(parser, token):
    node = do_extends(parser, token)
    return KeptExtendsNode(node.nodelist, node.parent_name, node.template_dirs)
