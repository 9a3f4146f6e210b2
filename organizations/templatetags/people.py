"""`{{ user|person }}`: a person's name in Vietnamese order (organizations/people.py)."""

from django import template

from organizations.people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    return person_name(user)
