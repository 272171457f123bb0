from django import template

from aiga.health import current_failures

register = template.Library()


@register.simple_tag
def system_failures():
    """What has failed and needs the secretariat (aiga.health), for the admin's index."""
    return current_failures()
