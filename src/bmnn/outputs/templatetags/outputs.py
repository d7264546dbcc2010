from django import template

from bmnn.outputs import documents

register = template.Library()


@register.inclusion_tag("outputs/_print_buttons.html", takes_context=True)
def print_document_buttons(context, kind: str, obj):
    """"In (PDF)" and "In (DOCX)" for a registered document kind of `obj`."""
    return {"kind": documents.get(kind), "obj": obj, "next": context["request"].get_full_path(),
            "csrf_token": context.get("csrf_token")}
